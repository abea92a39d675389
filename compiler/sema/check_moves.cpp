// Moves and mutability, flow-sensitively (LANGUAGE.md §2, §4, §5), in the spirit of rustc's
// borrowck on the typed AST instead of MIR: one walk per body in evaluation order, carrying
// the set of moved locals (with where each was moved) and the deferred-init locals that may
// already be assigned. Branches are walked from the same state and merged by union; loops are
// walked to a fixpoint with reporting off, then once more reporting from the fixpoint head.
// A move site that reaches a use around a loop's back edge is "in previous iteration of loop".
//
// Reports E0382 (use/borrow of a moved or partially moved value), E0381 (a `let x;` used
// before it is assigned), E0384 (assign twice to an immutable binding), E0596 (mutable borrow
// of an immutable binding or through `&self`), E0594 (assign to a field of one), E0507 (a field
// moved out of `&self` or a `&T` parameter), the ADSL rule that a plain `async` block may not
// move, assign or mutably borrow a captured local, and rustc's `unused_mut` lint.
// Moves out of fields are tracked by path (`u.name`); moves by pattern bindings out of a
// matched place are not (they are never reported). Unreachable code is not checked, as in rustc.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

namespace {

using diag::Diagnostic;
using diag::Kind;

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

State merge(const State& a, const State& b) {
  if (!a.live) return b;
  if (!b.live) return a;
  State out = a;
  for (const auto& [local, sites] : b.moved) {
    std::vector<Moved>& into = out.moved[local];
    for (const Moved& m : sites) {
      auto it = std::find_if(into.begin(), into.end(), [&](const Moved& x) { return x.site == m.site; });
      if (it == into.end()) {
        into.push_back(m);
      } else {
        it->back_edge = it->back_edge && m.back_edge;  // a direct path wins
      }
    }
    std::sort(into.begin(), into.end(), [](const Moved& x, const Moved& y) { return x.site < y.site; });
  }
  for (const auto& [local, span] : b.assigned) out.assigned.emplace(local, span);
  out.uninit.insert(b.uninit.begin(), b.uninit.end());
  return out;
}

struct LoopFrame {
  const ast::Expr* node;
  std::string_view label;
  bool is_block;  // a labelled block: only a labelled break leaves it
  std::vector<State> breaks, continues;
};

/// The walk of one body (a fn, and the async blocks inside it as nested bodies).
class MoveChecker {
 public:
  MoveChecker(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink, LintNotes& notes)
      : fn_(fn), program_(program), sink_(sink), notes_(&notes) {}

  void run(const std::vector<LocalId>& fn_locals) {
    for (LocalId l : fn_locals) {
      const Local& local = program_.locals[l];
      if (local.owner != &fn_) continue;
      for (const ast::Param& p : fn_.params) {
        if (local.span.begin >= p.span.begin && local.span.end <= p.span.end) params_.insert(l);
        if (p.self_kind != ast::SelfKind::None && local.name == "self") {
          self_local_ = l;
          self_kind_ = p.self_kind;
          self_span_ = p.span;
        }
      }
    }
    collect_deferred(fn_.body);
    const std::size_t errors = sink_.error_count();
    walk_body(fn_.body);
    if (sink_.error_count() == errors) report_unused_mut();
  }

  /// rustc's `unused_mut` (a borrowck lint): a `mut` binding never assigned after its
  /// initialisation nor mutably borrowed.
  void report_unused_mut() {
    auto on_node = [&](const ast::Node* n) {
      const auto* p = ast::dyn_cast<ast::IdentPat>(n);
      if (p == nullptr || !p->is_mut) return true;
      const Resolution& r = program_.node_res[p->id];
      if (r.kind != ResKind::Local || mutated_.count(r.index) != 0 || !seen_mut_.insert(r.index).second) return true;
      Diagnostic d = Diagnostic::make(Kind::UnusedMut, "variable does not need to be mutable");
      d.primary({p->span.begin, p->name_span.end});
      d.suggest_inline("remove this `mut`", {p->span.begin, p->name_span.begin}, "", diag::Applicability::MachineApplicable,
                       false);
      if (!notes_->unused_mut) {
        notes_->unused_mut = true;
        d.note("`#[warn(unused_mut)]` (part of `#[warn(unused)]`) on by default");
      }
      sink_.emit(std::move(d));
      return true;
    };
    for (const ast::Param& p : fn_.params) {
      if (p.pattern != nullptr) visit(p.pattern, on_node);
    }
    visit_block(fn_.body, on_node);
  }

 private:
  // ------------------------------------------------------------------ helpers
  const Local& local(LocalId l) const { return program_.locals[l]; }
  TypeId type_of(const ast::Node* n) const { return program_.node_type[n->id]; }
  bool is_copy_local(LocalId l) const { return is_copy(program_, local(l).type); }
  bool is_ref_local(LocalId l) const {
    if (program_.types.kind(local(l).type) == TypeKind::Ref) return true;
    return l == self_local_ && (self_kind_ == ast::SelfKind::Ref || self_kind_ == ast::SelfKind::RefMut);
  }
  std::string name(LocalId l) const { return std::string(local(l).name); }

  static const ast::Expr* strip(const ast::Expr* e) {
    while (const auto* p = ast::dyn_cast<ast::ParenExpr>(e)) e = p->inner;
    return e;
  }

  std::optional<LocalId> local_of(const ast::Expr* e) const {
    e = strip(e);
    if (e->kind != ast::NodeKind::PathExpr) return std::nullopt;
    const Resolution& r = program_.node_res[e->id];
    if (r.kind != ResKind::Local) return std::nullopt;
    return r.index;
  }

  /// The local at the root of a place `x.f.0` and its rustc spelling; nullopt for other bases.
  std::optional<LocalId> root_of(const ast::Expr* e, std::string& path) const {
    e = strip(e);
    if (const auto* f = ast::dyn_cast<ast::FieldExpr>(e)) {
      auto root = root_of(f->base, path);
      if (root) path += "." + std::string(f->name);
      return root;
    }
    if (const auto* t = ast::dyn_cast<ast::TupleIndexExpr>(e)) {
      auto root = root_of(t->base, path);
      if (root) path += "." + std::to_string(t->index);
      return root;
    }
    auto l = local_of(e);
    if (l) path = name(*l);
    return l;
  }

  /// The innermost non-place sub-expression under a projection chain (the base to evaluate).
  static const ast::Expr* chain_base(const ast::Expr* e) {
    for (;;) {
      e = strip(e);
      if (const auto* f = ast::dyn_cast<ast::FieldExpr>(e)) { e = f->base; continue; }
      if (const auto* t = ast::dyn_cast<ast::TupleIndexExpr>(e)) { e = t->base; continue; }
      return e;
    }
  }

  bool captured(LocalId l) const {
    if (async_ == nullptr) return false;
    const auto& caps = program_.captures[async_->id];
    return std::find(caps.begin(), caps.end(), l) != caps.end();
  }

  source::Span async_keywords(const ast::AsyncBlockExpr* e) const {
    source::Span s{e->span.begin, e->block->span.begin};
    const std::string_view text = text_of(sink_, s);
    std::size_t n = text.size();
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' || text[n - 1] == '\r')) --n;
    s.end = s.begin + static_cast<std::uint32_t>(n);
    return s;
  }

