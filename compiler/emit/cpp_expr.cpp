// Leaf expressions (those the lowering left as AST) as C++ expressions, and the built-in macros.
// Sub-expressions already evaluated into slots (Body::evaluated) print as those slots.
#include <cinttypes>
#include <cstdio>

#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/emit/helpers.hpp"

namespace asyncc::emit {

using namespace ast;
using lower::SlotId;
using sema::PreludeItem;
using sema::ResKind;
using sema::TypeKind;

std::string CppEmitter::slot_ref(SlotId s, Use use) const {
  if (s == lower::unit_value) return "asyncc::Unit{}";
  const lower::Slot& slot = body_->slots[s];
  if (slot.by_ref) return "(*" + slot.name + ")";
  if (use == Use::Value && !slot.trivial && !p_.is_copy(slot.type)) return "std::move(" + slot.name + ")";
  return slot.name;
}

// sema does not record what an inline `{name}` of a format string resolves to: take the
// binding of that name declared last before the macro (right unless a sibling scope that
// already ended declared the same name later).
const lower::Slot* CppEmitter::find_named_slot(std::string_view name, source::Span at) const {
  const lower::Slot* found = nullptr;
  std::uint32_t best = 0;
  for (const lower::Slot& s : body_->slots) {
    if (s.kind == lower::SlotKind::Temp || s.kind == lower::SlotKind::Future || s.local == 0xFFFFFFFFu) continue;
    const sema::Local& local = p_.locals[s.local];
    if (local.name != name || local.span.begin > at.begin) continue;
    if (!found || local.span.begin >= best) {
      found = &s;
      best = local.span.begin;
    }
  }
  return found;
}

std::string CppEmitter::literal_string(std::string_view text) const {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '?': out += "\\?"; break;  // no trigraphs
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

namespace {

// The C++ literal of type `k` spelt `digits` (an i32 literal is a plain C++ int).
std::string typed_int_literal(const std::string& digits, sema::IntKind k) {
  if (k == sema::IntKind::I32) return digits;
  static const char* const names[] = {"std::int8_t",   "std::int16_t", "std::int32_t",  "std::int64_t",  "std::ptrdiff_t",
                                      "std::uint8_t",  "std::uint16_t", "std::uint32_t", "std::uint64_t", "std::size_t"};
  return std::string(names[static_cast<int>(k)]) + "{" + digits + (sema::int_kind_signed(k) ? "" : "u") + "}";
}

std::string int_literal(std::uint64_t v, sema::IntKind k) { return typed_int_literal(std::to_string(v), k); }

// `-LIT` as one C++ literal: `-128i8` must not go through `std::int8_t{128}` (narrowing), and
// the minimum of a 32/64-bit type is spelt `-MAX - 1` (C++ has no negative literals).
std::string negated_int_literal(std::uint64_t v, sema::IntKind k) {
  if (v == 0) return int_literal(0, k);
  const unsigned bits = sema::int_kind_bits(k);
  std::string digits = "-" + std::to_string(v);
  if (bits >= 32 && v == std::uint64_t{1} << (bits - 1)) digits = "(-" + std::to_string(v - 1) + " - 1)";
  return typed_int_literal(digits, k);
}

// The asyncc::ops function of an arithmetic operator (checked on integers), or null.
const char* ops_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "add";
    case BinaryOp::Sub: return "sub";
    case BinaryOp::Mul: return "mul";
    case BinaryOp::Div: return "div";
    case BinaryOp::Rem: return "rem";
    case BinaryOp::Shl: return "shl";
    case BinaryOp::Shr: return "shr";
    default: return nullptr;
  }
}

// The asyncc::ops function of a compound assignment of an arithmetic operator, or null.
const char* ops_assign_name(AssignOp op) {
  switch (op) {
    case AssignOp::Add: return "add_assign";
    case AssignOp::Sub: return "sub_assign";
    case AssignOp::Mul: return "mul_assign";
    case AssignOp::Div: return "div_assign";
    case AssignOp::Rem: return "rem_assign";
    case AssignOp::Shl: return "shl_assign";
    case AssignOp::Shr: return "shr_assign";
    default: return nullptr;
  }
}

std::string float_literal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string CppEmitter::operand(const lower::Operand& op, Use use) {
  using K = lower::Operand::Kind;
  switch (op.kind) {
    case K::None: case K::Stored: return "asyncc::Unit{}";
    case K::Slot: return slot_ref(op.slot, use);
    case K::Expr: return expr(op.expr, use, true);
    case K::PatTest:
      if (!op.path.empty()) return pattern_test(op.pattern, place_at(slot_ref(op.slot, Use::Place), op.path), p_.type_of(op.pattern));
      return pattern_test(op.pattern, slot_ref(op.slot, Use::Place), body_->slots[op.slot].type);
    case K::IsOk: {
      const bool opt = p_.types.kind(body_->slots[op.slot].type) == TypeKind::Option;
      return slot_ref(op.slot, Use::Place) + (opt ? ".is_some()" : ".is_ok()");
    }
    case K::Payload: return "std::move(" + body_->slots[op.slot].name + ").value()";
    case K::Default: return "";
    case K::InRange: return slot_ref(op.slot, Use::Place) + (op.flag ? " <= " : " < ") + slot_ref(op.aux, Use::Place);
    case K::HasItem: return slot_ref(op.slot, Use::Place) + " < " + slot_ref(op.aux, Use::Place) + ".size()";
    case K::Item: {
      std::string item = slot_ref(op.aux, Use::Place) + "[" + slot_ref(op.slot, Use::Place) + "]";
      return op.flag ? "std::move(" + item + ")" : item;
    }
    case K::Residual: {
      const bool opt = p_.types.kind(body_->slots[op.slot].type) == TypeKind::Option;
      const std::string out_t = type(body_->output);
      if (opt) return out_t + "::none()";
      std::string err = "std::move(" + body_->slots[op.slot].name + ").error()";
      const sema::Resolution& r = p_.res_of(op.expr);
      if (r.kind == ResKind::Fn) {
        const sema::FnSig& from = p_.fns[r.index];
        err = type(from.self_type) + "::" + std::string(from.name) + "(" + err + ")";
      }
      return out_t + "::err(" + err + ")";
    }
  }
  return "";
}

std::string CppEmitter::expr(const Expr* e, Use use, bool as_root) {
  if (auto it = body_->evaluated.find(e->id); !as_root && it != body_->evaluated.end()) return slot_ref(it->second, use);
  const sema::TypeId t = p_.type_of(e);
  switch (e->kind) {
    case NodeKind::IntLitExpr: {
      auto* lit = static_cast<const IntLitExpr*>(e);
      if (p_.types.kind(t) == TypeKind::F64) return float_literal(static_cast<double>(lit->value));
      if (p_.types.kind(t) != TypeKind::Int) return std::to_string(lit->value);
      return int_literal(lit->value, static_cast<sema::IntKind>(p_.types.data(t).extra));
    }
    case NodeKind::FloatLitExpr: return float_literal(static_cast<const FloatLitExpr*>(e)->value);
    case NodeKind::StrLitExpr: {
      const std::string_view text = static_cast<const StrLitExpr*>(e)->value;
      // A `\0` inside would end the C string: such a literal carries its length.
      if (text.find('\0') != std::string_view::npos) return "std::string_view(" + literal_string(text) + ", " + std::to_string(text.size()) + ")";
      return literal_string(text);
    }
    case NodeKind::CharLitExpr: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "char32_t{0x%" PRIX32 "}", static_cast<std::uint32_t>(static_cast<const CharLitExpr*>(e)->value));
      return buf;
    }
    case NodeKind::BoolLitExpr: return static_cast<const BoolLitExpr*>(e)->value ? "true" : "false";
    case NodeKind::PathExpr: {
      const sema::Resolution& r = p_.res_of(e);
      switch (r.kind) {
        case ResKind::Local:
          if (auto it = body_->slot_of_local.find(r.index); it != body_->slot_of_local.end()) return slot_ref(it->second, use);
          return std::string(static_cast<const PathExpr*>(e)->path.segments[0].name);
        case ResKind::Struct: case ResKind::Variant:
          if (p_.types.kind(t) == TypeKind::FnDef) {  // a tuple constructor as a function: `map_err(AppError::Io)`
            return "[](auto&&... a) { return " + adt_value(r, "std::forward<decltype(a)>(a)...") + "; }";
          }
          return adt_value(r, "");
        case ResKind::Const: return opt_.ns + "::" + lower::safe_identifier(p_.consts[r.index].item->name);
        case ResKind::Fn: return opt_.ns + "::" + lower::safe_identifier(p_.fns[r.index].name);
        case ResKind::Prelude:
          if (r.index == static_cast<std::uint32_t>(PreludeItem::None)) return type(t) + "::none()";
          return "asyncc::Unit{}";
        default: return "asyncc::Unit{}";
      }
    }
    case NodeKind::ParenExpr: return "(" + expr(static_cast<const ParenExpr*>(e)->inner, use) + ")";
    case NodeKind::UnaryExpr: {
      auto* u = static_cast<const UnaryExpr*>(e);
      switch (u->op) {
        case UnaryOp::Neg:
          if (p_.types.kind(t) != TypeKind::Int) return "(-" + expr(u->operand, Use::Value) + ")";
          if (auto* lit = dyn_cast<IntLitExpr>(u->operand); lit && !body_->evaluated.count(lit->id)) {
            return negated_int_literal(lit->value, static_cast<sema::IntKind>(p_.types.data(t).extra));
          }
          return ops_call("neg", type(t), expr(u->operand, Use::Value), location(e->span));
        case UnaryOp::Not:
          if (p_.types.kind(t) == TypeKind::Bool) return "!" + expr(u->operand, Use::Value);
          return ops_call("bit_not", type(t), expr(u->operand, Use::Value));
        case UnaryOp::Deref: return expr(u->operand, use);
        case UnaryOp::Ref: case UnaryOp::RefMut: return expr(u->operand, Use::Place);
      }
      return "";
    }
    case NodeKind::BinaryExpr: return binary(static_cast<const BinaryExpr*>(e));
    case NodeKind::AssignExpr: {
      auto* a = static_cast<const AssignExpr*>(e);
      const std::string op = a->op == AssignOp::Assign ? "=" : std::string(assign_op_spelling(a->op));
      const TypeKind lk = p_.types.kind(p_.type_of(a->lhs));
      if (const char* fn = ops_assign_name(a->op); fn && (lk == TypeKind::Int || (lk == TypeKind::F64 && a->op == AssignOp::Rem))) {
        return ops_call(fn, "", expr(a->lhs, Use::Place) + ", " + expr(a->rhs, Use::Value), location(e->span));
      }
      return expr(a->lhs, Use::Place) + " " + op + " " + expr(a->rhs, Use::Value);
    }
    case NodeKind::CastExpr: {
      auto* c = static_cast<const CastExpr*>(e);
      return cast_call(type(t), expr(c->operand, Use::Value));
    }
    case NodeKind::CallExpr: return call(static_cast<const CallExpr*>(e));
    case NodeKind::MethodCallExpr: return method_call(static_cast<const MethodCallExpr*>(e));
    case NodeKind::FieldExpr: {
      auto* f = static_cast<const FieldExpr*>(e);
      const std::string field = expr(f->base, Use::Place) + "." + std::string(f->name);
      // Using a field by value moves it out (a partial move), unless it is Copy.
      return use == Use::Value && !p_.is_copy(t) ? "std::move(" + field + ")" : field;
    }
    case NodeKind::TupleIndexExpr: {
      auto* ti = static_cast<const TupleIndexExpr*>(e);
      std::string base = expr(ti->base, use);
      if (p_.types.kind(p_.type_of(ti->base)) == TypeKind::Adt) return base + ".f" + std::to_string(ti->index);
      return "std::get<" + std::to_string(ti->index) + ">(" + base + ")";
    }
    case NodeKind::IndexExpr: {
      auto* ix = static_cast<const IndexExpr*>(e);
      // rustc reports an index out of bounds at the `[`.
      const std::string_view after_base = src_.text({ix->base->span.end, e->span.end});
      const std::size_t bracket = after_base.find('[');
      const std::uint32_t at = ix->base->span.end + static_cast<std::uint32_t>(bracket == std::string_view::npos ? 0 : bracket);
      return helpers_index(expr(ix->base, Use::Place), expr(ix->index, Use::Value), location({at, e->span.end}));
    }
    case NodeKind::TupleExpr: {
      auto* tup = static_cast<const TupleExpr*>(e);
      if (tup->elems.empty()) return "asyncc::Unit{}";
      std::string s = type(t) + "(";
      for (std::uint32_t i = 0; i < tup->elems.size(); ++i) s += (i ? ", " : "") + expr(tup->elems[i], Use::Value);
      return s + ")";
    }
    case NodeKind::MacroExpr: return macro(static_cast<const MacroExpr*>(e));
    case NodeKind::StructLitExpr: {
      auto* lit = static_cast<const StructLitExpr*>(e);
      const sema::Resolution& r = p_.res_of(e);
      if (r.kind != ResKind::Struct && r.kind != ResKind::Variant) return "asyncc::Unit{}";
      const auto& var = p_.adts[r.index].variants[r.kind == ResKind::Variant ? r.sub : 0];
      std::string fields;
      for (std::size_t f = 0; f < var.field_names.size(); ++f) {
        for (const FieldInit& init : lit->fields) {
          if (init.name == var.field_names[f] || init.name == std::to_string(f)) {
            fields += (fields.empty() ? "" : ", ") + expr(init.value, Use::Value);
          }
        }
      }
      return adt_value(r, fields);
    }
    case NodeKind::AsyncBlockExpr: {
      auto* blk = static_cast<const AsyncBlockExpr*>(e);
      auto it = ir_.body_of.find(blk);
      if (it == ir_.body_of.end()) return "asyncc::Unit{}";
      const lower::Body& inner = ir_.bodies[it->second];
      std::string s = inner.name + "(";
      for (std::size_t i = 0; i < inner.params.size(); ++i) {
        const lower::Slot& cap = inner.slots[inner.params[i]];
        const lower::Slot* outer = nullptr;
        if (auto it = body_->slot_of_local.find(cap.local); it != body_->slot_of_local.end()) outer = &body_->slots[it->second];
        std::string arg = outer ? outer->name : std::string(p_.locals[cap.local].name);
        const bool outer_ref = outer && outer->by_ref;
        if (cap.by_ref) {
          arg = outer_ref ? arg : "&" + arg;
        } else if (outer_ref) {
          arg = "*" + arg;
        } else if (!p_.is_copy(cap.type)) {
          arg = "std::move(" + arg + ")";
        }
        s += (i ? ", " : "") + arg;
      }
      return s + ")";
    }
    default: return "/* unsupported expression */ asyncc::Unit{}";
  }
}

