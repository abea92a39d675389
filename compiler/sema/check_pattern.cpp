// Patterns: bindings, literals, ranges, tuples, constructors (user and prelude), structs, `|`.
#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

namespace {

bool is_refutable_ident(const Resolution& r) {
  return r.kind == ResKind::Const || r.kind == ResKind::Struct || r.kind == ResKind::Variant ||
         (r.kind == ResKind::Prelude && static_cast<PreludeItem>(r.index) == PreludeItem::None);
}

}  // namespace

void Checker::pattern_mismatch(const ast::Pattern* pattern, TypeId actual, TypeId expected) {
  const TypeId a = zonk(actual), e = zonk(expected);
  if (types().kind(a) == TypeKind::Error || types().kind(e) == TypeKind::Error) return;
  emit(Diagnostic::make(Kind::MismatchedTypes, "mismatched types")
           .primary(pattern->span, "expected `" + program_.type_name(e) + "`, found `" + program_.type_name(a) + "`"));
}

void Checker::check_pattern(const ast::Pattern* pattern, TypeId expected, bool in_let) {
  record(pattern, expected);
  switch (pattern->kind) {
    case ast::NodeKind::WildPat:
    case ast::NodeKind::RestPat:
      return;
    case ast::NodeKind::IdentPat: {
      const auto* p = static_cast<const ast::IdentPat*>(pattern);
      if (p->sub == nullptr && !p->is_mut) {
        ast::PathSegment seg{p->name, p->name_span, {}, false};
        ast::Path path{{&seg, 1}, p->name_span};
        auto it = value_items_.find(p->name);
        Resolution r;
        if (it != value_items_.end()) {
          r = it->second.res;
        } else {
          resolve_prelude_path(path, r);
        }
        if (is_refutable_ident(r)) {
          set_res(pattern, r);
          TypeId t = types().error;
          if (r.kind == ResKind::Const) t = program_.consts[r.index].type;
          if (r.kind == ResKind::Struct) t = program_.adts[r.index].type;
          if (r.kind == ResKind::Prelude) t = types().option(fresh_var());
          if (!unify(t, expected)) pattern_mismatch(pattern, t, expected);
          return;
        }
      }
      if (p->sub != nullptr) check_pattern(p->sub, expected, in_let);
      // In the second and later alternatives of `A | B`, a name binds the same local as in the first.
      if (or_depth_ > 0 && or_alt_ > 0) {
        for (std::size_t i = scopes_.size(); i-- > or_scope_base_;) {
          if (scopes_[i].name == p->name) {
            set_res(pattern, {ResKind::Local, scopes_[i].local, 0});
            if (!unify(program_.locals[scopes_[i].local].type, expected)) {
              pattern_mismatch(pattern, expected, program_.locals[scopes_[i].local].type);
            }
            return;
          }
        }
      }
      const LocalId id = declare_local(p->name, p->name_span, expected, p->is_mut, pattern);
      set_res(pattern, {ResKind::Local, id, 0});
      return;
    }
    case ast::NodeKind::LitPat: {
      const TypeId t = check_expr(static_cast<const ast::LitPat*>(pattern)->lit, Expect{expected, {}, {}});
      TypeId want = expected;
      if (resolve(t) == types().str && resolve(expected) == types().string) want = t;  // `match s.as_str()` style
      if (!unify(t, want)) pattern_mismatch(pattern, t, expected);
      return;
    }
    case ast::NodeKind::RangePat: {
      const auto* p = static_cast<const ast::RangePat*>(pattern);
      for (const ast::Expr* bound : {p->lo, p->hi}) {
        if (bound == nullptr) continue;
        const TypeId t = check_expr(bound, Expect{expected, {}, {}});
        if (!unify(t, expected)) pattern_mismatch(pattern, t, expected);
      }
      return;
    }
    case ast::NodeKind::TuplePat: {
      const auto* p = static_cast<const ast::TuplePat*>(pattern);
      check_tuple_elems(pattern, p->elems, expected, nullptr, in_let);
      return;
    }
    case ast::NodeKind::PathPat:
    case ast::NodeKind::TupleStructPat:
    case ast::NodeKind::StructPat:
      check_ctor_pattern(pattern, expected, in_let);
      return;
    case ast::NodeKind::OrPat: {
      const auto* p = static_cast<const ast::OrPat*>(pattern);
      const std::size_t saved_base = or_scope_base_;
      const std::uint32_t saved_alt = or_alt_;
      if (or_depth_++ == 0) or_scope_base_ = scopes_.size();
      for (std::uint32_t i = 0; i < p->alts.size(); ++i) {
        or_alt_ = i;
        check_pattern(p->alts[i], expected, in_let);
      }
      --or_depth_;
      or_alt_ = saved_alt;
      or_scope_base_ = saved_base;
      return;
    }
    default:
      return;
  }
}

