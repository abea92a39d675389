// Function bodies: blocks, statements, the expression dispatch, coercion and E0308, and the
// end-of-body settlement (`?` conversions with the error-type fallback, literal fallback).
#include <algorithm>

#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

LocalId Checker::declare_local(std::string_view name, source::Span span, TypeId type, bool is_mut,
                               const ast::Node* decl) {
  (void)decl;
  const auto id = static_cast<LocalId>(program_.locals.size());
  program_.locals.push_back({name, span, type, is_mut, bodies_.empty() ? nullptr : body().node});
  scopes_.push_back({name, id});
  return id;
}

std::string Checker::shown(TypeId t) {
  t = zonk(t);
  switch (types().kind(t)) {
    case TypeKind::IntVar: return "integer";
    case TypeKind::FloatVar: return "floating-point number";
    case TypeKind::Future: return "future";
    default: return "`" + program_.type_name(t) + "`";
  }
}

LocalId Checker::lookup_local(std::string_view name) {
  for (std::size_t i = scopes_.size(); i-- > 0;) {
    if (scopes_[i].name != name) continue;
    const LocalId id = scopes_[i].local;
    // A local declared outside an async block is one of its captures (and of every async
    // block between it and the use).
    for (std::size_t b = bodies_.size(); b-- > 0;) {
      BodyCtx& ctx = bodies_[b];
      if (!ctx.is_async_block || i >= ctx.scope_base) break;
      if (std::find(ctx.captures.begin(), ctx.captures.end(), id) == ctx.captures.end()) {
        ctx.captures.push_back(id);
        ctx.capture_uses.push_back(use_span_);
      }
    }
    return id;
  }
  return static_cast<LocalId>(-1);
}

std::string Checker::similar_local(std::string_view name) {
  // rustc's edit-distance rule: at most a third of the name's length.
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    return row[b.size()];
  };
  const std::size_t limit = std::max<std::size_t>(name.size(), 3) / 3;
  std::string best;
  std::size_t best_d = limit + 1;
  for (std::size_t i = scopes_.size(); i-- > 0;) {
    const std::string_view n = scopes_[i].name;
    if (n == name || n.empty()) continue;
    const std::size_t d = distance(name, n);
    if (d < best_d) {
      best_d = d;
      best = std::string(n);
    }
  }
  return best;
}

void Checker::check_fn_body(const FnSig& sig) {
  const ast::FnItem* fn = sig.item;
  BodyCtx ctx;
  ctx.node = fn;
  ctx.ret = sig.ret;
  ctx.is_async = sig.is_async;
  bodies_.push_back(std::move(ctx));
  body_var_start_ = static_cast<std::uint32_t>(var_binding_.size());
  body_local_start_ = static_cast<LocalId>(program_.locals.size());
  current_self_ = sig.self_type;
  body_errors_start_ = error_count_;
  pending_tries_.clear();
  pending_parses_.clear();
  const std::size_t scope_mark = scopes_.size();

  std::size_t param = 0;
  for (const ast::Param& p : fn->params) {
    if (p.self_kind != ast::SelfKind::None) {
      const bool by_ref = p.self_kind == ast::SelfKind::Ref || p.self_kind == ast::SelfKind::RefMut;
      if (sig.is_async && by_ref) {
        emit(Diagnostic::make(Kind::AsyncRefParam, "`async fn` methods take `self` by value in ADSL")
                 .primary(p.span, "a reference cannot be held across `.await`")
                 .help("take `self` by value: `async fn " + std::string(fn->name) + "(self, …)`"));
      }
      const LocalId self_local = declare_local("self", p.span, sig.self_type,
                                               p.self_kind == ast::SelfKind::MutValue || p.self_kind == ast::SelfKind::RefMut, fn);
      program_.fns[static_cast<std::size_t>(&sig - program_.fns.data())].self_local = self_local;
      if (by_ref) ref_bound_locals_.insert(self_local);  // `*self` is the value (the C++ parameter is a reference)
      continue;
    }
    const TypeId t = sig.params[param++];
    if (sig.is_async && (types().kind(t) == TypeKind::Ref || t == types().str)) {
      emit(Diagnostic::make(Kind::AsyncRefParam, "`async fn` parameters cannot be references in ADSL")
               .primary(p.type->span, "a reference cannot be held across `.await`")
               .help(t == types().str ? "take an owned `String` instead" : "take the value itself (moved or copied) instead"));
    }
    check_pattern(p.pattern, t, true);
  }

  Expect expect;
  expect.type = sig.ret;
  if (fn->ret != nullptr) {
    expect.due_to = fn->ret->span;
    expect.label = "expected `" + name(sig.ret) + "` because of return type";
  }
  const TypeId tail = check_block(fn->body, expect);
  if (fn->body->tail != nullptr) {
    check_escaping_block(fn->body->tail, true);
    check_returned_future(fn->body->tail, tail);
  }
  if (fn->body->tail == nullptr && types().kind(resolve(tail)) != TypeKind::Never && !unify(tail, sig.ret)) {
    emit(Diagnostic::make(Kind::MismatchedTypes, "mismatched types")
             .primary(fn->ret->span, "expected `" + name(sig.ret) + "`, found `()`")
             .secondary(fn->name_span, "implicitly returns `()` as its body has no tail or `return` expression"));
  }
  finish_body(bodies_.back());
  bodies_.pop_back();
  scopes_.resize(scope_mark);
}

