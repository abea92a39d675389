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

#include "compiler/sema/move_checker.hpp"

namespace asyncc::sema::checks::moves {

using diag::Diagnostic;
using diag::Kind;

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

void MoveChecker::run(const std::vector<LocalId>& fn_locals) {
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
  auto note_binding = [&](const ast::Node* n) {
    if (const auto* p = ast::dyn_cast<ast::IdentPat>(n)) {
      const Resolution& r = program_.node_res[p->id];
      if (r.kind == ResKind::Local) binding_spans_.emplace(r.index, source::Span{p->span.begin, p->name_span.end});
    }
    return true;
  };
  for (const ast::Param& p : fn_.params) {
    if (p.pattern != nullptr) visit(p.pattern, note_binding);
  }
  visit_block(fn_.body, note_binding);
  const std::size_t errors = sink_.error_count();
  walk_body(fn_.body);
  flush();
  if (sink_.error_count() == errors) report_unused_mut();
}

bool MoveChecker::is_ref_local(LocalId l) const {
  if (program_.types.kind(local(l).type) == TypeKind::Ref) return true;
  return l == self_local_ && (self_kind_ == ast::SelfKind::Ref || self_kind_ == ast::SelfKind::RefMut);
}

const ast::Expr* MoveChecker::strip(const ast::Expr* e) {
  while (const auto* p = ast::dyn_cast<ast::ParenExpr>(e)) e = p->inner;
  return e;
}

std::optional<LocalId> MoveChecker::local_of(const ast::Expr* e) const {
  e = strip(e);
  if (e->kind != ast::NodeKind::PathExpr) return std::nullopt;
  const Resolution& r = program_.node_res[e->id];
  if (r.kind != ResKind::Local) return std::nullopt;
  return r.index;
}

std::optional<LocalId> MoveChecker::root_of(const ast::Expr* e, std::string& path) const {
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

const ast::Expr* MoveChecker::chain_base(const ast::Expr* e) {
  for (;;) {
    e = strip(e);
    if (const auto* f = ast::dyn_cast<ast::FieldExpr>(e)) { e = f->base; continue; }
    if (const auto* t = ast::dyn_cast<ast::TupleIndexExpr>(e)) { e = t->base; continue; }
    return e;
  }
}

bool MoveChecker::captured(LocalId l) const {
  if (async_ == nullptr) return false;
  const auto& caps = program_.captures[async_->id];
  return std::find(caps.begin(), caps.end(), l) != caps.end();
}

source::Span MoveChecker::async_keywords(const ast::AsyncBlockExpr* e) const {
  source::Span s{e->span.begin, e->block->span.begin};
  const std::string_view text = text_of(sink_, s);
  std::size_t n = text.size();
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' || text[n - 1] == '\r')) --n;
  s.end = s.begin + static_cast<std::uint32_t>(n);
  return s;
}

source::Span MoveChecker::loop_header(const ast::Expr* loop) const {
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

const ast::Expr* MoveChecker::current_loop() const {
  for (std::size_t i = loops_.size(); i-- > loop_base_;) {
    if (!loops_[i].is_block) return loops_[i].node;
  }
  return nullptr;
}

void MoveChecker::collect_deferred(const ast::Block* body) {
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

std::uint32_t MoveChecker::add_site(MoveSite site) {
  site.loop = current_loop();
  const auto key = std::make_tuple(site.span.begin, site.span.end, site.inner_use.begin);
  if (auto it = site_ids_.find(key); it != site_ids_.end()) return it->second;
  sites_.push_back(site);
  const auto id = static_cast<std::uint32_t>(sites_.size() - 1);
  site_ids_.emplace(key, id);
  return id;
}

void MoveChecker::use_local(LocalId l, source::Span span, Use how, MoveSite site) {
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

void MoveChecker::place(const ast::Expr* e, Use how, MoveSite site) {
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
        check_mutable(*root, path, mut_borrow_span_.end != 0 ? mut_borrow_span_ : e->span, false);
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

void MoveChecker::after(const ast::Expr* e) {
  const TypeId t = type_of(e);
  if (t != 0 && program_.types.kind(t) == TypeKind::Never) state_.live = false;
}

bool MoveChecker::is_place(const ast::Expr* e) const {
  e = strip(e);
  return e->kind == ast::NodeKind::PathExpr || e->kind == ast::NodeKind::FieldExpr ||
         e->kind == ast::NodeKind::TupleIndexExpr || e->kind == ast::NodeKind::IndexExpr;
}

void MoveChecker::eval(const ast::Expr* e, Use how) {
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

void MoveChecker::bind(const ast::Pattern* pattern) {
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

void MoveChecker::scrutinee(const ast::Expr* e) {
  if (is_place(e)) {
    place(e, Use::Read);
  } else {
    eval(e, Use::Move);
  }
}

void MoveChecker::bind_from(const ast::Pattern* pattern, const ast::Expr* scrut) {
  if (pattern == nullptr || scrut == nullptr || !is_place(scrut) || !state_.live) return;
  std::string path;
  auto root = root_of(scrut, path);
  if (!root || is_ref_local(*root)) return;
  moving_bindings(pattern, path, *root);
}

void MoveChecker::moving_bindings(const ast::Pattern* p, const std::string& path, LocalId root) {
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

LoopFrame* MoveChecker::target(std::string_view label, bool is_break) {
  for (std::size_t i = loops_.size(); i-- > loop_base_;) {
    LoopFrame& f = loops_[i];
    if (label.empty() ? !f.is_block : f.label == label) return (!is_break && f.is_block) ? nullptr : &f;
  }
  return nullptr;
}

// Arguments are moved into the callee; `first_param` is the declared parameter of args[0].
void MoveChecker::move_args(const ast::List<ast::Expr*>& args, const FnSig* sig, std::uint32_t first_param) {
  for (std::uint32_t i = 0; i < args.size(); ++i) {
    const ast::Expr* arg = args[i];
    if (local_of(arg)) {
      MoveSite site;
      site.span = strip(arg)->span;
      site.clone_at = site.span;
      site.has_clone_at = true;
      if (sig != nullptr && sig->item != nullptr) {
        site.kind = SiteKind::FnArg;
        site.callee = sig;
        site.param = i + first_param;
      }
      place(arg, Use::Move, site);
    } else {
      eval(arg, Use::Move);
    }
  }
}

void MoveChecker::call(const ast::CallExpr* c) {
  const Resolution& r = program_.node_res[c->id];
  if (r.kind == ResKind::Local || program_.node_res[c->callee->id].kind == ResKind::Local) {
    eval(c->callee, Use::Borrow);
  }
  const FnSig* sig = r.kind == ResKind::Fn && r.index < program_.fns.size() ? &program_.fns[r.index] : nullptr;
  move_args(c->args, sig, 0);  // `Type::method(x, …)` counts `self` as a parameter too
}

Use MoveChecker::receiver_mode(const ast::MethodCallExpr* m, const FnSig** sig) const {
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

void MoveChecker::method_call(const ast::MethodCallExpr* m) {
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
  move_args(m->args, sig, self_params);
}

void MoveChecker::assign(const ast::AssignExpr* a) {
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

void MoveChecker::if_expr(const ast::IfExpr* i) {
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

void MoveChecker::mark_back_edge(State& s) {
  for (auto& [l, sites] : s.moved) {
    for (Moved& m : sites) m.back_edge = true;
  }
}

State MoveChecker::loop_pass(const ast::Expr* e, const State& head, State& exit) {
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

void MoveChecker::loop(const ast::Expr* e) {
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

void MoveChecker::macro(const ast::MacroExpr* m) {
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

source::Span MoveChecker::inline_arg_span(const ast::Expr* fmt, std::string_view n) const {
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

void MoveChecker::async_block(const ast::AsyncBlockExpr* e) {
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

source::Span MoveChecker::first_use(const ast::Block* body, LocalId l) const {
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

void MoveChecker::block(const ast::Block* b) {
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

void MoveChecker::walk_body(const ast::Block* b) {
  state_ = State{};
  block(b);
}

}  // namespace asyncc::sema::checks::moves

namespace asyncc::sema::checks {

void check_moves(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink,
                 const std::vector<LocalId>& fn_locals, LintNotes& notes) {
  moves::MoveChecker(fn, program, sink, notes).run(fn_locals);
}

}  // namespace asyncc::sema::checks
