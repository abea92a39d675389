// The end of a function body: what only the whole body settles.
//   1. `?` sites (LANGUAGE.md §6): the error type of each fn / async block returning
//      `Result<_, E>` with `E` still unknown falls back to the `?` sites' common error type
//      (unless --rust-compat), else E0282 with the turbofish help; then every `?`'s conversion
//      (identity or an `impl From`) is checked (E0277).
//   2. Integer literals without a type become `i32` (floats `f64`), then are range-checked.
//   3. A binding whose type is still unknown is E0282.
#include <algorithm>

#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

namespace {

const char* context_words(const ast::Node* node, bool is_async) {
  if (node->kind == ast::NodeKind::AsyncBlockExpr) return "an async block";
  return is_async ? "an async function" : "a function";
}

}  // namespace

const FromImpl* Checker::find_from(TypeId from, TypeId to) {
  for (const FromImpl& f : program_.from_impls) {
    if (resolve(f.from) == resolve(from) && resolve(f.to) == resolve(to)) return &f;
  }
  return nullptr;
}

void Checker::settle_tries(std::vector<TryObligation>& tries) {
  // Contexts in order of their first `?`.
  std::vector<const ast::Node*> contexts;
  for (const TryObligation& t : tries) {
    if (std::find(contexts.begin(), contexts.end(), t.context) == contexts.end()) contexts.push_back(t.context);
  }
  for (const ast::Node* context : contexts) {
    std::vector<TryObligation*> sites;
    for (TryObligation& t : tries) {
      if (t.context == context) sites.push_back(&t);
    }
    const TryObligation& first = *sites.front();
    const TypeId ret = resolve(first.context_ret);
    const TypeKind rk = types().kind(ret);
    if (rk == TypeKind::Error) continue;
    if (rk == TypeKind::Result) {
      const TypeId e2 = resolve(types().arg(ret, 1));
      if (types().kind(e2) == TypeKind::Var) settle_error_type(sites, ret);
    }
    const TypeId settled = zonk(ret);
    for (TryObligation* site : sites) {
      const source::Span q{site->expr->span.end - 1, site->expr->span.end};
      const TypeKind k = types().kind(settled);
      if (k == TypeKind::Error) break;
      if (k != TypeKind::Result && k != TypeKind::Option) {
        const char* where = context_words(context, first.context_is_async);
        Diagnostic d = Diagnostic::make(Kind::TryNotAllowed, std::string("the `?` operator can only be used in ") + where +
                                                                 " that returns `Result` or `Option` (or another type that implements `FromResidual`)")
                           .primary(q, std::string("cannot use the `?` operator in ") + where + " that returns `" + name(settled) + "`");
        if (const auto* fn = ast::dyn_cast<ast::FnItem>(context)) {
          const std::uint32_t end = fn->ret != nullptr ? fn->ret->span.end : fn->body->span.begin - 1;
          d.secondary({fn->span.begin, end}, "this function should return `Result` or `Option` to accept `?`");
        } else {
          d.secondary({context->span.begin, context->span.begin + 5}, "this function should return `Result` or `Option` to accept `?`");
        }
        emit(std::move(d));
        break;
      }
      if (site->is_option != (k == TypeKind::Option)) {
        const std::string want = k == TypeKind::Option ? "Option" : "Result";
        emit(Diagnostic::make(Kind::TryNotAllowed, "the `?` operator can only be used on `" + want + "`s" +
                                                       std::string(k == TypeKind::Option ? ", not `Result`s," : ", not `Option`s,") + " in " +
                                                       context_words(context, first.context_is_async) + " that returns `" + want + "`")
                 .primary(q, "use `.ok()?` if you want to discard the `Result<T, E>` error information"));
        continue;
      }
      if (site->is_option) continue;
      const TypeId e1 = zonk(site->residual_error), e2 = zonk(types().arg(settled, 1));
      if (unify(e1, e2)) continue;
      if (const FromImpl* f = find_from(e1, e2)) {
        program_.node_res[site->expr->id] = {ResKind::Fn, f->fn, 0};
        continue;
      }
      emit(Diagnostic::make(Kind::TryConversion, "`?` couldn't convert the error to `" + name(e2) + "`")
               .primary(q, "the trait `From<" + name(e1) + ">` is not implemented for `" + name(e2) + "`")
               .secondary(site->expr->operand->span, "this can't be annotated with `?` because it has type `Result<_, " + name(e1) + ">`")
               .note("the question mark operation (`?`) implicitly performs a conversion on the error value using the `From` trait"));
    }
  }
}