TypeId Checker::check_block(const ast::Block* block, const Expect& expect) {
  const std::size_t mark = scopes_.size();
  bool diverges = false;
  for (const ast::Stmt* stmt : block->stmts) {
    check_stmt(stmt);
    if (const auto* es = ast::dyn_cast<ast::ExprStmt>(stmt)) {
      if (types().kind(resolve(node_types_[es->expr->id])) == TypeKind::Never) diverges = true;
    }
  }
  TypeId result = diverges ? types().never : types().unit;
  if (block->tail != nullptr) {
    result = expect.type != 0 ? check_coerce(block->tail, expect.type, expect) : check_expr(block->tail, expect);
    if (diverges) result = types().never;
  }
  scopes_.resize(mark);
  return result;
}

void Checker::check_stmt(const ast::Stmt* stmt) {
  if (const auto* let = ast::dyn_cast<ast::LetStmt>(stmt)) {
    TypeId declared = let->type != nullptr ? lower_type(let->type, 0) : fresh_var();
    if (let->init != nullptr) {
      Expect why;
      if (let->type != nullptr) {
        why.due_to = let->type->span;
        why.label = "expected due to this";
      }
      const TypeId init = check_coerce(let->init, declared, why);
      // `v.iter()` is a borrow of `v`, which ADSL cannot store (LANGUAGE.md §2).
      if (const auto* m = ast::dyn_cast<ast::MethodCallExpr>(let->init);
          m != nullptr && m->name == "iter" && types().kind(resolve(init)) == TypeKind::Ref) {
        emit(Diagnostic::make(Kind::ReferenceNotAllowed, "references can only be passed as arguments in ADSL")
                 .primary(let->init->span, "`iter()` borrows the vector; the borrow cannot be stored")
                 .help("iterate with `for x in &v` or `for x in v.iter()`, or store `v.clone()`"));
      }
      // `let f: impl Future<Output = T> = …` keeps the initialiser's own future type.
      if (types().kind(declared) == TypeKind::Future &&
          types().data(declared).extra == static_cast<std::uint8_t>(FutureKind::ImplTrait)) {
        declared = init;
      }
    }
    const LocalId first_new = static_cast<LocalId>(program_.locals.size());
    check_pattern(let->pattern, declared, true);
    if (let->init != nullptr && ast::dyn_cast<ast::IdentPat>(let->pattern) != nullptr && first_new < program_.locals.size()) {
      local_inits_[first_new] = let->init;
    }
    return;
  }
  if (const auto* es = ast::dyn_cast<ast::ExprStmt>(stmt)) {
    const TypeId t = check_expr(es->expr);
    // A block-like statement without `;` must be `()` (rustc: "expected `()`").
    if (!es->has_semi) {
      const TypeId r = resolve(t);
      if (types().kind(r) != TypeKind::Never && !unify(r, types().unit)) {
        report_mismatch(es->expr->span, r, types().unit, {});
      }
    }
    return;
  }
  if (const auto* is = ast::dyn_cast<ast::ItemStmt>(stmt)) {
    emit(Diagnostic::make(Kind::UnsupportedFeature, "items inside function bodies are not supported in ADSL")
             .primary(is->item->span, "move this item to the top level of the file"));
  }
}

TypeId Checker::check_expr(const ast::Expr* expr, const Expect& expect) {
  const TypeId t = check_expr_inner(expr, expect);
  record(expr, t);
  return t;
}

TypeId Checker::check_coerce(const ast::Expr* expr, TypeId expected, const Expect& why) {
  Expect e = why;
  e.type = expected;
  const TypeId actual = check_expr(expr, e);
  coerce(expr->span, actual, expected, e, expr);
  return actual;
}