namespace {

// `text` (the C++ of `e`) as a value that has methods and compares by content: a string literal
// is a C++ char array (`"a" < "b"` would compare pointers, `"abc".size()` does not compile).
const StrLitExpr* string_literal(const Expr* e) {
  while (auto* paren = dyn_cast<ParenExpr>(e)) e = paren->inner;
  return dyn_cast<StrLitExpr>(e);
}

std::string as_string_view(const Expr* e, std::string text) {
  auto* lit = string_literal(e);
  if (!lit) return text;
  return "std::string_view(" + text + ", " + std::to_string(lit->value.size()) + ")";
}

// The conjunction of pattern tests, each already an operand of `&&` (parenthesised or a call):
// one test stays as it is, so that `if ((x == 0))` never appears (clang's -Wparentheses-equality).
std::string all_of(const std::vector<std::string>& tests) {
  if (tests.empty()) return "true";
  if (tests.size() == 1) return tests[0];
  std::string s;
  for (const std::string& t : tests) s += (s.empty() ? "" : " && ") + t;
  return "(" + s + ")";
}

}  // namespace

std::string CppEmitter::binary(const BinaryExpr* b) {
  const sema::TypeId lt = p_.type_of(b->lhs);
  const bool string_concat = b->op == BinaryOp::Add && p_.types.kind(lt) == TypeKind::String;
  std::string lhs = expr(b->lhs, string_concat ? Use::Value : Use::Place);
  std::string rhs = expr(b->rhs, Use::Place);
  if (!string_concat) {
    lhs = as_string_view(b->lhs, std::move(lhs));
    rhs = as_string_view(b->rhs, std::move(rhs));
  } else if (!string_literal(b->rhs) && p_.types.kind(p_.type_of(b->rhs)) == TypeKind::Str) {
    rhs = "std::string(" + rhs + ")";  // C++17 has no `std::string + std::string_view`
  }
  const sema::TypeId t = p_.type_of(b);
  const TypeKind k = p_.types.kind(t);
  if (const char* fn = ops_name(b->op); fn && (k == TypeKind::Int || (k == TypeKind::F64 && b->op == BinaryOp::Rem))) {
    return ops_call(fn, k == TypeKind::Int ? type(t) : "", lhs + ", " + rhs, location(b->span));
  }
  std::string s = "(" + lhs + " " + binary_op_spelling(b->op) + " " + rhs + ")";
  // C++ promotes operands narrower than int; Rust keeps the type.
  if (p_.types.kind(t) == TypeKind::Int && sema::int_kind_bits(static_cast<sema::IntKind>(p_.types.data(t).extra)) < 32) {
    s = "static_cast<" + type(t) + ">" + s;
  }
  return s;
}

