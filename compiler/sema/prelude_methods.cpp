// Methods of the prelude's types (LANGUAGE.md §8) and `clone` of Clone user types.
#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

bool Checker::is_clone(TypeId t) {
  t = resolve(t);
  switch (types().kind(t)) {
    case TypeKind::Future: case TypeKind::JoinHandle: case TypeKind::Receiver: case TypeKind::FnDef:
      return false;
    case TypeKind::Opaque:
      return false;
    case TypeKind::Adt:
      return program_.adts[adt_index(t)].has(Derive::Clone);
    default:
      for (std::uint32_t i = 0; i < types().arg_count(t); ++i) {
        if (types().kind(t) != TypeKind::Sender && !is_clone(types().arg(t, i))) return false;
      }
      return true;
  }
}

TypeId Checker::check_prelude_method(const ast::MethodCallExpr* expr, TypeId receiver, bool& found) {
  const std::string_view m = expr->name;
  const TypeKind k = types().kind(receiver);
  const TypeId usize = types().int_type(IntKind::Usize);
  found = true;
  auto args = [&](std::initializer_list<TypeId> params) {
    check_args(expr, expr->name_span, std::vector<TypeId>(params), expr->args, nullptr, "method");
  };
  auto arg_t = [&](std::size_t i) { return types().arg(receiver, static_cast<std::uint32_t>(i)); };

  if (m == "clone" && is_clone(receiver)) {
    args({});
    return receiver;
  }
  if (m == "to_string" && (k == TypeKind::Int || k == TypeKind::IntVar || k == TypeKind::F64 || k == TypeKind::FloatVar || k == TypeKind::Bool ||
                           k == TypeKind::Char || k == TypeKind::String || k == TypeKind::Str || k == TypeKind::Opaque)) {
    args({});
    return types().string;
  }
  switch (k) {
    case TypeKind::Int:
    case TypeKind::IntVar:
      if (m == "abs" && !(k == TypeKind::Int && !int_kind_signed(static_cast<IntKind>(types().data(receiver).extra)))) {
        args({});
        return receiver;
      }
      if (m == "min" || m == "max" || m == "wrapping_add" || m == "saturating_sub" || m == "wrapping_sub" ||
          m == "saturating_add" || m == "wrapping_mul") {
        args({receiver});
        return receiver;
      }
      if (m == "checked_add" || m == "checked_sub" || m == "checked_mul" || m == "checked_div") {
        args({receiver});
        return types().option(receiver);
      }
      if (m == "pow") {
        args({types().int_type(IntKind::U32)});
        return receiver;
      }
      break;
    case TypeKind::F64:
    case TypeKind::FloatVar:
      if (m == "abs" || m == "sqrt" || m == "floor" || m == "ceil" || m == "round") {
        args({});
        return receiver;
      }
      if (m == "min" || m == "max" || m == "powf") {
        args({receiver});
        return receiver;
      }
      break;
    case TypeKind::String:
    case TypeKind::Str:
      if (m == "len") { args({}); return usize; }
      if (m == "is_empty") { args({}); return types().boolean; }
      if (m == "trim") { args({}); return types().str; }
      if (m == "as_str" && k == TypeKind::String) { args({}); return types().str; }
      if (m == "contains" || m == "starts_with" || m == "ends_with") {
        const TypeId t = expr->args.size() == 1 ? resolve(check_arg(expr->args[0], {})) : types().error;
        if (expr->args.size() != 1) {
          args({types().str});
        } else if (t != types().str && types().kind(t) != TypeKind::Char && types().kind(t) != TypeKind::Error &&
                   !(types().kind(t) == TypeKind::Ref && resolve(types().arg(t, 0)) == types().string)) {
          report_mismatch(expr->args[0]->span, t, types().str, {}, expr->args[0]);
        }
        return types().boolean;
      }
      if (m == "push_str" && k == TypeKind::String) { args({types().str}); return types().unit; }
      if (m == "push" && k == TypeKind::String) { args({types().character}); return types().unit; }
      if (m == "parse") {
        args({});
        TypeId target = expr->turbofish.empty() ? fresh_var() : lower_type(expr->turbofish[0].type, current_self_);
        target = resolve(target);
        const TypeKind tk = types().kind(target);
        if (tk == TypeKind::Int) return types().result(target, types().opaque(OpaqueKind::ParseIntError));
        if (tk == TypeKind::F64) return types().result(target, types().opaque(OpaqueKind::ParseFloatError));
        if (tk == TypeKind::Error) return types().error;
        if (tk == TypeKind::Var) {
          // A later use may fix F (`let n: i32 = s.parse().unwrap()`, as rustc infers it).
          const TypeId error = fresh_var();
          pending_parses_.push_back({expr, target, error});
          return types().result(target, error);
        }
        report_parse_target_unknown(expr);
        return types().error;
      }
      break;
    case TypeKind::Vec:
      if (m == "push") { args({arg_t(0)}); return types().unit; }
      if (m == "pop") { args({}); return types().option(arg_t(0)); }
      if (m == "len") { args({}); return usize; }
      if (m == "is_empty") { args({}); return types().boolean; }
      if (m == "clear") { args({}); return types().unit; }
      if (m == "iter") { args({}); return types().ref(receiver, false); }
      if (m == "contains") { args({types().ref(arg_t(0), false)}); return types().boolean; }
      if (m == "insert") { args({usize, arg_t(0)}); return types().unit; }
      if (m == "remove") { args({usize}); return arg_t(0); }
      break;
    case TypeKind::Option:
      if (m == "is_some" || m == "is_none") { args({}); return types().boolean; }
      if (m == "unwrap") { args({}); return arg_t(0); }
      if (m == "expect") { args({types().str}); return arg_t(0); }
      if (m == "unwrap_or") { args({arg_t(0)}); return arg_t(0); }
      break;
    case TypeKind::Result:
      if (m == "is_ok" || m == "is_err") { args({}); return types().boolean; }
      if (m == "unwrap") { args({}); return arg_t(0); }
      if (m == "expect") { args({types().str}); return arg_t(0); }
      if (m == "unwrap_or") { args({arg_t(0)}); return arg_t(0); }
      if (m == "ok") { args({}); return types().option(arg_t(0)); }
      if (m == "err") { args({}); return types().option(arg_t(1)); }
      if (m == "map_err") return check_map_err(expr, receiver);
      break;
    case TypeKind::Sender:
      if (m == "send") {
        args({arg_t(0)});
        return types().future(FutureKind::Send, nullptr,
                              {types().result(types().unit, types().opaque(OpaqueKind::SendError)), arg_t(0)});
      }
      if (m == "clone") { args({}); return receiver; }
      break;
    case TypeKind::Receiver:
      if (m == "recv") {
        args({});
        return types().future(FutureKind::Recv, nullptr, {types().option(arg_t(0)), arg_t(0)});
      }
      break;
    case TypeKind::Opaque: {
      const auto o = static_cast<OpaqueKind>(types().data(receiver).extra);
      const TypeId io = types().opaque(OpaqueKind::IoError);
      if (o == OpaqueKind::TcpListener && m == "local_port") { args({}); return types().int_type(IntKind::U16); }
      if (o == OpaqueKind::TcpListener && m == "accept") {
        args({});
        return types().future(FutureKind::Accept, nullptr, {types().result(types().opaque(OpaqueKind::TcpStream), io)});
      }
      if (o == OpaqueKind::TcpStream && m == "read_line") {
        args({});
        return types().future(FutureKind::ReadLine, nullptr, {types().result(types().option(types().string), io)});
      }
      if (o == OpaqueKind::TcpStream && m == "write_all") {
        args({types().string});
        return types().future(FutureKind::WriteAll, nullptr, {types().result(types().unit, io)});
      }
      if (o == OpaqueKind::IoError && m == "kind") { args({}); return types().string; }
      break;
    }
    default:
      break;
  }
  found = false;
  return types().error;
}