// A plain `async` block borrows what it captures (rustc's E0373 when it escapes): one that is
// spawned or returned must be `async move`. `expr` is the block, or a local bound to one.
void Checker::check_escaping_block(const ast::Expr* expr, bool returned) {
  const ast::AsyncBlockExpr* block = ast::dyn_cast<ast::AsyncBlockExpr>(expr);
  if (block == nullptr) {
    const auto* path = ast::dyn_cast<ast::PathExpr>(expr);
    if (path == nullptr || program_.res_of(path).kind != ResKind::Local) return;
    auto init = local_inits_.find(program_.res_of(path).index);
    if (init == local_inits_.end()) return;
    block = ast::dyn_cast<ast::AsyncBlockExpr>(init->second);
  }
  if (block == nullptr || block->is_move) return;
  const auto& caps = program_.captures[block->id];
  if (caps.empty()) return;
  const std::string n(program_.locals[caps[0]].name);
  const source::Span keyword{block->span.begin, block->span.begin + 5};
  Diagnostic d = Diagnostic::make(Kind::AsyncBlockOutlives, "async block may outlive the current function, but it borrows `" + n +
                                                                "`, which is owned by the current function")
                     .primary(keyword, "may outlive borrowed value `" + n + "`")
                     .secondary(capture_uses_[block->id][0], "`" + n + "` is borrowed here");
  if (returned) {
    diag::SubDiagnostic note;
    note.message = "async block is returned here";
    note.labels.push_back({block->span, "", true});
    d.children.push_back(std::move(note));
  } else {
    d.note("async blocks are not executed immediately and must either take a reference or ownership of outside variables they use");
  }
  d.suggest("to force the async block to take ownership of `" + n + "` (and any other referenced variables), use the `move` keyword",
            {keyword.end, keyword.end}, " move", diag::Applicability::MachineApplicable);
  emit(std::move(d));
}

TypeId Checker::future_output(TypeId t) {
  t = resolve(t);
  if (types().kind(t) == TypeKind::Future) return types().arg(t, 0);
  if (types().kind(t) == TypeKind::JoinHandle) return types().arg(t, 0);
  return 0;
}

bool Checker::coerce(source::Span at, TypeId actual, TypeId expected, const Expect& why, const ast::Expr* expr) {
  const TypeId a = resolve(actual), e = resolve(expected);
  // Any future is accepted where `impl Future<Output = T>` is expected, if its output is T.
  if (types().kind(e) == TypeKind::Future && types().data(e).extra == static_cast<std::uint8_t>(FutureKind::ImplTrait)) {
    const TypeId out = future_output(a);
    if (out != 0 && types().kind(a) == TypeKind::Future) {
      if (unify(out, types().arg(e, 0))) return true;
      report_mismatch(at, out, types().arg(e, 0), why, expr);
      return false;
    }
    if (types().kind(a) == TypeKind::Error || types().kind(a) == TypeKind::Never) return true;
    if (is_var_kind(types().kind(a))) return true;  // settled when the variable is
  }
  // Deref coercion: `&String` where `&str` is expected.
  if (e == types().str && types().kind(a) == TypeKind::Ref && resolve(types().arg(a, 0)) == types().string) return true;
  if (unify(a, e)) return true;
  report_mismatch(at, a, e, why, expr);
  return false;
}

void Checker::report_mismatch(source::Span at, TypeId actual, TypeId expected, const Expect& why,
                              const ast::Expr* expr) {
  const TypeId a = zonk(actual), e = zonk(expected);
  if (types().kind(a) == TypeKind::Error || types().kind(e) == TypeKind::Error) return;
  const bool found_future = types().kind(a) == TypeKind::Future;
  Diagnostic d = Diagnostic::make(Kind::MismatchedTypes, "mismatched types")
                     .primary(at, "expected " + shown(e) + ", found " + shown(a));
  if (!why.label.empty()) d.secondary(why.due_to, why.label);
  // A future used where its output was meant: rustc's "consider `await`ing".
  if (found_future) {
    const TypeId out = zonk(types().arg(a, 0));
    TypeId probe = out;
    if (unify(probe, e)) {
      if (types().data(a).extra == static_cast<std::uint8_t>(FutureKind::AsyncFn)) {
        diag::SubDiagnostic note;
        note.level = diag::Level::Note;
        note.message = "calling an async function returns a future";
        note.labels.push_back({at, "", true});
        d.children.push_back(std::move(note));
      }
      d.suggest("consider `await`ing on the `Future`", {at.end, at.end}, ".await",
                diag::Applicability::MaybeIncorrect);
    }
  }
  (void)expr;
  emit(std::move(d));
}

}  // namespace asyncc::sema
