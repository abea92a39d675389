// The ADSL abstract syntax tree: one struct per node kind (node_kind.def), each with its span.
//
// Ownership: every node, list and decoded literal of a File lives in the File's Arena and is
// freed with the File, all at once (nodes are trivially destructible: no destructor runs).
// Names and literal texts are string_views into the SourceFile, which must outlive the File;
// decoded string literals are copied into the arena. Pointers between nodes are plain
// non-owning pointers; optional children are nullptr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "compiler/source/source_file.hpp"

namespace asyncc::ast {

using source::Span;

enum class NodeKind : std::uint8_t {
#define ASYNCC_AST_NODE(Category, Name) Name,
#include "compiler/ast/node_kind.def"
};

/// Number of kinds in node_kind.def.
inline constexpr std::size_t node_kind_count = 0
#define ASYNCC_AST_NODE(Category, Name) +1
#include "compiler/ast/node_kind.def"
    ;

enum class Category : std::uint8_t { Item, Stmt, Expr, Pattern, Type };

const char* node_kind_name(NodeKind kind);
Category node_category(NodeKind kind);

/// A bump allocator for AST nodes. Not thread-safe; objects must be trivially destructible.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  /// Uninitialised storage for `size` bytes, valid as long as the arena.
  void* allocate(std::size_t size, std::size_t align);

  template <class T, class... Args>
  T* make(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (allocate(sizeof(T), alignof(T))) T{std::forward<Args>(args)...};
  }

  /// Copies `text` into the arena.
  std::string_view copy(std::string_view text);

  [[nodiscard]] std::size_t bytes_used() const { return used_; }

  /// The next node id: nodes are numbered densely from 0 in creation order, so later
  /// phases keep per-node facts in vectors indexed by Node::id instead of hash maps.
  std::uint32_t next_node_id() { return node_count_++; }
  [[nodiscard]] std::uint32_t node_count() const { return node_count_; }

 private:
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* cursor_ = nullptr;
  std::size_t left_ = 0;
  std::size_t used_ = 0;
  std::uint32_t node_count_ = 0;
};

/// An immutable array in the arena.
template <class T>
struct List {
  T* items = nullptr;
  std::uint32_t count = 0;

  [[nodiscard]] T* begin() const { return items; }
  [[nodiscard]] T* end() const { return items + count; }
  [[nodiscard]] std::uint32_t size() const { return count; }
  [[nodiscard]] bool empty() const { return count == 0; }
  T& operator[](std::uint32_t i) const { return items[i]; }
};

template <class T>
List<T> make_list(Arena& arena, const std::vector<T>& values) {
  static_assert(std::is_trivially_destructible_v<T>);
  if (values.empty()) return {};
  T* items = static_cast<T*>(arena.allocate(sizeof(T) * values.size(), alignof(T)));
  for (std::size_t i = 0; i < values.size(); ++i) new (items + i) T(values[i]);
  return {items, static_cast<std::uint32_t>(values.size())};
}

struct Node {
  NodeKind kind;
  std::uint32_t id;  // dense per File (Arena::next_node_id)
  Span span;
};

struct Item;
struct Stmt;
struct Expr : Node {};
struct Pattern : Node {};
struct Type : Node {};

/// `'outer` (the name includes the quote).
struct Label {
  std::string_view name;
  Span span;
};

// ------------------------------------------------------------------ paths and types

/// `Output = T` (an associated-type binding) or a plain type argument (name empty).
struct GenericArg {
  std::string_view name;
  Type* type = nullptr;
  Span span;
};

struct PathSegment {
  std::string_view name;  // `Vec`, `self`, `Self`
  Span span;              // the name only
  List<GenericArg> args;  // `<…>` / `::<…>`
  bool has_args = false;  // true also for an empty `<>`
};

struct Path {
  List<PathSegment> segments;
  Span span;
};

