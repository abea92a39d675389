// Building a Body's control-flow graph from the typed AST (the rules are in lower.cpp's top
// comment). Expressions are lowered with destination passing: lower_expr(e, dest) either stores
// e's value into `dest` itself (and says Stored) or returns an operand the caller stores.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "compiler/lower/builder.hpp"

namespace asyncc::lower {

namespace detail {

// Method calls on prelude values that have no effect other than their value.
const std::unordered_set<std::string_view> pure_methods = {
    "len",      "is_empty", "is_some", "is_none", "is_ok", "is_err",  "clone", "to_string", "as_str",
    "trim",     "contains", "starts_with", "ends_with", "send", "recv", "abs", "min", "max",
    "local_port", "kind", "accept", "read_line", "write_all", "iter"};

void Builder::build() {
  cur_ = new_block();
  scopes_.emplace_back();
  if (b_.kind == BodyKind::AsyncBlock) {
    const auto& caps = p_.captures[b_.block->id];
    for (sema::LocalId l : caps) {
      const sema::Local& local = p_.locals[l];
      SlotId s = new_slot(std::string(local.name), local.type, SlotKind::Capture);
      b_.slots[s].local = l;
      b_.slots[s].by_ref = !b_.block->is_move && !p_.is_copy(local.type);
      if (b_.slots[s].by_ref) b_.slots[s].trivial = true;
      local_slot_[l] = s;
      b_.params.push_back(s);
      declare(s);
    }
  } else {
    std::vector<std::pair<const Param*, SlotId>> destructured;
    for (const Param& param : b_.fn->params) {
      if (param.self_kind != SelfKind::None && b_.sig) {
        SlotId s = new_slot("self", b_.sig->self_type, SlotKind::Param);
        for (sema::LocalId l = 0; l < p_.locals.size(); ++l) {
          if (p_.locals[l].name == "self" && p_.locals[l].span == param.span) {
            b_.slots[s].local = l;
            local_slot_[l] = s;
          }
        }
        if (b_.kind == BodyKind::SyncFn) b_.slots[s].storage = Storage::Arg;
        b_.params.push_back(s);
        if (b_.kind != BodyKind::SyncFn) declare(s);
        continue;
      }
      const auto* ident = dyn_cast<IdentPat>(param.pattern);
      const bool whole = ident && !ident->sub;
      // A destructuring parameter (`(a, b): (i32, i32)`) arrives whole as `argN`, then is bound.
      const std::string name = whole ? std::string(ident->name) : "arg" + std::to_string(b_.params.size());
      const sema::Resolution& r = whole ? p_.res_of(ident) : sema::Resolution{};
      sema::TypeId t = p_.type_of(param.pattern);
      SlotId s = new_slot(name, t, SlotKind::Param);
      if (!whole) destructured.emplace_back(&param, s);
      if (r.kind == ResKind::Local) {
        b_.slots[s].local = r.index;
        local_slot_[r.index] = s;
      }
      if (b_.kind == BodyKind::SyncFn) b_.slots[s].storage = Storage::Arg;
      b_.params.push_back(s);
      if (b_.kind != BodyKind::SyncFn) declare(s);
    }
    for (const auto& [param, s] : destructured) {
      if (param->pattern->kind != NodeKind::WildPat) bind_pattern(param->pattern, s, {}, param->span);
    }
  }
  const Block* block = b_.kind == BodyKind::AsyncBlock ? b_.block->block : b_.fn->body;
  Operand value = lower_block(block, no_slot);
  finish_return(value, block->tail ? block->tail->span : Span{block->span.end - 1, block->span.end});
  b_.slot_of_local = local_slot_;
}

SlotId Builder::new_slot(std::string name, sema::TypeId type, SlotKind kind) {
  name = safe_identifier(name);
  std::string unique = name;
  for (int n = 2; used_names_.count(unique); ++n) unique = name + "_" + std::to_string(n);
  used_names_.insert(unique);
  Slot s;
  s.name = unique;
  s.type = type;
  s.kind = kind;
  s.trivial = is_trivial_type(p_, type);
  b_.slots.push_back(std::move(s));
  return static_cast<SlotId>(b_.slots.size() - 1);
}

BlockId Builder::new_block() {
  b_.blocks.emplace_back();
  return static_cast<BlockId>(b_.blocks.size() - 1);
}

void Builder::terminate(Terminator t) {
  cur().term = std::move(t);
}

void Builder::goto_block(BlockId target, Span span) {
  Terminator t;
  t.kind = TermKind::Goto;
  t.target = target;
  t.span = span;
  terminate(std::move(t));
}

void Builder::declare(SlotId s) {
  if (!b_.slots[s].trivial) scopes_.back().push_back(s);
}

void Builder::add_uses(const Operand& op, std::vector<SlotId>& uses, std::vector<SlotId>* consumed) {
  switch (op.kind) {
    case Operand::Kind::Slot:
    case Operand::Kind::PatTest:
    case Operand::Kind::IsOk:
    case Operand::Kind::Residual:
    case Operand::Kind::Payload:
    case Operand::Kind::InRange:
    case Operand::Kind::HasItem:
    case Operand::Kind::Item:
      uses.push_back(op.slot);
      if (op.aux != no_slot) uses.push_back(op.aux);
      if (consumed && op.kind == Operand::Kind::Slot && is_temp(op.slot)) consumed->push_back(op.slot);
      break;
    case Operand::Kind::Expr: expr_uses(op.expr, uses, consumed); break;
    default: break;
  }
}

void Builder::expr_uses(const Expr* e, std::vector<SlotId>& uses, std::vector<SlotId>* consumed) {
  if (auto it = b_.evaluated.find(e->id); it != b_.evaluated.end()) {
    if (it->second < b_.slots.size()) {
      uses.push_back(it->second);
      if (consumed && is_temp(it->second)) consumed->push_back(it->second);
    }
    return;
  }
  if (e->kind == NodeKind::PathExpr) {
    const sema::Resolution& r = p_.res_of(e);
    if (r.kind == ResKind::Local) {
      if (auto it = local_slot_.find(r.index); it != local_slot_.end()) uses.push_back(it->second);
    }
    return;
  }
  if (auto* blk = dyn_cast<AsyncBlockExpr>(e)) {
    for (sema::LocalId l : p_.captures[blk->id]) {
      if (auto it = local_slot_.find(l); it != local_slot_.end()) uses.push_back(it->second);
    }
    return;
  }
  if (auto* m = dyn_cast<MacroExpr>(e); m && m->id < p_.captures.size()) {
    // The locals its format string names inline (`{x}`, `{:w$}`) are read too.
    for (sema::LocalId l : p_.captures[m->id]) {
      if (auto it = local_slot_.find(l); it != local_slot_.end()) uses.push_back(it->second);
    }
  }
  for_each_operand(e, [&](const Expr* sub) { expr_uses(sub, uses, consumed); });
}

Inst& Builder::emit(InstKind kind, Span span) {
  Inst inst;
  inst.kind = kind;
  inst.span = span;
  cur().insts.push_back(std::move(inst));
  return cur().insts.back();
}

void Builder::emit_init(SlotId dest, const Operand& op, Span span) {
  Inst& i = emit(InstKind::Init, span);
  i.dest = dest;
  i.value = op;
  add_uses(op, i.uses, &i.consumed);
  if (op.kind == Operand::Kind::Expr) {
    if (SlotId x = moved_local(op.expr); x != no_slot) i.moves.push_back(x);  // `let y = x;`
    collect_moves(op.expr, i.moves);
  }
}

SlotId Builder::moved_local(const Expr* e) {
  while (auto* paren = dyn_cast<ParenExpr>(e)) e = paren->inner;
  if (b_.evaluated.count(e->id)) return no_slot;
  SlotId x = local_place(e);
  if (x == no_slot || b_.slots[x].trivial || p_.is_copy(b_.slots[x].type) || b_.slots[x].storage == Storage::Arg) {
    return no_slot;
  }
  return x;
}

void Builder::collect_moves(const Expr* e, std::vector<SlotId>& out) {
  if (b_.evaluated.count(e->id) || e->kind == NodeKind::AsyncBlockExpr) return;
  auto arg = [&](const Expr* a) {
    if (SlotId x = moved_local(a); x != no_slot) out.push_back(x);
  };
  if (auto* c = dyn_cast<CallExpr>(e)) {
    for (Expr* a : c->args) arg(a);
  } else if (auto* m = dyn_cast<MethodCallExpr>(e)) {
    for (Expr* a : m->args) arg(a);
  } else if (auto* lit = dyn_cast<StructLitExpr>(e)) {
    for (const FieldInit& f : lit->fields) arg(f.value);
  } else if (auto* t = dyn_cast<TupleExpr>(e)) {
    for (Expr* x : t->elems) arg(x);
  }
  for_each_operand(e, [&](const Expr* sub) { collect_moves(sub, out); });
}

void Builder::emit_eval(const Operand& op, Span span) {
  if (op.kind == Operand::Kind::None || op.kind == Operand::Kind::Stored) return;
  if (op.kind == Operand::Kind::Slot) {
    if (is_temp(op.slot)) emit_drop(op.slot, span);
    return;
  }
  Inst& i = emit(InstKind::Eval, span);
  i.value = op;
  add_uses(op, i.uses, &i.consumed);
  if (op.kind == Operand::Kind::Expr) collect_moves(op.expr, i.moves);
}

void Builder::emit_drop(SlotId s, Span span) {
  if (b_.slots[s].trivial) return;
  Inst& i = emit(InstKind::Drop, span);
  i.dest = s;
  i.uses.push_back(s);
}

void Builder::pop_scope(Span span) {
  std::vector<SlotId> slots = std::move(scopes_.back());
  scopes_.pop_back();
  for (auto it = slots.rbegin(); it != slots.rend(); ++it) emit_drop(*it, span);
}

void Builder::drop_scopes_to(std::size_t depth, Span span) {
  for (std::size_t i = scopes_.size(); i-- > depth;) {
    for (auto it = scopes_[i].rbegin(); it != scopes_[i].rend(); ++it) emit_drop(*it, span);
  }
}

void Builder::finish_return(const Operand& value, Span span) {
  if (value.kind == Operand::Kind::Slot || value.kind == Operand::Kind::Expr) {
    Inst& i = emit(InstKind::StoreReturn, span);
    i.value = value;
    add_uses(value, i.uses, &i.consumed);
    if (value.kind == Operand::Kind::Expr) {
      if (SlotId x = moved_local(value.expr); x != no_slot) i.moves.push_back(x);
      collect_moves(value.expr, i.moves);
    }
  }
  drop_scopes_to(0, span);
  Terminator t;
  t.kind = TermKind::Return;
  t.span = span;
  terminate(std::move(t));
}

bool Builder::impure(const Expr* e) {
  if (auto it = impure_memo_.find(e->id); it != impure_memo_.end()) return it->second;
  bool result = false;
  switch (e->kind) {
    case NodeKind::CallExpr: {
      auto* c = static_cast<const CallExpr*>(e);
      const sema::Resolution& r = p_.res_of(c->callee);
      result = r.kind == ResKind::Fn ||
               (r.kind == ResKind::Prelude && (r.index == static_cast<std::uint32_t>(sema::PreludeItem::Spawn) ||
                                               r.index == static_cast<std::uint32_t>(sema::PreludeItem::Drop) ||
                                               r.index == static_cast<std::uint32_t>(sema::PreludeItem::BlockOn)));
      break;
    }
    case NodeKind::MethodCallExpr:
      result = p_.res_of(e).kind == ResKind::Fn ||
               !pure_methods.count(static_cast<const MethodCallExpr*>(e)->name);
      break;
    case NodeKind::MacroExpr: result = static_cast<const MacroExpr*>(e)->macro != MacroKind::Vec; break;
    case NodeKind::AssignExpr: result = true; break;
    default: break;
  }
  if (!result) for_each_operand(e, [&](const Expr* sub) { result = result || impure(sub); });
  impure_memo_[e->id] = result;
  return result;
}

bool Builder::is_leaf(const Expr* e) {
  if (auto it = leaf_memo_.find(e->id); it != leaf_memo_.end()) return it->second;
  bool result = true;
  switch (e->kind) {
    case NodeKind::AwaitExpr: case NodeKind::TryExpr: case NodeKind::BlockExpr: case NodeKind::IfExpr:
    case NodeKind::WhileExpr: case NodeKind::LoopExpr: case NodeKind::ForExpr: case NodeKind::MatchExpr:
    case NodeKind::BreakExpr: case NodeKind::ContinueExpr: case NodeKind::ReturnExpr:
      result = false;
      break;
    case NodeKind::AsyncBlockExpr: {
      auto* blk = static_cast<const AsyncBlockExpr*>(e);
      if (std::find(found_.begin(), found_.end(), blk) == found_.end()) found_.push_back(blk);
      result = true;
      break;
    }
    default: {
      int effects = 0;
      for_each_operand(e, [&](const Expr* sub) {
        if (!is_leaf(sub)) result = false;
        if (impure(sub)) ++effects;
      });
      if (effects > 1) result = false;
    }
  }
  leaf_memo_[e->id] = result;
  return result;
}

void Builder::lower_into(const Expr* e, SlotId dest) {
  Operand op = lower_expr(e, dest);
  if (dest == no_slot) {
    emit_eval(op, e->span);
  } else if (op.kind == Operand::Kind::Slot || op.kind == Operand::Kind::Expr || op.kind == Operand::Kind::PatTest) {
    emit_init(dest, op, e->span);
  }
}

SlotId Builder::lower_to_slot(const Expr* e) {
  Operand op = lower_expr(e, no_slot);
  if (op.kind == Operand::Kind::Slot) return op.slot;
  if (op.kind == Operand::Kind::None || op.kind == Operand::Kind::Stored) return no_slot;
  SlotId t = new_temp(type_of(e));
  emit_init(t, op, e->span);
  return t;
}

SlotId Builder::local_place(const Expr* e) {
  while (auto* paren = dyn_cast<ParenExpr>(e)) e = paren->inner;
  if (e->kind != NodeKind::PathExpr) return no_slot;
  const sema::Resolution& r = p_.res_of(e);
  if (r.kind != ResKind::Local) return no_slot;
  auto it = local_slot_.find(r.index);
  if (it == local_slot_.end() || b_.slots[it->second].by_ref) return no_slot;
  return it->second;
}

Operand Builder::lower_expr(const Expr* e, SlotId dest) {
  const sema::TypeId t = type_of(e);
  if (is_leaf(e)) {
    if (is_never(t)) {
      emit_eval(Operand::of_expr(e), e->span);
      Terminator term;
      term.kind = TermKind::Unreachable;
      term.span = e->span;
      terminate(std::move(term));
      start_dead_block();
      return Operand::none();
    }
    if (is_unit(t) && !(e->kind == NodeKind::TupleExpr)) {
      emit_eval(Operand::of_expr(e), e->span);
      return Operand::none();
    }
    if (is_unit(t)) return Operand::none();
    return Operand::of_expr(e);
  }
  switch (e->kind) {
    case NodeKind::ParenExpr: return lower_expr(static_cast<const ParenExpr*>(e)->inner, dest);
    case NodeKind::BlockExpr: {
      auto* blk = static_cast<const BlockExpr*>(e);
      if (!blk->label.name.empty()) return lower_labelled_block(blk, dest);
      return lower_block(blk->block, dest);
    }
    case NodeKind::IfExpr: return lower_if(static_cast<const IfExpr*>(e), dest);
    case NodeKind::WhileExpr: return lower_while(static_cast<const WhileExpr*>(e));
    case NodeKind::LoopExpr: return lower_loop(static_cast<const LoopExpr*>(e), dest);
    case NodeKind::ForExpr: return lower_for(static_cast<const ForExpr*>(e));
    case NodeKind::MatchExpr: return lower_match(static_cast<const MatchExpr*>(e), dest);
    case NodeKind::AwaitExpr: return lower_await(static_cast<const AwaitExpr*>(e), dest);
    case NodeKind::TryExpr: return lower_try(static_cast<const TryExpr*>(e), dest);
    case NodeKind::ReturnExpr: {
      auto* r = static_cast<const ReturnExpr*>(e);
      Operand v = r->value ? lower_expr(r->value, no_slot) : Operand::none();
      finish_return(v, e->span);
      start_dead_block();
      return Operand::none();
    }
    case NodeKind::BreakExpr: case NodeKind::ContinueExpr: return lower_jump(e);
    case NodeKind::BinaryExpr: {
      auto* bin = static_cast<const BinaryExpr*>(e);
      if ((bin->op == BinaryOp::And || bin->op == BinaryOp::Or) && !is_leaf(bin->rhs)) return lower_short_circuit(bin, dest);
      return lower_operands(e);
    }
    default: return lower_operands(e);
  }
}

Operand Builder::lower_operands(const Expr* e) {
  std::vector<const Expr*> ops;
  for_each_operand(e, [&](const Expr* sub) { ops.push_back(sub); });
  std::size_t last = ops.size();
  for (std::size_t i = ops.size(); i-- > 0;) {
    if (!is_leaf(ops[i]) || impure(ops[i])) {
      last = i;
      break;
    }
  }
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Expr* sub = ops[i];
    const bool effect = !is_leaf(sub) || impure(sub);
    if (!effect || (i == last && is_leaf(sub))) continue;
    if (!has_value(type_of(sub))) {
      lower_into(sub, no_slot);
      b_.evaluated[sub->id] = unit_value;
      continue;
    }
    if (i == last && keeps_place(e, sub)) {
      Operand op = lower_expr(sub, no_slot);
      if (op.kind == Operand::Kind::Slot) b_.evaluated[sub->id] = op.slot;
      continue;
    }
    SlotId s = lower_to_slot(sub);
    if (s != no_slot) b_.evaluated[sub->id] = s;
  }
  return Operand::of_expr(e);
}

bool Builder::keeps_place(const Expr*, const Expr* sub) {
  return sub->kind != NodeKind::AwaitExpr && sub->kind != NodeKind::TryExpr;
}

Operand Builder::result_of(SlotId dest, SlotId made) {
  if (made == no_slot) return Operand::none();
  return made == dest ? Operand::stored() : Operand::of_slot(made);
}

Operand Builder::lower_block(const Block* block, SlotId dest) {
  scopes_.emplace_back();
  for (Stmt* s : block->stmts) lower_stmt(s);
  Operand value = Operand::none();
  if (block->tail) {
    const sema::TypeId t = type_of(block->tail);
    if (dest != no_slot && has_value(t)) {
      lower_into(block->tail, dest);
      value = Operand::stored();
    } else {
      value = lower_expr(block->tail, no_slot);
      if (value.kind == Operand::Kind::Expr && !scopes_.back().empty()) {
        SlotId tmp = new_temp(t);
        emit_init(tmp, value, block->tail->span);
        value = Operand::of_slot(tmp);
      }
    }
  }
  pop_scope(Span{block->span.end > 0 ? block->span.end - 1 : 0, block->span.end});
  return value;
}

void Builder::lower_stmt(const Stmt* s) {
  if (auto* let = dyn_cast<LetStmt>(s)) {
    lower_let(let);
  } else if (auto* es = dyn_cast<ExprStmt>(s)) {
    lower_into(es->expr, no_slot);
  }
}

std::string Builder::future_name(const Expr* operand) {
  while (auto* paren = dyn_cast<ParenExpr>(operand)) operand = paren->inner;
  if (auto* call = dyn_cast<CallExpr>(operand)) {
    if (auto* path = dyn_cast<PathExpr>(call->callee); path && path->path.segments.size() > 0) {
      return std::string(path->path.segments[path->path.segments.size() - 1].name) + "_future";
    }
  }
  if (auto* m = dyn_cast<MethodCallExpr>(operand)) return std::string(m->name) + "_future";
  if (auto* path = dyn_cast<PathExpr>(operand); path && path->path.segments.size() == 1) {
    return std::string(path->path.segments[0].name) + "_future";
  }
  if (operand->kind == NodeKind::AsyncBlockExpr) return "block_future";
  return "future";
}

Operand Builder::lower_await(const AwaitExpr* e, SlotId dest) {
  Operand op = lower_expr(e->operand, no_slot);
  SlotId fut = new_slot(future_name(e->operand), type_of(e->operand), SlotKind::Future);
  emit_init(fut, op, e->span);
  // `x.await` moves the future out of the local `x`: x's own drop may be elided (moves.cpp).
  if (SlotId x = local_place(e->operand); x != no_slot && !b_.slots[x].trivial && !p_.is_copy(b_.slots[x].type)) {
    cur().insts.back().moves.push_back(x);
  }
  SuspensionPoint sp;
  sp.future = fut;
  sp.await = e;
  sp.state = first_suspension_state + static_cast<std::uint32_t>(b_.suspensions.size());
  const auto index = static_cast<std::uint32_t>(b_.suspensions.size());
  BlockId resume = new_block();
  sp.resume = resume;
  Terminator t;
  t.kind = TermKind::Suspend;
  t.target = resume;
  t.suspension = index;
  t.span = e->span;
  terminate(std::move(t));
  cur_ = resume;
  const sema::TypeId out_t = type_of(e);
  SlotId out = has_value(out_t) ? (dest != no_slot ? dest : new_temp(out_t)) : no_slot;
  sp.result = out;
  b_.suspensions.push_back(sp);
  Inst& poll = emit(InstKind::Poll, e->span);
  poll.dest = out;
  poll.suspension = index;
  poll.uses.push_back(fut);
  if (is_never(out_t)) {
    Terminator u;
    u.kind = TermKind::Unreachable;
    terminate(std::move(u));
    start_dead_block();
  }
  return result_of(dest, out);
}

Operand Builder::lower_try(const TryExpr* e, SlotId dest) {
  SlotId s = local_place(e->operand);
  if (s == no_slot) s = lower_to_slot(e->operand);
  if (s == no_slot) return Operand::none();
  BlockId ok = new_block(), err = new_block();
  branch(Operand::of_try(Operand::Kind::IsOk, s, e), ok, err, e->span);
  cur_ = err;
  {
    Inst& i = emit(InstKind::StoreReturn, e->span);
    i.value = Operand::of_try(Operand::Kind::Residual, s, e);
    i.uses.push_back(s);
    drop_scopes_to(0, e->span);
    if (is_temp(s)) emit_drop(s, e->span);
    Terminator t;
    t.kind = TermKind::Return;
    t.span = e->span;
    terminate(std::move(t));
  }
  cur_ = ok;
  const sema::TypeId t = type_of(e);
  if (!has_value(t)) {
    if (is_temp(s)) emit_drop(s, e->span);
    return Operand::none();
  }
  SlotId out = dest != no_slot ? dest : new_temp(t);
  Inst& i = emit(InstKind::Init, e->span);
  i.dest = out;
  i.value = Operand::of_try(Operand::Kind::Payload, s, e);
  i.uses.push_back(s);
  if (is_temp(s)) i.consumed.push_back(s);
  return result_of(dest, out);
}

}  // namespace detail

void build_body(Body& body, const sema::Program& program, std::vector<const ast::AsyncBlockExpr*>& found_blocks) {
  detail::Builder(body, program, found_blocks).build();
}

}  // namespace asyncc::lower