std::string CppEmitter::call(const CallExpr* c) {
  const sema::Resolution& r = p_.res_of(c->callee);
  const sema::TypeId t = p_.type_of(c);
  auto args = [&](std::size_t from = 0) {
    std::string s;
    for (std::size_t i = from; i < c->args.size(); ++i) s += (i > from ? ", " : "") + expr(c->args[static_cast<std::uint32_t>(i)], Use::Value);
    return s;
  };
  if (r.kind == ResKind::Struct || r.kind == ResKind::Variant) return adt_value(r, args());
  if (r.kind == ResKind::Fn) {
    const sema::FnSig& sig = p_.fns[r.index];
    if (sig.impl) return type(sig.self_type) + "::" + lower::safe_identifier(sig.name) + "(" + args() + ")";
    return opt_.ns + "::" + lower::safe_identifier(sig.name) + "(" + args() + ")";
  }
  if (r.kind == ResKind::Prelude) {
    switch (static_cast<PreludeItem>(r.index)) {
      case PreludeItem::Some: return type(t) + "::some(" + args() + ")";
      case PreludeItem::Ok: return type(t) + "::ok(" + args() + ")";
      case PreludeItem::Err: return type(t) + "::err(" + args() + ")";
      case PreludeItem::Left: return type(t) + "::make_left(" + args() + ")";
      case PreludeItem::Right: return type(t) + "::make_right(" + args() + ")";
      case PreludeItem::Spawn: return "asyncc::spawn(" + args() + ")";
      case PreludeItem::BlockOn: return "asyncc::block_on(" + args() + ")";
      case PreludeItem::Sleep: return "asyncc::sleep(" + args() + ")";
      case PreludeItem::YieldNow: return "asyncc::yield_now()";
      case PreludeItem::NowMs: return "asyncc::now_ms()";
      case PreludeItem::Join: return "asyncc::join(" + args() + ")";
      case PreludeItem::Join3: return "asyncc::join3(" + args() + ")";
      case PreludeItem::JoinAll: return "asyncc::join_all(" + args() + ")";
      case PreludeItem::Select: return "asyncc::select(" + args() + ")";
      case PreludeItem::Timeout: return "asyncc::timeout(" + args() + ")";
      case PreludeItem::Channel: {
        const sema::TypeId sender = p_.types.arg(t, 0);
        return "asyncc::channel<" + type(p_.types.arg(sender, 0)) + ">(" + args() + ")";
      }
      case PreludeItem::Drop: {
        const sema::TypeId at = p_.type_of(c->args[0]);
        return "static_cast<void>(" + type(at) + "(" + args() + "))";
      }
      case PreludeItem::StringNew: return "std::string()";
      case PreludeItem::StringFrom: return "std::string(" + args() + ")";
      case PreludeItem::VecNew: return type(t) + "()";
      case PreludeItem::VecWithCapacity: return helpers_vec_with_capacity(type(t), args());
      case PreludeItem::TcpListenerBind: return "asyncc::TcpListener::bind(std::string(" + args() + "))";
      case PreludeItem::TcpStreamConnect: return "asyncc::TcpStream::connect(std::string(" + args() + "))";
      case PreludeItem::None: return type(t) + "::none()";
    }
  }
  return "/* unsupported call */ asyncc::Unit{}";
}