  source::Span loop_header(const ast::Expr* loop) const {
    const ast::Block* body = nullptr;
    if (const auto* l = ast::dyn_cast<ast::LoopExpr>(loop)) body = l->body;
    if (const auto* w = ast::dyn_cast<ast::WhileExpr>(loop)) body = w->body;
    if (const auto* f = ast::dyn_cast<ast::ForExpr>(loop)) body = f->body;
    source::Span s{loop->span.begin, body != nullptr ? body->span.begin : loop->span.end};
    const std::string_view text = text_of(sink_, s);
    std::size_t n = text.size();
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' || text[n - 1] == '\r')) --n;
    s.end = s.begin + static_cast<std::uint32_t>(n);
    return s;
  }

  const ast::Expr* current_loop() const {
    for (std::size_t i = loops_.size(); i-- > loop_base_;) {
      if (!loops_[i].is_block) return loops_[i].node;
    }
    return nullptr;
  }

  void collect_deferred(const ast::Block* body) {
    // `let x;` without an initialiser: the first assignment initialises it.
    visit_block(body, [&](const ast::Node* n) {
      if (const auto* let = ast::dyn_cast<ast::LetStmt>(n); let != nullptr && let->init == nullptr) {
        if (const auto* p = ast::dyn_cast<ast::IdentPat>(let->pattern)) {
          const Resolution& r = program_.node_res[p->id];
          if (r.kind == ResKind::Local) {
            deferred_.insert(r.index);
            deferred_lets_[r.index] = let;
          }
        }
      }
      return true;
    });
  }

  // ------------------------------------------------------------------ reporting

  static bool related(const std::string& a, const std::string& b) {
    const std::string& shorter = a.size() < b.size() ? a : b;
    const std::string& longer = a.size() < b.size() ? b : a;
    return longer.compare(0, shorter.size(), shorter) == 0 &&
           (longer.size() == shorter.size() || longer[shorter.size()] == '.');
  }

  /// A use of `l` (or of its field `use_path`, e.g. `u.name`) at `use_span`.
  void report_moved(LocalId l, source::Span use_span, Use how, const std::string& use_path = {}) {
    if (!reporting_ || !state_.live) return;
    if (state_.uninit.count(l) != 0) {
      report_uninit(l, use_span);
      return;
    }
    auto it = state_.moved.find(l);
    if (it == state_.moved.end() || it->second.empty()) return;
    std::vector<Moved> sites;
    bool whole = false;
    for (const Moved& m : it->second) {
      const std::string& p = sites_[m.site].path;
      if (p.empty() || use_path.empty() || related(p, use_path)) sites.push_back(m);
      if (p.empty()) whole = true;
    }
    if (sites.empty()) return;
    if (!whole) {
      report_partial(l, use_span, how, use_path, sites);
      return;
    }
    std::vector<std::uint32_t> key_sites;
    for (const Moved& m : sites) key_sites.push_back(m.site);
    if (!reported_.insert({l, key_sites}).second) return;

    const Local& loc = local(l);
    const bool borrow = how == Use::Borrow || how == Use::MutBorrow;
    bool loop_move = false;
    for (const Moved& m : sites) {
      if (sites_[m.site].span == use_span) loop_move = true;
    }
    Diagnostic d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of moved value: `" + name(l) + "`");
    d.primary(use_span, loop_move ? "value moved here, in previous iteration of loop"
                                  : borrow ? "value borrowed here after move" : "value used here after move");
    d.secondary(loc.span, "move occurs because `" + name(l) + "` has type `" + program_.type_name(loc.type) +
                              "`, which does not implement the `Copy` trait");
    std::vector<const ast::Expr*> loops;
    for (const Moved& m : sites) {
      const MoveSite& s = sites_[m.site];
      if (m.back_edge && s.loop != nullptr && std::find(loops.begin(), loops.end(), s.loop) == loops.end()) {
        loops.push_back(s.loop);
        d.secondary(loop_header(s.loop), "inside of this loop");
      }
      if (s.span == use_span) {
        if (s.kind == SiteKind::AsyncMove && s.inner_use.end != 0) d.secondary(s.inner_use, "use occurs due to use in coroutine");
        continue;
      }
      const std::string again = m.back_edge ? ", in previous iteration of loop" : "";
      switch (s.kind) {
        case SiteKind::Plain:
        case SiteKind::FnArg: d.secondary(s.span, "value moved here" + again); break;
        case SiteKind::MethodSelf: {
          d.secondary(s.span, "`" + name(l) + "` moved due to this method call" + again);
          const TypeKind k = program_.types.kind(loc.type);
          if (s.callee == nullptr && (k == TypeKind::Option || k == TypeKind::Result)) {
            d.secondary(s.receiver, "help: consider calling `.as_ref()` or `.as_mut()` to borrow the type's contents");
          }
          break;
        }
        case SiteKind::Await: d.secondary(s.span, "`" + name(l) + "` moved due to this await" + again); break;
        case SiteKind::ForIter:
          d.secondary(s.span, "`" + name(l) + "` moved due to this implicit call to `.into_iter()`" + again);
          break;
        case SiteKind::AsyncMove:
          d.secondary(s.span, "value moved here" + again);
          if (s.inner_use.end != 0) d.secondary(s.inner_use, "variable moved due to use in coroutine");
          break;
      }
    }
    // rustc gives the notes and helps from the last move to the first (in MIR order), the move
    // that the use itself repeats (in a loop) last.
    std::stable_sort(sites.begin(), sites.end(), [&](const Moved& a, const Moved& b) {
      const MoveSite& x = sites_[a.site];
      const MoveSite& y = sites_[b.site];
      const bool xu = x.span == use_span, yu = y.span == use_span;
      if (xu != yu) return yu;
      return x.span.begin > y.span.begin;
    });
    const bool clone = is_clone(program_, loc.type);
    for (const Moved& m : sites) {
      const MoveSite& s = sites_[m.site];
      if (s.kind == SiteKind::FnArg && s.callee != nullptr && s.callee->item != nullptr &&
          s.param < s.callee->item->params.size()) {
        const ast::FnItem* f = s.callee->item;
        const ast::Param& p = f->params[s.param];
        diag::SubDiagnostic note;
        note.level = diag::Level::Note;
        note.message = std::string("consider changing this parameter type in ") +
                       (s.callee->impl != nullptr && s.callee->self_kind != ast::SelfKind::None ? "method" : "function") +
                       " `" + std::string(f->name) + "` to borrow instead if owning the value isn't necessary";
        note.labels.push_back({p.type->span, "this parameter takes ownership of the value", true});
        note.labels.push_back({f->name_span, "in this " + std::string(s.callee->impl != nullptr && s.callee->self_kind != ast::SelfKind::None ? "method" : "function"), false});
        d.children.push_back(std::move(note));
      }
      if (s.kind == SiteKind::MethodSelf && s.callee != nullptr && s.callee->item != nullptr) {
        const ast::FnItem* f = s.callee->item;
        for (const ast::Param& p : f->params) {
          if (p.self_kind == ast::SelfKind::None) continue;
          diag::SubDiagnostic note;
          note.level = diag::Level::Note;
          note.message = "`" + program_.type_name(s.callee->self_type) + "::" + std::string(f->name) +
                         "` takes ownership of the receiver `self`, which moves `" + name(l) + "`";
          source::Span self_word = p.span;
          const std::string_view text = text_of(sink_, p.span);
          if (const auto pos = text.rfind("self"); pos != std::string_view::npos) {
            self_word = {p.span.begin + static_cast<std::uint32_t>(pos), p.span.begin + static_cast<std::uint32_t>(pos) + 4};
          }
          note.labels.push_back({self_word, "", true});
          d.children.push_back(std::move(note));
        }
      }
    }
    for (const Moved& m : sites) {
      const MoveSite& s = sites_[m.site];
      if (s.kind == SiteKind::ForIter && program_.types.kind(loc.type) == TypeKind::Vec) {
        d.suggest("consider iterating over a slice of the `" + program_.type_name(loc.type) +
                      "`'s content to avoid moving into the `for` loop",
                  {s.span.begin, s.span.begin}, "&");
      }
    }
    for (const Moved& m : sites) {
      const MoveSite& s = sites_[m.site];
      if (!s.has_clone_at) continue;
      if (clone) {
        if (s.kind == SiteKind::MethodSelf) {
          d.suggest("you can `clone` the value and consume it, but this might not be your desired behavior",
                    {s.clone_at.end, s.clone_at.end}, ".clone()");
        } else if (s.kind == SiteKind::Plain || s.kind == SiteKind::FnArg) {
          d.suggest("consider cloning the value if the performance cost is acceptable", {s.clone_at.end, s.clone_at.end},
                    ".clone()");
        }
      } else if ((s.kind == SiteKind::Plain || s.kind == SiteKind::FnArg) &&
                 program_.types.kind(loc.type) == TypeKind::Adt) {
        for (const AdtInfo& adt : program_.adts) {
          if (adt.type != loc.type) continue;
          const ast::Item* item = adt.struct_item != nullptr ? static_cast<const ast::Item*>(adt.struct_item)
                                                             : static_cast<const ast::Item*>(adt.enum_item);
          diag::SubDiagnostic note;
          note.level = diag::Level::Note;
          note.message = "if `" + std::string(adt.name) + "` implemented `Clone`, you could clone the value";
          note.labels.push_back({item_head(item), "consider implementing `Clone` for this type", true});
          note.labels.push_back({s.span, "you could clone this value", false});
          d.children.push_back(std::move(note));
        }
      }
    }
    sink_.emit(std::move(d));
  }

