// Expressions: the dispatch and every construct but calls, paths and the prelude.
#include <cmath>

#include "compiler/sema/checker.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

TypeId Checker::check_expr_inner(const ast::Expr* expr, const Expect& expect) {
  switch (expr->kind) {
    case ast::NodeKind::IntLitExpr:
      return int_literal_type(static_cast<const ast::IntLitExpr*>(expr), expect);
    case ast::NodeKind::FloatLitExpr:
      return static_cast<const ast::FloatLitExpr*>(expr)->suffix.empty() ? fresh_float_var() : types().f64;
    case ast::NodeKind::StrLitExpr:
      return types().str;
    case ast::NodeKind::CharLitExpr:
      return types().character;
    case ast::NodeKind::BoolLitExpr:
      return types().boolean;
    case ast::NodeKind::PathExpr:
      return check_path_expr(static_cast<const ast::PathExpr*>(expr), expect);
    case ast::NodeKind::UnaryExpr:
      return check_unary(static_cast<const ast::UnaryExpr*>(expr), expect);
    case ast::NodeKind::BinaryExpr: {
      // `a + b + c + …` is as deep as it is long: its left spine is walked iteratively, the
      // innermost operation first, so a long chain needs no deep recursion.
      std::vector<const ast::BinaryExpr*> spine;
      for (const ast::Expr* e = expr; e->kind == ast::NodeKind::BinaryExpr; e = static_cast<const ast::BinaryExpr*>(e)->lhs) {
        spine.push_back(static_cast<const ast::BinaryExpr*>(e));
      }
      TypeId lhs = 0;
      for (std::size_t i = spine.size(); i-- > 1;) {
        lhs = check_binary(spine[i], Expect{}, lhs);
        record(spine[i], lhs);
      }
      return check_binary(spine[0], expect, lhs);
    }
    case ast::NodeKind::AssignExpr:
      return check_assign(static_cast<const ast::AssignExpr*>(expr));
    case ast::NodeKind::CastExpr:
      return check_cast(static_cast<const ast::CastExpr*>(expr));
    case ast::NodeKind::CallExpr:
      return check_call(static_cast<const ast::CallExpr*>(expr), expect);
    case ast::NodeKind::MethodCallExpr:
      return check_method_call(static_cast<const ast::MethodCallExpr*>(expr), expect);
    case ast::NodeKind::FieldExpr:
      return check_field(static_cast<const ast::FieldExpr*>(expr));
    case ast::NodeKind::TupleIndexExpr: {
      const auto* e = static_cast<const ast::TupleIndexExpr*>(expr);
      TypeId base = resolve(check_expr(e->base));
      if (types().kind(base) == TypeKind::Ref) base = resolve(types().arg(base, 0));
      if (types().kind(base) == TypeKind::Tuple && e->index < types().arg_count(base)) return types().arg(base, e->index);
      if (types().kind(base) == TypeKind::Adt) {
        const AdtInfo& adt = program_.adts[adt_index(base)];
        if (adt.struct_item != nullptr && adt.variants[0].shape == ast::StructShape::Tuple &&
            e->index < adt.variants[0].field_types.size()) {
          return adt.variants[0].field_types[e->index];
        }
      }
      if (types().kind(base) == TypeKind::Error) return types().error;
      if (is_var_kind(types().kind(base))) {
        emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed").primary(e->base->span, "type must be known at this point"));
        return types().error;
      }
      emit(Diagnostic::make(Kind::NoField, "no field `" + std::to_string(e->index) + "` on type `" + name(base) + "`")
               .primary(e->index_span, "unknown field"));
      return types().error;
    }
    case ast::NodeKind::IndexExpr:
      return check_index(static_cast<const ast::IndexExpr*>(expr));
    case ast::NodeKind::AwaitExpr:
      return check_await(static_cast<const ast::AwaitExpr*>(expr));
    case ast::NodeKind::TryExpr:
      return check_try(static_cast<const ast::TryExpr*>(expr));
    case ast::NodeKind::StructLitExpr:
      return check_struct_lit(static_cast<const ast::StructLitExpr*>(expr));
    case ast::NodeKind::TupleExpr: {
      const auto* e = static_cast<const ast::TupleExpr*>(expr);
      const TypeId want = expect.type != 0 ? resolve(expect.type) : 0;
      const bool matches = want != 0 && types().kind(want) == TypeKind::Tuple && types().arg_count(want) == e->elems.size();
      std::vector<TypeId> elems;
      for (std::uint32_t i = 0; i < e->elems.size(); ++i) {
        elems.push_back(matches ? check_coerce(e->elems[i], types().arg(want, i), {}) : check_expr(e->elems[i]));
      }
      return types().tuple(elems);
    }
    case ast::NodeKind::ParenExpr:
      return check_expr(static_cast<const ast::ParenExpr*>(expr)->inner, expect);
    case ast::NodeKind::BlockExpr: {
      const auto* e = static_cast<const ast::BlockExpr*>(expr);
      if (e->label.name.empty()) return check_block(e->block, expect);
      loops_.push_back({e->label.name, true, true, fresh_var(), false, bodies_.size()});
      const TypeId t = check_block(e->block, {});
      LoopCtx ctx = loops_.back();
      loops_.pop_back();
      if (ctx.saw_break) {
        unify(ctx.break_type, t);
        return ctx.break_type;
      }
      return t;
    }
    case ast::NodeKind::AsyncBlockExpr:
      return check_async_block(static_cast<const ast::AsyncBlockExpr*>(expr), expect);
    case ast::NodeKind::IfExpr:
      return check_if(static_cast<const ast::IfExpr*>(expr), expect);
    case ast::NodeKind::MatchExpr:
      return check_match(static_cast<const ast::MatchExpr*>(expr), expect);
    case ast::NodeKind::WhileExpr:
    case ast::NodeKind::LoopExpr:
    case ast::NodeKind::ForExpr:
      return check_loop_like(expr, expect);
    case ast::NodeKind::BreakExpr: {
      const auto* e = static_cast<const ast::BreakExpr*>(expr);
      LoopCtx* target = nullptr;
      for (std::size_t i = loops_.size(); i-- > 0 && loops_[i].body_depth == bodies_.size();) {
        // An unlabelled `break` leaves the innermost loop; labelled blocks need a label.
        if (e->label.name.empty() ? !loops_[i].is_block : loops_[i].label == e->label.name) {
          target = &loops_[i];
          break;
        }
      }
      if (target == nullptr) {
        if (!e->label.name.empty()) {
          emit(Diagnostic::make(Kind::UndeclaredLabel, "use of undeclared label `" + std::string(e->label.name) + "`")
                   .primary(e->label.span, "undeclared label `" + std::string(e->label.name) + "`"));
        } else {
          emit(Diagnostic::make(Kind::BreakOutsideLoop, "`break` outside of a loop or labeled block")
                   .primary(expr->span, "cannot `break` outside of a loop or labeled block"));
        }
        if (e->value != nullptr) check_expr(e->value);
        return types().never;
      }
      target->saw_break = true;
      if (e->value != nullptr) {
        if (!target->is_loop) {
          check_expr(e->value);
          emit(Diagnostic::make(Kind::BreakWithValue, "`break` with value from a `while` or `for` loop")
                   .primary(expr->span, "can only break with a value inside `loop` or breakable block"));
        } else {
          check_coerce(e->value, target->break_type, {});
        }
      } else if (target->is_loop) {
        unify(target->break_type, types().unit);
      }
      return types().never;
    }
    case ast::NodeKind::ContinueExpr: {
      const auto* e = static_cast<const ast::ContinueExpr*>(expr);
      bool found = false;
      for (std::size_t i = loops_.size(); i-- > 0 && loops_[i].body_depth == bodies_.size();) {
        if (e->label.name.empty() ? !loops_[i].is_block : loops_[i].label == e->label.name) {
          found = true;
          break;
        }
      }
      if (!found) {
        emit(Diagnostic::make(Kind::BreakOutsideLoop, "`continue` outside of a loop")
                 .primary(expr->span, "cannot `continue` outside of a loop"));
      }
      return types().never;
    }
    case ast::NodeKind::ReturnExpr: {
      const auto* e = static_cast<const ast::ReturnExpr*>(expr);
      const TypeId ret = body().ret;
      if (e->value != nullptr) {
        check_returned_future(e->value, check_coerce(e->value, ret, {}));
      } else if (!unify(ret, types().unit)) {
        report_mismatch(expr->span, types().unit, ret, {});
      }
      return types().never;
    }
    case ast::NodeKind::RangeExpr: {
      const auto* e = static_cast<const ast::RangeExpr*>(expr);
      if (e->lo != nullptr) check_expr(e->lo);
      if (e->hi != nullptr) check_expr(e->hi);
      emit(Diagnostic::make(Kind::UnsupportedFeature, "ranges are only supported as the iterator of a `for` loop in ADSL")
               .primary(expr->span, "range used as a value"));
      return types().error;
    }
    case ast::NodeKind::MacroExpr:
      return check_macro(static_cast<const ast::MacroExpr*>(expr));
    default:
      return types().error;
  }
}

