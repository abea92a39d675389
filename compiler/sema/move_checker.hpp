// The move checker's state and walk (check_moves.cpp), and its diagnostics
// (check_moves_report.cpp); internal to sema. See check_moves.cpp for what it checks and how.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks::moves {

enum class Use : std::uint8_t {
  Move,       // by value: a move unless Copy
  Read,       // a use that neither moves nor borrows explicitly (scrutinee, field read)
  Borrow,     // `&x`, `&self` methods, format arguments, comparisons
  MutBorrow,  // `&mut x`, `&mut self` methods
};

enum class SiteKind : std::uint8_t { Plain, FnArg, MethodSelf, Await, AsyncMove, ForIter };

struct MoveSite {
  source::Span span;                     // what the label underlines
  SiteKind kind = SiteKind::Plain;
  const ast::Expr* loop = nullptr;       // the innermost loop around the move
  const FnSig* callee = nullptr;         // FnArg / MethodSelf into a user fn
  std::uint32_t param = 0;               // FnArg: the index among the FnItem's params
  source::Span clone_at{};               // where `.clone()` would go (empty: nowhere)
  source::Span inner_use{};              // AsyncMove: the first use inside the block
  source::Span receiver{};               // MethodSelf: the receiver
  std::string path;                      // a partial move: the moved field (`u.name`)
  TypeId type = 0;                       // a partial move: the field's type
  bool has_clone_at = false;
};

struct Moved {
  std::uint32_t site;
  bool back_edge;  // reached the current point around a loop's back edge
  friend bool operator==(const Moved&, const Moved&) = default;
};

struct State {
  bool live = true;
  std::map<LocalId, std::vector<Moved>> moved;  // sites sorted
  std::map<LocalId, source::Span> assigned;     // deferred-init locals maybe assigned: the first assignment
  std::set<LocalId> uninit;                     // deferred-init locals maybe not assigned yet

  friend bool operator==(const State& a, const State& b) {
    if (a.live != b.live) return false;
    if (!a.live) return true;
    if (a.moved != b.moved || a.uninit != b.uninit) return false;
    if (a.assigned.size() != b.assigned.size()) return false;
    for (auto ia = a.assigned.begin(), ib = b.assigned.begin(); ia != a.assigned.end(); ++ia, ++ib) {
      if (ia->first != ib->first) return false;
    }
    return true;
  }
};

/// The state where two paths join: what is moved on either.
State merge(const State& a, const State& b);

struct LoopFrame {
  const ast::Expr* node;
  std::string_view label;
  bool is_block;  // a labelled block: only a labelled break leaves it
  std::vector<State> breaks, continues;
};

/// The walk of one body (a fn, and the async blocks inside it as nested bodies).

/// The walk of one body (a fn, and the async blocks inside it as nested bodies).
class MoveChecker {
 public:
  MoveChecker(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink, LintNotes& notes)
      : fn_(fn), program_(program), sink_(sink), notes_(&notes) {}

  void run(const std::vector<LocalId>& fn_locals);

  /// rustc's `unused_mut` (a borrowck lint): a `mut` binding never assigned after its
  /// initialisation nor mutably borrowed.
  void report_unused_mut();

 private:
  // ------------------------------------------------------------------ helpers
  const Local& local(LocalId l) const { return program_.locals[l]; }
  TypeId type_of(const ast::Node* n) const { return program_.node_type[n->id]; }
  bool is_copy_local(LocalId l) const { return is_copy(program_, local(l).type); }
  bool is_ref_local(LocalId l) const;
  std::string name(LocalId l) const { return std::string(local(l).name); }

  static const ast::Expr* strip(const ast::Expr* e);

  std::optional<LocalId> local_of(const ast::Expr* e) const;

  /// The local at the root of a place `x.f.0` and its rustc spelling; nullopt for other bases.
  std::optional<LocalId> root_of(const ast::Expr* e, std::string& path) const;

  /// The innermost non-place sub-expression under a projection chain (the base to evaluate).
  static const ast::Expr* chain_base(const ast::Expr* e);

  bool captured(LocalId l) const;

  source::Span async_keywords(const ast::AsyncBlockExpr* e) const;

  source::Span loop_header(const ast::Expr* loop) const;

  const ast::Expr* current_loop() const;

  void collect_deferred(const ast::Block* body);

  // ------------------------------------------------------------------ reporting

  static bool related(const std::string& a, const std::string& b);

  /// A use of `l` (or of its field `use_path`, e.g. `u.name`) at `use_span`.
  void report_moved(LocalId l, source::Span use_span, Use how, const std::string& use_path = {});

  /// E0381: a `let x;` read before every path assigned it.
  void report_uninit(LocalId l, source::Span use_span);

  /// A use after a move out of a field: of the whole value (`u` after `u.name` moved) or of
  /// the moved field again.
  void report_partial(LocalId l, source::Span use_span, Use how, const std::string& use_path, const std::vector<Moved>& sites);

  /// E0507: `self.name` (or `p.name` of a `&T` parameter) moved out of a reference.
  void report_move_out_of_ref(LocalId l, const std::string& path, const ast::Expr* e);

