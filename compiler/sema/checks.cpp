// The order of the post-inference checks, and what they share.
#include "compiler/sema/checks.hpp"

#include <unordered_map>

namespace asyncc::sema {

namespace checks {

std::vector<const ast::FnItem*> bodies_in_order(const ast::File& file) {
  std::vector<const ast::FnItem*> out;
  for (const ast::Item* item : file.items) {
    if (const auto* fn = ast::dyn_cast<ast::FnItem>(item)) {
      if (fn->body != nullptr) out.push_back(fn);
    } else if (const auto* impl = ast::dyn_cast<ast::ImplItem>(item)) {
      for (const ast::Item* member : impl->members) {
        if (const auto* m = ast::dyn_cast<ast::FnItem>(member); m != nullptr && m->body != nullptr) out.push_back(m);
      }
    }
  }
  return out;
}

bool is_copy(const Program& program, TypeId t) {
  const TypeTable& types = program.types;
  switch (types.kind(t)) {
    case TypeKind::Option: case TypeKind::Result: case TypeKind::Either:
      for (std::uint32_t i = 0; i < types.arg_count(t); ++i) {
        if (!is_copy(program, types.arg(t, i))) return false;
      }
      return true;
    case TypeKind::Tuple:
      for (std::uint32_t i = 0; i < types.arg_count(t); ++i) {
        if (!is_copy(program, types.arg(t, i))) return false;
      }
      return true;
    case TypeKind::Var: return true;  // never after a clean inference; do not report on it
    default: return program.is_copy(t);
  }
}

bool is_clone(const Program& program, TypeId t) {
  const TypeTable& types = program.types;
  switch (types.kind(t)) {
    case TypeKind::String: case TypeKind::Sender:
      return true;
    case TypeKind::Opaque: {
      const auto o = static_cast<OpaqueKind>(types.data(t).extra);
      return o != OpaqueKind::TcpListener && o != OpaqueKind::TcpStream && o != OpaqueKind::IoError;
    }
    case TypeKind::Vec: case TypeKind::Option: case TypeKind::Result: case TypeKind::Either: case TypeKind::Tuple:
      for (std::uint32_t i = 0; i < types.arg_count(t); ++i) {
        if (!is_clone(program, types.arg(t, i))) return false;
      }
      return true;
    case TypeKind::Adt:
      for (const AdtInfo& adt : program.adts) {
        if (adt.type == t) return adt.has(Derive::Clone);
      }
      return false;
    case TypeKind::Future: case TypeKind::JoinHandle: case TypeKind::Receiver: case TypeKind::Ref:
      return false;
    default:
      return is_copy(program, t);
  }
}

void visit_block(const ast::Block* block, const std::function<bool(const ast::Node*)>& f) {
  if (block == nullptr) return;
  for (const ast::Stmt* s : block->stmts) visit(s, f);
  if (block->tail != nullptr) visit(block->tail, f);
}

void visit(const ast::Node* node, const std::function<bool(const ast::Node*)>& f) {
  using namespace ast;
  if (node == nullptr || !f(node)) return;
  auto v = [&](const Node* n) { visit(n, f); };
  switch (node->kind) {
    case NodeKind::LetStmt: {
      const auto* s = static_cast<const LetStmt*>(node);
      v(s->pattern);
      v(s->init);
      return;
    }
    case NodeKind::ExprStmt: v(static_cast<const ExprStmt*>(node)->expr); return;
    case NodeKind::UnaryExpr: v(static_cast<const UnaryExpr*>(node)->operand); return;
    case NodeKind::BinaryExpr: {
      const auto* e = static_cast<const BinaryExpr*>(node);
      v(e->lhs);
      v(e->rhs);
      return;
    }
    case NodeKind::AssignExpr: {
      const auto* e = static_cast<const AssignExpr*>(node);
      v(e->lhs);
      v(e->rhs);
      return;
    }
    case NodeKind::CastExpr: v(static_cast<const CastExpr*>(node)->operand); return;
    case NodeKind::CallExpr: {
      const auto* e = static_cast<const CallExpr*>(node);
      v(e->callee);
      for (const Expr* a : e->args) v(a);
      return;
    }
    case NodeKind::MethodCallExpr: {
      const auto* e = static_cast<const MethodCallExpr*>(node);
      v(e->receiver);
      for (const Expr* a : e->args) v(a);
      return;
    }
    case NodeKind::FieldExpr: v(static_cast<const FieldExpr*>(node)->base); return;
    case NodeKind::TupleIndexExpr: v(static_cast<const TupleIndexExpr*>(node)->base); return;
    case NodeKind::IndexExpr: {
      const auto* e = static_cast<const IndexExpr*>(node);
      v(e->base);
      v(e->index);
      return;
    }
    case NodeKind::AwaitExpr: v(static_cast<const AwaitExpr*>(node)->operand); return;
    case NodeKind::TryExpr: v(static_cast<const TryExpr*>(node)->operand); return;
    case NodeKind::StructLitExpr: {
      const auto* e = static_cast<const StructLitExpr*>(node);
      for (const FieldInit& fi : e->fields) v(fi.value);
      v(e->base);
      return;
    }
    case NodeKind::TupleExpr:
      for (const Expr* x : static_cast<const TupleExpr*>(node)->elems) v(x);
      return;
    case NodeKind::ParenExpr: v(static_cast<const ParenExpr*>(node)->inner); return;
    case NodeKind::BlockExpr: visit_block(static_cast<const BlockExpr*>(node)->block, f); return;
    case NodeKind::AsyncBlockExpr: visit_block(static_cast<const AsyncBlockExpr*>(node)->block, f); return;
    case NodeKind::IfExpr: {
      const auto* e = static_cast<const IfExpr*>(node);
      v(e->let_pattern);
      v(e->cond);
      visit_block(e->then_block, f);
      v(e->else_branch);
      return;
    }
    case NodeKind::WhileExpr: {
      const auto* e = static_cast<const WhileExpr*>(node);
      v(e->let_pattern);
      v(e->cond);
      visit_block(e->body, f);
      return;
    }
    case NodeKind::LoopExpr: visit_block(static_cast<const LoopExpr*>(node)->body, f); return;
    case NodeKind::ForExpr: {
      const auto* e = static_cast<const ForExpr*>(node);
      v(e->pattern);
      v(e->iter);
      visit_block(e->body, f);
      return;
    }
    case NodeKind::MatchExpr: {
      const auto* e = static_cast<const MatchExpr*>(node);
      v(e->scrutinee);
      for (const MatchArm& arm : e->arms) {
        v(arm.pattern);
        v(arm.guard);
        v(arm.body);
      }
      return;
    }
    case NodeKind::BreakExpr: v(static_cast<const BreakExpr*>(node)->value); return;
    case NodeKind::ReturnExpr: v(static_cast<const ReturnExpr*>(node)->value); return;
    case NodeKind::RangeExpr: {
      const auto* e = static_cast<const RangeExpr*>(node);
      v(e->lo);
      v(e->hi);
      return;
    }
    case NodeKind::MacroExpr:
      for (const Expr* a : static_cast<const MacroExpr*>(node)->args) v(a);
      return;
    case NodeKind::IdentPat: v(static_cast<const IdentPat*>(node)->sub); return;
    case NodeKind::LitPat: v(static_cast<const LitPat*>(node)->lit); return;
    case NodeKind::RangePat: {
      const auto* p = static_cast<const RangePat*>(node);
      v(p->lo);
      v(p->hi);
      return;
    }
    case NodeKind::TuplePat:
      for (const Pattern* x : static_cast<const TuplePat*>(node)->elems) v(x);
      return;
    case NodeKind::TupleStructPat:
      for (const Pattern* x : static_cast<const TupleStructPat*>(node)->elems) v(x);
      return;
    case NodeKind::StructPat:
      for (const FieldPat& fp : static_cast<const StructPat*>(node)->fields) v(fp.pattern);
      return;
    case NodeKind::OrPat:
      for (const Pattern* x : static_cast<const OrPat*>(node)->alts) v(x);
      return;
    default:
      return;
  }
}

std::string_view text_of(const diag::DiagSink& sink, source::Span span) { return sink.file().text(span); }

}  // namespace checks

void run_checks(const ast::File& file, const Program& program, diag::DiagSink& sink) {
  const std::size_t errors = sink.error_count();
  checks::LintNotes notes;
  std::unordered_map<const ast::Node*, std::vector<LocalId>> by_owner;
  for (LocalId l = 0; l < program.locals.size(); ++l) by_owner[program.locals[l].owner].push_back(l);
  static const std::vector<LocalId> none;
  for (const ast::FnItem* fn : checks::bodies_in_order(file)) {
    auto it = by_owner.find(fn);
    const std::vector<LocalId>& fn_locals = it != by_owner.end() ? it->second : none;
    // As rustc: a body with a pattern error is not borrow-checked, nor linted for liveness.
    if (checks::check_patterns(*fn, program, sink)) continue;
    checks::check_moves(*fn, program, sink, fn_locals, notes);
    checks::check_unused_variables(*fn, program, sink, notes);
  }
  checks::check_async_recursion(file, program, sink);
  if (sink.error_count() == errors) checks::check_must_use(file, program, sink, notes);
}

}  // namespace asyncc::sema