std::string CppEmitter::method_call(const MethodCallExpr* m) {
  const sema::Resolution& r = p_.res_of(m);
  std::string args;
  for (std::uint32_t i = 0; i < m->args.size(); ++i) args += (i ? ", " : "") + expr(m->args[i], Use::Value);
  if (r.kind == ResKind::Fn) {
    const sema::FnSig& sig = p_.fns[r.index];
    const bool by_value = sig.self_kind == SelfKind::Value || sig.self_kind == SelfKind::MutValue;
    std::string recv = expr(m->receiver, by_value ? Use::Value : Use::Place);
    return type(sig.self_type) + "::" + lower::safe_identifier(sig.name) + "(" + recv + (args.empty() ? "" : ", " + args) + ")";
  }
  sema::TypeId rt = p_.type_of(m->receiver);
  if (p_.types.kind(rt) == TypeKind::Ref) rt = p_.types.arg(rt, 0);  // a `&T` / `&mut T` parameter
  const TypeKind k = p_.types.kind(rt);
  const std::string_view name = m->name;
  const std::string recv = as_string_view(m->receiver, expr(m->receiver, Use::Place));
  const bool consumes = name == "unwrap" || name == "expect" || name == "unwrap_or" || name == "ok" || name == "err";
  const std::string recv_value = consumes && !p_.is_copy(rt) ? "std::move(" + recv + ")" : recv;
  if (name == "clone") return type(rt) + "(" + recv + ")";
  switch (k) {
    case TypeKind::String: case TypeKind::Str:
      if (name == "len") return recv + ".size()";
      if (name == "is_empty") return recv + ".empty()";
      if (name == "push_str") return recv + ".append(" + args + ")";
      if (name == "to_string") return "std::string(" + recv + ")";
      if (name == "as_str") return "std::string_view(" + recv + ")";
      if (name == "contains") return "(" + recv + ".find(" + args + ") != std::string::npos)";
      if (name == "trim") return helper_call("trim", "asyncc_trim(" + recv + ")");
      if (name == "starts_with") return helper_call("affix", "asyncc_starts_with(" + recv + ", " + args + ")");
      if (name == "ends_with") return helper_call("affix", "asyncc_ends_with(" + recv + ", " + args + ")");
      if (name == "parse") {
        const sema::TypeId out = p_.types.arg(p_.type_of(m), 0);
        if (p_.types.kind(out) == TypeKind::F64) return "asyncc::parse_f64(" + recv + ")";
        return "asyncc::parse_int<" + type(out) + ">(" + recv + ")";
      }
      break;
    case TypeKind::Int: case TypeKind::F64: case TypeKind::Bool: case TypeKind::Char:
      if (name == "to_string") return display_value(k, recv, p_.types.data(rt).extra);
      if (k == TypeKind::F64) {
        // Rust's f64::min/max ignore a NaN operand, as fmin/fmax do; abs clears the sign of -0.0.
        if (name == "min") return "std::fmin(" + recv + ", " + args + ")";
        if (name == "max") return "std::fmax(" + recv + ", " + args + ")";
        if (name == "abs") return "std::fabs(" + recv + ")";
        break;
      }
      // abs and pow panic inside Rust's core library; reported here at the method's name.
      if (name == "abs" || name == "pow") {
        return ops_call(name, type(rt), recv + (args.empty() ? "" : ", " + args), location(m->name_span));
      }
      if (name == "min" || name == "max" || name == "wrapping_add" || name == "checked_add" || name == "saturating_sub") {
        return ops_call(name, type(rt), recv + ", " + args);
      }
      break;
    case TypeKind::Option: case TypeKind::Result:
      // #[track_caller]: rustc reports the position of the method's name.
      if (name == "unwrap") return recv_value + ".unwrap({" + location(m->name_span) + "})";
      if (name == "expect") return recv_value + ".expect(" + args + ", {" + location(m->name_span) + "})";
      if (name == "unwrap_or") {
        return "(" + recv + (k == TypeKind::Option ? ".is_some()" : ".is_ok()") + " ? " + recv_value + ".value() : " +
               args + ")";
      }
      if (name == "is_some" || name == "is_none" || name == "is_ok" || name == "is_err") return recv + "." + std::string(name) + "()";
      break;
    case TypeKind::Vec:
      if (name == "push") return recv + ".push_back(" + args + ")";
      if (name == "len") return recv + ".size()";
      if (name == "is_empty") return recv + ".empty()";
      if (name == "clear") return recv + ".clear()";
      // `v.iter()` is `&v` (sema types it so): `v.iter().len()` is `v.len()`.
      if (name == "iter") return recv;
      if (name == "pop") return helper_call("vec_ops", "asyncc_pop(" + recv + ")");
      // Rust reports these panics at the method's name (`#[track_caller]`).
      if (name == "remove") return helper_call("vec_ops", "asyncc_remove(" + recv + ", " + args + ", " + location(m->name_span) + ")");
      if (name == "insert") return helper_call("vec_ops", "asyncc_insert(" + recv + ", " + args + ", " + location(m->name_span) + ")");
      if (name == "contains") return "(std::find(" + recv + ".begin(), " + recv + ".end(), " + args + ") != " + recv + ".end())";
      break;
    default: break;
  }
  return recv + "." + std::string(name) + "(" + args + ")";
}