  /// `struct S` / `pub enum E`: rustc's span of a type definition's head.
  source::Span item_head(const ast::Item* item) const;

  void report_async_rule(LocalId l, source::Span at, const char* what);

  /// `&mut` of a place rooted at `l` (or an assignment to a field of it when `assign`).
  void check_mutable(LocalId l, const std::string& path, source::Span label_span, bool assign);

  // ------------------------------------------------------------------ uses

  /// The id of a move site: one per place in the source, however often a loop is walked.
  std::uint32_t add_site(MoveSite site);

  /// A use of local `l` at `span`; `site` describes the move when `how` is Move.
  void use_local(LocalId l, source::Span span, Use how, MoveSite site = {});

  /// A place expression used as `how` (a local, `x.f`, `x.0`, `v[i]`), or any other expression.
  void place(const ast::Expr* e, Use how, MoveSite site = {});

  void after(const ast::Expr* e);

  bool is_place(const ast::Expr* e) const;

  // ------------------------------------------------------------------ expressions

  void eval(const ast::Expr* e, Use how);

  void move_value(const ast::Expr* e) { eval(e, Use::Move); }

  /// A pattern binds its names afresh (each iteration of a loop, each arm).
  void bind(const ast::Pattern* pattern);

  /// A `match` / `if let` scrutinee: a place is only read here (what the patterns bind moves
  /// out of it: bind_from); any other expression is evaluated.
  void scrutinee(const ast::Expr* e);

  /// A pattern matched against the place `scrut` moves out of it what it binds by value.
  void bind_from(const ast::Pattern* pattern, const ast::Expr* scrut);

  void moving_bindings(const ast::Pattern* p, const std::string& path, LocalId root);

  LoopFrame* target(std::string_view label, bool is_break);

  void call(const ast::CallExpr* c);
  void move_args(const ast::List<ast::Expr*>& args, const FnSig* sig, std::uint32_t first_param);

  Use receiver_mode(const ast::MethodCallExpr* m, const FnSig** sig) const;

  void method_call(const ast::MethodCallExpr* m);

  void assign(const ast::AssignExpr* a);

  void assign_local(LocalId l, const ast::AssignExpr* a);

  void if_expr(const ast::IfExpr* i);

  static void mark_back_edge(State& s);

  /// One pass over a loop from `head`: the state at the back edge, and the exits.
  State loop_pass(const ast::Expr* e, const State& head, State& exit);

  void loop(const ast::Expr* e);

  void macro(const ast::MacroExpr* m);

  /// The name inside `{x}` of a format string (or the string when not found).
  source::Span inline_arg_span(const ast::Expr* fmt, std::string_view n) const;

  void async_block(const ast::AsyncBlockExpr* e);

  /// The first use of `l` inside `block`, by source position.
  source::Span first_use(const ast::Block* body, LocalId l) const;

  void block(const ast::Block* b);

  void walk_body(const ast::Block* b);

  /// Errors wait in `buffered_` until the body is walked, then go out in source order.
  void emit(diag::Diagnostic d) { buffered_.push_back(std::move(d)); }
  void flush();
  /// The binding as rustc underlines it (`mut x`).
  source::Span binding_span(LocalId l) const;

  const ast::FnItem& fn_;
  const Program& program_;
  diag::DiagSink& sink_;
  LintNotes* notes_;

  State state_;
  std::set<LocalId> mutated_;   // assigned after initialisation or mutably borrowed
  std::set<LocalId> seen_mut_;
  std::vector<MoveSite> sites_;
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::uint32_t> site_ids_;  // span, inner use
  std::vector<LoopFrame> loops_;
  std::size_t loop_base_ = 0;
  /// A loop walked without reporting, by entry state: its exit and its breaks/continues out.
  struct LoopCache {
    State entry, exit;
    std::vector<std::tuple<std::size_t, bool, State>> escapes;
  };
  std::unordered_map<const ast::Expr*, std::vector<LoopCache>> loop_cache_;
  bool reporting_ = true;
  std::set<std::pair<LocalId, std::vector<std::uint32_t>>> reported_;
  std::set<std::uint32_t> mut_reported_;
  std::set<std::pair<std::uint32_t, LocalId>> async_reported_;
  std::set<LocalId> params_;
  std::set<LocalId> deferred_;
  std::map<LocalId, const ast::LetStmt*> deferred_lets_;
  std::set<LocalId> uninit_reported_;
  LocalId self_local_ = static_cast<LocalId>(-1);
  ast::SelfKind self_kind_ = ast::SelfKind::None;
  source::Span self_span_{};
  const ast::AsyncBlockExpr* async_ = nullptr;
  bool async_plain_ = false;
  source::Span mut_borrow_span_{};
  std::vector<diag::Diagnostic> buffered_;
  std::map<LocalId, std::vector<std::pair<std::string, source::Span>>> mut_borrows_;  // E0596s by binding
  std::map<LocalId, source::Span> binding_spans_;
};

}  // namespace asyncc::sema::checks::moves
