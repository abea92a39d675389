// The built-in macros: print!/println!/eprint!/eprintln!/format! (every spec of Rust's std::fmt
// that sema accepts, through asyncc/fmt.hpp), panic!, unreachable!, assert!, assert_eq!,
// assert_ne!, vec!.
#include <algorithm>
#include <optional>

#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/emit/helpers.hpp"
#include "compiler/sema/format_string.hpp"

namespace asyncc::emit {

using namespace ast;

namespace {

// `{N:spec}` for the runtime's parser (asyncc/fmt.hpp), which reads Rust's syntax; a width or
// precision from an argument is `K$` with K its position (`width_arg`, `precision_arg`, or -1).
std::string placeholder_text(std::size_t index, const sema::FormatSpec& s, std::int64_t width_arg,
                             std::int64_t precision_arg) {
  std::string spec;
  if (s.align) spec += s.fill + s.align;
  if (s.sign) spec += s.sign;
  if (s.alternate) spec += '#';
  if (s.zero) spec += '0';
  if (width_arg >= 0) {
    spec += std::to_string(width_arg) + "$";
  } else if (s.width >= 0) {
    spec += std::to_string(s.width);
  }
  if (precision_arg >= 0) {
    spec += "." + std::to_string(precision_arg) + "$";
  } else if (s.precision >= 0) {
    spec += "." + std::to_string(s.precision);
  }
  if (s.debug_hex) spec += s.debug_hex;
  if (s.type) spec += s.type;
  return "{" + std::to_string(index) + (spec.empty() ? "" : ":" + spec) + "}";
}

// Text that the runtime's parser must print as is.
std::string escape_braces(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '{' || c == '}') out += c;
  }
  return out;
}

}  // namespace

// The C++ place of inline name `name` (`{x}`, `{:w$}`) in macro `m`: the local sema resolved it
// to, else a const item.
std::optional<std::string> CppEmitter::inline_arg(const MacroExpr* m, std::string_view name) const {
  if (m->id < p_.captures.size()) {
    for (sema::LocalId l : p_.captures[m->id]) {
      if (p_.locals[l].name != name) continue;
      if (auto it = body_->slot_of_local.find(l); it != body_->slot_of_local.end()) return slot_ref(it->second, Use::Place);
    }
  }
  if (const lower::Slot* s = find_named_slot(name, m->span)) return s->by_ref ? "(*" + s->name + ")" : s->name;
  for (const sema::ConstInfo& c : p_.consts) {
    if (c.item->name == name) return opt_.ns + "::" + lower::safe_identifier(c.item->name);
  }
  return std::nullopt;
}

// The arguments of an asyncc::fmt call (format, println, ...) for a macro's format string and
// its arguments (from args[first]): the string in Rust's syntax with every placeholder numbered
// (inline names `{x}` become extra arguments), then the arguments. The runtime parses the string
// when it formats, so a call site stays one call whatever its specs.
// A string without placeholders needs no formatting: then `literal` (if given) gets its text.
std::string CppEmitter::format_args(const MacroExpr* m, std::size_t first, std::optional<std::string>* literal) {
  std::vector<sema::FormatPiece> pieces;
  sema::FormatError error;
  const auto* fmt = m->args.size() > first ? dyn_cast<StrLitExpr>(m->args[static_cast<std::uint32_t>(first)]) : nullptr;
  if (fmt && !sema::parse_format_string(fmt->value, pieces, error)) pieces.clear();
  std::string text;
  std::string plain;
  bool has_placeholders = false;
  std::vector<std::string> args;
  for (std::size_t i = first + 1; i < m->args.size(); ++i) {
    const Expr* arg = m->args[static_cast<std::uint32_t>(i)];
    std::string place = expr(arg, Use::Place);
    // C++ promotes arithmetic on i8/u8/i16/u16 to int, whose `{:x}`/`{:b}` would differ.
    const sema::TypeId t = p_.type_of(arg);
    if (p_.types.kind(t) == sema::TypeKind::Int &&
        sema::int_kind_bits(static_cast<sema::IntKind>(p_.types.data(t).extra)) < 32) {
      place = "static_cast<" + type(t) + ">(" + place + ")";
    }
    args.push_back(std::move(place));
  }
  const std::size_t explicit_args = args.size();
  std::vector<std::string_view> names;  // inline names, numbered after the explicit arguments
  // The position of inline name `name` among the arguments (added on first use), -1 if unknown.
  auto name_index = [&](std::string_view name) -> std::int64_t {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      std::optional<std::string> place = inline_arg(m, name);
      if (!place) return -1;
      names.push_back(name);
      args.push_back(std::move(*place));
      it = names.end() - 1;
    }
    return static_cast<std::int64_t>(explicit_args) + (it - names.begin());
  };
  auto count_index = [&](std::int32_t index, std::string_view name) -> std::int64_t {
    return name.empty() ? index : name_index(name);
  };
  for (const sema::FormatPiece& piece : pieces) {
    if (!piece.is_arg) {
      text += escape_braces(piece.literal);
      plain += piece.literal;
      continue;
    }
    has_placeholders = true;
    std::int64_t index = piece.index;
    if (piece.ref == sema::FormatPiece::Ref::Name) index = name_index(piece.name);
    if (index < 0) continue;
    text += placeholder_text(static_cast<std::size_t>(index), piece.spec,
                             count_index(piece.spec.width_index, piece.spec.width_name),
                             count_index(piece.spec.precision_index, piece.spec.precision_name));
  }
  if (literal && !has_placeholders) *literal = plain;
  std::string out = text.find('\0') == std::string::npos
                        ? literal_string(text)
                        : "std::string_view(" + literal_string(text) + ", " + std::to_string(text.size()) + ")";
  for (const std::string& a : args) out += ", " + a;
  return out;
}

