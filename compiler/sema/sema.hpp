// Semantic analysis (COMPILER.md §2, LANGUAGE.md §2–§7): name resolution, whole-body type
// inference with the error-type fallback, and rustc's checks. Its result, a Program, is what
// lowering and emission read: the type of every expression and pattern, what every path and
// method call resolves to, the locals, the From conversion of every `?`, the captures of
// every async block. Facts are kept in vectors indexed by ast::Node::id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/sema/types.hpp"

namespace asyncc::sema {

struct Options {
  bool rust_compat = false;  // no error-type fallback: E0282 where rustc 1.95 reports it
};

/// A function's signature: user fns, methods, associated fns, `impl From` fns, extern decls.
using LocalId = std::uint32_t;

struct FnSig {
  const ast::FnItem* item = nullptr;
  std::string_view name;
  const ast::ImplItem* impl = nullptr;  // the impl block it is a member of, or nullptr
  const ast::ExternBlockItem* extern_block = nullptr;
  TypeId self_type = 0;                 // the impl's Self (when impl != nullptr)
  ast::SelfKind self_kind = ast::SelfKind::None;
  std::vector<TypeId> params;           // without the self parameter
  TypeId ret = 0;                       // declared return type (of an async fn: its Output)
  bool is_async = false;
  TypeId future = 0;                    // async fns: the type of the future a call returns
  LocalId self_local = ~0u;             // the local bound to `self`, for methods with a body
};

enum class Derive : std::uint8_t { Debug = 1, Clone = 2, Copy = 4, PartialEq = 8 };

/// A user struct (one variant, named like it) or enum.
struct AdtInfo {
  const ast::StructItem* struct_item = nullptr;
  const ast::EnumItem* enum_item = nullptr;
  std::string_view name;
  TypeId type = 0;
  std::uint8_t derives = 0;  // Derive bits
  struct VariantInfo {
    std::string_view name;
    ast::StructShape shape;
    std::vector<std::string_view> field_names;  // empty names for tuple shapes
    std::vector<TypeId> field_types;
  };
  std::vector<VariantInfo> variants;
  [[nodiscard]] bool has(Derive d) const { return (derives & static_cast<std::uint8_t>(d)) != 0; }
};

struct ConstInfo {
  const ast::ConstItem* item = nullptr;
  TypeId type = 0;
};

/// `impl From<from> for to`, with its `from` function.
struct FromImpl {
  TypeId from = 0, to = 0;
  std::uint32_t fn = 0;  // index into Program::fns
};

/// A local binding: a parameter or a name bound by a pattern.
struct Local {
  std::string_view name;
  source::Span span;  // the binding's name
  TypeId type = 0;
  bool is_mut = false;
  const ast::Node* owner = nullptr;  // the FnItem or AsyncBlockExpr whose body declares it
};

/// Built-in names of the prelude (LANGUAGE.md §8) that paths can resolve to.
enum class PreludeItem : std::uint8_t {
  Some, None, Ok, Err, Left, Right,
  Spawn, BlockOn, Sleep, YieldNow, NowMs, Join, Join3, JoinAll, Select, Timeout, Channel, Drop,
  StringNew, StringFrom, VecNew, VecWithCapacity, TcpListenerBind, TcpStreamConnect,
};
const char* prelude_item_name(PreludeItem item);

enum class ResKind : std::uint8_t {
  None,
  Local,       // index = LocalId
  Fn,          // index into Program::fns (functions, methods, associated fns, From::from)
  Const,       // index into Program::consts
  Struct,      // index into Program::adts: a tuple- or unit-struct constructor, a struct pattern/literal
  Variant,     // index into Program::adts, sub = the variant
  Prelude,     // index = PreludeItem
  PreludeMethod,  // a method of a prelude type (the receiver's type and the name say which)
};

struct Resolution {
  ResKind kind = ResKind::None;
  std::uint32_t index = 0;
  std::uint32_t sub = 0;
};

/// The analysed program.
struct Program {
  TypeTable types;
  std::vector<FnSig> fns;
  std::vector<AdtInfo> adts;
  std::vector<ConstInfo> consts;
  std::vector<FromImpl> from_impls;
  std::vector<Local> locals;

  /// By node id: the type of each expression and pattern (fully inferred; 0 = not a typed node).
  std::vector<TypeId> node_type;
  /// By node id: what a PathExpr, PathPat, TupleStructPat, StructPat, StructLitExpr, IdentPat,
  /// MethodCallExpr or CallExpr resolves to; for a TryExpr, the From::from function it calls
  /// (ResKind::Fn) or None when the error type is unchanged.
  std::vector<Resolution> node_res;
  /// By node id of an AsyncBlockExpr: the locals it captures, in order of first use; of a
  /// MacroExpr: the locals its format string names inline (`{x}`), in order.
  std::vector<std::vector<LocalId>> captures;
  /// Every async block with its output type, and every `?` on a Result with the error type of
  /// the context it returns from (for --emit=types and lowering), in the order checked.
  std::vector<std::pair<const ast::AsyncBlockExpr*, TypeId>> async_blocks;
  std::vector<std::pair<const ast::TryExpr*, TypeId>> try_sites;
  /// The `fn main` / `async fn main`, if any.
  const FnSig* main = nullptr;

  /// The AdtInfo of a user struct or enum type (kind Adt).
  [[nodiscard]] const AdtInfo& adt_of(TypeId adt_type) const { return adts[adt_by_origin.at(types.data(adt_type).origin)]; }
  std::unordered_map<const void*, std::uint32_t> adt_by_origin;  // item → index into adts

  [[nodiscard]] TypeId type_of(const ast::Node* node) const { return node_type[node->id]; }
  [[nodiscard]] const Resolution& res_of(const ast::Node* node) const { return node_res[node->id]; }

  /// rustc's spelling of a type (`Result<(), MyError>`, `{integer}`, `impl Future<Output = T>`).
  [[nodiscard]] std::string type_name(TypeId t) const;
  /// Whether values of `t` are Copy (LANGUAGE.md §2).
  [[nodiscard]] bool is_copy(TypeId t) const;
};

/// Resolves and type-checks `file`, reporting to `sink`. The Program is complete when the
/// sink has no errors afterwards; with errors it is for diagnostics only.
std::unique_ptr<Program> analyze(const ast::File& file, diag::DiagSink& sink, const Options& options);

/// `--emit=types`: every binding, async block and `?` site with its type, one a line.
std::string dump_types(const Program& program, const ast::File& file, const source::SourceFile& source);

}  // namespace asyncc::sema