  /// E0381: a `let x;` read before every path assigned it.
  void report_uninit(LocalId l, source::Span use_span) {
    if (!uninit_reported_.insert(l).second) return;
    const std::string n = name(l);
    const auto maybe = state_.assigned.find(l);
    const bool possibly = maybe != state_.assigned.end();
    Diagnostic d = Diagnostic::make(Kind::UsedUninitialized, "used binding `" + n + "` " +
                                                                 (possibly ? "is possibly-uninitialized" : "isn't initialized"));
    d.secondary(local(l).span, "binding declared here but left uninitialized");
    if (possibly) {
      const source::Span at{maybe->second.begin, maybe->second.begin + static_cast<std::uint32_t>(n.size())};
      d.secondary(at, "binding initialized here in some conditions");
    }
    d.primary(use_span, "`" + n + "` used here but it " + (possibly ? "is possibly-uninitialized" : "isn't initialized"));
    if (!possibly) {
      if (auto it = deferred_lets_.find(l); it != deferred_lets_.end()) {
        const ast::LetStmt* let = it->second;
        const std::uint32_t at = let->type != nullptr ? let->type->span.end : let->pattern->span.end;
        const TypeId t = local(l).type;
        const TypeKind k = program_.types.kind(t);
        const char* value = k == TypeKind::Int ? " = 42" : k == TypeKind::Bool ? " = false"
                            : k == TypeKind::Vec ? " = vec![]" : " = Default::default()";
        d.suggest("consider assigning a value", {at, at}, value, diag::Applicability::HasPlaceholders);
      }
    }
    sink_.emit(std::move(d));
  }

  /// A use after a move out of a field: of the whole value (`u` after `u.name` moved) or of
  /// the moved field again.
  void report_partial(LocalId l, source::Span use_span, Use how, const std::string& use_path, const std::vector<Moved>& sites) {
    std::vector<std::uint32_t> key_sites;
    for (const Moved& m : sites) key_sites.push_back(m.site);
    if (!reported_.insert({l, key_sites}).second) return;
    const bool borrow = how == Use::Borrow || how == Use::MutBorrow;
    const MoveSite& first = sites_[sites.front().site];
    Diagnostic d;
    if (use_path.empty()) {
      d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of partially moved value: `" + name(l) + "`");
      d.primary(use_span, borrow ? "value borrowed here after partial move" : "value used here after partial move");
    } else {
      d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of moved value: `" + first.path + "`");
      d.primary(use_span, borrow ? "value borrowed here after move" : "value used here after move");
    }
    for (const Moved& m : sites) {
      const MoveSite& s = sites_[m.site];
      if (s.span == use_span) continue;
      d.secondary(s.span, std::string(use_path.empty() ? "value partially moved here" : "value moved here") +
                              (m.back_edge ? ", in previous iteration of loop" : ""));
    }
    const bool payload = first.path.find('#') != std::string::npos;  // an enum variant's field
    d.note(std::string(use_path.empty() ? "partial move" : "move") + " occurs because " +
           (payload ? std::string("value") : "`" + first.path + "`") + " has type `" + program_.type_name(first.type) +
           "`, which does not implement the `Copy` trait");
    sink_.emit(std::move(d));
  }

  /// E0507: `self.name` (or `p.name` of a `&T` parameter) moved out of a reference.
  void report_move_out_of_ref(LocalId l, const std::string& path, const ast::Expr* e) {
    if (!reporting_ || !state_.live || !mut_reported_.insert(e->span.begin).second) return;
    const bool is_mut = l == self_local_ ? self_kind_ == ast::SelfKind::RefMut
                                         : program_.types.data(local(l).type).extra != 0;
    const TypeId t = program_.node_type[e->id];
    Diagnostic d = Diagnostic::make(Kind::MoveOutOfReference, "cannot move out of `" + path + "` which is behind a " +
                                                                  (is_mut ? "mutable" : "shared") + " reference");
    d.primary(e->span, "move occurs because `" + path + "` has type `" + program_.type_name(t) +
                           "`, which does not implement the `Copy` trait");
    if (is_clone(program_, t)) {
      d.suggest("consider cloning the value if the performance cost is acceptable", {e->span.end, e->span.end}, ".clone()");
    }
    sink_.emit(std::move(d));
  }

