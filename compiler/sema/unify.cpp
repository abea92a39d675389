// The unifier: inference variables and their bindings (a substitution, applied lazily).
#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

namespace {
constexpr TypeId unbound = ~TypeId{0};
}

TypeId Checker::fresh_var() {
  var_binding_.push_back(unbound);
  var_kind_.push_back(TypeKind::Var);
  return types().var(TypeKind::Var, static_cast<std::uint32_t>(var_binding_.size() - 1));
}

TypeId Checker::fresh_int_var() {
  var_binding_.push_back(unbound);
  var_kind_.push_back(TypeKind::IntVar);
  return types().var(TypeKind::IntVar, static_cast<std::uint32_t>(var_binding_.size() - 1));
}

TypeId Checker::fresh_float_var() {
  var_binding_.push_back(unbound);
  var_kind_.push_back(TypeKind::FloatVar);
  return types().var(TypeKind::FloatVar, static_cast<std::uint32_t>(var_binding_.size() - 1));
}

TypeId Checker::resolve(TypeId t) {
  while (is_var_kind(types().kind(t))) {
    const TypeId bound = var_binding_[types().data(t).var];
    if (bound == unbound) return t;
    t = bound;
  }
  return t;
}

TypeId Checker::zonk(TypeId t) {
  t = resolve(t);
  const TypeData& d = types().data(t);
  if (d.arg_count == 0) return t;
  std::vector<TypeId> args = types().args(t);
  bool changed = false;
  for (TypeId& a : args) {
    const TypeId z = zonk(a);
    changed |= z != a;
    a = z;
  }
  return changed ? types().with_args(t, args) : t;
}

bool Checker::occurs(std::uint32_t var, TypeId t) {
  t = resolve(t);
  const TypeData& d = types().data(t);
  if (is_var_kind(d.kind)) return d.var == var;
  for (std::uint32_t i = 0; i < d.arg_count; ++i) {
    if (occurs(var, types().arg(t, i))) return true;
  }
  return false;
}

bool Checker::unify(TypeId a, TypeId b) {
  a = resolve(a);
  b = resolve(b);
  if (a == b) return true;
  const TypeKind ka = types().kind(a), kb = types().kind(b);
  // After an error a variable becomes the error type, so nothing downstream reports again.
  if (ka == TypeKind::Error || kb == TypeKind::Error) {
    if (is_var_kind(ka)) var_binding_[types().data(a).var] = b;
    if (is_var_kind(kb)) var_binding_[types().data(b).var] = a;
    return true;
  }
  if (ka == TypeKind::Never || kb == TypeKind::Never) return true;  // `!` coerces to anything
  if (is_var_kind(ka) || is_var_kind(kb)) {
    if (!is_var_kind(ka)) return unify(b, a);
    const std::uint32_t va = types().data(a).var;
    if (ka == TypeKind::Var) {
      if (occurs(va, b)) return false;
      var_binding_[va] = b;
      return true;
    }
    // An integer or float variable: binds to its own kind of variable or a matching type.
    if (kb == TypeKind::Var) {
      var_binding_[types().data(b).var] = a;
      return true;
    }
    const bool ok = ka == TypeKind::IntVar ? (kb == TypeKind::Int || kb == TypeKind::IntVar)
                                           : (kb == TypeKind::F64 || kb == TypeKind::FloatVar);
    if (!ok) return false;
    var_binding_[va] = b;
    return true;
  }
  const TypeData& da = types().data(a);
  const TypeData& db = types().data(b);
  if (da.kind != db.kind || da.extra != db.extra || da.origin != db.origin || da.arg_count != db.arg_count) {
    return false;
  }
  for (std::uint32_t i = 0; i < da.arg_count; ++i) {
    if (!unify(types().arg(a, i), types().arg(b, i))) return false;
  }
  return true;
}

}  // namespace asyncc::sema