void Checker::settle_error_type(const std::vector<TryObligation*>& sites, TypeId ret) {
  const TypeId e = resolve(types().arg(ret, 1));
  std::vector<TypeId> errors;
  bool all_known = true;
  for (const TryObligation* s : sites) {
    if (s->is_option) return;  // reported as a mismatch of `?` kinds
    const TypeId e1 = zonk(s->residual_error);
    all_known = all_known && !is_unresolved(e1);
    if (std::find(errors.begin(), errors.end(), e1) == errors.end()) errors.push_back(e1);
  }
  // The error-type fallback [beyond Rust]: every `?` has the same error type.
  if (!options_.rust_compat && all_known && errors.size() == 1) {
    unify(e, errors[0]);
    return;
  }
  // E0282 at the `Ok`/`Err` that left `E` open, with the turbofish that fixes it.
  std::string suggested = "E";
  std::vector<TypeId> candidates;
  for (const AdtInfo& adt : program_.adts) {
    bool converts_all = true;
    for (TypeId err : errors) converts_all = converts_all && (err == adt.type || find_from(err, adt.type) != nullptr);
    if (converts_all) candidates.push_back(adt.type);
  }
  if (candidates.size() == 1 && all_known) suggested = name(candidates[0]);
  auto origin = result_origins_.find(types().data(e).var);
  if (origin == result_origins_.end()) {
    const source::Span q{sites.front()->expr->span.begin, sites.front()->expr->span.end};
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed").primary(q, "cannot infer type"));
    unify(e, types().error);
    return;
  }
  const ResultOrigin& o = origin->second;
  const TypeId t = zonk(types().arg(o.result, 0));
  const std::string t_name = is_unresolved(t) ? "_" : name(t);
  const std::string args = o.is_ok ? t_name + ", " + suggested : t_name + ", " + suggested;
  emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed")
           .primary(o.ctor, "cannot infer type of the type parameter `E` declared on the enum `Result`")
           .suggest("consider specifying the generic arguments", {o.ctor.end, o.ctor.end}, "::<" + args + ">",
                    suggested == "E" ? diag::Applicability::HasPlaceholders : diag::Applicability::MaybeIncorrect));
  unify(e, types().error);
}

void Checker::report_parse_target_unknown(const ast::MethodCallExpr* expr) {
  emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed")
           .primary(expr->name_span, "cannot infer type of the type parameter `F` declared on the method `parse`")
           .suggest("consider specifying the generic argument", {expr->name_span.end, expr->name_span.end}, "::<F>",
                    diag::Applicability::HasPlaceholders));
}

void Checker::settle_parses() {
  for (const ParseObligation& p : pending_parses_) {
    const TypeId target = resolve(p.target);
    const TypeKind k = types().kind(target);
    if (k == TypeKind::Int) {
      unify(p.error, types().opaque(OpaqueKind::ParseIntError));
    } else if (k == TypeKind::F64) {
      unify(p.error, types().opaque(OpaqueKind::ParseFloatError));
    } else {
      if (k != TypeKind::Error) report_parse_target_unknown(p.expr);
      if (k == TypeKind::Var) unify(p.target, types().error);
      unify(p.error, types().error);
    }
  }
  pending_parses_.clear();
}