TypeId Checker::int_literal_type(const ast::IntLitExpr* lit, const Expect& expect) {
  if (!lit->suffix.empty()) {
    for (int k = 0; k < 10; ++k) {
      if (lit->suffix == int_kind_name(static_cast<IntKind>(k))) return types().int_type(static_cast<IntKind>(k));
    }
    if (lit->suffix == "f64") return types().f64;
  }
  int_literals_.push_back(lit);
  if (expect.type != 0) {
    const TypeId e = resolve(expect.type);
    if (types().kind(e) == TypeKind::Int || types().kind(e) == TypeKind::IntVar) return e;
  }
  return fresh_int_var();
}

TypeId Checker::check_unary(const ast::UnaryExpr* expr, const Expect& expect) {
  switch (expr->op) {
    case ast::UnaryOp::Neg: {
      if (const auto* lit = ast::dyn_cast<ast::IntLitExpr>(expr->operand)) negated_literals_.push_back(lit);
      const TypeId t = resolve(check_expr(expr->operand, expect));
      const TypeKind k = types().kind(t);
      if (k == TypeKind::Int && !int_kind_signed(static_cast<IntKind>(types().data(t).extra))) {
        emit(Diagnostic::make(Kind::BadUnaryOperand, "cannot apply unary operator `-` to type `" + name(t) + "`")
                 .primary(expr->span, "cannot apply unary operator `-`")
                 .note("unsigned values cannot be negated"));
        return types().error;
      }
      if (k == TypeKind::Int || k == TypeKind::IntVar || k == TypeKind::F64 || k == TypeKind::FloatVar ||
          k == TypeKind::Error || k == TypeKind::Var) {
        return t;
      }
      emit(Diagnostic::make(Kind::BadUnaryOperand, "cannot apply unary operator `-` to type `" + name(t) + "`")
               .primary(expr->span, "cannot apply unary operator `-`"));
      return types().error;
    }
    case ast::UnaryOp::Not: {
      const TypeId t = resolve(check_expr(expr->operand, expect));
      const TypeKind k = types().kind(t);
      if (k == TypeKind::Bool || k == TypeKind::Int || k == TypeKind::IntVar || k == TypeKind::Error || k == TypeKind::Var) {
        return t;
      }
      emit(Diagnostic::make(Kind::BadUnaryOperand, "cannot apply unary operator `!` to type `" + name(t) + "`")
               .primary(expr->span, "cannot apply unary operator `!`"));
      return types().error;
    }
    case ast::UnaryOp::Deref: {
      const TypeId t = resolve(check_expr(expr->operand));
      if (types().kind(t) == TypeKind::Ref) return types().arg(t, 0);
      if (const auto* path = ast::dyn_cast<ast::PathExpr>(expr->operand);
          path != nullptr && program_.res_of(path).kind == ResKind::Local &&
          ref_bound_locals_.count(program_.res_of(path).index) != 0) {
        return t;
      }
      if (types().kind(t) == TypeKind::Error) return t;
      emit(Diagnostic::make(Kind::BadUnaryOperand, "type `" + name(t) + "` cannot be dereferenced")
               .primary(expr->span, "can't be dereferenced"));
      return types().error;
    }
    case ast::UnaryOp::Ref:
    case ast::UnaryOp::RefMut: {
      if (expr != ref_allowed_) {
        emit(Diagnostic::make(Kind::ReferenceNotAllowed, "references can only be passed as arguments in ADSL")
                 .primary(expr->span, "a reference cannot be stored")
                 .note("ADSL has references only as parameter modes: `&x` and `&mut x` appear as call arguments")
                 .help("use the value itself, or `.clone()` it"));
      }
      TypeId inner_expect = 0;
      if (expect.type != 0 && types().kind(resolve(expect.type)) == TypeKind::Ref) inner_expect = types().arg(resolve(expect.type), 0);
      Expect e;
      e.type = inner_expect;
      const TypeId t = check_expr(expr->operand, e);
      if (resolve(t) == types().str) return t;
      return types().ref(t, expr->op == ast::UnaryOp::RefMut);
    }
  }
  return types().error;
}

