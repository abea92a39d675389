// The checker's internals (not part of sema's interface): item collection, the unifier,
// expression and pattern inference. One Checker analyses one file; bodies are inferred one at
// a time, eagerly (as rustc's typeck: each expression is typed when visited, with the expected
// type pushed down), and the facts that only the whole body settles — the error type of an
// async block's `?`s, integer literal fallback — are settled in `finish_body`.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/sema/sema.hpp"

namespace asyncc::sema {

/// What an expression is checked against, and where that expectation came from (for E0308's
/// secondary label, e.g. "expected due to this" under a `let` annotation).
struct Expect {
  TypeId type = 0;  // 0 = no expectation
  source::Span due_to{};
  std::string label;  // empty = no secondary label
};

/// A `?` whose conversion is decided after the body (LANGUAGE.md §6).
struct TryObligation {
  const ast::TryExpr* expr;
  TypeId residual_error;  // E1 of the operand's Result<T, E1> (0 for Option)
  bool is_option;
  const ast::Node* context;  // the FnItem or AsyncBlockExpr it returns from
  TypeId context_ret;
  bool context_is_async;
};

/// A `s.parse()` whose target type `F` a later use fixes (`let n: i32 = s.parse().unwrap()`):
/// its error type (ParseIntError or ParseFloatError) is settled at the end of the body.
struct ParseObligation {
  const ast::MethodCallExpr* expr;
  TypeId target;  // F
  TypeId error;   // the variable standing for F's error type
};

/// The innermost `fn`, `async fn` or `async` block: what `return` and `?` leave.
struct BodyCtx {
  const ast::Node* node = nullptr;  // FnItem or AsyncBlockExpr
  TypeId ret = 0;                   // the return type / the block's output
  bool is_async = false;
  bool is_async_block = false;
  bool is_move = false;
  std::size_t scope_base = 0;       // locals below this in the scope stack are captures
  std::vector<TryObligation> tries;
  std::vector<LocalId> captures;
  std::vector<source::Span> capture_uses;  // where each capture is first used
  const ast::Expr* first_returned_future = nullptr;  // `-> impl Future`: the first returned value
  TypeId first_returned_future_type = 0;             // … and its future type
};

struct LoopCtx {
  std::string_view label;
  bool is_loop;       // `loop` or a labelled block (break may carry a value)
  bool is_block;      // a labelled block: only a labelled `break` leaves it
  TypeId break_type;  // the loop's value type (a variable for `loop`)
  bool saw_break = false;
  std::size_t body_depth;  // bodies_.size() when entered: loops do not cross async blocks
};

/// Where the open type variable of an `Ok(…)`/`Err(…)` came from: for E0282's turbofish help.
struct ResultOrigin {
  source::Span ctor;  // the `Ok` / `Err` name
  bool is_ok;
  TypeId result;  // Result<T, E> with the variables
};

class Checker {
 public:
  Checker(const ast::File& file, diag::DiagSink& sink, const Options& options, Program& program);
  void run();
  /// Hands the diagnostics to the sink, name-resolution errors first (rustc's order).
  void flush_diagnostics();

 private:
  // ------------------------------------------------------------ items (collect.cpp)
  void collect_items();
  void resolve_signatures();
  TypeId lower_type(const ast::Type* type, TypeId self_type);
  TypeId lower_path_type(const ast::PathType* type, TypeId self_type);
  void check_main();
  void check_recursive_types();
  void check_stored_references();
  void check_consts();
  void report_duplicate(std::string_view name, source::Span first, source::Span again, const char* ns);
  std::uint32_t adt_index(TypeId adt_type);

  // ------------------------------------------------------------ unifier (unify.cpp)
  TypeId fresh_var();
  TypeId fresh_int_var();
  TypeId fresh_float_var();
  TypeId resolve(TypeId t);  // shallow
  TypeId zonk(TypeId t);     // deep
  bool unify(TypeId a, TypeId b);
  bool occurs(std::uint32_t var, TypeId t);
  bool is_unresolved(TypeId t) { return is_var_kind(types().kind(resolve(t))); }
  bool has_unresolved(TypeId t);
  static bool is_var_kind(TypeKind k) { return k == TypeKind::Var || k == TypeKind::IntVar || k == TypeKind::FloatVar; }