std::string CppEmitter::pattern_test(const Pattern* pat, const std::string& place, sema::TypeId t) {
  switch (pat->kind) {
    case NodeKind::WildPat: return "true";
    case NodeKind::IdentPat: {
      auto* ident = static_cast<const IdentPat*>(pat);
      const sema::Resolution& r = p_.res_of(pat);
      if (r.kind == ResKind::Prelude && r.index == static_cast<std::uint32_t>(PreludeItem::None)) return place + ".is_none()";
      if (r.kind == ResKind::Variant) return "(" + place + ".v.index() == " + std::to_string(r.sub) + ")";
      if (ident->sub) return pattern_test(ident->sub, place, t);
      return "true";
    }
    case NodeKind::LitPat: return "(" + place + " == " + expr(static_cast<const LitPat*>(pat)->lit, Use::Value) + ")";
    case NodeKind::RangePat: {
      auto* rp = static_cast<const RangePat*>(pat);
      std::string s = "(";
      if (rp->lo) s += place + " >= " + expr(rp->lo, Use::Value);
      if (rp->hi) s += std::string(rp->lo ? " && " : "") + place + (rp->inclusive ? " <= " : " < ") + expr(rp->hi, Use::Value);
      return s + ")";
    }
    case NodeKind::PathPat: {
      const sema::Resolution& r = p_.res_of(pat);
      if (r.kind == ResKind::Prelude && r.index == static_cast<std::uint32_t>(PreludeItem::None)) return place + ".is_none()";
      if (r.kind == ResKind::Variant) return "(" + place + ".v.index() == " + std::to_string(r.sub) + ")";
      return "true";
    }
    case NodeKind::StructPat: {
      auto* sp = static_cast<const StructPat*>(pat);
      const sema::Resolution& r = p_.res_of(pat);
      if (r.kind != ResKind::Struct && r.kind != ResKind::Variant) return "true";
      const auto& var = p_.adts[r.index].variants[r.kind == ResKind::Variant ? r.sub : 0];
      std::vector<std::string> tests;
      if (r.kind == ResKind::Variant) tests.push_back("(" + place + ".v.index() == " + std::to_string(r.sub) + ")");
      for (const FieldPat& fp : sp->fields) {
        for (std::size_t f = 0; f < var.field_names.size(); ++f) {
          if (var.field_names[f] != fp.name) continue;
          std::string sub = pattern_test(fp.pattern, adt_payload(r, place) + "." + std::string(fp.name), var.field_types[f]);
          if (sub != "true") tests.push_back(std::move(sub));
        }
      }
      return all_of(tests);
    }
    case NodeKind::TuplePat: {
      auto* tp = static_cast<const TuplePat*>(pat);
      std::vector<std::string> tests;
      for (std::uint32_t i = 0; i < tp->elems.size(); ++i) {
        if (tp->elems[i]->kind == NodeKind::RestPat) continue;
        const std::uint32_t f = lower::elem_field(tp->elems, i, p_.types.arg_count(t));
        std::string sub = pattern_test(tp->elems[i], "std::get<" + std::to_string(f) + ">(" + place + ")", p_.types.arg(t, f));
        if (sub != "true") tests.push_back(std::move(sub));
      }
      return all_of(tests);
    }
    case NodeKind::TupleStructPat: {
      auto* tp = static_cast<const TupleStructPat*>(pat);
      const sema::Resolution& r = p_.res_of(pat);
      if (r.kind == ResKind::Struct || r.kind == ResKind::Variant) {
        const auto& var = p_.adts[r.index].variants[r.kind == ResKind::Variant ? r.sub : 0];
        std::vector<std::string> tests;
        if (r.kind == ResKind::Variant) tests.push_back("(" + place + ".v.index() == " + std::to_string(r.sub) + ")");
        for (std::uint32_t i = 0; i < tp->elems.size() && i < var.field_types.size(); ++i) {
          if (tp->elems[i]->kind == NodeKind::RestPat) continue;
          const std::uint32_t f = lower::elem_field(tp->elems, i, var.field_types.size());
          std::string sub = pattern_test(tp->elems[i], adt_payload(r, place) + ".f" + std::to_string(f), var.field_types[f]);
          if (sub != "true") tests.push_back(std::move(sub));
        }
        return all_of(tests);
      }
      if (r.kind != ResKind::Prelude) return "true";
      std::string check, inner;
      sema::TypeId inner_t = 0;
      switch (static_cast<PreludeItem>(r.index)) {
        case PreludeItem::Some: check = place + ".is_some()"; inner = place + ".value()"; inner_t = p_.types.arg(t, 0); break;
        case PreludeItem::Ok: check = place + ".is_ok()"; inner = place + ".value()"; inner_t = p_.types.arg(t, 0); break;
        case PreludeItem::Err: check = place + ".is_err()"; inner = place + ".error()"; inner_t = p_.types.arg(t, 1); break;
        case PreludeItem::Left: check = place + ".is_left()"; inner = place + ".left()"; inner_t = p_.types.arg(t, 0); break;
        case PreludeItem::Right: check = place + ".is_right()"; inner = place + ".right()"; inner_t = p_.types.arg(t, 1); break;
        default: return "true";
      }
      if (tp->elems.size() == 1) {
        std::string sub = pattern_test(tp->elems[0], inner, inner_t);
        if (sub != "true") return "(" + check + " && " + sub + ")";
      }
      return check;
    }
    case NodeKind::OrPat: {
      std::string s;
      for (Pattern* alt : static_cast<const OrPat*>(pat)->alts) s += (s.empty() ? "" : " || ") + pattern_test(alt, place, t);
      return "(" + s + ")";
    }
    default: return "true";
  }
}