namespace {

bool is_numeric(TypeKind k) {
  return k == TypeKind::Int || k == TypeKind::IntVar || k == TypeKind::F64 || k == TypeKind::FloatVar;
}
bool is_integral(TypeKind k) { return k == TypeKind::Int || k == TypeKind::IntVar; }

const char* op_verb(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Add: return "add";
    case ast::BinaryOp::Sub: return "subtract";
    case ast::BinaryOp::Mul: return "multiply";
    case ast::BinaryOp::Div: return "divide";
    case ast::BinaryOp::Rem: return "calculate the remainder of";
    default: return nullptr;
  }
}

}  // namespace

TypeId Checker::check_binary(const ast::BinaryExpr* expr, const Expect& expect, TypeId lhs_checked) {
  using ast::BinaryOp;
  const BinaryOp op = expr->op;
  if (op == BinaryOp::And || op == BinaryOp::Or) {
    if (lhs_checked != 0) {
      coerce(expr->lhs->span, lhs_checked, types().boolean, {}, expr->lhs);
    } else {
      check_coerce(expr->lhs, types().boolean, {});
    }
    check_coerce(expr->rhs, types().boolean, {});
    return types().boolean;
  }
  const bool comparison = op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
                          op == BinaryOp::Gt || op == BinaryOp::Ge;
  Expect lhs_expect;
  if (!comparison && op != BinaryOp::Shl && op != BinaryOp::Shr) lhs_expect.type = expect.type;
  const TypeId lhs = resolve(lhs_checked != 0 ? lhs_checked : check_expr(expr->lhs, lhs_expect));
  const TypeKind lk = types().kind(lhs);
  if (lk == TypeKind::Error) {
    check_expr(expr->rhs);
    return comparison ? types().boolean : types().error;
  }
  // `String + &str` (and `+ &String`) concatenates.
  if (op == BinaryOp::Add && lk == TypeKind::String) {
    const TypeId rhs = resolve(check_arg(expr->rhs, {}));
    const bool ok = rhs == types().str || types().kind(rhs) == TypeKind::Error ||
                    (types().kind(rhs) == TypeKind::Ref && resolve(types().arg(rhs, 0)) == types().string);
    if (!ok) report_mismatch(expr->rhs->span, rhs, types().str, {});
    return types().string;
  }
  if (op == BinaryOp::Shl || op == BinaryOp::Shr) {
    const TypeId rhs = resolve(check_expr(expr->rhs));
    if (!is_integral(lk) || !(is_integral(types().kind(rhs)) || types().kind(rhs) == TypeKind::Error)) {
      emit(Diagnostic::make(Kind::BadBinaryOperands, std::string("no implementation for `") + name(lhs) + " " +
                                                          ast::binary_op_spelling(op) + " " + name(rhs) + "`")
               .primary(expr->op_span, "no implementation for `" + name(lhs) + " " + ast::binary_op_spelling(op) + " " +
                                           name(rhs) + "`"));
      return types().error;
    }
    return lhs;
  }
  // `String == &str`, `&str != String` (std's cross `PartialEq` impls; there is no cross `PartialOrd`).
  if ((op == BinaryOp::Eq || op == BinaryOp::Ne) && (lk == TypeKind::String || lk == TypeKind::Str)) {
    const TypeId rhs = resolve(check_expr(expr->rhs));
    const TypeKind rk = types().kind(rhs);
    if (rk != TypeKind::String && rk != TypeKind::Str && rk != TypeKind::Error && !unify(lhs, rhs)) {
      report_mismatch(expr->rhs->span, rhs, lhs, {});
    }
    return types().boolean;
  }
  const TypeId rhs = resolve(check_expr(expr->rhs, Expect{lhs, {}, {}}));
  if (!unify(lhs, rhs)) {
    report_mismatch(expr->rhs->span, rhs, lhs, {});
    return comparison ? types().boolean : types().error;
  }
  const TypeId t = resolve(lhs);
  const TypeKind k = types().kind(t);
  bool ok;
  if (comparison) {
    const bool ordered = op != BinaryOp::Eq && op != BinaryOp::Ne;
    ok = is_numeric(k) || k == TypeKind::Bool || k == TypeKind::Char || k == TypeKind::String || k == TypeKind::Str ||
         k == TypeKind::Var || k == TypeKind::Tuple;
    if (!ordered) {
      ok = ok || k == TypeKind::Option || k == TypeKind::Result || k == TypeKind::Vec || k == TypeKind::Opaque ||
           (k == TypeKind::Adt && program_.adts[adt_index(t)].has(Derive::PartialEq));
    }
    if (!ok) {
      const std::string n = name(t);
      Diagnostic d = Diagnostic::make(Kind::BadBinaryOperands, std::string("binary operation `") + ast::binary_op_spelling(op) +
                                                                   "` cannot be applied to type `" + n + "`")
                         .primary(expr->op_span)
                         .secondary(expr->lhs->span, n)
                         .secondary(expr->rhs->span, n);
      if (k == TypeKind::Adt) d.note("an implementation of `PartialEq` might be missing for `" + n + "`");
      emit(std::move(d));
    }
    return types().boolean;
  }
  const bool bitwise = op == BinaryOp::BitAnd || op == BinaryOp::BitOr || op == BinaryOp::BitXor;
  ok = bitwise ? (is_integral(k) || k == TypeKind::Bool || k == TypeKind::Var) : (is_numeric(k) || k == TypeKind::Var);
  if (!ok) {
    const char* verb = op_verb(op);
    const std::string n = name(t);
    emit(Diagnostic::make(Kind::BadBinaryOperands,
                          verb != nullptr ? std::string("cannot ") + verb + " `" + n + "` " + (op == BinaryOp::Add ? "to" : op == BinaryOp::Sub ? "from" : op == BinaryOp::Div ? "by" : "by") + " `" + n + "`"
                                          : std::string("no implementation for `") + n + " " + ast::binary_op_spelling(op) + " " + n + "`")
             .primary(expr->op_span)
             .secondary(expr->lhs->span, n)
             .secondary(expr->rhs->span, n));
    return types().error;
  }
  return t;
}

