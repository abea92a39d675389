// The built-in macros: print!/println!/eprint!/eprintln!/format! (`{}`, `{:?}`, `{name}`,
// `{0}`, `{{ }}`), panic!, unreachable!, assert!, assert_eq!, assert_ne!, vec!.
#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/emit/helpers.hpp"
#include "compiler/sema/format_string.hpp"

namespace asyncc::emit {

using namespace ast;

std::string CppEmitter::display(const Expr* arg, bool debug) {
  const std::string place = expr(arg, Use::Place);
  sema::TypeId t = p_.type_of(arg);
  if (p_.types.kind(t) == sema::TypeKind::Ref) t = p_.types.arg(t, 0);
  if (debug) return "asyncc::debug_fmt(" + place + ")";
  return display_value(p_.types.kind(t), place, p_.types.data(t).extra);
}

// The std::string expression a format string and its arguments (from args[first]) produce.
// Pieces come from sema's parser; width, fill, alignment, `+`, `0` and precision are applied by
// generated helpers until the runtime's formatting (asyncc/fmt.hpp) takes over.
std::string CppEmitter::format_string(const MacroExpr* m, std::size_t first) {
  if (m->args.size() <= first) return "std::string()";
  const auto* fmt = dyn_cast<StrLitExpr>(m->args[static_cast<std::uint32_t>(first)]);
  if (!fmt) return "std::string()";
  std::vector<sema::FormatPiece> pieces;
  sema::FormatError error;
  if (!sema::parse_format_string(fmt->value, pieces, error)) return "std::string()";
  std::vector<std::string> parts;
  for (const sema::FormatPiece& piece : pieces) {
    if (!piece.is_arg) {
      parts.push_back(literal_string(piece.literal));
      continue;
    }
    std::string place;
    sema::TypeId t = 0;
    if (piece.ref == sema::FormatPiece::Ref::Name) {
      const lower::Slot* s = find_named_slot(piece.name, m->span);
      if (!s) continue;
      place = s->by_ref ? "(*" + s->name + ")" : s->name;
      t = s->type;
    } else {
      const std::size_t index = first + 1 + piece.index;
      if (index >= m->args.size()) continue;
      const Expr* arg = m->args[static_cast<std::uint32_t>(index)];
      place = expr(arg, Use::Place);
      t = p_.type_of(arg);
    }
    if (p_.types.kind(t) == sema::TypeKind::Ref) t = p_.types.arg(t, 0);
    const sema::FormatSpec& spec = piece.spec;
    const sema::TypeKind k = p_.types.kind(t);
    const bool numeric = k == sema::TypeKind::Int || k == sema::TypeKind::F64;
    std::string text;
    if (spec.type == '?') {
      text = "asyncc::debug_fmt(" + place + ")";
    } else if (spec.precision >= 0 && k == sema::TypeKind::F64) {
      text = helper_call("fmt_spec", "asyncc_fixed(" + place + ", " + std::to_string(spec.precision) + ")");
    } else {
      text = display_value(k, place, p_.types.data(t).extra);
      if (spec.precision >= 0 && (k == sema::TypeKind::String || k == sema::TypeKind::Str)) {
        text = helper_call("fmt_spec", "asyncc_truncate(" + text + ", " + std::to_string(spec.precision) + ")");
      }
    }
    if (spec.sign == '+' && numeric) text = helper_call("fmt_spec", "asyncc_plus(" + text + ")");
    if (spec.width >= 0) {
      std::string fill = spec.fill == '\'' ? "'\\''" : spec.fill == '\\' ? "'\\\\'" : std::string("'") + spec.fill + "'";
      text = helper_call("fmt_spec", "asyncc_pad(" + text + ", " + std::to_string(spec.width) + ", " + fill + ", '" +
                                         (spec.align ? spec.align : (numeric ? '>' : '<')) + "', " +
                                         (spec.zero && numeric ? "true" : "false") + ")");
    }
    parts.push_back(text);
  }
  if (parts.empty()) return "std::string()";
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i == 0 && parts[i][0] == '"') {
      s = "std::string(" + parts[i] + ")";
    } else {
      s += (i ? " + " : "") + parts[i];
    }
  }
  if (parts.size() == 1 && parts[0][0] != '"' && parts[0].rfind("std::", 0) != 0 && parts[0].rfind("asyncc", 0) != 0) {
    s = "std::string(" + s + ")";
  }
  return s;
}

std::string CppEmitter::macro(const MacroExpr* m) {
  const std::string loc = location(m->span);
  switch (m->macro) {
    case MacroKind::Println: case MacroKind::Eprintln: {
      std::string text = format_string(m, 0);
      text = text == "std::string()" ? "std::string(\"\\n\")" : text + " + \"\\n\"";
      return print_call(m->macro == MacroKind::Eprintln, text);
    }
    case MacroKind::Print: case MacroKind::Eprint: return print_call(m->macro == MacroKind::Eprint, format_string(m, 0));
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