struct PathType : Type {
  Path path;
};
struct RefType : Type {
  bool is_mut;
  Type* inner;
};
/// `()` has no elements.
struct TupleType : Type {
  List<Type*> elems;
};
/// `impl Future<Output = T>`: the bound's path.
struct ImplTraitType : Type {
  Path bound;
};
/// `_`.
struct InferType : Type {};

// ------------------------------------------------------------------ patterns

struct WildPat : Pattern {};
/// `..` inside a tuple or tuple-struct pattern.
struct RestPat : Pattern {};
/// `x`, `mut x`, `x @ P`. A lone name may also turn out to be a unit struct, enum variant or
/// constant (`None`): name resolution decides.
struct IdentPat : Pattern {
  std::string_view name;
  Span name_span;
  bool is_mut;
  Pattern* sub;  // `@ P`, or nullptr
};
/// A literal pattern; `lit` is a literal expression or a UnaryExpr negating one.
struct LitPat : Pattern {
  Expr* lit;
};
/// `lo..=hi`, `lo..hi`, `lo..`, `..=hi`; bounds are literal expressions or PathExprs.
struct RangePat : Pattern {
  Expr* lo;
  Expr* hi;
  bool inclusive;
};
struct TuplePat : Pattern {
  List<Pattern*> elems;
};
/// `Enum::V`, `Name` with `::` (a multi-segment path).
struct PathPat : Pattern {
  Path path;
};
struct TupleStructPat : Pattern {
  Path path;
  List<Pattern*> elems;
};
struct FieldPat {
  std::string_view name;
  Span name_span;
  Pattern* pattern;  // for shorthand `x` / `mut x`, an IdentPat
  bool shorthand;
  Span span;
};
struct StructPat : Pattern {
  Path path;
  List<FieldPat> fields;
  bool has_rest;
};
struct OrPat : Pattern {
  List<Pattern*> alts;
};

// ------------------------------------------------------------------ expressions

enum class UnaryOp : std::uint8_t { Neg, Not, Deref, Ref, RefMut };
enum class BinaryOp : std::uint8_t {
  Mul, Div, Rem, Add, Sub, Shl, Shr, BitAnd, BitXor, BitOr,
  Eq, Ne, Lt, Le, Gt, Ge, And, Or,
};
/// `=` and the compound assignments (`+=` is Add, …).
enum class AssignOp : std::uint8_t { Assign, Add, Sub, Mul, Div, Rem, BitAnd, BitOr, BitXor, Shl, Shr };

const char* unary_op_spelling(UnaryOp op);
const char* binary_op_spelling(BinaryOp op);
const char* assign_op_spelling(AssignOp op);

/// `123`, `0xFFu8`: value (saturated at 2^64-1 with `overflow` set) and suffix (`u8` or empty).
struct IntLitExpr : Expr {
  std::uint64_t value;
  bool overflow;
  std::string_view suffix;
};
struct FloatLitExpr : Expr {
  double value;
  std::string_view suffix;
};
/// A string literal, decoded (escapes applied, raw strings as written); `value` is in the arena.
struct StrLitExpr : Expr {
  std::string_view value;
  bool raw;
};
struct CharLitExpr : Expr {
  char32_t value;
};
struct BoolLitExpr : Expr {
  bool value;
};
/// `x`, `Name::f`, `Ok::<T, E>`, `Vec::<T>::new`, `self`.
struct PathExpr : Expr {
  Path path;
};
struct UnaryExpr : Expr {
  UnaryOp op;
  Expr* operand;
};
struct BinaryExpr : Expr {
  BinaryOp op;
  Span op_span;
  Expr* lhs;
  Expr* rhs;
};
struct AssignExpr : Expr {
  AssignOp op;
  Span op_span;
  Expr* lhs;
  Expr* rhs;
};
struct CastExpr : Expr {
  Expr* operand;
  Type* type;
};
struct CallExpr : Expr {
  Expr* callee;
  List<Expr*> args;
};
struct MethodCallExpr : Expr {
  Expr* receiver;
  std::string_view name;
  Span name_span;
  List<GenericArg> turbofish;  // `.parse::<i64>()`
  List<Expr*> args;
};
struct FieldExpr : Expr {
  Expr* base;
  std::string_view name;
  Span name_span;
};
/// `t.0`.
struct TupleIndexExpr : Expr {
  Expr* base;
  std::uint32_t index;
  Span index_span;
};
struct IndexExpr : Expr {
  Expr* base;
  Expr* index;
};
struct AwaitExpr : Expr {
  Expr* operand;
};
/// `e?`.
struct TryExpr : Expr {
  Expr* operand;
};
struct FieldInit {
  std::string_view name;  // a field name, or a tuple index written as digits
  Span name_span;
  Expr* value;  // for shorthand `x`, a PathExpr naming `x`
  bool shorthand;
  Span span;
};
/// `Name { f: e, g, ..base }`.
struct StructLitExpr : Expr {
  Path path;
  List<FieldInit> fields;
  Expr* base;  // `..base`, or nullptr
};
/// `(a, b)`, `(a,)`; `()` is the unit value (no elements).
struct TupleExpr : Expr {
  List<Expr*> elems;
};
/// `(e)`: kept so that `(a < b) < c` is not a chained comparison and spans stay exact.
struct ParenExpr : Expr {
  Expr* inner;
};

