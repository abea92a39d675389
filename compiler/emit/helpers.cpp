// The generated code's calls for formatting, printing, panics, arithmetic and indexing (helpers.hpp).
#include "compiler/emit/helpers.hpp"

namespace asyncc::emit {

namespace {

HelperSet* g_helpers = nullptr;

struct HelperDef {
  const char* name;
  const char* text;
};

// In dependency order.
const HelperDef helper_defs[] = {
    {"print",
     "// Writes formatted text to a standard stream (print!, println!, eprint!, eprintln!).\n"
     "inline void asyncc_print(std::FILE* to, const std::string& text) {\n"
     "  std::fwrite(text.data(), 1, text.size(), to);\n"
     "}\n"},
    {"char",
     "// `{}` of a char: its UTF-8 encoding.\n"
     "inline std::string asyncc_display_char(char32_t c) {\n"
     "  std::string s;\n"
     "  auto u = static_cast<std::uint32_t>(c);\n"
     "  if (u < 0x80) {\n"
     "    s += static_cast<char>(u);\n"
     "  } else if (u < 0x800) {\n"
     "    s += static_cast<char>(0xC0 | (u >> 6));\n"
     "    s += static_cast<char>(0x80 | (u & 0x3F));\n"
     "  } else if (u < 0x10000) {\n"
     "    s += static_cast<char>(0xE0 | (u >> 12));\n"
     "    s += static_cast<char>(0x80 | ((u >> 6) & 0x3F));\n"
     "    s += static_cast<char>(0x80 | (u & 0x3F));\n"
     "  } else {\n"
     "    s += static_cast<char>(0xF0 | (u >> 18));\n"
     "    s += static_cast<char>(0x80 | ((u >> 12) & 0x3F));\n"
     "    s += static_cast<char>(0x80 | ((u >> 6) & 0x3F));\n"
     "    s += static_cast<char>(0x80 | (u & 0x3F));\n"
     "  }\n"
     "  return s;\n"
     "}\n"},
    {"trim",
     "// `s.trim()`: without leading and trailing ASCII whitespace.\n"
     "inline std::string_view asyncc_trim(std::string_view s) {\n"
     "  const char* ws = \" \\t\\n\\r\\f\\v\";\n"
     "  const std::size_t b = s.find_first_not_of(ws);\n"
     "  if (b == std::string_view::npos) return {};\n"
     "  return s.substr(b, s.find_last_not_of(ws) - b + 1);\n"
     "}\n"},
    {"affix",
     "// `s.starts_with(p)` / `s.ends_with(p)`.\n"
     "inline bool asyncc_starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }\n"
     "inline bool asyncc_ends_with(std::string_view s, std::string_view p) {\n"
     "  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;\n"
     "}\n"},
    {"vec",
     "// `vec![a, b, …]` of values that move (std::initializer_list would copy them).\n"
     "template <class T, class... A>\n"
     "std::vector<T> asyncc_vec(A&&... items) {\n"
     "  std::vector<T> v;\n"
     "  v.reserve(sizeof...(A));\n"
     "  (v.push_back(std::forward<A>(items)), ...);\n"
     "  return v;\n"
     "}\n"},
    {"vec_ops",
     "// `v.pop()` and `v.remove(i)` (which panics out of bounds, as Rust's does).\n"
     "template <class T>\n"
     "asyncc::Option<T> asyncc_pop(std::vector<T>& v) {\n"
     "  if (v.empty()) return asyncc::Option<T>::none();\n"
     "  T last = std::move(v.back());\n"
     "  v.pop_back();\n"
     "  return asyncc::Option<T>::some(std::move(last));\n"
     "}\n"
     "template <class T>\n"
     "T asyncc_remove(std::vector<T>& v, std::size_t i, const char* file, unsigned line, unsigned column) {\n"
     "  if (i >= v.size()) {\n"
     "    asyncc::panic_at(file, line, column, \"removal index (is \" + std::to_string(i) +\n"
     "                                             \") should be < len (is \" + std::to_string(v.size()) + \")\");\n"
     "  }\n"
     "  T out = std::move(v[i]);\n"
     "  v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));\n"
     "  return out;\n"
     "}\n"},
    {"fmt_spec",
     "// Format specs: `{:.N}` of an f64, `{:.N}` of a string, `{:+}`, and width/fill/alignment/`0`.\n"
     "inline std::string asyncc_fixed(double v, int precision) {\n"
     "  if (v != v) return \"NaN\";\n"
     "  if (v == std::numeric_limits<double>::infinity()) return \"inf\";\n"
     "  if (v == -std::numeric_limits<double>::infinity()) return \"-inf\";\n"
     "  std::string s(static_cast<std::size_t>(std::snprintf(nullptr, 0, \"%.*f\", precision, v)), '\\0');\n"
     "  std::snprintf(s.data(), s.size() + 1, \"%.*f\", precision, v);\n"
     "  return s;\n"
     "}\n"
     "inline std::size_t asyncc_chars(const std::string& s) {\n"
     "  std::size_t n = 0;\n"
     "  for (unsigned char c : s) n += (c & 0xC0) != 0x80;\n"
     "  return n;\n"
     "}\n"
     "inline std::string asyncc_truncate(std::string s, std::size_t chars) {\n"
     "  std::size_t n = 0;\n"
     "  for (std::size_t i = 0; i < s.size(); ++i) {\n"
     "    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == chars) {\n"
     "      s.resize(i);\n"
     "      break;\n"
     "    }\n"
     "  }\n"
     "  return s;\n"
     "}\n"
     "inline std::string asyncc_plus(std::string s) { return !s.empty() && s[0] != '-' ? \"+\" + s : s; }\n"
     "inline std::string asyncc_pad(std::string s, std::size_t width, char fill, char align, bool zero) {\n"
     "  const std::size_t len = asyncc_chars(s);\n"
     "  if (len >= width) return s;\n"
     "  const std::size_t pad = width - len;\n"
     "  if (zero) {\n"
     "    s.insert(!s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0, pad, '0');\n"
     "    return s;\n"
     "  }\n"
     "  if (align == '<') return s + std::string(pad, fill);\n"
     "  if (align == '>') return std::string(pad, fill) + s;\n"
     "  return std::string(pad / 2, fill) + s + std::string(pad - pad / 2, fill);\n"
     "}\n"},
    {"with_capacity",
     "// `Vec::with_capacity(n)`.\n"
     "template <class V>\n"
     "V asyncc_with_capacity(std::size_t n) {\n"
     "  V v;\n"
     "  v.reserve(n);\n"
     "  return v;\n"
     "}\n"},
};

}  // namespace

std::string HelperSet::definitions() const {
  std::string out;
  for (const HelperDef& d : helper_defs) {
    if (used_.count(d.name)) out += std::string(out.empty() ? "" : "\n") + d.text;
  }
  return out;
}

HelperSet& current_helpers() {
  static HelperSet fallback;
  return g_helpers ? *g_helpers : fallback;
}

void set_current_helpers(HelperSet* set) { g_helpers = set; }

std::string helpers_index(const std::string& base, const std::string& index, const std::string& loc) {
  return "asyncc::index(" + base + ", " + index + ", {" + loc + "})";
}

std::string helpers_vec_with_capacity(const std::string& vec_type, const std::string& n) {
  current_helpers().need("with_capacity");
  return "asyncc_with_capacity<" + vec_type + ">(" + n + ")";
}

std::string display_value(sema::TypeKind k, const std::string& value, std::uint8_t int_kind) {
  switch (k) {
    case sema::TypeKind::Int: {
      const auto ik = static_cast<sema::IntKind>(int_kind);
      if (sema::int_kind_bits(ik) < 32) return "std::to_string(static_cast<int>(" + value + "))";
      return "std::to_string(" + value + ")";
    }
    case sema::TypeKind::Bool: return "std::string((" + value + ") ? \"true\" : \"false\")";
    case sema::TypeKind::Char:
      current_helpers().need("char");
      return "asyncc_display_char(" + value + ")";
    case sema::TypeKind::F64: return "asyncc::fmt::to_display(" + value + ")";
    case sema::TypeKind::String: return value;
    case sema::TypeKind::Str: return "std::string(" + value + ")";
    default: return "asyncc::debug_fmt(" + value + ")";
  }
}

std::string helper_call(const std::string& helper, const std::string& call) {
  current_helpers().need(helper);
  return call;
}

std::string ops_call(std::string_view name, const std::string& targs, const std::string& args, const std::string& loc) {
  std::string s = "asyncc::ops::" + std::string(name);
  if (!targs.empty()) s += "<" + targs + ">";
  s += "(" + args;
  if (!loc.empty()) s += ", {" + loc + "}";
  return s + ")";
}

std::string cast_call(const std::string& to, const std::string& value) {
  return "asyncc::cast<" + to + ">(" + value + ")";
}

std::string print_call(bool to_stderr, const std::string& text) {
  current_helpers().need("print");
  return std::string("asyncc_print(") + (to_stderr ? "stderr" : "stdout") + ", " + text + ")";
}

std::string panic_call(const std::string& loc, const std::string& message) {
  return "asyncc::panic_at(" + loc + ", " + message + ")";
}

}  // namespace asyncc::emit