  /// `struct S` / `pub enum E`: rustc's span of a type definition's head.
  source::Span item_head(const ast::Item* item) const {
    const std::string_view text = sink_.file().text();
    std::uint32_t begin = item->name_span.begin;
    const char* keyword = item->kind == ast::NodeKind::StructItem ? "struct" : "enum";
    const std::size_t pos = text.rfind(keyword, begin);
    if (pos != std::string_view::npos) begin = static_cast<std::uint32_t>(pos);
    if (item->is_pub) {
      const std::size_t p = text.rfind("pub", begin);
      if (p != std::string_view::npos) begin = static_cast<std::uint32_t>(p);
    }
    return {begin, item->name_span.end};
  }

  void report_async_rule(LocalId l, source::Span at, const char* what) {
    if (!reporting_ || !state_.live || async_ == nullptr) return;
    if (!async_reported_.insert({async_->id, l}).second) return;
    const std::string n = name(l);
    const std::string w = what;
    Diagnostic d = Diagnostic::make(Kind::AsyncBlockCapture,
                                    w == "move" ? "a plain `async` block cannot move `" + n + "` out of its environment"
                                                : "a plain `async` block cannot " + w + " captured variable `" + n + "`");
    d.primary(at, w == "move" ? "`" + n + "` is moved here" : w == "assign to" ? "`" + n + "` is assigned here"
                                                                                 : "`" + n + "` is mutably borrowed here");
    const source::Span kw = async_keywords(async_);
    d.secondary(kw, "this block captures `" + n + "` by reference");
    d.suggest("use `async move` to move `" + n + "` into the block", {kw.end, kw.end}, " move",
              diag::Applicability::MaybeIncorrect);
    sink_.emit(std::move(d));
  }

  /// `&mut` of a place rooted at `l` (or an assignment to a field of it when `assign`).
  void check_mutable(LocalId l, const std::string& path, source::Span label_span, bool assign) {
    if (!state_.live) return;
    mutated_.insert(l);
    if (!reporting_) return;
    const Local& loc = local(l);
    const bool whole = path == name(l);
    if (l == self_local_ && self_kind_ == ast::SelfKind::RefMut) return;
    if (l == self_local_ && self_kind_ == ast::SelfKind::Ref) {
      if (!mut_reported_.insert(label_span.begin).second) return;
      const source::Span amp{self_span_.begin + 1, self_span_.begin + 1};
      Diagnostic d = assign ? Diagnostic::make(Kind::AssignToImmutablePlace,
                                               "cannot assign to `" + path + "`, which is behind a `&` reference")
                            : Diagnostic::make(Kind::BorrowImmutableMutably,
                                               "cannot borrow `" + (whole ? "*self" : path) +
                                                   "` as mutable, as it is behind a `&` reference");
      d.primary(label_span, assign ? "`self` is a `&` reference, so it cannot be written to"
                                   : "`self` is a `&` reference, so it cannot be borrowed as mutable");
      d.suggest("consider changing this to be a mutable reference", amp, "mut ");
      sink_.emit(std::move(d));
      return;
    }
    if (program_.types.kind(loc.type) == TypeKind::Ref) return;  // `&mut T` parameters; `&T` is not checked
    if (loc.is_mut) return;
    if (!mut_reported_.insert(label_span.begin).second) return;
    Diagnostic d = assign ? Diagnostic::make(Kind::AssignToImmutablePlace,
                                             "cannot assign to `" + path + "`, as `" + name(l) + "` is not declared as mutable")
                          : Diagnostic::make(Kind::BorrowImmutableMutably,
                                             "cannot borrow `" + path + "` as mutable, as " +
                                                 (whole ? std::string("it") : "`" + name(l) + "`") + " is not declared as mutable");
    d.primary(label_span, assign ? "cannot assign" : "cannot borrow as mutable");
    d.suggest("consider changing this to be mutable", {loc.span.begin, loc.span.begin}, "mut ");
    sink_.emit(std::move(d));
  }

  // ------------------------------------------------------------------ uses

  /// The id of a move site: one per place in the source, however often a loop is walked.
  std::uint32_t add_site(MoveSite site) {
    site.loop = current_loop();
    const auto key = std::make_tuple(site.span.begin, site.span.end, site.inner_use.begin);
    if (auto it = site_ids_.find(key); it != site_ids_.end()) return it->second;
    sites_.push_back(site);
    const auto id = static_cast<std::uint32_t>(sites_.size() - 1);
    site_ids_.emplace(key, id);
    return id;
  }

  /// A use of local `l` at `span`; `site` describes the move when `how` is Move.
  void use_local(LocalId l, source::Span span, Use how, MoveSite site = {}) {
    if (!state_.live) return;
    report_moved(l, span, how);
    if (how == Use::Move && !is_copy_local(l) && !is_ref_local(l)) {
      if (captured(l) && async_plain_) {
        report_async_rule(l, span, "move");
        return;
      }
      if (site.span.end == 0) {
        site.span = span;
        site.clone_at = span;
        site.has_clone_at = true;
      }
      const std::uint32_t id = add_site(site);
      std::vector<Moved>& moved = state_.moved[l];
      if (std::none_of(moved.begin(), moved.end(), [&](const Moved& m) { return m.site == id; })) {
        moved.push_back({id, false});
      } else {
        for (Moved& m : moved) {
          if (m.site == id) m.back_edge = false;
        }
      }
    }
    if (how == Use::MutBorrow) {
      check_mutable(l, name(l), mut_borrow_span_.end != 0 ? mut_borrow_span_ : span, false);
      if (captured(l) && async_plain_ && (local(l).is_mut || is_ref_local(l))) report_async_rule(l, span, "mutably borrow");
    }
  }

  /// A place expression used as `how` (a local, `x.f`, `x.0`, `v[i]`), or any other expression.
  void place(const ast::Expr* e, Use how, MoveSite site = {}) {
    e = strip(e);
    if (auto l = local_of(e)) {
      use_local(*l, e->span, how, site);
      after(e);
      return;
    }
    if (e->kind == ast::NodeKind::FieldExpr || e->kind == ast::NodeKind::TupleIndexExpr) {
      std::string path;
      if (auto root = root_of(e, path)) {
        if (!state_.live) return;
        report_moved(*root, e->span, how == Use::Borrow || how == Use::MutBorrow ? how : Use::Read, path);
        const TypeId t = type_of(e);
        if (how == Use::Move && t != 0 && !is_copy(program_, t)) {
          if (is_ref_local(*root)) {
            report_move_out_of_ref(*root, path, e);
          } else if (captured(*root) && async_plain_) {
            report_async_rule(*root, e->span, "move");
          } else {
            MoveSite partial = site;
            partial.kind = SiteKind::Plain;
            partial.span = e->span;
            partial.clone_at = e->span;
            partial.has_clone_at = true;
            partial.path = path;
            partial.type = t;
            const std::uint32_t id = add_site(partial);
            std::vector<Moved>& moved = state_.moved[*root];
            if (std::none_of(moved.begin(), moved.end(), [&](const Moved& m) { return m.site == id; })) moved.push_back({id, false});
          }
        }
        if (how == Use::MutBorrow) {
          check_mutable(*root, path, e->span, false);
          if (captured(*root) && async_plain_ && local(*root).is_mut) report_async_rule(*root, e->span, "mutably borrow");
        }
      } else {
        eval(chain_base(e), Use::Borrow);
      }
      after(e);
      return;
    }
    if (const auto* ix = ast::dyn_cast<ast::IndexExpr>(e)) {
      place(ix->base, how == Use::MutBorrow ? Use::MutBorrow : Use::Borrow);
      eval(ix->index, Use::Move);
      after(e);
      return;
    }
    if (e->kind == ast::NodeKind::PathExpr) {  // a function, constant or constructor
      after(e);
      return;
    }
    eval(e, Use::Move);
  }