  // ------------------------------------------------------------ bodies (check_body.cpp)
  void check_fn_body(const FnSig& sig);
  TypeId check_block(const ast::Block* block, const Expect& expect);
  void check_stmt(const ast::Stmt* stmt);
  TypeId check_expr(const ast::Expr* expr, const Expect& expect = {});
  /// Checks `expr` against `expected`, reporting E0308 on a mismatch.
  TypeId check_coerce(const ast::Expr* expr, TypeId expected, const Expect& why);
  bool coerce(source::Span at, TypeId actual, TypeId expected, const Expect& why, const ast::Expr* expr);
  void report_mismatch(source::Span at, TypeId actual, TypeId expected, const Expect& why, const ast::Expr* expr = nullptr);
  TypeId future_output(TypeId t);  // 0 when t is not awaitable
  LocalId declare_local(std::string_view name, source::Span span, TypeId type, bool is_mut, const ast::Node* decl);
  LocalId lookup_local(std::string_view name);
  std::string similar_local(std::string_view name);

  // check_exprs.cpp
  TypeId check_expr_inner(const ast::Expr* expr, const Expect& expect);
  TypeId int_literal_type(const ast::IntLitExpr* lit, const Expect& expect);
  TypeId check_unary(const ast::UnaryExpr* expr, const Expect& expect);
  /// `lhs_checked`: the left operand's type when the caller has checked it already, else 0.
  TypeId check_binary(const ast::BinaryExpr* expr, const Expect& expect, TypeId lhs_checked = 0);
  TypeId check_assign(const ast::AssignExpr* expr);
  TypeId check_cast(const ast::CastExpr* expr);
  TypeId check_index(const ast::IndexExpr* expr);
  TypeId check_field(const ast::FieldExpr* expr);
  TypeId check_await(const ast::AwaitExpr* expr);
  TypeId check_try(const ast::TryExpr* expr);
  TypeId check_async_block(const ast::AsyncBlockExpr* expr, const Expect& expect);
  TypeId check_if(const ast::IfExpr* expr, const Expect& expect);
  TypeId check_match(const ast::MatchExpr* expr, const Expect& expect);
  TypeId deref_scrutinee(const ast::Expr* scrutinee);
  void mark_ref_bindings(LocalId first);
  bool matching_through_ref_ = false;
  std::unordered_set<LocalId> ref_bound_locals_;  // bound by a pattern matched through `&T`
  TypeId check_loop_like(const ast::Expr* expr, const Expect& expect);

  // check_calls.cpp
  Resolution resolve_value_path(const ast::Path& path, bool report, const char* what = "value");
  void report_unresolved(const ast::Path& path, const char* what);
  /// `HashMap`, `Rc`, …: the error names the feature instead of "cannot find".
  bool report_std_outside_v1(const ast::PathSegment& seg);
  const FnSig* find_method(TypeId self_type, std::string_view name, std::uint32_t* index);
  TypeId check_path_expr(const ast::PathExpr* expr, const Expect& expect);
  TypeId check_call(const ast::CallExpr* expr, const Expect& expect);
  TypeId check_method_call(const ast::MethodCallExpr* expr, const Expect& expect);
  TypeId check_args(const ast::Node* call, source::Span callee_span, const std::vector<TypeId>& params,
                    const ast::List<ast::Expr*>& args, const FnSig* sig, const char* what);
  TypeId check_struct_lit(const ast::StructLitExpr* expr);

  // check_macros.cpp
  TypeId check_macro(const ast::MacroExpr* expr);
  void check_format_args(const ast::MacroExpr* expr, std::uint32_t first);
  bool implements_display(TypeId t);
  /// Whether `t` implements the trait of `{:x}`, `{:X}`, `{:b}`, `{:o}`, `{:e}` or `{:E}` (`type`).
  bool implements_radix_or_exp(TypeId t, char type);
  bool implements_debug(TypeId t);

  // prelude.cpp, prelude_methods.cpp
  bool resolve_prelude_path(const ast::Path& path, Resolution& res);
  TypeId prelude_value_type(const ast::PathExpr* expr, PreludeItem item, const Expect& expect);
  TypeId check_prelude_call(const ast::CallExpr* expr, PreludeItem item, const Expect& expect);
  TypeId check_prelude_method(const ast::MethodCallExpr* expr, TypeId receiver, bool& found);
  TypeId check_map_err(const ast::MethodCallExpr* expr, TypeId receiver);
  TypeId expect_future(const ast::Expr* arg, TypeId* output);
  TypeId turbofish_arg(const ast::PathSegment& seg, std::uint32_t i);
  bool is_clone(TypeId t);

  // check_pattern.cpp
  void check_pattern(const ast::Pattern* pattern, TypeId expected, bool in_let);
  void check_tuple_elems(const ast::Pattern* pattern, const ast::List<ast::Pattern*>& elems, TypeId expected,
                         const std::vector<TypeId>* fields, bool in_let);
  void check_ctor_pattern(const ast::Pattern* pattern, TypeId expected, bool in_let);
  void pattern_mismatch(const ast::Pattern* pattern, TypeId actual, TypeId expected);