struct Block {
  List<Stmt*> stmts;
  Expr* tail;  // the final expression without `;`, or nullptr
  Span span;   // `{` … `}`
};

/// `{ … }`, `'label: { … }`.
struct BlockExpr : Expr {
  Block* block;
  Label label;  // name empty when unlabelled
};
/// `async { … }` / `async move { … }`.
struct AsyncBlockExpr : Expr {
  bool is_move;
  Block* block;
};
/// `if c { } else …` and `if let P = e { } else …`. `else_branch` is a BlockExpr or IfExpr.
struct IfExpr : Expr {
  Pattern* let_pattern;  // non-null for `if let`
  Expr* cond;            // the condition, or the scrutinee of `if let`
  Block* then_block;
  Expr* else_branch;
};
struct WhileExpr : Expr {
  Label label;
  Pattern* let_pattern;  // non-null for `while let`
  Expr* cond;
  Block* body;
};
struct LoopExpr : Expr {
  Label label;
  Block* body;
};
struct ForExpr : Expr {
  Label label;
  Pattern* pattern;
  Expr* iter;
  Block* body;
};
struct MatchArm {
  Pattern* pattern;
  Expr* guard;  // `if g`, or nullptr
  Expr* body;
  bool has_comma;
  Span span;
};
struct MatchExpr : Expr {
  Expr* scrutinee;
  List<MatchArm> arms;
};
struct BreakExpr : Expr {
  Label label;
  Expr* value;
};
struct ContinueExpr : Expr {
  Label label;
};
struct ReturnExpr : Expr {
  Expr* value;
};
/// `a..b`, `a..=b`, `a..`, `..b`, `..`.
struct RangeExpr : Expr {
  Expr* lo;
  Expr* hi;
  bool inclusive;
};

enum class MacroKind : std::uint8_t {
  Println, Print, Eprintln, Eprint, Format, Panic, Assert, AssertEq, AssertNe, Unreachable, Vec,
};
const char* macro_name(MacroKind kind);

/// A built-in macro call. The arguments are expressions (the format string, if any, is the
/// first, a StrLitExpr — checked later). `vec![x; n]` has `is_repeat` and args {x, n}.
struct MacroExpr : Expr {
  MacroKind macro;
  Span name_span;  // `println!`
  List<Expr*> args;
  bool is_repeat;
};

// ------------------------------------------------------------------ statements

struct Stmt : Node {};
struct LetStmt : Stmt {
  Pattern* pattern;
  Type* type;  // or nullptr
  Expr* init;  // or nullptr (`let x;`)
};
/// An expression statement. Without `;` only block-like expressions (or a block's last
/// expression, which becomes Block::tail instead).
struct ExprStmt : Stmt {
  Expr* expr;
  bool has_semi;
};
struct ItemStmt : Stmt {
  Item* item;
};

