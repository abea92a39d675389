// `fn f() -> impl Future<Output = T>` stands for one concrete future type, so every value the
// body returns (`return` and the tail) must have the same one (rustc's E0308; if/match arms
// are already unified by check_if/check_match).
#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

namespace {

bool is_async_block(const TypeTable& types, TypeId t) {
  return types.data(t).extra == static_cast<std::uint8_t>(FutureKind::AsyncBlock);
}

}  // namespace

void Checker::check_returned_future(const ast::Expr* value, TypeId actual) {
  BodyCtx& ctx = body();
  if (ctx.is_async) return;
  const TypeId ret = resolve(ctx.ret);
  if (types().kind(ret) != TypeKind::Future || types().data(ret).extra != static_cast<std::uint8_t>(FutureKind::ImplTrait)) {
    return;
  }
  const TypeId t = resolve(actual);
  if (types().kind(t) != TypeKind::Future) return;
  if (ctx.first_returned_future == nullptr) {
    ctx.first_returned_future = value;
    ctx.first_returned_future_type = t;
    return;
  }
  const TypeId first = resolve(ctx.first_returned_future_type);
  if (first == t || types().kind(first) != TypeKind::Future) return;
  const bool blocks = is_async_block(types(), first) && is_async_block(types(), t);
  const std::string expected = is_async_block(types(), first) ? "`async` block" : "future";
  const std::string found = is_async_block(types(), t) ? "`async` block" : "future";
  Diagnostic d = Diagnostic::make(Kind::MismatchedTypes, "mismatched types")
                     .primary(value->span, "expected " + expected + ", found " + (expected == found ? "a different " : "") + found);
  if (const auto* b = ast::dyn_cast<ast::AsyncBlockExpr>(ctx.first_returned_future)) {
    d.secondary({b->span.begin, b->span.begin + (b->is_move ? 10u : 5u)}, "the expected `async` block");
  }
  if (blocks) {
    d.note("no two async blocks, even if identical, have the same type");
  } else if (expected == found) {
    d.note("distinct uses of `impl Trait` result in different opaque types");
  }
  emit(std::move(d));
}

}  // namespace asyncc::sema