void Checker::check_tuple_elems(const ast::Pattern* pattern, const ast::List<ast::Pattern*>& elems, TypeId expected,
                                const std::vector<TypeId>* fields, bool in_let) {
  std::uint32_t rest = elems.size();
  for (std::uint32_t i = 0; i < elems.size(); ++i) {
    if (elems[i]->kind == ast::NodeKind::RestPat) rest = i;
  }
  std::vector<TypeId> types_of;
  if (fields != nullptr) {
    types_of = *fields;
  } else {
    const TypeId t = resolve(expected);
    if (types().kind(t) == TypeKind::Tuple) {
      types_of = types().args(t);
    } else if (is_var_kind(types().kind(t)) && rest == elems.size()) {
      for (std::uint32_t i = 0; i < elems.size(); ++i) types_of.push_back(fresh_var());
      unify(t, types().tuple(types_of));
    } else {
      if (types().kind(t) != TypeKind::Error) {
        std::vector<TypeId> shown;
        for (std::uint32_t i = 0; i < elems.size(); ++i) shown.push_back(fresh_var());
        pattern_mismatch(pattern, types().tuple(shown), t);
      }
      for (const ast::Pattern* e : elems) check_pattern(e, types().error, in_let);
      return;
    }
  }
  const std::uint32_t named = rest == elems.size() ? elems.size() : elems.size() - 1;
  if (rest == elems.size() ? named != types_of.size() : named > types_of.size()) {
    emit(Diagnostic::make(Kind::MismatchedTypes, "this pattern has " + std::to_string(named) + (named == 1 ? " field" : " fields") +
                                                     ", but the corresponding " + (fields != nullptr ? "tuple variant" : "tuple") + " has " +
                                                     std::to_string(types_of.size()) + (types_of.size() == 1 ? " field" : " fields"))
             .primary(pattern->span, "expected " + std::to_string(types_of.size()) + (types_of.size() == 1 ? " field" : " fields") +
                                         ", found " + std::to_string(named)));
    for (const ast::Pattern* e : elems) check_pattern(e, types().error, in_let);
    return;
  }
  for (std::uint32_t i = 0; i < elems.size(); ++i) {
    if (i == rest) continue;
    const std::uint32_t field = i < rest ? i : static_cast<std::uint32_t>(types_of.size() - (elems.size() - i));
    check_pattern(elems[i], types_of[field], in_let);
  }
}

