// Paths in expressions, calls, method calls, struct literals and the built-in macros.
#include "compiler/sema/checker.hpp"
#include "compiler/sema/format_string.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

namespace {

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

Resolution Checker::resolve_value_path(const ast::Path& path, bool report, const char* what) {
  Resolution res;
  const std::size_t n = path.segments.size();
  const ast::PathSegment& last = path.segments[n - 1];
  if (n == 1) {
    use_span_ = last.span;
    const LocalId local = last.has_args ? static_cast<LocalId>(-1) : lookup_local(last.name);
    if (local != static_cast<LocalId>(-1)) return {ResKind::Local, local, 0};
    auto it = value_items_.find(last.name);
    if (it != value_items_.end()) return it->second.res;
    if (resolve_prelude_path(path, res)) return res;
    if (auto t = type_items_.find(last.name); t != type_items_.end() && report) {
      const AdtInfo& adt = program_.adts[t->second.res.index];
      const std::string n(adt.name);
      emit(Diagnostic::make(Kind::ExpectedValue, std::string("expected value, found ") +
                                                     (adt.enum_item != nullptr ? "enum `" : "struct `") + n + "`")
               .primary(last.span, adt.enum_item != nullptr ? "not a value" : "use struct literal syntax instead: `" + n + " { … }`"));
      return {ResKind::None, 1, 0};
    }
    if (report) report_unresolved(path, what);
    return {ResKind::None, report ? 1u : 0u, 0};
  }
  if (n == 2) {
    const ast::PathSegment& first = path.segments[0];
    TypeId owner = 0;
    if (first.name == "Self" && current_self_ != 0) {
      owner = current_self_;
    } else {
      auto it = type_items_.find(first.name);
      if (it != type_items_.end()) owner = program_.adts[it->second.res.index].type;
    }
    if (owner != 0 && types().kind(owner) == TypeKind::Adt) {
      const std::uint32_t index = adt_index(owner);
      const AdtInfo& adt = program_.adts[index];
      if (adt.enum_item != nullptr) {
        for (std::uint32_t v = 0; v < adt.variants.size(); ++v) {
          if (adt.variants[v].name == last.name) return {ResKind::Variant, index, v};
        }
      }
      std::uint32_t fn = 0;
      if (find_method(owner, last.name, &fn) != nullptr) return {ResKind::Fn, fn, 0};
      if (last.name == "from") {  // `Type::from`: one of its `impl From`s, chosen by the argument
        for (const FromImpl& f : program_.from_impls) {
          if (f.to == owner) return {ResKind::Fn, f.fn, 1};
        }
      }
      if (report) {
        const std::string what = adt.enum_item != nullptr ? "variant or associated item" : "function or associated item";
        emit(Diagnostic::make(Kind::NoMethod, "no " + what + " named `" + std::string(last.name) + "` found for " +
                                                  (adt.enum_item != nullptr ? "enum" : "struct") + " `" +
                                                  std::string(adt.name) + "` in the current scope")
                 .primary(last.span, std::string(adt.enum_item != nullptr ? "variant or associated item" : "function or associated item") +
                                         " not found in `" + std::string(adt.name) + "`"));
      }
      return {ResKind::None, report ? 1u : 0u, 0};
    }
    if (resolve_prelude_path(path, res)) return res;
  }
  if (report) report_unresolved(path, what);
  return {ResKind::None, report ? 1u : 0u, 0};
}

bool Checker::report_std_outside_v1(const ast::PathSegment& seg) {
  static const char* const names[] = {"HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "Rc", "Arc",
                                      "Mutex", "RwLock", "RefCell", "Cell", "Box", "Iterator", "Path"};
  for (const char* n : names) {
    if (seg.name != n) continue;
    emit(Diagnostic::make(Kind::UnsupportedFeature, "`" + std::string(n) + "` is not supported in ADSL")
             .primary(seg.span, "not part of ADSL v1")
             .note("ADSL's prelude has `Vec`, `String`, `Option`, `Result`, channels, timers and TCP; see docs/adsl.md"));
    return true;
  }
  return false;
}

void Checker::report_unresolved(const ast::Path& path, const char* what) {
  const ast::PathSegment& last = path.segments[path.segments.size() - 1];
  if (report_std_outside_v1(path.segments[0])) return;
  if (path.segments.size() > 1) {
    const ast::PathSegment& first = path.segments[0];
    emit(Diagnostic::make(Kind::UnresolvedName, "failed to resolve: use of undeclared type `" + std::string(first.name) + "`")
             .primary(first.span, "use of undeclared type `" + std::string(first.name) + "`"));
    return;
  }
  const std::string n(last.name);
  Diagnostic d = Diagnostic::make(Kind::UnresolvedName, std::string("cannot find ") + what + " `" + n + "` in this scope")
                     .primary(last.span, "not found in this scope");
  const std::string similar = similar_local(last.name);
  if (!similar.empty()) {
    d.suggest("a local variable with a similar name exists", last.span, similar, diag::Applicability::MaybeIncorrect);
  }
  emit(std::move(d));
}

const FnSig* Checker::find_method(TypeId self_type, std::string_view name, std::uint32_t* index) {
  auto table = methods_.find(types().data(self_type).origin);
  if (table == methods_.end()) return nullptr;
  auto it = table->second.find(name);
  if (it == table->second.end()) return nullptr;
  if (index != nullptr) *index = it->second;
  return &program_.fns[it->second];
}

TypeId Checker::check_path_expr(const ast::PathExpr* expr, const Expect& expect) {
  const Resolution res = resolve_value_path(expr->path, true);
  set_res(expr, res);
  switch (res.kind) {
    case ResKind::Local:
      return program_.locals[res.index].type;
    case ResKind::Const:
      return program_.consts[res.index].type;
    case ResKind::Fn:
      return types().intern(TypeKind::FnDef, 0, &program_.fns[res.index], nullptr, 0);
    case ResKind::Struct: {
      const AdtInfo& adt = program_.adts[res.index];
      if (adt.variants[0].shape == ast::StructShape::Unit) return adt.type;
      if (adt.variants[0].shape == ast::StructShape::Tuple) {
        return types().intern(TypeKind::FnDef, 1, &adt.variants[0], nullptr, 0);
      }
      emit(Diagnostic::make(Kind::ExpectedValue, "expected value, found struct `" + std::string(adt.name) + "`")
               .primary(expr->span, "use struct literal syntax instead: `" + std::string(adt.name) + " { … }`"));
      return types().error;
    }
    case ResKind::Variant: {
      const AdtInfo& adt = program_.adts[res.index];
      const auto& v = adt.variants[res.sub];
      if (v.shape == ast::StructShape::Unit) return adt.type;
      if (v.shape == ast::StructShape::Tuple) return types().intern(TypeKind::FnDef, 1, &v, nullptr, 0);
      emit(Diagnostic::make(Kind::ExpectedValue, "expected value, found struct variant `" + std::string(adt.name) +
                                                     "::" + std::string(v.name) + "`")
               .primary(expr->span, "not a value"));
      return types().error;
    }
    case ResKind::Prelude:
      return prelude_value_type(expr, static_cast<PreludeItem>(res.index), expect);
    default:
      return types().error;
  }
}

namespace {

// The declared parameter that argument `i` binds (skipping a `self` parameter the call does not pass).
const ast::Param* param_for_arg(const FnSig* sig, std::size_t i, std::size_t passed) {
  if (sig == nullptr) return nullptr;
  const auto& params = sig->item->params;
  const std::size_t skip = params.size() > passed ? params.size() - passed : 0;
  return i + skip < params.size() ? &params[static_cast<std::uint32_t>(i + skip)] : nullptr;
}

// rustc's "function defined here" note: the name, and the parameters involved underlined.
diag::SubDiagnostic defined_here(const FnSig& sig, const char* what, const std::vector<const ast::Param*>& params) {
  diag::SubDiagnostic note;
  note.message = std::string(what) + " defined here";
  note.labels.push_back({sig.item->name_span, "", true});
  for (const ast::Param* p : params) {
    if (p != nullptr) note.labels.push_back({p->span, "", false});
  }
  return note;
}

}  // namespace

TypeId Checker::check_args(const ast::Node* call, source::Span callee_span, const std::vector<TypeId>& params,
                           const ast::List<ast::Expr*>& args, const FnSig* sig, const char* what) {
  if (args.size() != params.size()) {
    const std::string message = std::string("this ") + what + " takes " + plural(params.size(), "argument") + " but " +
                                plural(args.size(), "argument") + (args.size() == 1 ? " was" : " were") + " supplied";
    Diagnostic d = Diagnostic::make(Kind::WrongArgumentCount, message).primary(callee_span);
    std::vector<const ast::Param*> involved;
    std::vector<TypeId> arg_types;
    for (const ast::Expr* a : args) arg_types.push_back(check_arg(a, {}));
    if (args.size() < params.size()) {
      std::string missing, placeholders;
      for (std::size_t i = args.size(); i < params.size(); ++i) {
        missing += (missing.empty() ? "" : ", ") + std::string("argument #") + std::to_string(i + 1) + " of type `" +
                   name(params[i]) + "`";
        placeholders += (i == 0 ? "" : ", ") + std::string("/* ") + name(params[i]) + " */";
        involved.push_back(param_for_arg(sig, i, params.size()));
      }
      d.secondary({callee_span.end, call->span.end}, missing + (params.size() - args.size() == 1 ? " is missing" : " are missing"));
      if (sig != nullptr) d.children.push_back(defined_here(*sig, what, involved));
      d.suggest(params.size() - args.size() == 1 ? "provide the argument" : "provide the arguments",
                {call->span.end - 1, call->span.end - 1}, placeholders, diag::Applicability::HasPlaceholders);
    } else {
      for (std::size_t i = params.size(); i < args.size(); ++i) {
        d.secondary(args[static_cast<std::uint32_t>(i)]->span,
                    "unexpected argument #" + std::to_string(i + 1) + " of type `" + name(arg_types[i]) + "`");
      }
      if (sig != nullptr) d.children.push_back(defined_here(*sig, what, involved));
      const std::uint32_t from = params.empty() ? args[0]->span.begin : args[static_cast<std::uint32_t>(params.size() - 1)]->span.end;
      d.suggest(args.size() - params.size() == 1 ? "remove the extra argument" : "remove the extra arguments",
                {from, args[args.size() - 1]->span.end}, "", diag::Applicability::MaybeIncorrect);
    }
    emit(std::move(d));
    return types().error;
  }
  for (std::uint32_t i = 0; i < args.size(); ++i) {
    const TypeId actual = check_arg(args[i], Expect{params[i], {}, {}});
    const std::size_t errors = error_count_;
    Expect why;
    why.due_to = callee_span;
    why.label = std::string("arguments to this ") + what + " are incorrect";
    if (!coerce(args[i]->span, actual, params[i], why, args[i]) && sig != nullptr && error_count_ > errors) {
      last_diagnostic().children.push_back(defined_here(*sig, what, {param_for_arg(sig, i, params.size())}));
    }
  }
  return 0;
}

TypeId Checker::check_call(const ast::CallExpr* expr, const Expect& expect) {
  const auto* callee = ast::dyn_cast<ast::PathExpr>(expr->callee);
  if (callee == nullptr) {
    const TypeId t = check_expr(expr->callee);
    for (const ast::Expr* a : expr->args) check_expr(a);
    if (types().kind(resolve(t)) != TypeKind::Error) {
      emit(Diagnostic::make(Kind::NotCallable, "expected function, found `" + name(t) + "`")
               .primary(expr->callee->span, "call expression requires function"));
    }
    return types().error;
  }
  const Resolution res = resolve_value_path(callee->path, true, "function");
  set_res(callee, res);
  set_res(expr, res);
  const source::Span callee_span = callee->span;
  switch (res.kind) {
    case ResKind::Fn: {
      if (res.sub == 1 && expr->args.size() == 1) {  // `Type::from(x)`: the impl From for x's type
        const TypeId arg = resolve(check_expr(expr->args[0]));
        const TypeId to = program_.fns[res.index].self_type;
        for (const FromImpl& f : program_.from_impls) {
          if (f.to == to && unify(f.from, arg)) {
            set_res(callee, {ResKind::Fn, f.fn, 0});
            set_res(expr, {ResKind::Fn, f.fn, 0});
            return to;
          }
        }
        if (types().kind(arg) != TypeKind::Error) {
          emit(Diagnostic::make(Kind::TryConversion, "the trait bound `" + name(to) + ": From<" + name(arg) + ">` is not satisfied")
                   .primary(expr->args[0]->span, "the trait `From<" + name(arg) + ">` is not implemented for `" + name(to) + "`"));
        }
        return types().error;
      }
      const FnSig& sig = program_.fns[res.index];
      std::vector<TypeId> params = sig.params;
      if (sig.self_kind != ast::SelfKind::None) params.insert(params.begin(), sig.self_type);
      record(callee, types().intern(TypeKind::FnDef, 0, &sig, nullptr, 0));
      check_args(expr, callee_span, params, expr->args, &sig, sig.impl != nullptr && sig.self_kind != ast::SelfKind::None ? "method" : "function");
      return sig.is_async ? sig.future : sig.ret;
    }
    case ResKind::Struct:
    case ResKind::Variant: {
      const AdtInfo& adt = program_.adts[res.index];
      const auto& v = adt.variants[res.sub];
      if (v.shape != ast::StructShape::Tuple) {
        for (const ast::Expr* a : expr->args) check_expr(a);
        emit(Diagnostic::make(Kind::NotCallable, "expected function, tuple struct or tuple variant, found `" +
                                                     std::string(v.name) + "`")
                 .primary(callee_span, "not a function or tuple constructor"));
        return types().error;
      }
      check_args(expr, callee_span, v.field_types, expr->args, nullptr,
                 res.kind == ResKind::Struct ? "struct" : "enum variant");
      return adt.type;
    }
    case ResKind::Prelude:
      return check_prelude_call(expr, static_cast<PreludeItem>(res.index), expect);
    case ResKind::Local: {
      const TypeId t = program_.locals[res.index].type;
      record(callee, t);
      for (const ast::Expr* a : expr->args) check_expr(a);
      emit(Diagnostic::make(Kind::NotCallable, "expected function, found `" + name(t) + "`")
               .primary(callee_span, "call expression requires function"));
      return types().error;
    }
    case ResKind::Const: {
      for (const ast::Expr* a : expr->args) check_expr(a);
      emit(Diagnostic::make(Kind::NotCallable, "expected function, found `" + name(program_.consts[res.index].type) + "`")
               .primary(callee_span, "call expression requires function"));
      return types().error;
    }
    default:  // reported by resolve_value_path
      for (const ast::Expr* a : expr->args) check_expr(a);
      return types().error;
  }
}

TypeId Checker::check_method_call(const ast::MethodCallExpr* expr, const Expect& expect) {
  (void)expect;
  TypeId receiver = resolve(check_expr(expr->receiver));
  if (types().kind(receiver) == TypeKind::Ref) receiver = resolve(types().arg(receiver, 0));
  const TypeKind k = types().kind(receiver);
  if (k == TypeKind::Error) {
    for (const ast::Expr* a : expr->args) check_expr(a);
    return types().error;
  }
  if (k == TypeKind::Var) {
    for (const ast::Expr* a : expr->args) check_expr(a);
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed")
             .primary(expr->receiver->span, "type must be known at this point"));
    return types().error;
  }
  if (k == TypeKind::Adt) {
    std::uint32_t index = 0;
    if (const FnSig* sig = find_method(receiver, expr->name, &index); sig != nullptr && sig->self_kind != ast::SelfKind::None) {
      set_res(expr, {ResKind::Fn, index, 0});
      check_args(expr, expr->name_span, sig->params, expr->args, sig, "method");
      return sig->is_async ? sig->future : sig->ret;
    }
  }
  bool found = false;
  const TypeId t = check_prelude_method(expr, receiver, found);
  if (found) {
    set_res(expr, {ResKind::PreludeMethod, 0, 0});
    return t;
  }
  for (const ast::Expr* a : expr->args) check_expr(a);
  std::string what = "type";
  std::string shown = name(receiver);
  switch (k) {
    case TypeKind::String: case TypeKind::Vec: case TypeKind::JoinHandle: case TypeKind::Sender:
    case TypeKind::Receiver: case TypeKind::Opaque: what = "struct"; break;
    case TypeKind::Option: case TypeKind::Result: case TypeKind::Either: what = "enum"; break;
    case TypeKind::Adt: what = program_.adts[adt_index(receiver)].enum_item != nullptr ? "enum" : "struct"; break;
    case TypeKind::Str: shown = "&str"; what = "reference"; break;
    default: break;
  }
  Diagnostic d = Diagnostic::make(Kind::NoMethod, "no method named `" + std::string(expr->name) + "` found for " + what +
                                                      " `" + shown + "` in the current scope")
                     .primary(expr->name_span, "method not found in `" + shown + "`");
  if (k == TypeKind::Adt) {
    const AdtInfo& adt = program_.adts[adt_index(receiver)];
    const ast::Item* item = adt.struct_item != nullptr ? static_cast<const ast::Item*>(adt.struct_item) : adt.enum_item;
    d.secondary({item->span.begin, item->name_span.end},
                "method `" + std::string(expr->name) + "` not found for this " + what);
  }
  emit(std::move(d));
  return types().error;
}

