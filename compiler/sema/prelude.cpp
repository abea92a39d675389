// The prelude (LANGUAGE.md §8): its names, the types of its functions and constructors, and
// the methods of its types.
#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

const char* prelude_item_name(PreludeItem item) {
  static const char* const names[] = {
      "Some", "None", "Ok", "Err", "Left", "Right", "spawn", "block_on", "sleep", "yield_now", "now_ms", "join",
      "join3", "join_all", "select", "timeout", "channel", "drop", "String::new", "String::from", "Vec::new",
      "Vec::with_capacity", "TcpListener::bind", "TcpStream::connect"};
  return names[static_cast<int>(item)];
}

bool Checker::resolve_prelude_path(const ast::Path& path, Resolution& res) {
  struct Entry {
    const char* first;
    const char* last;
    PreludeItem item;
  };
  static const Entry entries[] = {
      {nullptr, "Some", PreludeItem::Some},         {nullptr, "None", PreludeItem::None},
      {nullptr, "Ok", PreludeItem::Ok},             {nullptr, "Err", PreludeItem::Err},
      {"Option", "Some", PreludeItem::Some},        {"Option", "None", PreludeItem::None},
      {"Result", "Ok", PreludeItem::Ok},            {"Result", "Err", PreludeItem::Err},
      {"Either", "Left", PreludeItem::Left},        {"Either", "Right", PreludeItem::Right},
      {nullptr, "spawn", PreludeItem::Spawn},       {nullptr, "block_on", PreludeItem::BlockOn},
      {nullptr, "sleep", PreludeItem::Sleep},       {nullptr, "yield_now", PreludeItem::YieldNow},
      {nullptr, "now_ms", PreludeItem::NowMs},      {nullptr, "join", PreludeItem::Join},
      {nullptr, "join3", PreludeItem::Join3},       {nullptr, "join_all", PreludeItem::JoinAll},
      {nullptr, "select", PreludeItem::Select},     {nullptr, "timeout", PreludeItem::Timeout},
      {nullptr, "channel", PreludeItem::Channel},   {nullptr, "drop", PreludeItem::Drop},
      {"String", "new", PreludeItem::StringNew},    {"String", "from", PreludeItem::StringFrom},
      {"Vec", "new", PreludeItem::VecNew},          {"Vec", "with_capacity", PreludeItem::VecWithCapacity},
      {"TcpListener", "bind", PreludeItem::TcpListenerBind},
      {"TcpStream", "connect", PreludeItem::TcpStreamConnect},
  };
  const std::size_t n = path.segments.size();
  if (n > 2) return false;
  const std::string_view last = path.segments[n - 1].name;
  const std::string_view first = n == 2 ? path.segments[0].name : std::string_view{};
  for (const Entry& e : entries) {
    if (last != e.last) continue;
    if ((e.first == nullptr) != (n == 1)) continue;
    if (e.first != nullptr && first != e.first) continue;
    res = {ResKind::Prelude, static_cast<std::uint32_t>(e.item), 0};
    return true;
  }
  return false;
}

TypeId Checker::turbofish_arg(const ast::PathSegment& seg, std::uint32_t i) {
  if (!seg.has_args || i >= seg.args.size()) return fresh_var();
  return lower_type(seg.args[i].type, current_self_);
}

namespace {

// The generic arguments written on a path: `Ok::<T, E>` (last segment) or `Result::<T, E>::Ok`.
const ast::PathSegment& generic_segment(const ast::Path& path) {
  const ast::PathSegment& last = path.segments[path.segments.size() - 1];
  if (last.has_args || path.segments.size() == 1) return last;
  return path.segments[0];
}

}  // namespace

TypeId Checker::prelude_value_type(const ast::PathExpr* expr, PreludeItem item, const Expect& expect) {
  (void)expect;
  const ast::PathSegment& seg = generic_segment(expr->path);
  if (item == PreludeItem::None) return types().option(turbofish_arg(seg, 0));
  emit(Diagnostic::make(Kind::UnsupportedFeature, std::string("`") + prelude_item_name(item) +
                                                      "` can only be called here: function values are not supported in ADSL")
           .primary(expr->span, "call it, or use it as the argument of `map_err`"));
  return types().error;
}