  void after(const ast::Expr* e) {
    const TypeId t = type_of(e);
    if (t != 0 && program_.types.kind(t) == TypeKind::Never) state_.live = false;
  }

  bool is_place(const ast::Expr* e) const {
    e = strip(e);
    return e->kind == ast::NodeKind::PathExpr || e->kind == ast::NodeKind::FieldExpr ||
           e->kind == ast::NodeKind::TupleIndexExpr || e->kind == ast::NodeKind::IndexExpr;
  }

  // ------------------------------------------------------------------ expressions

  void eval(const ast::Expr* e, Use how) {
    if (!state_.live) return;
    switch (e->kind) {
      case ast::NodeKind::PathExpr:
      case ast::NodeKind::FieldExpr:
      case ast::NodeKind::TupleIndexExpr:
      case ast::NodeKind::IndexExpr:
        place(e, how);
        return;
      case ast::NodeKind::ParenExpr:
        eval(static_cast<const ast::ParenExpr*>(e)->inner, how);
        return;
      case ast::NodeKind::UnaryExpr: {
        const auto* u = static_cast<const ast::UnaryExpr*>(e);
        if (u->op == ast::UnaryOp::Ref) {
          place(u->operand, Use::Borrow);
        } else if (u->op == ast::UnaryOp::RefMut) {
          mut_borrow_span_ = e->span;
          place(u->operand, Use::MutBorrow);
          mut_borrow_span_ = {};
        } else if (u->op == ast::UnaryOp::Deref) {
          place(u->operand, Use::Read);
        } else {
          eval(u->operand, Use::Move);
        }
        break;
      }
      case ast::NodeKind::BinaryExpr: {
        const auto* b = static_cast<const ast::BinaryExpr*>(e);
        switch (b->op) {
          case ast::BinaryOp::Eq: case ast::BinaryOp::Ne: case ast::BinaryOp::Lt: case ast::BinaryOp::Le:
          case ast::BinaryOp::Gt: case ast::BinaryOp::Ge:
            place(b->lhs, Use::Borrow);
            place(b->rhs, Use::Borrow);
            break;
          case ast::BinaryOp::And: case ast::BinaryOp::Or: {
            eval(b->lhs, Use::Move);
            const State skip = state_;
            eval(b->rhs, Use::Move);
            state_ = merge(skip, state_);
            break;
          }
          default:
            eval(b->lhs, Use::Move);
            eval(b->rhs, Use::Move);
        }
        break;
      }
      case ast::NodeKind::AssignExpr: {
        const auto* a = static_cast<const ast::AssignExpr*>(e);
        eval(a->rhs, Use::Move);
        assign(a);
        break;
      }
      case ast::NodeKind::CastExpr:
        eval(static_cast<const ast::CastExpr*>(e)->operand, Use::Move);
        break;
      case ast::NodeKind::CallExpr: call(static_cast<const ast::CallExpr*>(e)); break;
      case ast::NodeKind::MethodCallExpr: method_call(static_cast<const ast::MethodCallExpr*>(e)); break;
      case ast::NodeKind::AwaitExpr: {
        const auto* a = static_cast<const ast::AwaitExpr*>(e);
        if (local_of(a->operand)) {
          MoveSite site;
          site.kind = SiteKind::Await;
          site.span = {e->span.end - 5, e->span.end};
          place(a->operand, Use::Move, site);
        } else {
          eval(a->operand, Use::Move);
        }
        break;
      }
      case ast::NodeKind::TryExpr: eval(static_cast<const ast::TryExpr*>(e)->operand, Use::Move); break;
      case ast::NodeKind::StructLitExpr: {
        const auto* s = static_cast<const ast::StructLitExpr*>(e);
        for (const ast::FieldInit& f : s->fields) move_value(f.value);
        if (s->base != nullptr) eval(s->base, Use::Move);
        break;
      }
      case ast::NodeKind::TupleExpr:
        for (const ast::Expr* x : static_cast<const ast::TupleExpr*>(e)->elems) move_value(x);
        break;
      case ast::NodeKind::BlockExpr: {
        const auto* b = static_cast<const ast::BlockExpr*>(e);
        if (b->label.name.empty()) {
          block(b->block);
        } else {
          loops_.push_back({e, b->label.name, true, {}, {}});
          block(b->block);
          State out = state_;
          for (const State& s : loops_.back().breaks) out = merge(out, s);
          loops_.pop_back();
          state_ = out;
        }
        break;
      }
      case ast::NodeKind::AsyncBlockExpr: async_block(static_cast<const ast::AsyncBlockExpr*>(e)); break;
      case ast::NodeKind::IfExpr: if_expr(static_cast<const ast::IfExpr*>(e)); break;
      case ast::NodeKind::MatchExpr: {
        const auto* m = static_cast<const ast::MatchExpr*>(e);
        scrutinee(m->scrutinee);
        const State base = state_;
        State out;
        out.live = false;
        for (const ast::MatchArm& arm : m->arms) {
          state_ = base;
          bind(arm.pattern);
          bind_from(arm.pattern, m->scrutinee);
          if (arm.guard != nullptr) eval(arm.guard, Use::Move);
          eval(arm.body, Use::Move);
          out = merge(out, state_);
        }
        if (m->arms.empty()) out = base, out.live = false;
        state_ = out;
        break;
      }
      case ast::NodeKind::LoopExpr:
      case ast::NodeKind::WhileExpr:
      case ast::NodeKind::ForExpr:
        loop(e);
        break;
      case ast::NodeKind::BreakExpr: {
        const auto* b = static_cast<const ast::BreakExpr*>(e);
        if (b->value != nullptr) eval(b->value, Use::Move);
        if (LoopFrame* f = target(b->label.name, true)) f->breaks.push_back(state_);
        state_.live = false;
        break;
      }
      case ast::NodeKind::ContinueExpr: {
        const auto* c = static_cast<const ast::ContinueExpr*>(e);
        if (LoopFrame* f = target(c->label.name, false)) f->continues.push_back(state_);
        state_.live = false;
        break;
      }
      case ast::NodeKind::ReturnExpr: {
        const auto* r = static_cast<const ast::ReturnExpr*>(e);
        if (r->value != nullptr) eval(r->value, Use::Move);
        state_.live = false;
        break;
      }
      case ast::NodeKind::RangeExpr: {
        const auto* r = static_cast<const ast::RangeExpr*>(e);
        if (r->lo != nullptr) eval(r->lo, Use::Move);
        if (r->hi != nullptr) eval(r->hi, Use::Move);
        break;
      }
      case ast::NodeKind::MacroExpr: macro(static_cast<const ast::MacroExpr*>(e)); break;
      default: break;  // literals
    }
    after(e);
  }