TypeId Checker::check_struct_lit(const ast::StructLitExpr* expr) {
  const ast::Path& path = expr->path;
  const AdtInfo* adt = nullptr;
  std::uint32_t variant = 0;
  std::uint32_t adt_idx = 0;
  if (path.segments.size() == 1) {
    const std::string_view n = path.segments[0].name;
    TypeId t = 0;
    if (n == "Self" && current_self_ != 0) {
      t = current_self_;
    } else if (auto it = type_items_.find(n); it != type_items_.end()) {
      t = program_.adts[it->second.res.index].type;
    }
    if (t != 0 && types().kind(t) == TypeKind::Adt && program_.adts[adt_index(t)].struct_item != nullptr) {
      adt_idx = adt_index(t);
      adt = &program_.adts[adt_idx];
    }
  } else {
    const Resolution res = resolve_value_path(path, false);
    if (res.kind == ResKind::Variant) {
      adt_idx = res.index;
      adt = &program_.adts[res.index];
      variant = res.sub;
    }
  }
  if (adt == nullptr) {
    for (const ast::FieldInit& f : expr->fields) check_expr(f.value);
    const ast::PathSegment& last = path.segments[path.segments.size() - 1];
    emit(Diagnostic::make(Kind::UnresolvedName, "cannot find struct, variant or union type `" + std::string(last.name) +
                                                    "` in this scope")
             .primary(last.span, "not found in this scope"));
    return types().error;
  }
  set_res(expr, {adt->struct_item != nullptr ? ResKind::Struct : ResKind::Variant, adt_idx, variant});
  const auto& v = adt->variants[variant];
  const std::string shown = adt->struct_item != nullptr ? std::string(adt->name)
                                                        : std::string(adt->name) + "::" + std::string(v.name);
  std::vector<bool> seen(v.field_names.size(), false);
  for (const ast::FieldInit& f : expr->fields) {
    std::size_t index = v.field_names.size();
    for (std::size_t i = 0; i < v.field_names.size(); ++i) {
      if (v.field_names[i] == f.name || (v.field_names[i].empty() && std::to_string(i) == f.name)) index = i;
    }
    if (index == v.field_names.size()) {
      check_expr(f.value);
      emit(Diagnostic::make(Kind::NoSuchField, std::string(adt->struct_item != nullptr ? "struct" : "variant") + " `" + shown +
                                                   "` has no field named `" + std::string(f.name) + "`")
               .primary(f.name_span, "`" + shown + "` does not have this field"));
      continue;
    }
    seen[index] = true;
    check_coerce(f.value, v.field_types[index], {});
  }
  if (expr->base != nullptr) {
    check_coerce(expr->base, adt->type, {});
  } else {
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (!seen[i]) missing.push_back("`" + std::string(v.field_names[i]) + "`");
    }
    if (!missing.empty()) {
      std::string list;
      for (std::size_t i = 0; i < missing.size(); ++i) list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
      emit(Diagnostic::make(Kind::MissingStructField, std::string(missing.size() == 1 ? "missing field " : "missing fields ") +
                                                          list + " in initializer of `" + shown + "`")
               .primary(path.span, "missing " + list));
    }
  }
  return adt->type;
}

}  // namespace asyncc::sema
