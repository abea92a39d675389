// E0733: an async fn whose future would contain itself. A direct call awaited in an async fn's
// body (`count(n - 1).await`) stores the callee's future inside the caller's, so a cycle of such
// awaits makes an infinitely sized future (ADSL has no `Box::pin` to break it).
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

namespace {

using diag::Diagnostic;
using diag::Kind;

/// `callee(…).await` or `recv.callee(…).await` in an async fn: the awaited async fn.
struct AwaitedCall {
  std::uint32_t callee;   // index into Program::fns
  source::Span await_span;
};

/// The async fn a direct call resolves to, or ~0u.
std::uint32_t awaited_async_fn(const ast::Expr* operand, const Program& program) {
  while (const auto* p = ast::dyn_cast<ast::ParenExpr>(operand)) operand = p->inner;
  const ast::Node* resolved = nullptr;
  if (const auto* call = ast::dyn_cast<ast::CallExpr>(operand)) {
    resolved = program.res_of(call).kind == ResKind::Fn ? static_cast<const ast::Node*>(call) : call->callee;
  } else if (const auto* m = ast::dyn_cast<ast::MethodCallExpr>(operand)) {
    resolved = m;
  }
  if (resolved == nullptr) return ~0u;
  const Resolution& r = program.res_of(resolved);
  if (r.kind != ResKind::Fn || !program.fns[r.index].is_async) return ~0u;
  return r.index;
}

/// The awaited direct calls of `fn`'s body, in source order; async blocks are not entered
/// (their futures are separate values, e.g. spawned).
std::vector<AwaitedCall> awaited_calls(const ast::FnItem& fn, const Program& program) {
  std::vector<AwaitedCall> out;
  visit_block(fn.body, [&](const ast::Node* n) {
    if (n->kind == ast::NodeKind::AsyncBlockExpr) return false;
    if (const auto* a = ast::dyn_cast<ast::AwaitExpr>(n)) {
      const std::uint32_t callee = awaited_async_fn(a->operand, program);
      if (callee != ~0u) out.push_back({callee, a->span});
    }
    return true;
  });
  return out;
}

/// rustc's span for an fn's signature: from the item start (with `pub`) to the return type, or
/// to the `)` of the parameters.
source::Span signature_span(const ast::FnItem& fn, const diag::DiagSink& sink) {
  if (fn.ret != nullptr) return {fn.span.begin, fn.ret->span.end};
  const std::string_view head = text_of(sink, {fn.span.begin, fn.body->span.begin});
  const std::size_t close = head.rfind(')');
  return {fn.span.begin, fn.span.begin + static_cast<std::uint32_t>(close == std::string_view::npos ? 0 : close + 1)};
}

}  // namespace

void check_async_recursion(const ast::File& file, const Program& program, diag::DiagSink& sink) {
  std::unordered_map<const ast::FnItem*, std::uint32_t> index_of;
  for (std::uint32_t i = 0; i < program.fns.size(); ++i) index_of[program.fns[i].item] = i;
  std::vector<const ast::FnItem*> async_fns;
  std::unordered_map<std::uint32_t, std::vector<AwaitedCall>> edges;
  for (const ast::FnItem* fn : bodies_in_order(file)) {
    auto it = index_of.find(fn);
    if (!fn->is_async || it == index_of.end()) continue;
    async_fns.push_back(fn);
    edges[it->second] = awaited_calls(*fn, program);
  }
  std::vector<bool> reported(program.fns.size(), false);
  for (const ast::FnItem* fn : async_fns) {
    const std::uint32_t start = index_of[fn];
    if (reported[start]) continue;
    // Depth-first search for a path of awaited calls back to `start`.
    std::vector<const AwaitedCall*> path;
    std::vector<bool> seen(program.fns.size(), false);
    std::function<bool(std::uint32_t)> reaches_start = [&](std::uint32_t from) {
      for (const AwaitedCall& c : edges[from]) {
        path.push_back(&c);
        if (c.callee == start) return true;
        if (!seen[c.callee] && !reported[c.callee]) {
          seen[c.callee] = true;
          if (reaches_start(c.callee)) return true;
        }
        path.pop_back();
      }
      return false;
    };
    if (!reaches_start(start)) continue;
    Diagnostic d = Diagnostic::make(Kind::AsyncFnRecursion, "recursion in an async fn requires boxing")
                       .primary(signature_span(*fn, sink))
                       .secondary(path[0]->await_span, "recursive call here");
    reported[start] = true;
    for (std::size_t i = 1; i < path.size(); ++i) {
      const std::uint32_t via = path[i - 1]->callee;
      reported[via] = true;
      diag::SubDiagnostic note;
      note.message = "which leads to this async fn";
      note.labels.push_back({signature_span(*program.fns[via].item, sink), "", true});
      note.labels.push_back({path[i]->await_span, "...leading to this recursive call", false});
      d.children.push_back(std::move(note));
    }
    // rustc's note names `Box::pin`, which ADSL does not have; a spawned task is ADSL's indirection.
    d.note("a recursive `async fn` call must introduce indirection to avoid an infinitely sized future; ADSL has no `Box::pin`");
    d.help("await the call as its own task, `spawn(f(…)).await`, or rewrite the recursion as a loop");
    sink.emit(std::move(d));
  }
}

}  // namespace asyncc::sema::checks