TypeId Checker::check_assign(const ast::AssignExpr* expr) {
  const TypeId lhs = check_expr(expr->lhs);
  const ast::Expr* place = expr->lhs;
  while (const auto* p = ast::dyn_cast<ast::ParenExpr>(place)) place = p->inner;
  const bool is_place = ast::dyn_cast<ast::PathExpr>(place) || ast::dyn_cast<ast::FieldExpr>(place) ||
                        ast::dyn_cast<ast::IndexExpr>(place) || ast::dyn_cast<ast::TupleIndexExpr>(place) ||
                        (ast::dyn_cast<ast::UnaryExpr>(place) && static_cast<const ast::UnaryExpr*>(place)->op == ast::UnaryOp::Deref);
  if (const auto* deref = ast::dyn_cast<ast::UnaryExpr>(place); deref && deref->op == ast::UnaryOp::Deref) {
    // A binding of a pattern matched through `&mut` is a copy in ADSL: writing through it would be lost.
    const auto* path = ast::dyn_cast<ast::PathExpr>(deref->operand);
    const Resolution r = path != nullptr ? program_.res_of(path) : Resolution{};
    if (r.kind == ResKind::Local && ref_bound_locals_.count(r.index) != 0 && program_.locals[r.index].name != "self") {
      emit(Diagnostic::make(Kind::UnsupportedFeature, "assigning through a pattern binding is not supported in ADSL")
               .primary(expr->lhs->span, "this binding holds a copy of the matched value")
               .help("assign the whole value instead, e.g. `*o = Some(x + 1)`"));
    }
  }
  if (!is_place) {
    emit(Diagnostic::make(Kind::InvalidAssignTarget, "invalid left-hand side of assignment")
             .primary(expr->op_span)
             .secondary(expr->lhs->span, "cannot assign to this expression"));
  }
  if (expr->op == ast::AssignOp::Assign) {
    check_coerce(expr->rhs, lhs, {});
    return types().unit;
  }
  const TypeId l = resolve(lhs);
  const TypeKind k = types().kind(l);
  if (expr->op == ast::AssignOp::Add && k == TypeKind::String) {
    const TypeId rhs = resolve(check_arg(expr->rhs, {}));
    if (rhs != types().str && types().kind(rhs) != TypeKind::Error &&
        !(types().kind(rhs) == TypeKind::Ref && resolve(types().arg(rhs, 0)) == types().string)) {
      report_mismatch(expr->rhs->span, rhs, types().str, {});
    }
    return types().unit;
  }
  if (expr->op == ast::AssignOp::Shl || expr->op == ast::AssignOp::Shr) {
    check_expr(expr->rhs);
  } else {
    check_coerce(expr->rhs, l, {});
  }
  if (!(is_numeric(k) || k == TypeKind::Error || k == TypeKind::Var ||
        (k == TypeKind::Bool && (expr->op == ast::AssignOp::BitAnd || expr->op == ast::AssignOp::BitOr ||
                                 expr->op == ast::AssignOp::BitXor)))) {
    const std::string n = name(l);
    emit(Diagnostic::make(Kind::BadBinaryOperands, std::string("binary assignment operation `") +
                                                       ast::assign_op_spelling(expr->op) + "` cannot be applied to type `" + n + "`")
             .primary(expr->span)
             .secondary(expr->lhs->span, "cannot use `" + std::string(ast::assign_op_spelling(expr->op)) + "` on type `" + n + "`"));
  }
  return types().unit;
}