// The std::string expression of a format string and its arguments (format!, panic!, ...).
std::string CppEmitter::format_string(const MacroExpr* m, std::size_t first) {
  std::optional<std::string> literal;
  const std::string args = format_args(m, first, &literal);
  if (literal) return literal->empty() ? "std::string()" : "std::string(" + literal_string(*literal) + ", " + std::to_string(literal->size()) + ")";
  return "asyncc::fmt::format(" + args + ")";
}

std::string CppEmitter::macro(const MacroExpr* m) {
  const std::string loc = location(m->span);
  switch (m->macro) {
    case MacroKind::Println: return "asyncc::fmt::println(" + format_args(m, 0, nullptr) + ")";
    case MacroKind::Eprintln: return "asyncc::fmt::eprintln(" + format_args(m, 0, nullptr) + ")";
    case MacroKind::Print: return "asyncc::fmt::print(" + format_args(m, 0, nullptr) + ")";
    case MacroKind::Eprint: return "asyncc::fmt::eprint(" + format_args(m, 0, nullptr) + ")";
    case MacroKind::Format: return format_string(m, 0);
    case MacroKind::Panic: {
      std::string msg = m->args.empty() ? "std::string(\"explicit panic\")" : format_string(m, 0);
      return panic_call(loc, msg);
    }
    case MacroKind::Unreachable: {
      std::string msg = "std::string(\"internal error: entered unreachable code\")";
      if (!m->args.empty()) msg = "std::string(\"internal error: entered unreachable code: \") + " + format_string(m, 0);
      return panic_call(loc, msg);
    }
    case MacroKind::Assert: {
      if (m->args.empty()) return "asyncc::Unit{}";
      std::string msg = m->args.size() > 1 ? format_string(m, 1)
                                           : "std::string(" + literal_string("assertion failed: " + std::string(src_.text(m->args[0]->span))) + ")";
      return "((" + expr(m->args[0], Use::Value) + ") ? static_cast<void>(0) : " + panic_call(loc, msg) + ")";
    }
    case MacroKind::AssertEq: case MacroKind::AssertNe: {
      if (m->args.size() < 2) return "asyncc::Unit{}";
      const bool eq = m->macro == MacroKind::AssertEq;
      std::string msg = std::string("std::string(\"assertion `left ") + (eq ? "==" : "!=") + " right` failed\")";
      if (m->args.size() > 2) msg += " + \": \" + " + format_string(m, 2);
      msg += " + \"\\n  left: \" + asyncc::debug_fmt(left) + \"\\n right: \" + asyncc::debug_fmt(right)";
      return "[&](const auto& left, const auto& right) {\n    if (" + std::string(eq ? "!(left == right)" : "left == right") +
             ") " + panic_call(loc, msg) + ";\n  }(" + expr(m->args[0], Use::Place) + ", " + expr(m->args[1], Use::Place) + ")";
    }
    case MacroKind::Vec: {
      const std::string t = type(p_.type_of(m));
      if (m->is_repeat && m->args.size() == 2) {
        return t + "(" + expr(m->args[1], Use::Value) + ", " + expr(m->args[0], Use::Value) + ")";
      }
      const sema::TypeId elem = p_.types.arg(p_.type_of(m), 0);
      std::string items;
      for (std::uint32_t i = 0; i < m->args.size(); ++i) items += (i ? ", " : "") + expr(m->args[i], Use::Value);
      if (p_.is_copy(elem) || m->args.empty()) return t + "{" + items + "}";
      return helper_call("vec", "asyncc_vec<" + type(elem) + ">(" + items + ")");
    }
  }
  return "asyncc::Unit{}";
}

}  // namespace asyncc::emit
