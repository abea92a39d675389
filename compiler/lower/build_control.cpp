// Building a Body's control flow: `let` and pattern bindings, `if`/`if let`, `while`/
// `while let`, `loop`, `for`, `break`/`continue`, `match`, `&&`/`||` with awaits.
#include "compiler/lower/builder.hpp"

namespace asyncc::lower::detail {

void Builder::lower_let(const LetStmt* let) {
  if (auto* ident = dyn_cast<IdentPat>(let->pattern); ident && !ident->sub) {
    SlotId s = bind_slot(ident);
    if (let->init) {
      lower_into(let->init, s);
    } else if (!b_.slots[s].trivial) {
      Operand empty;
      empty.kind = Operand::Kind::Default;
      emit_init(s, empty, let->span);  // so that the later `x = …` assigns to a live object
    }
    declare(s);
    return;
  }
  if (let->pattern->kind == NodeKind::WildPat) {
    if (let->init) lower_into(let->init, no_slot);
    return;
  }
  if (!let->init) return;
  SlotId src = lower_to_slot(let->init);
  if (src == no_slot) return;
  bind_pattern(let->pattern, src, {}, let->span);
  if (is_temp(src)) emit_drop(src, let->span);
}

SlotId Builder::bind_slot(const IdentPat* ident) {
  SlotId s = new_slot(std::string(ident->name), p_.type_of(ident), SlotKind::Local);
  const sema::Resolution& r = p_.res_of(ident);
  if (r.kind == ResKind::Local) {
    b_.slots[s].local = r.index;
    local_slot_[r.index] = s;
  }
  return s;
}

void Builder::bind_pattern(const Pattern* pat, SlotId src, std::vector<Projection> path, Span span) {
  switch (pat->kind) {
    case NodeKind::IdentPat: {
      auto* ident = static_cast<const IdentPat*>(pat);
      const sema::Resolution& r = p_.res_of(ident);
      if (r.kind != ResKind::Local && r.kind != ResKind::None) return;  // a unit variant / constant
      // The alternatives of an or-pattern bind the same names into the same slots.
      auto shared = or_depth_ > 0 && r.kind == ResKind::Local ? local_slot_.find(r.index) : local_slot_.end();
      const bool fresh = shared == local_slot_.end();
      SlotId s = fresh ? bind_slot(ident) : shared->second;
      Inst& i = emit(InstKind::Bind, span);
      i.dest = s;
      i.src = src;
      i.path = path;
      i.uses.push_back(src);
      if (bind_log_ && or_depth_ == 0) bind_log_->push_back(i);
      if (fresh) declare(s);
      if (ident->sub) bind_pattern(ident->sub, src, path, span);
      return;
    }
    case NodeKind::TuplePat: {
      auto* tp = static_cast<const TuplePat*>(pat);
      const std::size_t arity = p_.types.arg_count(p_.type_of(pat));
      for (std::uint32_t k = 0; k < tp->elems.size(); ++k) {
        auto sub = path;
        sub.push_back({pat, elem_field(tp->elems, k, arity)});
        bind_pattern(tp->elems[k], src, sub, span);
      }
      return;
    }
    case NodeKind::TupleStructPat: {
      auto* tp = static_cast<const TupleStructPat*>(pat);
      const sema::Resolution& r = p_.res_of(pat);
      const bool adt = r.kind == ResKind::Struct || r.kind == ResKind::Variant;
      const std::size_t arity = adt ? p_.adts[r.index].variants[r.kind == ResKind::Variant ? r.sub : 0].field_types.size() : 1;
      for (std::uint32_t k = 0; k < tp->elems.size(); ++k) {
        auto sub = path;
        sub.push_back({pat, elem_field(tp->elems, k, arity)});
        bind_pattern(tp->elems[k], src, sub, span);
      }
      return;
    }
    case NodeKind::StructPat: {
      auto* sp = static_cast<const StructPat*>(pat);
      for (std::uint32_t k = 0; k < sp->fields.size(); ++k) {
        auto sub = path;
        sub.push_back({pat, k});
        bind_pattern(sp->fields[k].pattern, src, sub, span);
      }
      return;
    }
    case NodeKind::OrPat: {
      // `(x, 0) | (0, x)`: the first alternative that matches binds.
      auto* alts = &static_cast<const OrPat*>(pat)->alts;
      if (!binds_any(pat)) return;
      BlockId join = new_block();
      ++or_depth_;
      for (std::uint32_t k = 0; k < alts->size(); ++k) {
        if (k + 1 < alts->size()) {
          BlockId yes = new_block(), no = new_block();
          Operand test = Operand::pat_test((*alts)[k], src);
          test.path = path;
          branch(test, yes, no, span);
          cur_ = yes;
          bind_pattern((*alts)[k], src, path, span);
          goto_block(join, span);
          cur_ = no;
        } else {
          bind_pattern((*alts)[k], src, path, span);
          goto_block(join, span);
        }
      }
      --or_depth_;
      cur_ = join;
      return;
    }
    default: return;
  }
}

bool Builder::irrefutable(const Pattern* pat) {
  switch (pat->kind) {
    case NodeKind::WildPat: return true;
    case NodeKind::IdentPat: {
      auto* ident = static_cast<const IdentPat*>(pat);
      return !ident->sub || irrefutable(ident->sub);
    }
    case NodeKind::TuplePat:
      for (Pattern* e : static_cast<const TuplePat*>(pat)->elems) {
        if (!irrefutable(e)) return false;
      }
      return true;
    default: return false;
  }
}

bool Builder::binds_any(const Pattern* pat) const {
  switch (pat->kind) {
    case NodeKind::IdentPat: return binds_local(pat) || (static_cast<const IdentPat*>(pat)->sub && binds_any(static_cast<const IdentPat*>(pat)->sub));
    case NodeKind::TuplePat:
      for (const Pattern* e : static_cast<const TuplePat*>(pat)->elems) {
        if (binds_any(e)) return true;
      }
      return false;
    case NodeKind::TupleStructPat:
      for (const Pattern* e : static_cast<const TupleStructPat*>(pat)->elems) {
        if (binds_any(e)) return true;
      }
      return false;
    case NodeKind::StructPat:
      for (const auto& f : static_cast<const StructPat*>(pat)->fields) {
        if (binds_any(f.pattern)) return true;
      }
      return false;
    case NodeKind::OrPat: return binds_any(static_cast<const OrPat*>(pat)->alts[0]);
    default: return false;
  }
}

bool Builder::binds_local(const Pattern* pat) const {
  if (pat->kind != NodeKind::IdentPat) return false;
  ResKind k = p_.res_of(pat).kind;
  return k == ResKind::Local || k == ResKind::None;
}

bool Builder::pattern_irrefutable(const Pattern* pat) const {
  if (pat->kind == NodeKind::IdentPat) return binds_local(pat);
  return irrefutable(pat);
}

SlotId Builder::lower_scrutinee(const Expr* e) {
  SlotId place = local_place(e);
  if (place != no_slot) return place;
  SlotId s = lower_to_slot(e);
  if (s != no_slot && is_temp(s)) {
    // A temporary scrutinee lives until the end of the construct, like a binding.
    b_.slots[s].kind = SlotKind::Local;
    declare(s);
  }
  return s;
}

void Builder::branch(const Operand& cond, BlockId then_b, BlockId else_b, Span span) {
  Terminator t;
  t.kind = TermKind::Branch;
  t.cond = cond;
  t.target = then_b;
  t.else_target = else_b;
  t.span = span;
  add_uses(cond, t.uses, &t.consumed);
  terminate(std::move(t));
}

Operand Builder::lower_cond(const Expr* cond) {
  Operand op = lower_expr(cond, no_slot);
  return op;
}

Operand Builder::lower_if(const IfExpr* e, SlotId dest) {
  const sema::TypeId t = type_of(e);
  SlotId out = has_value(t) ? (dest != no_slot ? dest : new_temp(t)) : no_slot;
  BlockId then_b = new_block(), else_b = new_block(), join = new_block();
  scopes_.emplace_back();  // the `if let` scrutinee
  SlotId scrut = no_slot;
  if (e->let_pattern) {
    scrut = lower_scrutinee(e->cond);
    if (pattern_irrefutable(e->let_pattern)) goto_block(then_b, e->cond->span);
    else branch(Operand::pat_test(e->let_pattern, scrut), then_b, else_b, e->cond->span);
  } else {
    Operand c = lower_cond(e->cond);
    branch(c, then_b, else_b, e->cond->span);
  }
  cur_ = then_b;
  scopes_.emplace_back();
  if (e->let_pattern) bind_pattern(e->let_pattern, scrut, {}, e->cond->span);
  Operand v = lower_block(e->then_block, out);
  if (out != no_slot && (v.kind == Operand::Kind::Slot || v.kind == Operand::Kind::Expr))
    emit_init(out, v, e->then_block->span);
  pop_scope(e->then_block->span);
  goto_block(join, e->then_block->span);
  cur_ = else_b;
  if (e->else_branch) {
    if (out != no_slot) lower_into(e->else_branch, out);
    else lower_into(e->else_branch, no_slot);
  }
  goto_block(join, e->span);
  cur_ = join;
  pop_scope(e->span);
  return result_of(dest, out);
}

Operand Builder::lower_while(const WhileExpr* e) {
  BlockId head = new_block(), body = new_block(), exit = new_block();
  goto_block(head, e->span);
  cur_ = head;
  const std::size_t depth = scopes_.size();
  scopes_.emplace_back();  // the `while let` scrutinee of one iteration
  if (e->let_pattern) {
    SlotId scrut = lower_scrutinee(e->cond);
    BlockId no = new_block();
    branch(Operand::pat_test(e->let_pattern, scrut), body, no, e->cond->span);
    cur_ = no;
    drop_scopes_to(depth, e->cond->span);
    goto_block(exit, e->cond->span);
    cur_ = body;
    bind_pattern(e->let_pattern, scrut, {}, e->cond->span);
  } else {
    branch(lower_cond(e->cond), body, exit, e->cond->span);
    cur_ = body;
  }
  loops_.push_back({e->label.name, exit, head, no_slot, depth});
  lower_into_block(e->body);
  loops_.pop_back();
  pop_scope(e->body->span);
  goto_block(head, e->body->span);
  cur_ = exit;
  return Operand::none();
}

Operand Builder::lower_for(const ForExpr* e) {
  const std::size_t depth = scopes_.size();
  scopes_.emplace_back();  // the counter, the end, the vector
  Operand cond, item;
  SlotId step = no_slot;
  sema::TypeId elem_t = 0;
  const Expr* iter = e->iter;
  while (auto* paren = dyn_cast<ParenExpr>(iter)) iter = paren->inner;
  if (auto* range = dyn_cast<RangeExpr>(iter); range && range->lo && range->hi) {
    elem_t = type_of(range);
    SlotId next = new_slot("range_next", elem_t, SlotKind::Local);
    lower_into(range->lo, next);
    SlotId end = new_slot("range_end", elem_t, SlotKind::Local);
    lower_into(range->hi, end);
    cond.kind = Operand::Kind::InRange;
    cond.slot = next;
    cond.aux = end;
    cond.flag = range->inclusive;
    item = Operand::of_slot(next);
    step = next;
  } else {
    const Expr* vec_expr = iter;
    bool consumes = true;
    if (auto* u = dyn_cast<UnaryExpr>(vec_expr); u && (u->op == UnaryOp::Ref || u->op == UnaryOp::RefMut)) {
      vec_expr = u->operand;
      consumes = false;
    } else if (auto* m = dyn_cast<MethodCallExpr>(vec_expr); m && m->name == "iter") {
      vec_expr = m->receiver;
      consumes = false;
    }
    SlotId vec = local_place(vec_expr);
    if (vec == no_slot) {
      vec = lower_to_slot(vec_expr);
      if (vec == no_slot) return Operand::none();
      b_.slots[vec].kind = SlotKind::Local;
      declare(vec);
    }
    sema::TypeId vt = b_.slots[vec].type;
    if (p_.types.kind(vt) == TypeKind::Ref) vt = p_.types.arg(vt, 0);
    elem_t = p_.types.kind(vt) == TypeKind::Vec ? p_.types.arg(vt, 0) : p_.types.error;
    SlotId index = new_slot("index", p_.types.int_type(sema::IntKind::Usize), SlotKind::Local);
    Inst& zero = emit(InstKind::Step, e->span);  // `index = 0` is a Step with no source
    zero.dest = index;
    zero.value = Operand::none();
    cond.kind = Operand::Kind::HasItem;
    cond.slot = index;
    cond.aux = vec;
    item.kind = Operand::Kind::Item;
    item.slot = index;
    item.aux = vec;
    item.flag = consumes;
    step = index;
  }
  BlockId head = new_block(), body = new_block(), exit = new_block();
  goto_block(head, e->span);
  cur_ = head;
  branch(cond, body, exit, e->iter->span);
  cur_ = body;
  scopes_.emplace_back();
  if (auto* ident = dyn_cast<IdentPat>(e->pattern); ident && binds_local(ident)) {
    SlotId x = bind_slot(ident);
    emit_init(x, item, e->pattern->span);
    declare(x);
  } else if (e->pattern->kind != NodeKind::WildPat) {
    // `for (a, b) in v` / `for P { x, y } in v`: the element, then its parts bound from it.
    SlotId x = new_slot("item", elem_t, SlotKind::Local);
    emit_init(x, item, e->pattern->span);
    declare(x);
    bind_pattern(e->pattern, x, {}, e->pattern->span);
  }
  {
    Inst& inc = emit(InstKind::Step, e->iter->span);
    inc.dest = step;
    inc.value = Operand::of_slot(step);
    inc.uses.push_back(step);
  }
  loops_.push_back({e->label.name, exit, head, no_slot, depth + 1});
  lower_into_block(e->body);
  loops_.pop_back();
  pop_scope(e->body->span);
  goto_block(head, e->body->span);
  cur_ = exit;
  pop_scope(e->span);
  return Operand::none();
}

void Builder::lower_into_block(const Block* block) {
  Operand v = lower_block(block, no_slot);
  emit_eval(v, block->span);
}

Operand Builder::lower_loop(const LoopExpr* e, SlotId dest) {
  const sema::TypeId t = type_of(e);
  SlotId out = has_value(t) ? (dest != no_slot ? dest : new_temp(t)) : no_slot;
  BlockId head = new_block(), exit = new_block();
  goto_block(head, e->span);
  cur_ = head;
  loops_.push_back({e->label.name, exit, head, out, scopes_.size()});
  lower_into_block(e->body);
  loops_.pop_back();
  goto_block(head, e->body->span);
  cur_ = exit;
  return result_of(dest, out);
}

Operand Builder::lower_labelled_block(const BlockExpr* e, SlotId dest) {
  const sema::TypeId t = type_of(e);
  SlotId out = has_value(t) ? (dest != no_slot ? dest : new_temp(t)) : no_slot;
  BlockId exit = new_block();
  loops_.push_back({e->label.name, exit, exit, out, scopes_.size(), true});
  Operand v = lower_block(e->block, out);
  if (out == no_slot) emit_eval(v, e->span);
  loops_.pop_back();
  goto_block(exit, e->span);
  cur_ = exit;
  return result_of(dest, out);
}

Operand Builder::lower_jump(const Expr* e) {
  const bool is_break = e->kind == NodeKind::BreakExpr;
  const Label& label = is_break ? static_cast<const BreakExpr*>(e)->label : static_cast<const ContinueExpr*>(e)->label;
  const Loop* loop = nullptr;
  for (auto it = loops_.rbegin(); it != loops_.rend(); ++it) {
    if (label.name.empty() ? !it->is_block : it->label == label.name) {
      loop = &*it;
      break;
    }
  }
  if (!loop) return Operand::none();
  if (is_break) {
    const Expr* value = static_cast<const BreakExpr*>(e)->value;
    if (value) lower_into(value, loop->result);
  }
  drop_scopes_to(loop->depth, e->span);
  goto_block(is_break ? loop->brk : loop->cont, e->span);
  start_dead_block();
  return Operand::none();
}

Operand Builder::lower_match(const MatchExpr* e, SlotId dest) {
  const sema::TypeId t = type_of(e);
  SlotId out = has_value(t) ? (dest != no_slot ? dest : new_temp(t)) : no_slot;
  scopes_.emplace_back();
  SlotId scrut = lower_scrutinee(e->scrutinee);
  BlockId join = new_block();
  for (const MatchArm& arm : e->arms) {
    BlockId arm_b = new_block(), next = new_block();
    if (pattern_irrefutable(arm.pattern)) goto_block(arm_b, arm.span);
    else branch(Operand::pat_test(arm.pattern, scrut), arm_b, next, arm.span);
    cur_ = arm_b;
    scopes_.emplace_back();
    std::vector<Inst> binds;
    bind_log_ = &binds;
    bind_pattern(arm.pattern, scrut, {}, arm.span);
    bind_log_ = nullptr;
    if (arm.guard) {
      BlockId body = new_block(), undo = new_block();
      branch(lower_cond(arm.guard), body, undo, arm.guard->span);
      cur_ = undo;
      // The guard failed: give back what the bindings moved out, for the later arms (not yet
      // for bindings inside an or-pattern, whose place depends on the alternative that matched).
      for (auto it = binds.rbegin(); it != binds.rend(); ++it) {
        if (b_.slots[it->dest].trivial || b_.slots[it->src].by_ref) continue;
        Inst& back = emit(InstKind::Unbind, arm.span);
        back.dest = it->dest;
        back.src = it->src;
        back.path = it->path;
        back.uses = {it->dest, it->src};
      }
      drop_scopes_to(scopes_.size() - 1, arm.span);
      goto_block(next, arm.span);
      cur_ = body;
    }
    lower_into(arm.body, out);
    pop_scope(arm.span);
    goto_block(join, arm.span);
    cur_ = next;
  }
  Terminator unreachable;
  unreachable.kind = TermKind::Unreachable;
  unreachable.span = e->span;
  terminate(std::move(unreachable));
  cur_ = join;
  pop_scope(e->span);
  return result_of(dest, out);
}

Operand Builder::lower_short_circuit(const BinaryExpr* e, SlotId dest) {
  SlotId out = dest != no_slot ? dest : new_temp(type_of(e));
  lower_into(e->lhs, out);
  BlockId rhs = new_block(), join = new_block();
  const bool is_and = e->op == BinaryOp::And;
  branch(Operand::of_slot(out), is_and ? rhs : join, is_and ? join : rhs, e->span);
  cur_ = rhs;
  lower_into(e->rhs, out);
  goto_block(join, e->span);
  cur_ = join;
  return result_of(dest, out);
}
}  // namespace asyncc::lower::detail