  void move_value(const ast::Expr* e) { eval(e, Use::Move); }

  /// A pattern binds its names afresh (each iteration of a loop, each arm).
  void bind(const ast::Pattern* pattern) {
    if (pattern == nullptr) return;
    visit(pattern, [&](const ast::Node* n) {
      if (n->kind == ast::NodeKind::IdentPat) {
        const Resolution& r = program_.node_res[n->id];
        if (r.kind == ResKind::Local) {
          state_.moved.erase(r.index);
          state_.assigned.erase(r.index);
        }
      }
      return true;
    });
  }

  /// A `match` / `if let` scrutinee: a place is only read (bindings in the patterns would be
  /// partial moves, which are not tracked); any other expression is evaluated.
  void scrutinee(const ast::Expr* e) {
    if (is_place(e)) {
      place(e, Use::Read);
    } else {
      eval(e, Use::Move);
    }
  }

  /// A pattern matched against the place `scrut` moves out of it what it binds by value.
  void bind_from(const ast::Pattern* pattern, const ast::Expr* scrut) {
    if (pattern == nullptr || scrut == nullptr || !is_place(scrut) || !state_.live) return;
    std::string path;
    auto root = root_of(scrut, path);
    if (!root || is_ref_local(*root)) return;
    moving_bindings(pattern, path, *root);
  }

  void moving_bindings(const ast::Pattern* p, const std::string& path, LocalId root) {
    switch (p->kind) {
      case ast::NodeKind::IdentPat: {
        const auto* ip = static_cast<const ast::IdentPat*>(p);
        const Resolution& r = program_.node_res[p->id];
        if (r.kind != ResKind::Local) return;
        const TypeId t = program_.node_type[p->id];
        if (t == 0 || is_copy(program_, t)) return;
        if (captured(root) && async_plain_) {
          report_async_rule(root, ip->name_span, "move");
          return;
        }
        MoveSite site;
        site.span = ip->name_span;
        site.path = path;
        site.type = t;
        const std::uint32_t id = add_site(site);
        std::vector<Moved>& moved = state_.moved[root];
        if (std::none_of(moved.begin(), moved.end(), [&](const Moved& m) { return m.site == id; })) moved.push_back({id, false});
        return;
      }
      case ast::NodeKind::TuplePat: {
        const auto& elems = static_cast<const ast::TuplePat*>(p)->elems;
        const TypeId t = program_.node_type[p->id];
        const std::uint32_t n = t != 0 && program_.types.kind(t) == TypeKind::Tuple ? program_.types.arg_count(t) : elems.size();
        std::uint32_t rest = elems.size();
        for (std::uint32_t i = 0; i < elems.size(); ++i) {
          if (elems[i]->kind == ast::NodeKind::RestPat) rest = i;
        }
        for (std::uint32_t i = 0; i < elems.size(); ++i) {
          if (i == rest) continue;
          const std::uint32_t field = i < rest ? i : n - (elems.size() - i);
          moving_bindings(elems[i], path + "." + std::to_string(field), root);
        }
        return;
      }
      case ast::NodeKind::TupleStructPat: {
        const auto* tp = static_cast<const ast::TupleStructPat*>(p);
        const Resolution& r = program_.node_res[p->id];
        const bool is_struct = r.kind == ResKind::Struct;
        for (std::uint32_t i = 0; i < tp->elems.size(); ++i) {
          moving_bindings(tp->elems[i], path + (is_struct ? "." + std::to_string(i) : ".#" + std::to_string(i)), root);
        }
        return;
      }
      case ast::NodeKind::StructPat: {
        const auto* sp = static_cast<const ast::StructPat*>(p);
        const bool is_struct = program_.node_res[p->id].kind == ResKind::Struct;
        for (const ast::FieldPat& f : sp->fields) {
          if (f.pattern != nullptr) moving_bindings(f.pattern, path + (is_struct ? "." : ".#") + std::string(f.name), root);
        }
        return;
      }
      case ast::NodeKind::OrPat:
        for (const ast::Pattern* alt : static_cast<const ast::OrPat*>(p)->alts) moving_bindings(alt, path, root);
        return;
      default:
        return;
    }
  }

  LoopFrame* target(std::string_view label, bool is_break) {
    for (std::size_t i = loops_.size(); i-- > loop_base_;) {
      LoopFrame& f = loops_[i];
      if (label.empty() ? !f.is_block : f.label == label) return (!is_break && f.is_block) ? nullptr : &f;
    }
    return nullptr;
  }

  void call(const ast::CallExpr* c) {
    const Resolution& r = program_.node_res[c->id];
    if (r.kind == ResKind::Local || program_.node_res[c->callee->id].kind == ResKind::Local) {
      eval(c->callee, Use::Borrow);
    }
    const FnSig* sig = r.kind == ResKind::Fn && r.index < program_.fns.size() ? &program_.fns[r.index] : nullptr;
    for (std::uint32_t i = 0; i < c->args.size(); ++i) {
      const ast::Expr* arg = c->args[i];
      if (local_of(arg)) {
        MoveSite site;
        site.span = strip(arg)->span;
        site.clone_at = site.span;
        site.has_clone_at = true;
        if (sig != nullptr && sig->item != nullptr) {
          site.kind = SiteKind::FnArg;
          site.callee = sig;
          site.param = i;  // `Type::method(x, …)` counts `self` as a parameter too
        }
        place(arg, Use::Move, site);
      } else {
        eval(arg, Use::Move);
      }
    }
  }

  Use receiver_mode(const ast::MethodCallExpr* m, const FnSig** sig) const {
    const Resolution& r = program_.node_res[m->id];
    if (r.kind == ResKind::Fn && r.index < program_.fns.size()) {
      *sig = &program_.fns[r.index];
      switch ((*sig)->self_kind) {
        case ast::SelfKind::Value: case ast::SelfKind::MutValue: return Use::Move;
        case ast::SelfKind::RefMut: return Use::MutBorrow;
        default: return Use::Borrow;
      }
    }
    const std::string_view n = m->name;
    const TypeId t = type_of(m->receiver);
    TypeKind k = t != 0 ? program_.types.kind(t) : TypeKind::Error;
    if ((k == TypeKind::Option || k == TypeKind::Result) &&
        (n == "unwrap" || n == "expect" || n == "unwrap_or" || n == "ok" || n == "err" || n == "map_err")) {
      return Use::Move;
    }
    if (n == "push" || n == "push_str" || n == "pop" || n == "clear" || n == "insert" || n == "remove" ||
        n == "recv" || n == "read_line" || n == "write_all") {
      return Use::MutBorrow;
    }
    return Use::Borrow;
  }