TypeId Checker::check_cast(const ast::CastExpr* expr) {
  const TypeId target = lower_type(expr->type, 0);
  const TypeId from = resolve(check_expr(expr->operand));
  const TypeKind fk = types().kind(from), tk = types().kind(target);
  if (fk == TypeKind::Error || tk == TypeKind::Error) return target;
  const bool from_num = is_numeric(fk) || fk == TypeKind::Bool || fk == TypeKind::Char;
  bool ok = false;
  if (tk == TypeKind::Int || tk == TypeKind::F64) ok = from_num && !(tk == TypeKind::F64 && (fk == TypeKind::Bool || fk == TypeKind::Char));
  if (tk == TypeKind::Char) {
    ok = (fk == TypeKind::Int && types().data(from).extra == static_cast<std::uint8_t>(IntKind::U8)) || fk == TypeKind::Char;
    if (fk == TypeKind::IntVar) {
      unify(from, types().int_type(IntKind::U8));
      ok = true;
    }
    if (!ok && (fk == TypeKind::Int)) {
      emit(Diagnostic::make(Kind::InvalidCast, "only `u8` can be cast as `char`, not `" + name(from) + "`")
               .primary(expr->span, "invalid cast"));
      return target;
    }
  }
  if (!ok) {
    emit(Diagnostic::make(Kind::InvalidCast, "casting `" + name(from) + "` as `" + name(target) + "` is invalid")
             .primary(expr->span)
             .help("cast through a supported numeric type"));
  }
  return target;
}