  // finish_body.cpp
  void finish_body(BodyCtx& body);
  void settle_tries(std::vector<TryObligation>& tries);
  void settle_parses();
  void report_parse_target_unknown(const ast::MethodCallExpr* expr);
  void settle_error_type(const std::vector<TryObligation*>& sites, TypeId ret);
  const FromImpl* find_from(TypeId from, TypeId to);
  void check_literal_range(const ast::IntLitExpr* lit);

  // ------------------------------------------------------------ helpers
  TypeTable& types() { return program_.types; }
  void record(const ast::Node* node, TypeId t) { node_types_[node->id] = t; }
  void set_res(const ast::Node* node, Resolution r) { program_.node_res[node->id] = r; }
  std::string name(TypeId t) { return program_.type_name(zonk(t)); }
  /// A type in an "expected X, found Y" label: `i32`, integer, floating-point number, future.
  std::string shown(TypeId t);
  void emit(diag::Diagnostic d);
  diag::Diagnostic& last_diagnostic();
  BodyCtx& body() { return bodies_.back(); }

  const ast::File& file_;
  diag::DiagSink& sink_;
  std::vector<diag::Diagnostic> early_diags_, late_diags_;
  std::vector<diag::Diagnostic>* last_list_ = &late_diags_;
  std::size_t error_count_ = 0;
  Options options_;
  Program& program_;

  struct ItemName {
    Resolution res;
    source::Span span;  // the defining item's name, for duplicate reports
  };
  std::unordered_map<std::string_view, ItemName> value_items_;  // fns, consts, tuple/unit struct ctors
  std::unordered_map<std::string_view, ItemName> type_items_;   // structs and enums
  std::unordered_map<const void*, std::unordered_map<std::string_view, std::uint32_t>> methods_;  // by Adt origin
  TypeId current_self_ = 0;  // `Self` in the impl being checked
  const ast::Expr* ref_allowed_ = nullptr;  // the argument where `&x` may appear (LANGUAGE.md §2)
  /// Checks a call argument (or another place where `&x` is allowed) against `expected`.
  TypeId check_arg(const ast::Expr* arg, const Expect& expect) {
    ref_allowed_ = arg;
    return check_expr(arg, expect);
  }

  std::vector<TypeId> var_binding_;  // by variable index: the bound type, or 0
  std::vector<TypeKind> var_kind_;
  std::vector<TypeId> node_types_;  // raw (unzonked) types, by node id
  std::unordered_map<std::uint32_t, ResultOrigin> result_origins_;  // by open variable index
  std::unordered_map<LocalId, const ast::Expr*> local_inits_;       // `let x = init;`, for E0282
  source::Span use_span_{};  // the path being resolved, for capture diagnostics
  /// By AsyncBlockExpr node id: where each capture is first used (for E0373).
  std::unordered_map<std::uint32_t, std::vector<source::Span>> capture_uses_;
  /// `fn f() -> impl Future`: every returned value must be the same future type (E0308).
  void check_returned_future(const ast::Expr* value, TypeId actual);
  void check_escaping_block(const ast::Expr* expr, bool returned);

  struct ScopeEntry {
    std::string_view name;
    LocalId local;
  };
  std::vector<ScopeEntry> scopes_;
  std::vector<BodyCtx> bodies_;
  std::vector<LoopCtx> loops_;
  std::uint32_t body_var_start_ = 0;     // first variable of the fn body being checked
  LocalId body_local_start_ = 0;         // first local of the fn body being checked
  std::size_t body_errors_start_ = 0;    // errors reported before the fn body
  std::vector<TryObligation> pending_tries_;  // of the fn body's async blocks, settled at its end
  std::vector<ParseObligation> pending_parses_;  // of the fn body, settled at its end
  std::vector<const ast::IntLitExpr*> int_literals_;      // of the fn body, for range checks
  std::vector<const ast::IntLitExpr*> negated_literals_;  // operands of a unary `-`
  std::vector<std::pair<const ast::AsyncBlockExpr*, TypeId>> async_blocks_;
  std::vector<std::pair<const ast::TryExpr*, TypeId>> try_sites_;

  // Or-patterns: later alternatives bind the names of the first.
  std::uint32_t or_depth_ = 0;
  std::uint32_t or_alt_ = 0;
  std::size_t or_scope_base_ = 0;
};

}  // namespace asyncc::sema