  void method_call(const ast::MethodCallExpr* m) {
    const FnSig* sig = nullptr;
    const Use mode = receiver_mode(m, &sig);
    if (is_place(m->receiver)) {
      // rustc blames the call only when the receiver moves straight into it, i.e. when no
      // argument needs evaluating first; otherwise the receiver's own move into a temporary.
      bool simple_args = true;
      for (const ast::Expr* a : m->args) {
        const ast::Expr* x = strip(a);
        if (x->kind != ast::NodeKind::PathExpr && x->kind != ast::NodeKind::IntLitExpr &&
            x->kind != ast::NodeKind::StrLitExpr && x->kind != ast::NodeKind::BoolLitExpr &&
            x->kind != ast::NodeKind::CharLitExpr && x->kind != ast::NodeKind::FloatLitExpr) {
          simple_args = false;
        }
      }
      MoveSite site;
      site.kind = simple_args ? SiteKind::MethodSelf : SiteKind::Plain;
      site.span = simple_args ? source::Span{m->name_span.begin, m->span.end} : strip(m->receiver)->span;
      site.receiver = strip(m->receiver)->span;
      site.callee = sig;
      site.clone_at = strip(m->receiver)->span;
      site.has_clone_at = true;
      place(m->receiver, mode, site);
    } else {
      eval(m->receiver, Use::Move);
    }
    const std::uint32_t self_params = sig != nullptr && sig->item != nullptr && sig->self_kind != ast::SelfKind::None ? 1 : 0;
    for (std::uint32_t i = 0; i < m->args.size(); ++i) {
      const ast::Expr* arg = m->args[i];
      if (local_of(arg)) {
        MoveSite site;
        site.span = strip(arg)->span;
        site.clone_at = site.span;
        site.has_clone_at = true;
        if (sig != nullptr && sig->item != nullptr) {
          site.kind = SiteKind::FnArg;
          site.callee = sig;
          site.param = i + self_params;
        }
        place(arg, Use::Move, site);
      } else {
        eval(arg, Use::Move);
      }
    }
  }

  void assign(const ast::AssignExpr* a) {
    const ast::Expr* lhs = strip(a->lhs);
    if (!state_.live) return;
    if (auto l = local_of(lhs)) {
      if (a->op != ast::AssignOp::Assign) report_moved(*l, lhs->span, Use::Read);
      if (captured(*l) && async_plain_) {
        report_async_rule(*l, a->span, "assign to");
        return;
      }
      assign_local(*l, a);
      if (a->op == ast::AssignOp::Assign) state_.moved.erase(*l);
      return;
    }
    if (lhs->kind == ast::NodeKind::FieldExpr || lhs->kind == ast::NodeKind::TupleIndexExpr) {
      std::string path;
      if (auto root = root_of(lhs, path)) {
        if (a->op != ast::AssignOp::Assign) report_moved(*root, lhs->span, Use::Read, path);
        if (captured(*root) && async_plain_) {
          report_async_rule(*root, a->span, "assign to");
          return;
        }
        check_mutable(*root, path, a->span, true);
        if (auto it = state_.moved.find(*root); it != state_.moved.end() && a->op == ast::AssignOp::Assign) {
          auto& v = it->second;
          v.erase(std::remove_if(v.begin(), v.end(),
                                 [&](const Moved& m) {
                                   const std::string& p = sites_[m.site].path;
                                   return !p.empty() && p.compare(0, path.size(), path) == 0 &&
                                          (p.size() == path.size() || p[path.size()] == '.');
                                 }),
                  v.end());
          if (v.empty()) state_.moved.erase(it);
        }
      } else {
        eval(chain_base(lhs), Use::Borrow);
      }
      return;
    }
    if (const auto* ix = ast::dyn_cast<ast::IndexExpr>(lhs)) {
      eval(ix->index, Use::Move);
      place(ix->base, Use::MutBorrow);
      return;
    }
    place(lhs, Use::Read);
  }

  void assign_local(LocalId l, const ast::AssignExpr* a) {
    const Local& loc = local(l);
    state_.uninit.erase(l);
    const bool first_init = deferred_.count(l) != 0 && state_.assigned.count(l) == 0;
    if (first_init) state_.assigned.emplace(l, a->span);
    if (!first_init || a->op != ast::AssignOp::Assign) mutated_.insert(l);
    if (loc.is_mut || is_ref_local(l) || first_init) return;
    if (!reporting_ || !mut_reported_.insert(a->span.begin).second) return;
    const std::string n = name(l);
    Diagnostic d;
    if (params_.count(l) != 0) {
      d = Diagnostic::make(Kind::AssignTwiceImmutable, "cannot assign to immutable argument `" + n + "`");
      d.primary(a->span, "cannot assign to immutable argument");
    } else {
      d = Diagnostic::make(Kind::AssignTwiceImmutable, "cannot assign twice to immutable variable `" + n + "`");
      if (deferred_.count(l) != 0) {
        const source::Span first = state_.assigned.at(l);
        if (!(first == a->span)) d.secondary(first, "first assignment to `" + n + "`");
      } else {
        d.secondary(loc.span, "first assignment to `" + n + "`");
      }
      d.primary(a->span, "cannot assign twice to immutable variable");
    }
    d.suggest("consider making this binding mutable", {loc.span.begin, loc.span.begin}, "mut ");
    sink_.emit(std::move(d));
  }

  void if_expr(const ast::IfExpr* i) {
    if (i->let_pattern != nullptr) {
      scrutinee(i->cond);
    } else {
      eval(i->cond, Use::Move);
    }
    const State cond = state_;
    bind(i->let_pattern);
    bind_from(i->let_pattern, i->cond);
    block(i->then_block);
    const State then_state = state_;
    state_ = cond;
    if (i->else_branch != nullptr) eval(i->else_branch, Use::Move);
    state_ = merge(then_state, state_);
  }

  static void mark_back_edge(State& s) {
    for (auto& [l, sites] : s.moved) {
      for (Moved& m : sites) m.back_edge = true;
    }
  }

  /// One pass over a loop from `head`: the state at the back edge, and the exits.
  State loop_pass(const ast::Expr* e, const State& head, State& exit) {
    state_ = head;
    std::string_view label;
    const ast::Block* body = nullptr;
    State cond_exit;
    cond_exit.live = false;
    if (const auto* l = ast::dyn_cast<ast::LoopExpr>(e)) {
      label = l->label.name;
      body = l->body;
    } else if (const auto* w = ast::dyn_cast<ast::WhileExpr>(e)) {
      label = w->label.name;
      body = w->body;
      if (w->let_pattern != nullptr) {
        scrutinee(w->cond);
      } else {
        eval(w->cond, Use::Move);
      }
      cond_exit = state_;
      bind(w->let_pattern);
      bind_from(w->let_pattern, w->cond);
    } else if (const auto* f = ast::dyn_cast<ast::ForExpr>(e)) {
      label = f->label.name;
      body = f->body;
      cond_exit = state_;
      bind(f->pattern);
    }
    loops_.push_back({e, label, false, {}, {}});
    block(body);
    State back = state_;
    for (const State& s : loops_.back().continues) back = merge(back, s);
    exit = cond_exit;
    for (const State& s : loops_.back().breaks) exit = merge(exit, s);
    loops_.pop_back();
    mark_back_edge(back);
    return back;
  }

