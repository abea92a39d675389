// Internal to lower/ and emit/: the operands of an expression node in Rust's evaluation order
// (left to right; an assignment's right-hand side before its place).
#pragma once

#include "compiler/ast/ast.hpp"

namespace asyncc::lower {

template <class Fn>
void for_each_operand(const ast::Expr* e, Fn&& fn) {
  using namespace ast;
  switch (e->kind) {
    case NodeKind::UnaryExpr: fn(static_cast<const UnaryExpr*>(e)->operand); break;
    case NodeKind::BinaryExpr: {
      auto* b = static_cast<const BinaryExpr*>(e);
      fn(b->lhs);
      fn(b->rhs);
      break;
    }
    case NodeKind::AssignExpr: {
      auto* a = static_cast<const AssignExpr*>(e);
      fn(a->rhs);
      fn(a->lhs);
      break;
    }
    case NodeKind::CastExpr: fn(static_cast<const CastExpr*>(e)->operand); break;
    case NodeKind::CallExpr: {
      auto* c = static_cast<const CallExpr*>(e);
      if (c->callee->kind != NodeKind::PathExpr) fn(c->callee);
      for (Expr* a : c->args) fn(a);
      break;
    }
    case NodeKind::MethodCallExpr: {
      auto* m = static_cast<const MethodCallExpr*>(e);
      fn(m->receiver);
      for (Expr* a : m->args) fn(a);
      break;
    }
    case NodeKind::FieldExpr: fn(static_cast<const FieldExpr*>(e)->base); break;
    case NodeKind::TupleIndexExpr: fn(static_cast<const TupleIndexExpr*>(e)->base); break;
    case NodeKind::IndexExpr: {
      auto* i = static_cast<const IndexExpr*>(e);
      fn(i->base);
      fn(i->index);
      break;
    }
    case NodeKind::AwaitExpr: fn(static_cast<const AwaitExpr*>(e)->operand); break;
    case NodeKind::TryExpr: fn(static_cast<const TryExpr*>(e)->operand); break;
    case NodeKind::StructLitExpr: {
      auto* s = static_cast<const StructLitExpr*>(e);
      for (const FieldInit& f : s->fields) fn(f.value);
      if (s->base) fn(s->base);
      break;
    }
    case NodeKind::TupleExpr:
      for (Expr* x : static_cast<const TupleExpr*>(e)->elems) fn(x);
      break;
    case NodeKind::ParenExpr: fn(static_cast<const ParenExpr*>(e)->inner); break;
    case NodeKind::MacroExpr: {
      auto* m = static_cast<const MacroExpr*>(e);
      for (Expr* x : m->args) {
        if (x->kind == NodeKind::StrLitExpr && x == m->args[0] && m->macro != MacroKind::Vec) continue;
        fn(x);
      }
      break;
    }
    case NodeKind::RangeExpr: {
      auto* r = static_cast<const RangeExpr*>(e);
      if (r->lo) fn(r->lo);
      if (r->hi) fn(r->hi);
      break;
    }
    default: break;
  }
}

}  // namespace asyncc::lower
