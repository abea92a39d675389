// The built-in macros: print!/println!/eprint!/eprintln!/format! (`{}`, `{:?}`, `{name}`,
// `{0}`, `{{ }}`), panic!, unreachable!, assert!, assert_eq!, assert_ne!, vec!.
#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/emit/helpers.hpp"

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
std::string CppEmitter::format_string(const MacroExpr* m, std::size_t first) {
  if (m->args.size() <= first) return "std::string()";
  const auto* fmt = dyn_cast<StrLitExpr>(m->args[static_cast<std::uint32_t>(first)]);
  if (!fmt) return "std::string()";
  const std::string_view text = fmt->value;
  std::vector<std::string> parts;
  std::string literal;
  std::size_t next_arg = first + 1;
  auto flush = [&] {
    if (!literal.empty()) parts.push_back(literal_string(literal));
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      ++i;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal += '}';
      ++i;
    } else if (c == '{') {
      const std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) break;
      const std::string_view inside = text.substr(i + 1, close - i - 1);
      const std::size_t colon = inside.find(':');
      const std::string_view name = inside.substr(0, colon);
      const std::string_view spec = colon == std::string_view::npos ? std::string_view{} : inside.substr(colon + 1);
      const bool debug = spec.find('?') != std::string_view::npos;
      flush();
      if (name.empty()) {
        if (next_arg < m->args.size()) parts.push_back(display(m->args[static_cast<std::uint32_t>(next_arg++)], debug));
      } else if (name[0] >= '0' && name[0] <= '9') {
        const std::size_t index = first + 1 + static_cast<std::size_t>(std::stoul(std::string(name)));
        if (index < m->args.size()) parts.push_back(display(m->args[static_cast<std::uint32_t>(index)], debug));
      } else if (const lower::Slot* s = find_named_slot(name, m->span)) {
        const std::string place = s->by_ref ? "(*" + s->name + ")" : s->name;
        if (debug) {
          parts.push_back("asyncc::debug_fmt(" + place + ")");
        } else {
          parts.push_back(display_value(p_.types.kind(s->type), place, p_.types.data(s->type).extra));
        }
      }
      i = close;
    } else {
      literal += c;
    }
  }
  flush();
  if (parts.empty()) return "std::string()";
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i == 0 && parts[i][0] == '"') {
      s = "std::string(" + parts[i] + ")";
    } else {
      s += (i ? " + " : "") + parts[i];
    }
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