TypeId Checker::check_map_err(const ast::MethodCallExpr* expr, TypeId receiver) {
  // `map_err` takes a function or a tuple-like constructor of one argument (ADSL has no closures).
  if (expr->args.size() != 1) {
    check_args(expr, expr->name_span, {types().error}, expr->args, nullptr, "method");
    return types().error;
  }
  const TypeId from = types().arg(receiver, 1);
  const ast::Expr* arg = expr->args[0];
  const auto* path = ast::dyn_cast<ast::PathExpr>(arg);
  TypeId to = types().error;
  if (path != nullptr) {
    const Resolution res = resolve_value_path(path->path, true);
    set_res(path, res);
    if (res.kind == ResKind::Fn && res.sub == 1) {  // `Type::from`: the impl From whose source matches
      for (const FromImpl& f : program_.from_impls) {
        if (f.to == program_.fns[res.index].self_type && resolve(f.from) == resolve(from)) {
          set_res(path, {ResKind::Fn, f.fn, 0});
          to = f.to;
        }
      }
      if (to == types().error) {
        emit(Diagnostic::make(Kind::TryConversion, "the trait bound `" + name(program_.fns[res.index].self_type) + ": From<" +
                                                       name(from) + ">` is not satisfied")
                 .primary(arg->span, "the trait `From<" + name(from) + ">` is not implemented for `" +
                                         name(program_.fns[res.index].self_type) + "`"));
        return types().result(types().arg(receiver, 0), types().error);
      }
    } else if (res.kind == ResKind::Fn) {
      const FnSig& sig = program_.fns[res.index];
      if (sig.params.size() == 1 && sig.self_kind == ast::SelfKind::None && !sig.is_async) {
        if (!unify(sig.params[0], from)) report_mismatch(arg->span, from, sig.params[0], {}, arg);
        to = sig.ret;
      }
    } else if (res.kind == ResKind::Variant || res.kind == ResKind::Struct) {
      const auto& v = program_.adts[res.index].variants[res.sub];
      if (v.shape == ast::StructShape::Tuple && v.field_types.size() == 1) {
        if (!unify(v.field_types[0], from)) report_mismatch(arg->span, from, v.field_types[0], {}, arg);
        to = program_.adts[res.index].type;
      }
    } else if (res.kind == ResKind::Prelude && (res.index == static_cast<std::uint32_t>(PreludeItem::Some))) {
      to = types().option(from);
    }
    record(arg, types().intern(TypeKind::FnDef, 0, nullptr, nullptr, 0));
    if (to == types().error && res.kind != ResKind::None) {
      emit(Diagnostic::make(Kind::UnsupportedFeature, "`map_err` takes a function or a tuple constructor of one argument in ADSL")
               .primary(arg->span, "not a function of one argument"));
    }
  } else {
    check_expr(arg);
    emit(Diagnostic::make(Kind::UnsupportedFeature, "closures are not supported in ADSL")
             .primary(arg->span, "pass a function name or an enum constructor to `map_err`"));
  }
  return types().result(types().arg(receiver, 0), to);
}

}  // namespace asyncc::sema