void Checker::check_ctor_pattern(const ast::Pattern* pattern, TypeId expected, bool in_let) {
  const ast::Path* path = nullptr;
  if (const auto* p = ast::dyn_cast<ast::PathPat>(pattern)) path = &p->path;
  if (const auto* p = ast::dyn_cast<ast::TupleStructPat>(pattern)) path = &p->path;
  if (const auto* p = ast::dyn_cast<ast::StructPat>(pattern)) path = &p->path;
  Resolution r;
  if (path->segments.size() == 1 && ast::dyn_cast<ast::StructPat>(pattern) != nullptr) {
    auto it = type_items_.find(path->segments[0].name);
    if (it != type_items_.end()) r = it->second.res;
    if (path->segments[0].name == "Self" && current_self_ != 0) r = {ResKind::Struct, adt_index(current_self_), 0};
  } else {
    auto it = path->segments.size() == 1 ? value_items_.find(path->segments[0].name) : value_items_.end();
    if (it != value_items_.end()) {
      r = it->second.res;
    } else if (!resolve_prelude_path(*path, r)) {
      r = resolve_value_path(*path, false);
    }
  }
  set_res(pattern, r);
  const auto* tuple = ast::dyn_cast<ast::TupleStructPat>(pattern);
  const auto* record_pat = ast::dyn_cast<ast::StructPat>(pattern);
  if (r.kind == ResKind::Prelude) {
    const auto item = static_cast<PreludeItem>(r.index);
    std::vector<TypeId> fields;
    TypeId t = types().error;
    const TypeId a = fresh_var(), b = fresh_var();
    switch (item) {
      case PreludeItem::Some: t = types().option(a); fields = {a}; break;
      case PreludeItem::None: t = types().option(a); break;
      case PreludeItem::Ok: t = types().result(a, b); fields = {a}; break;
      case PreludeItem::Err: t = types().result(a, b); fields = {b}; break;
      case PreludeItem::Left: t = types().intern(TypeKind::Either, {a, b}); fields = {a}; break;
      case PreludeItem::Right: t = types().intern(TypeKind::Either, {a, b}); fields = {b}; break;
      default: break;
    }
    if (t != types().error && !unify(t, expected)) pattern_mismatch(pattern, t, expected);
    if (tuple != nullptr) check_tuple_elems(pattern, tuple->elems, expected, &fields, in_let);
    return;
  }
  if (r.kind != ResKind::Struct && r.kind != ResKind::Variant) {
    const ast::PathSegment& last = path->segments[path->segments.size() - 1];
    if (r.kind == ResKind::None && r.index == 0) {
      emit(Diagnostic::make(Kind::UnresolvedName, std::string("cannot find ") +
                                                      (record_pat != nullptr ? "struct, variant or union type" : "tuple struct or tuple variant") +
                                                      " `" + std::string(last.name) + "` in this scope")
               .primary(last.span, "not found in this scope"));
    }
    if (tuple != nullptr) {
      for (const ast::Pattern* e : tuple->elems) check_pattern(e, types().error, in_let);
    }
    if (record_pat != nullptr) {
      for (const ast::FieldPat& f : record_pat->fields) check_pattern(f.pattern, types().error, in_let);
    }
    return;
  }
  const AdtInfo& adt = program_.adts[r.index];
  const auto& v = adt.variants[r.sub];
  if (!unify(adt.type, expected)) pattern_mismatch(pattern, adt.type, expected);
  if (tuple != nullptr) {
    check_tuple_elems(pattern, tuple->elems, expected, &v.field_types, in_let);
    return;
  }
  if (record_pat != nullptr) {
    std::vector<bool> seen(v.field_names.size(), false);
    for (const ast::FieldPat& f : record_pat->fields) {
      std::size_t index = v.field_names.size();
      for (std::size_t i = 0; i < v.field_names.size(); ++i) {
        if (v.field_names[i] == f.name) index = i;
      }
      if (index == v.field_names.size()) {
        emit(Diagnostic::make(Kind::NoSuchField, "variant `" + std::string(adt.name) + "` does not have a field named `" +
                                                     std::string(f.name) + "`")
                 .primary(f.name_span, "variant `" + std::string(adt.name) + "` does not have this field"));
        check_pattern(f.pattern, types().error, in_let);
        continue;
      }
      seen[index] = true;
      check_pattern(f.pattern, v.field_types[index], in_let);
    }
    if (!record_pat->has_rest) {
      std::string missing;
      for (std::size_t i = 0; i < seen.size(); ++i) {
        if (!seen[i]) missing += (missing.empty() ? "`" : ", `") + std::string(v.field_names[i]) + "`";
      }
      if (!missing.empty()) {
        emit(Diagnostic::make(Kind::MissingStructField, "pattern does not mention field " + missing)
                 .primary(pattern->span, "missing field " + missing)
                 .suggest("if you don't care about this missing field, you can explicitly ignore it",
                          {record_pat->span.end - 1, record_pat->span.end - 1}, ", ..", diag::Applicability::MachineApplicable));
      }
    }
    return;
  }
  if (v.shape != ast::StructShape::Unit) {
    emit(Diagnostic::make(Kind::ExpectedValue, "expected unit struct, unit variant or constant, found tuple variant `" +
                                                   std::string(adt.name) + "::" + std::string(v.name) + "`")
             .primary(pattern->span, "not a unit struct, unit variant or constant"));
  }
}

}  // namespace asyncc::sema