TypeId Checker::check_index(const ast::IndexExpr* expr) {
  TypeId base = resolve(check_expr(expr->base));
  if (types().kind(base) == TypeKind::Ref) base = resolve(types().arg(base, 0));
  check_coerce(expr->index, types().int_type(IntKind::Usize), {});
  if (types().kind(base) == TypeKind::Vec) return types().arg(base, 0);
  if (types().kind(base) == TypeKind::Error) return types().error;
  if (types().kind(base) == TypeKind::Var) {
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed").primary(expr->base->span, "type must be known at this point"));
    return types().error;
  }
  emit(Diagnostic::make(Kind::CannotIndex, "cannot index into a value of type `" + name(base) + "`")
           .primary(expr->base->span));
  return types().error;
}

TypeId Checker::check_field(const ast::FieldExpr* expr) {
  TypeId base = resolve(check_expr(expr->base));
  if (types().kind(base) == TypeKind::Ref) base = resolve(types().arg(base, 0));
  if (types().kind(base) == TypeKind::Error) return types().error;
  if (is_var_kind(types().kind(base))) {
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed").primary(expr->base->span, "type must be known at this point"));
    return types().error;
  }
  if (types().kind(base) == TypeKind::Adt) {
    const AdtInfo& adt = program_.adts[adt_index(base)];
    if (adt.struct_item != nullptr) {
      const auto& v = adt.variants[0];
      for (std::size_t i = 0; i < v.field_names.size(); ++i) {
        if (v.field_names[i] == expr->name) return v.field_types[i];
      }
    }
  }
  Diagnostic d = Diagnostic::make(Kind::NoField, "no field `" + std::string(expr->name) + "` on type `" + name(base) + "`")
                     .primary(expr->name_span, "unknown field");
  if (types().kind(base) == TypeKind::Adt && program_.adts[adt_index(base)].struct_item != nullptr) {
    std::string fields;
    for (std::string_view f : program_.adts[adt_index(base)].variants[0].field_names) {
      if (!f.empty()) fields += (fields.empty() ? "`" : ", `") + std::string(f) + "`";
    }
    if (!fields.empty()) d.note("available fields are: " + fields);
  }
  emit(std::move(d));
  return types().error;
}

TypeId Checker::check_await(const ast::AwaitExpr* expr) {
  const source::Span keyword{expr->span.end - 5, expr->span.end};
  const TypeId t = resolve(check_expr(expr->operand));
  bool in_async = false;
  for (std::size_t i = bodies_.size(); i-- > 0;) {
    in_async = bodies_[i].is_async;
    break;
  }
  if (!in_async) {
    Diagnostic d = Diagnostic::make(Kind::AwaitOutsideAsync, "`await` is only allowed inside `async` functions and blocks")
                       .primary(keyword, "only allowed inside `async` functions and blocks");
    if (const auto* fn = ast::dyn_cast<ast::FnItem>(body().node)) {
      const source::Span sig{fn->span.begin, fn->body->span.begin > fn->span.begin ? fn->body->span.begin - 1 : fn->name_span.end};
      d.secondary(sig, "this is not `async`");
    }
    emit(std::move(d));
  }
  if (types().kind(t) == TypeKind::Error) return types().error;
  const TypeId out = future_output(t);
  if (out != 0) return out;
  if (types().kind(t) == TypeKind::Var) {
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed")
             .primary(expr->operand->span, "type must be known at this point"));
    return types().error;
  }
  const std::string n = name(t);
  emit(Diagnostic::make(Kind::NotAFuture, "`" + n + "` is not a future")
           .primary(keyword, "`" + n + "` is not a future")
           .help("the trait `Future` is not implemented for `" + n + "`")
           .note(n + " must be a future or must implement `IntoFuture` to be awaited")
           .note("required for `" + n + "` to implement `IntoFuture`")
           .suggest("remove the `.await`", {expr->operand->span.end, expr->span.end}, "",
                    diag::Applicability::MachineApplicable));
  return types().error;
}

TypeId Checker::check_try(const ast::TryExpr* expr) {
  const TypeId t = resolve(check_expr(expr->operand));
  const TypeKind k = types().kind(t);
  if (k == TypeKind::Error) return types().error;
  if (k == TypeKind::Result || k == TypeKind::Option) {
    BodyCtx& ctx = body();
    const bool is_option = k == TypeKind::Option;
    ctx.tries.push_back({expr, is_option ? 0 : types().arg(t, 1), is_option, ctx.node, ctx.ret, ctx.is_async});
    if (!is_option) try_sites_.emplace_back(expr, ctx.ret);
    return types().arg(t, 0);
  }
  if (k == TypeKind::Var) {
    emit(Diagnostic::make(Kind::TypeAnnotationsNeeded, "type annotations needed")
             .primary(expr->operand->span, "type must be known at this point"));
    return types().error;
  }
  const std::string n = name(t);
  emit(Diagnostic::make(Kind::TryOnNonTry, "the `?` operator can only be applied to values that implement `Try`")
           .primary(expr->span, "the `?` operator cannot be applied to type `" + n + "`")
           .help("the trait `Try` is not implemented for `" + n + "`"));
  return types().error;
}

