// ADSL types as sema sees them (LANGUAGE.md §2): interned, so a TypeId compares types by ==.
//
// Types are terms: a kind, a small `extra` word (the integer kind, the prelude type, a
// future's origin tag) and an `origin` pointer for nominal types (a user struct/enum item, the
// async fn or async block that defines a future type), plus argument TypeIds (tuple elements,
// `Vec<T>`'s T, a future's output first). Inference variables are types of kind Var/IntVar/
// FloatVar whose bindings live in the Unifier (unify.hpp), not here: the table is append-only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace asyncc::sema {

using TypeId = std::uint32_t;

enum class TypeKind : std::uint8_t {
  Error,       // after a reported error: unifies with everything, never reported again
  Never,       // `!`: the type of `return`, `break`, `panic!` …; coerces to anything
  Bool,
  Char,
  Int,         // extra = IntKind
  F64,
  Str,         // &str
  String,
  Tuple,       // args = elements; `()` has none
  Vec,         // args = {T}
  Option,      // args = {T}
  Result,      // args = {T, E}
  Either,      // args = {A, B}
  JoinHandle,  // args = {T}
  Sender,      // args = {T}
  Receiver,    // args = {T}
  Opaque,      // a prelude type without parameters; extra = OpaqueKind
  Adt,         // a user struct or enum; origin = the ast::StructItem / ast::EnumItem
  Ref,         // a `&T` / `&mut T` parameter mode; extra = 1 for mut; args = {T}
  Future,      // args = {Output, …}; extra = FutureKind; origin = what defines it
  FnDef,       // a function item used as a value (`map_err(MyError::from)`); origin = FnSig
  Var,         // extra unused; origin unused; `var` = the unifier's variable index
  IntVar,      // `{integer}`
  FloatVar,    // `{float}`
};

enum class IntKind : std::uint8_t { I8, I16, I32, I64, Isize, U8, U16, U32, U64, Usize };
const char* int_kind_name(IntKind kind);
bool int_kind_signed(IntKind kind);
unsigned int_kind_bits(IntKind kind);

enum class OpaqueKind : std::uint8_t {
  TcpListener, TcpStream, IoError, Elapsed, SendError, ParseIntError, ParseFloatError,
};
const char* opaque_kind_name(OpaqueKind kind);

/// What defines a future type. Calls of one async fn share its type; each async block is its
/// own type; prelude futures are one type per prelude function (and its type arguments).
enum class FutureKind : std::uint8_t {
  AsyncFn,     // origin = the ast::FnItem of an async fn (user, method or extern)
  AsyncBlock,  // origin = the ast::AsyncBlockExpr
  ImplTrait,   // origin = the ast::ImplTraitType written in a signature or `let`
  Sleep, YieldNow, Send, Recv, Join, Join3, JoinAll, Select, Timeout, Bind, Accept, Connect,
  ReadLine, WriteAll, JoinHandle,
};
const char* future_kind_name(FutureKind kind);

struct TypeData {
  TypeKind kind;
  std::uint8_t extra = 0;
  std::uint32_t var = 0;       // for Var kinds
  const void* origin = nullptr;
  std::uint32_t first_arg = 0;  // index into TypeTable's argument pool
  std::uint32_t arg_count = 0;
};

/// The interning table of one compilation.
class TypeTable {
 public:
  TypeTable();

  TypeId intern(TypeKind kind, std::uint8_t extra, const void* origin, const TypeId* args, std::uint32_t count,
                std::uint32_t var = 0);
  TypeId intern(TypeKind kind, std::initializer_list<TypeId> args = {}) {
    return intern(kind, 0, nullptr, args.begin(), static_cast<std::uint32_t>(args.size()));
  }

  [[nodiscard]] const TypeData& data(TypeId t) const { return types_[t]; }
  [[nodiscard]] TypeKind kind(TypeId t) const { return types_[t].kind; }
  [[nodiscard]] std::uint32_t arg_count(TypeId t) const { return types_[t].arg_count; }
  [[nodiscard]] TypeId arg(TypeId t, std::uint32_t i) const { return args_[types_[t].first_arg + i]; }
  [[nodiscard]] std::vector<TypeId> args(TypeId t) const;

  // The common types, interned once.
  TypeId error, never, unit, boolean, character, f64, str, string;
  TypeId int_type(IntKind k) const { return ints_[static_cast<int>(k)]; }
  TypeId opaque(OpaqueKind k) { return intern(TypeKind::Opaque, static_cast<std::uint8_t>(k), nullptr, nullptr, 0); }
  TypeId tuple(const std::vector<TypeId>& elems) {
    return intern(TypeKind::Tuple, 0, nullptr, elems.data(), static_cast<std::uint32_t>(elems.size()));
  }
  TypeId vec(TypeId t) { return intern(TypeKind::Vec, {t}); }
  TypeId option(TypeId t) { return intern(TypeKind::Option, {t}); }
  TypeId result(TypeId t, TypeId e) { return intern(TypeKind::Result, {t, e}); }
  TypeId adt(const void* item) { return intern(TypeKind::Adt, 0, item, nullptr, 0); }
  TypeId ref(TypeId t, bool is_mut) {
    TypeId a[] = {t};
    return intern(TypeKind::Ref, is_mut ? 1 : 0, nullptr, a, 1);
  }
  TypeId future(FutureKind k, const void* origin, const std::vector<TypeId>& args) {
    return intern(TypeKind::Future, static_cast<std::uint8_t>(k), origin, args.data(),
                  static_cast<std::uint32_t>(args.size()));
  }
  TypeId var(TypeKind kind, std::uint32_t index) { return intern(kind, 0, nullptr, nullptr, 0, index); }

  /// A type with argument i replaced by each of `args` (same kind, extra and origin).
  TypeId with_args(TypeId t, const std::vector<TypeId>& args);

  [[nodiscard]] std::size_t size() const { return types_.size(); }

 private:
  std::vector<TypeData> types_;
  std::vector<TypeId> args_;
  std::unordered_multimap<std::uint64_t, TypeId> index_;
  TypeId ints_[10]{};
};

}  // namespace asyncc::sema