  void loop(const ast::Expr* e) {
    if (const auto* f = ast::dyn_cast<ast::ForExpr>(e)) {
      if (local_of(f->iter)) {
        MoveSite site;
        site.kind = SiteKind::ForIter;
        site.span = strip(f->iter)->span;
        place(f->iter, Use::Move, site);
      } else {
        eval(f->iter, Use::Move);
      }
    }
    if (!state_.live) return;
    const State entry = state_;
    // Without reporting (inside an enclosing loop's fixpoint) a loop seen with the same entry
    // state has the same effect: replay it, so that nested loops cost linear, not exponential, time.
    std::vector<LoopCache>* cache = nullptr;
    std::vector<std::size_t> marks;
    if (!reporting_) {
      cache = &loop_cache_[e];
      for (const LoopCache& c : *cache) {
        if (!(c.entry == entry)) continue;
        for (const auto& [frame, is_break, s] : c.escapes) (is_break ? loops_[frame].breaks : loops_[frame].continues).push_back(s);
        state_ = c.exit;
        return;
      }
      for (const LoopFrame& f : loops_) {
        marks.push_back(f.breaks.size());
        marks.push_back(f.continues.size());
      }
    }
    State head = entry;
    State exit;
    const bool saved = reporting_;
    reporting_ = false;
    for (int i = 0; i < 16; ++i) {
      const State back = loop_pass(e, head, exit);
      const State next = merge(entry, back);
      if (next == head) break;
      head = next;
    }
    reporting_ = saved;
    loop_pass(e, head, exit);
    state_ = exit;
    if (cache != nullptr && cache->size() < 8) {
      LoopCache c{entry, exit, {}};
      for (std::size_t i = 0; i * 2 < marks.size() && i < loops_.size(); ++i) {
        for (std::size_t j = marks[2 * i]; j < loops_[i].breaks.size(); ++j) c.escapes.emplace_back(i, true, loops_[i].breaks[j]);
        for (std::size_t j = marks[2 * i + 1]; j < loops_[i].continues.size(); ++j) c.escapes.emplace_back(i, false, loops_[i].continues[j]);
      }
      cache->push_back(std::move(c));
    }
  }

  struct LoopCache {
    State entry, exit;
    std::vector<std::tuple<std::size_t, bool, State>> escapes;  // breaks/continues out of the loop
  };
  std::unordered_map<const ast::Expr*, std::vector<LoopCache>> loop_cache_;

  void macro(const ast::MacroExpr* m) {
    std::uint32_t first_format = 0;
    switch (m->macro) {
      case ast::MacroKind::Vec:
        for (const ast::Expr* a : m->args) eval(a, Use::Move);
        return;
      case ast::MacroKind::Assert:
        if (!m->args.empty()) eval(m->args[0], Use::Move);
        first_format = 1;
        break;
      case ast::MacroKind::AssertEq:
      case ast::MacroKind::AssertNe:
        for (std::uint32_t i = 0; i < 2 && i < m->args.size(); ++i) place(m->args[i], Use::Borrow);
        first_format = 2;
        break;
      default:
        break;
    }
    // Format arguments are borrowed: the format string, then its arguments.
    for (std::uint32_t i = first_format + 1; i < m->args.size(); ++i) place(m->args[i], Use::Borrow);
    if (first_format < m->args.size()) {
      const ast::Expr* fmt = m->args[first_format];
      for (LocalId l : program_.captures[m->id]) use_local(l, inline_arg_span(fmt, local(l).name), Use::Borrow);
    }
  }

  /// The name inside `{x}` of a format string (or the string when not found).
  source::Span inline_arg_span(const ast::Expr* fmt, std::string_view n) const {
    const std::string_view text = text_of(sink_, fmt->span);
    std::size_t from = 0;
    while ((from = text.find('{', from)) != std::string_view::npos) {
      if (from + 1 < text.size() && text[from + 1] == '{') {
        from += 2;
        continue;
      }
      if (text.compare(from + 1, n.size(), n) == 0) {
        const std::size_t after = from + 1 + n.size();
        if (after < text.size() && (text[after] == '}' || text[after] == ':')) {
          const auto b = fmt->span.begin + static_cast<std::uint32_t>(from + 1);
          return {b, b + static_cast<std::uint32_t>(n.size())};
        }
      }
      ++from;
    }
    return fmt->span;
  }

  void async_block(const ast::AsyncBlockExpr* e) {
    const auto& caps = program_.captures[e->id];
    State inner = state_;
    if (e->is_move) {
      const source::Span kw = async_keywords(e);
      for (LocalId l : caps) {
        MoveSite site;
        site.kind = SiteKind::AsyncMove;
        site.span = kw;
        site.inner_use = first_use(e->block, l);
        use_local(l, kw, Use::Move, site);
        inner.moved.erase(l);
      }
    }
    // The block's body is a body of its own: its loops, its captures.
    const State outer = state_;
    std::vector<LoopFrame> saved_loops;
    const std::size_t saved_base = loop_base_;
    loop_base_ = loops_.size();
    const ast::AsyncBlockExpr* saved_async = async_;
    const bool saved_plain = async_plain_;
    async_ = e;
    async_plain_ = !e->is_move;
    state_ = inner;
    state_.live = true;
    block(e->block);
    async_ = saved_async;
    async_plain_ = saved_plain;
    loop_base_ = saved_base;
    state_ = outer;
  }

  /// The first use of `l` inside `block`, by source position.
  source::Span first_use(const ast::Block* body, LocalId l) const {
    source::Span best{};
    visit_block(body, [&](const ast::Node* n) {
      if (n->kind == ast::NodeKind::PathExpr) {
        const Resolution& r = program_.node_res[n->id];
        if (r.kind == ResKind::Local && r.index == l && (best.end == 0 || n->span.begin < best.begin)) best = n->span;
      }
      return true;
    });
    return best;
  }

  void block(const ast::Block* b) {
    for (const ast::Stmt* s : b->stmts) {
      if (!state_.live) return;
      if (const auto* let = ast::dyn_cast<ast::LetStmt>(s)) {
        if (let->init == nullptr) {
          if (const auto* p = ast::dyn_cast<ast::IdentPat>(let->pattern)) {
            const Resolution& r = program_.node_res[p->id];
            if (r.kind == ResKind::Local) {
              bind(let->pattern);
              state_.uninit.insert(r.index);
              continue;
            }
          }
        }
        const bool destructures = let->pattern->kind != ast::NodeKind::IdentPat;
        if (let->init != nullptr) {
          if (destructures && is_place(let->init)) {
            scrutinee(let->init);  // `let (a, b) = pair;` moves the fields it binds
          } else {
            eval(let->init, Use::Move);
          }
        }
        bind(let->pattern);
        if (let->init != nullptr && destructures) bind_from(let->pattern, let->init);
      } else if (const auto* es = ast::dyn_cast<ast::ExprStmt>(s)) {
        eval(es->expr, Use::Move);
      }
    }
    if (b->tail != nullptr && state_.live) eval(b->tail, Use::Move);
  }

  void walk_body(const ast::Block* b) {
    state_ = State{};
    block(b);
  }

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
};

}  // namespace

void check_moves(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink,
                 const std::vector<LocalId>& fn_locals, LintNotes& notes) {
  MoveChecker(fn, program, sink, notes).run(fn_locals);
}

}  // namespace asyncc::sema::checks