TypeId Checker::check_async_block(const ast::AsyncBlockExpr* expr, const Expect& expect) {
  BodyCtx ctx;
  ctx.node = expr;
  ctx.ret = fresh_var();
  ctx.is_async = true;
  ctx.is_async_block = true;
  ctx.is_move = expr->is_move;
  ctx.scope_base = scopes_.size();
  // An expected `impl Future<Output = T>` (a `let` annotation, a parameter) fixes the output.
  if (expect.type != 0) {
    const TypeId e = resolve(expect.type);
    if (types().kind(e) == TypeKind::Future) unify(ctx.ret, types().arg(e, 0));
  }
  bodies_.push_back(std::move(ctx));
  const TypeId ret = body().ret;
  Expect tail_expect;
  tail_expect.type = ret;
  const TypeId tail = check_block(expr->block, tail_expect);
  if (expr->block->tail == nullptr && types().kind(resolve(tail)) != TypeKind::Never) unify(ret, types().unit);
  BodyCtx done = std::move(bodies_.back());
  bodies_.pop_back();
  for (const TryObligation& t : done.tries) pending_tries_.push_back(t);
  async_blocks_.push_back({expr, done.ret});
  program_.captures[expr->id] = done.captures;
  capture_uses_[expr->id] = done.capture_uses;
  return types().future(FutureKind::AsyncBlock, expr, {done.ret});
}

TypeId Checker::check_if(const ast::IfExpr* expr, const Expect& expect) {
  const std::size_t mark = scopes_.size();
  if (expr->let_pattern != nullptr) {
    const TypeId scrutinee = deref_scrutinee(expr->cond);
    const LocalId first = static_cast<LocalId>(program_.locals.size());
    check_pattern(expr->let_pattern, scrutinee, false);
    mark_ref_bindings(first);
  } else {
    check_coerce(expr->cond, types().boolean, {});
  }
  if (expr->else_branch == nullptr) {
    const TypeId then = check_block(expr->then_block, {});
    scopes_.resize(mark);
    if (types().kind(resolve(then)) != TypeKind::Never && !unify(then, types().unit)) {
      const ast::Expr* tail = expr->then_block->tail;
      emit(Diagnostic::make(Kind::MismatchedTypes, "`if` may be missing an `else` clause")
               .primary(expr->span, "expected `" + name(then) + "`, found `()`")
               .secondary(tail != nullptr ? tail->span : expr->then_block->span, "found here")
               .note("`if` expressions without `else` evaluate to `()`")
               .help("consider adding an `else` block that evaluates to the expected type"));
    }
    return types().unit;
  }
  // A bare variable as the expectation (an unannotated `let`) is not pushed into the branches:
  // the first branch would fix it and the second would be blamed instead of the `if`.
  const Expect branch_expect = expect.type != 0 && is_unresolved(expect.type) ? Expect{} : expect;
  const TypeId then = check_block(expr->then_block, branch_expect);
  scopes_.resize(mark);
  const TypeId other = check_expr(expr->else_branch, branch_expect);
  if (types().kind(resolve(then)) == TypeKind::Never) return other;
  if (types().kind(resolve(other)) == TypeKind::Never) return then;
  if (!unify(then, other)) {
    const ast::Expr* then_tail = expr->then_block->tail;
    const ast::Expr* else_value = expr->else_branch;
    if (const auto* b = ast::dyn_cast<ast::BlockExpr>(else_value); b != nullptr && b->block->tail != nullptr) {
      else_value = b->block->tail;
    }
    emit(Diagnostic::make(Kind::MismatchedTypes, "`if` and `else` have incompatible types")
             .primary(else_value->span, "expected " + shown(then) + ", found " + shown(other))
             .secondary(then_tail != nullptr ? then_tail->span : expr->then_block->span, "expected because of this"));
    return types().error;
  }
  return then;
}

// Matching on a `&T` parameter (or on `self` in a `&self`/`&mut self` method) matches the T
// behind it (Rust's default binding modes; the bindings are Copy or read-only in ADSL).
TypeId Checker::deref_scrutinee(const ast::Expr* scrutinee) {
  const TypeId t = check_expr(scrutinee);
  const TypeId r = resolve(t);
  matching_through_ref_ = types().kind(r) == TypeKind::Ref;
  if (const auto* path = ast::dyn_cast<ast::PathExpr>(scrutinee); path != nullptr && !matching_through_ref_) {
    const Resolution res = program_.res_of(path);
    matching_through_ref_ = res.kind == ResKind::Local && program_.locals[res.index].name == "self" &&
                            ref_bound_locals_.count(res.index) != 0;
  }
  return types().kind(r) == TypeKind::Ref ? types().arg(r, 0) : t;
}