void Checker::finish_body(BodyCtx& body) {
  // Before the `?` sites: a `?` on a parse needs its error type.
  settle_parses();
  for (TryObligation& t : pending_tries_) body.tries.push_back(t);
  pending_tries_.clear();
  settle_tries(body.tries);

  // Literal fallback, then range checks.
  for (std::uint32_t v = body_var_start_; v < var_binding_.size(); ++v) {
    if (var_binding_[v] != ~TypeId{0}) continue;
    if (var_kind_[v] == TypeKind::IntVar) var_binding_[v] = types().int_type(IntKind::I32);
    if (var_kind_[v] == TypeKind::FloatVar) var_binding_[v] = types().f64;
  }
  for (const ast::IntLitExpr* lit : int_literals_) check_literal_range(lit);
  int_literals_.clear();
  negated_literals_.clear();

  // Bindings whose type nothing fixed (unless an earlier error in the body explains it).
  for (LocalId id = body_local_start_; id < program_.locals.size() && error_count_ == body_errors_start_; ++id) {
    Local& local = program_.locals[id];
    const TypeId t = zonk(local.type);
    if (!has_unresolved(t)) continue;
    const std::string shown = name(t);
    Diagnostic d = Diagnostic::make(Kind::TypeAnnotationsNeeded,
                                    is_unresolved(t) ? std::string("type annotations needed") : "type annotations needed for `" + shown + "`")
                       .primary(local.span);
    auto init = local_inits_.find(id);
    if (init != local_inits_.end()) d.secondary(init->second->span, "type must be known at this point");
    // rustc names the open parameter: `Vec<T>`, `Option<T>`, `Result<i32, E>`.
    std::string annotation = is_unresolved(t) ? std::string("/* Type */") : shown;
    std::string param;
    const TypeKind k = types().kind(t);
    if (types().arg_count(t) >= 1 && k != TypeKind::Tuple && k != TypeKind::Future) {
      std::string args;
      const char* names[] = {"T", "E"};
      for (std::uint32_t i = 0; i < types().arg_count(t) && i < 2; ++i) {
        const TypeId a = zonk(types().arg(t, i));
        const bool open = has_unresolved(a);
        if (open && param.empty()) param = names[k == TypeKind::Result || k == TypeKind::Either ? i : 0];
        args += (i == 0 ? "" : ", ") + (open ? std::string(names[k == TypeKind::Result || k == TypeKind::Either ? i : 0]) : name(a));
      }
      annotation = shown.substr(0, shown.find('<')) + "<" + args + ">";
    }
    d.suggest("consider giving `" + std::string(local.name) + "` an explicit type" +
                  (param.empty() ? std::string() : ", where the type for type parameter `" + param + "` is specified"),
              {local.span.end, local.span.end}, ": " + annotation, diag::Applicability::HasPlaceholders);
    emit(std::move(d));
    break;
  }
  body_local_start_ = static_cast<LocalId>(program_.locals.size());
}

bool Checker::has_unresolved(TypeId t) {
  t = resolve(t);
  if (is_var_kind(types().kind(t))) return true;
  for (std::uint32_t i = 0; i < types().arg_count(t); ++i) {
    if (has_unresolved(types().arg(t, i))) return true;
  }
  return false;
}

void Checker::check_literal_range(const ast::IntLitExpr* lit) {
  const TypeId t = zonk(node_types_[lit->id]);
  if (types().kind(t) != TypeKind::Int) return;
  const auto k = static_cast<IntKind>(types().data(t).extra);
  const unsigned bits = int_kind_bits(k);
  const bool negated = std::find(negated_literals_.begin(), negated_literals_.end(), lit) != negated_literals_.end();
  std::uint64_t max;
  if (int_kind_signed(k)) {
    max = (std::uint64_t{1} << (bits - 1)) - (negated ? 0 : 1);
  } else {
    max = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  }
  if (!lit->overflow && lit->value <= max) return;
  const std::string n = int_kind_name(k);
  std::string range;
  if (int_kind_signed(k)) {
    const std::uint64_t m = std::uint64_t{1} << (bits - 1);
    range = "-" + std::to_string(m) + "..=" + std::to_string(m - 1);
  } else {
    range = "0..=" + std::to_string(bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1);
  }
  const source::Span span = lit->span;
  emit(Diagnostic::make(Kind::LiteralOutOfRange, "literal out of range for `" + n + "`")
           .primary(span)
           .note("the literal `" + std::string(sink_.file().text(span)) + "` does not fit into the type `" + n +
                 "` whose range is `" + range + "`")
           .note("`#[deny(overflowing_literals)]` on by default"));
}

}  // namespace asyncc::sema