std::string CppEmitter::projection(const lower::Inst& bind, bool moved) {
  const lower::Slot& src = body_->slots[bind.src];
  const lower::Slot& dest = body_->slots[bind.dest];
  std::string s = src.by_ref ? "(*" + src.name + ")" : src.name;
  if (moved && !dest.trivial && !src.by_ref) s = "std::move(" + s + ")";
  return place_at(s, bind.path);
}

std::string CppEmitter::place_at(std::string s, const std::vector<lower::Projection>& path) {
  for (const lower::Projection& step : path) {
    if (step.parent->kind == NodeKind::TuplePat) {
      s = "std::get<" + std::to_string(step.index) + ">(" + s + ")";
    } else if (step.parent->kind == NodeKind::StructPat) {
      const sema::Resolution& r = p_.res_of(step.parent);
      s = adt_payload(r, s) + "." + std::string(static_cast<const StructPat*>(step.parent)->fields[step.index].name);
    } else if (step.parent->kind == NodeKind::TupleStructPat &&
               (p_.res_of(step.parent).kind == ResKind::Struct || p_.res_of(step.parent).kind == ResKind::Variant)) {
      s = adt_payload(p_.res_of(step.parent), s) + ".f" + std::to_string(step.index);
    } else if (step.parent->kind == NodeKind::TupleStructPat) {
      const sema::Resolution& r = p_.res_of(step.parent);
      const auto item = static_cast<PreludeItem>(r.index);
      if (r.kind == ResKind::Prelude && item == PreludeItem::Err) s += ".error()";
      else if (r.kind == ResKind::Prelude && item == PreludeItem::Left) s += ".left()";
      else if (r.kind == ResKind::Prelude && item == PreludeItem::Right) s += ".right()";
      else s += ".value()";
    }
  }
  return s;
}

std::string CppEmitter::location(source::Span span) const {
  const source::LineCol lc = src_.line_col(span.begin);
  return literal_string(src_.name()) + ", " + std::to_string(lc.line) + ", " + std::to_string(lc.column);
}

}  // namespace asyncc::emit