// ------------------------------------------------------------------ items

struct AttrArg {
  std::string_view name;  // `Debug`, `worker_threads`; empty for a bare literal
  Expr* value;            // `= 4`, or nullptr
  Span span;
};
/// `#[derive(Debug, Clone)]`, `#[main(worker_threads = 4)]`.
struct Attribute {
  std::string_view name;
  List<AttrArg> args;
  Span span;
};

struct Item : Node {
  std::string_view name;  // empty for impl and extern blocks
  Span name_span;
  bool is_pub;
  List<Attribute> attrs;
};

enum class SelfKind : std::uint8_t { None, Value, MutValue, Ref, RefMut };

struct Param {
  SelfKind self_kind;  // None for an ordinary `pattern: Type` parameter
  Pattern* pattern;    // nullptr for self parameters
  Type* type;          // nullptr for self parameters
  Span span;
};

struct FnItem : Item {
  bool is_async;
  List<Param> params;
  Type* ret;    // nullptr means `()`
  Block* body;  // nullptr for a declaration (`fn f();` in extern blocks)
};

enum class StructShape : std::uint8_t { Named, Tuple, Unit };
struct FieldDecl {
  std::string_view name;  // empty in tuple structs and tuple variants
  Span name_span;
  Type* type;
  bool is_pub;
  Span span;
};
struct StructItem : Item {
  StructShape shape;
  List<FieldDecl> fields;
};
struct Variant {
  std::string_view name;
  Span name_span;
  StructShape shape;
  List<FieldDecl> fields;
  Span span;
};
struct EnumItem : Item {
  List<Variant> variants;
};
/// `impl Type { … }` or `impl From<A> for Type { … }` (`trait_path` non-null).
struct ImplItem : Item {
  Path* trait_path;
  Type* self_type;
  List<Item*> members;  // FnItems and ConstItems
};
/// `extern "C++" { fn …; async fn …; }`.
struct ExternBlockItem : Item {
  std::string_view abi;  // `C++`
  List<Item*> members;   // FnItems without bodies
};
struct ConstItem : Item {
  Type* type;
  Expr* value;
};

/// A parsed file. Movable; the arena moves with it.
struct File {
  List<Item*> items;
  std::unique_ptr<Arena> arena = std::make_unique<Arena>();
};

/// The NodeKind of node struct T (`NodeKindOf<FnItem>::value`).
template <class T>
struct NodeKindOf;
#define ASYNCC_AST_NODE(Category, Name)          \
  template <>                                    \
  struct NodeKindOf<Name> {                      \
    static constexpr NodeKind value = NodeKind::Name; \
  };
#include "compiler/ast/node_kind.def"

/// A zero-initialised node of type T with its kind and span set, allocated in `arena`.
template <class T>
T* new_node(Arena& arena, Span span) {
  T* node = arena.make<T>();
  node->kind = NodeKindOf<T>::value;
  node->id = arena.next_node_id();
  node->span = span;
  return node;
}

/// `node` as `T` if it has T's kind, else nullptr.
template <class T>
T* dyn_cast(Node* node);
template <class T>
const T* dyn_cast(const Node* node);

#define ASYNCC_AST_NODE(Category, Name)                                               \
  template <>                                                                         \
  inline Name* dyn_cast<Name>(Node * node) {                                          \
    return node && node->kind == NodeKind::Name ? static_cast<Name*>(node) : nullptr; \
  }                                                                                   \
  template <>                                                                         \
  inline const Name* dyn_cast<Name>(const Node* node) {                               \
    return node && node->kind == NodeKind::Name ? static_cast<const Name*>(node) : nullptr; \
  }
#include "compiler/ast/node_kind.def"

}  // namespace asyncc::ast