// After a pattern matched through a reference: its bindings are references in Rust, so `*n`
// on them is accepted (and means the value: ADSL's bindings there are copies or read-only).
void Checker::mark_ref_bindings(LocalId first) {
  if (!matching_through_ref_) return;
  for (LocalId id = first; id < program_.locals.size(); ++id) ref_bound_locals_.insert(id);
  matching_through_ref_ = false;
}

TypeId Checker::check_match(const ast::MatchExpr* expr, const Expect& expect) {
  const TypeId scrutinee = deref_scrutinee(expr->scrutinee);
  const bool through_ref = matching_through_ref_;
  TypeId result = 0;
  const ast::Expr* first_body = nullptr;
  for (const ast::MatchArm& arm : expr->arms) {
    const std::size_t mark = scopes_.size();
    const LocalId first = static_cast<LocalId>(program_.locals.size());
    matching_through_ref_ = through_ref;
    check_pattern(arm.pattern, scrutinee, false);
    mark_ref_bindings(first);
    if (arm.guard != nullptr) check_coerce(arm.guard, types().boolean, {});
    const Expect e = expect.type != 0 && is_unresolved(expect.type) ? Expect{} : expect;
    const TypeId t = check_expr(arm.body, e);
    scopes_.resize(mark);
    if (types().kind(resolve(t)) == TypeKind::Never) continue;
    if (result == 0) {
      result = t;
      first_body = arm.body;
      continue;
    }
    if (!unify(result, t)) {
      emit(Diagnostic::make(Kind::MismatchedTypes, "`match` arms have incompatible types")
               .primary(arm.body->span, "expected " + shown(result) + ", found " + shown(t))
               .secondary(first_body->span, "this is found to be of type " + shown(result))
               .secondary({expr->span.begin, expr->scrutinee->span.end}, "`match` arms have incompatible types"));
    }
  }
  return result != 0 ? result : types().never;
}

TypeId Checker::check_loop_like(const ast::Expr* expr, const Expect& expect) {
  (void)expect;
  const std::size_t mark = scopes_.size();
  if (const auto* w = ast::dyn_cast<ast::WhileExpr>(expr)) {
    if (w->let_pattern != nullptr) {
      const TypeId scrutinee = deref_scrutinee(w->cond);
      const LocalId first = static_cast<LocalId>(program_.locals.size());
      check_pattern(w->let_pattern, scrutinee, false);
      mark_ref_bindings(first);
    } else {
      check_coerce(w->cond, types().boolean, {});
    }
    loops_.push_back({w->label.name, false, false, types().unit, false, bodies_.size()});
    check_block(w->body, Expect{types().unit, {}, {}});
    loops_.pop_back();
    scopes_.resize(mark);
    return types().unit;
  }
  if (const auto* l = ast::dyn_cast<ast::LoopExpr>(expr)) {
    loops_.push_back({l->label.name, true, false, fresh_var(), false, bodies_.size()});
    check_block(l->body, Expect{types().unit, {}, {}});
    const LoopCtx ctx = loops_.back();
    loops_.pop_back();
    return ctx.saw_break ? ctx.break_type : types().never;
  }
  const auto* f = static_cast<const ast::ForExpr*>(expr);
  TypeId elem = types().error;
  const ast::Expr* iter = f->iter;  // `for i in (0..n)`, as rustc accepts it
  while (const auto* paren = ast::dyn_cast<ast::ParenExpr>(iter)) iter = paren->inner;
  if (const auto* range = ast::dyn_cast<ast::RangeExpr>(iter)) {
    TypeId t = fresh_int_var();
    if (range->lo != nullptr) {
      // Integer ranges, and `'a'..='z'` (char is `Step` in std too).
      const TypeId lo = resolve(check_expr(range->lo, Expect{t, {}, {}}));
      if (types().kind(lo) != TypeKind::Char) coerce(range->lo->span, lo, t, {}, range->lo);
      t = lo;
    }
    if (range->hi != nullptr) check_coerce(range->hi, t, {});
    record(range, t);
    elem = t;
  } else {
    TypeId it = resolve(check_arg(f->iter, {}));  // `for x in &v` borrows
    if (types().kind(it) == TypeKind::Ref) it = resolve(types().arg(it, 0));
    if (types().kind(it) == TypeKind::Vec) {
      elem = types().arg(it, 0);
    } else if (types().kind(it) != TypeKind::Error) {
      emit(Diagnostic::make(Kind::NotIterable, "`" + name(it) + "` is not an iterator")
               .primary(f->iter->span, "`" + name(it) + "` is not an iterator")
               .note("ADSL's `for` loops iterate over ranges `a..b`, `a..=b` and `Vec`s"));
    }
  }
  check_pattern(f->pattern, elem, true);
  loops_.push_back({f->label.name, false, false, types().unit, false, bodies_.size()});
  check_block(f->body, Expect{types().unit, {}, {}});
  loops_.pop_back();
  scopes_.resize(mark);
  return types().unit;
}

}  // namespace asyncc::sema