TypeId Checker::expect_future(const ast::Expr* arg, TypeId* output) {
  const TypeId t = resolve(check_expr(arg));
  *output = future_output(t);
  if (*output != 0 && types().kind(t) == TypeKind::Future) return t;
  if (types().kind(t) == TypeKind::JoinHandle) return t;
  if (types().kind(t) == TypeKind::Error) {
    *output = types().error;
    return t;
  }
  const std::string n = name(t);
  emit(Diagnostic::make(Kind::NotAFuture, "`" + n + "` is not a future")
           .primary(arg->span, "`" + n + "` is not a future")
           .help("the trait `Future` is not implemented for `" + n + "`"));
  *output = types().error;
  return types().error;
}

TypeId Checker::check_prelude_call(const ast::CallExpr* expr, PreludeItem item, const Expect& expect) {
  const auto* callee = static_cast<const ast::PathExpr*>(expr->callee);
  const ast::PathSegment& seg = generic_segment(callee->path);
  const source::Span at = callee->span;
  auto arity = [&](std::size_t n) {
    if (expr->args.size() == n) return true;
    check_args(expr, at, std::vector<TypeId>(n, types().error), expr->args, nullptr, "function");
    return false;
  };
  auto want = [&](std::uint32_t i, TypeId t) {
    ref_allowed_ = expr->args[i];
    check_coerce(expr->args[i], t, Expect{t, at, "arguments to this function are incorrect"});
  };
  const TypeId u64 = types().int_type(IntKind::U64), usize = types().int_type(IntKind::Usize);
  const TypeId expected = expect.type != 0 ? resolve(expect.type) : 0;
  switch (item) {
    case PreludeItem::Some: {
      if (!arity(1)) return types().error;
      const TypeId t = turbofish_arg(seg, 0);
      want(0, t);
      return types().option(t);
    }
    case PreludeItem::Ok:
    case PreludeItem::Err: {
      if (!arity(1)) return types().error;
      TypeId t = turbofish_arg(seg, 0), e = turbofish_arg(seg, 1);
      if (!seg.has_args && expected != 0 && types().kind(expected) == TypeKind::Result) {
        unify(t, types().arg(expected, 0));
        unify(e, types().arg(expected, 1));
      }
      want(0, item == PreludeItem::Ok ? t : e);
      const TypeId result = types().result(t, e);
      const TypeId open = resolve(item == PreludeItem::Ok ? e : t);
      if (types().kind(open) == TypeKind::Var) {
        const source::Span name_span = callee->path.segments[callee->path.segments.size() - 1].span;
        result_origins_[types().data(open).var] = {name_span, item == PreludeItem::Ok, result};
      }
      return result;
    }
    case PreludeItem::Left:
    case PreludeItem::Right: {
      if (!arity(1)) return types().error;
      const TypeId a = fresh_var(), b = fresh_var();
      want(0, item == PreludeItem::Left ? a : b);
      return types().intern(TypeKind::Either, {a, b});
    }
    case PreludeItem::Spawn:
    case PreludeItem::BlockOn: {
      if (!arity(1)) return types().error;
      TypeId out = 0;
      expect_future(expr->args[0], &out);
      if (item == PreludeItem::Spawn) check_escaping_block(expr->args[0], false);
      return item == PreludeItem::Spawn ? types().intern(TypeKind::JoinHandle, {out}) : out;
    }
    case PreludeItem::Sleep:
      if (!arity(1)) return types().error;
      want(0, u64);
      return types().future(FutureKind::Sleep, nullptr, {types().unit});
    case PreludeItem::YieldNow:
      if (!arity(0)) return types().error;
      return types().future(FutureKind::YieldNow, nullptr, {types().unit});
    case PreludeItem::NowMs:
      if (!arity(0)) return types().error;
      return u64;
    case PreludeItem::Join:
    case PreludeItem::Join3:
    case PreludeItem::Select: {
      const std::size_t n = item == PreludeItem::Join3 ? 3 : 2;
      if (!arity(n)) return types().error;
      std::vector<TypeId> outs, futs;
      for (std::uint32_t i = 0; i < n; ++i) {
        TypeId out = 0;
        futs.push_back(expect_future(expr->args[i], &out));
        outs.push_back(out);
      }
      std::vector<TypeId> args{item == PreludeItem::Select ? types().intern(TypeKind::Either, {outs[0], outs[1]})
                                                           : types().tuple(outs)};
      args.insert(args.end(), futs.begin(), futs.end());
      return types().future(item == PreludeItem::Join ? FutureKind::Join
                            : item == PreludeItem::Join3 ? FutureKind::Join3
                                                         : FutureKind::Select,
                            nullptr, args);
    }
    case PreludeItem::JoinAll: {
      if (!arity(1)) return types().error;
      const TypeId v = resolve(check_expr(expr->args[0]));
      if (types().kind(v) != TypeKind::Vec) {
        if (types().kind(v) != TypeKind::Error) report_mismatch(expr->args[0]->span, v, types().vec(fresh_var()), {}, expr->args[0]);
        return types().error;
      }
      const TypeId f = resolve(types().arg(v, 0));
      const TypeId out = future_output(f);
      if (out == 0) {
        emit(Diagnostic::make(Kind::NotAFuture, "`" + name(f) + "` is not a future")
                 .primary(expr->args[0]->span, "the elements of this `Vec` are not futures"));
        return types().error;
      }
      return types().future(FutureKind::JoinAll, nullptr, {types().vec(out), f});
    }
    case PreludeItem::Timeout: {
      if (!arity(2)) return types().error;
      want(0, u64);
      TypeId out = 0;
      const TypeId f = expect_future(expr->args[1], &out);
      return types().future(FutureKind::Timeout, nullptr,
                            {types().result(out, types().opaque(OpaqueKind::Elapsed)), f});
    }
    case PreludeItem::Channel: {
      if (!arity(1)) return types().error;
      want(0, usize);
      const TypeId t = turbofish_arg(seg, 0);
      return types().tuple({types().intern(TypeKind::Sender, {t}), types().intern(TypeKind::Receiver, {t})});
    }
    case PreludeItem::Drop:
      if (!arity(1)) return types().error;
      check_expr(expr->args[0]);
      return types().unit;
    case PreludeItem::StringNew:
      if (!arity(0)) return types().error;
      return types().string;
    case PreludeItem::StringFrom: {
      if (!arity(1)) return types().error;
      const TypeId t = resolve(check_expr(expr->args[0]));
      if (t != types().str && t != types().string && types().kind(t) != TypeKind::Error) {
        report_mismatch(expr->args[0]->span, t, types().str, {}, expr->args[0]);
      }
      return types().string;
    }
    case PreludeItem::VecNew:
    case PreludeItem::VecWithCapacity: {
      if (!arity(item == PreludeItem::VecNew ? 0 : 1)) return types().error;
      if (item == PreludeItem::VecWithCapacity) want(0, usize);
      TypeId t = turbofish_arg(seg, 0);
      if (!seg.has_args && expected != 0 && types().kind(expected) == TypeKind::Vec) unify(t, types().arg(expected, 0));
      return types().vec(t);
    }
    case PreludeItem::TcpListenerBind:
    case PreludeItem::TcpStreamConnect: {
      if (!arity(1)) return types().error;
      want(0, types().str);
      const bool bind = item == PreludeItem::TcpListenerBind;
      const TypeId ok = types().opaque(bind ? OpaqueKind::TcpListener : OpaqueKind::TcpStream);
      return types().future(bind ? FutureKind::Bind : FutureKind::Connect, nullptr,
                            {types().result(ok, types().opaque(OpaqueKind::IoError))});
    }
    case PreludeItem::None:
      for (const ast::Expr* a : expr->args) check_expr(a);
      emit(Diagnostic::make(Kind::NotCallable, "expected function, found `Option<_>`")
               .primary(at, "call expression requires function"));
      return types().error;
  }
  return types().error;
}

}  // namespace asyncc::sema
