// The generated code's calls for to_string(), panics, checked arithmetic and indexing (helpers.hpp).
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
     "// `v.pop()`, `v.remove(i)` and `v.insert(i, x)` (which panic out of bounds, as Rust's do).\n"
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
     "}\n"
     "template <class T, class U>\n"
     "void asyncc_insert(std::vector<T>& v, std::size_t i, U&& x, const char* file, unsigned line, unsigned column) {\n"
     "  if (i > v.size()) {\n"
     "    asyncc::panic_at(file, line, column, \"insertion index (is \" + std::to_string(i) +\n"
     "                                             \") should be <= len (is \" + std::to_string(v.size()) + \")\");\n"
     "  }\n"
     "  v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), std::forward<U>(x));\n"
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

std::string panic_call(const std::string& loc, const std::string& message) {
  return "asyncc::panic_at(" + loc + ", " + message + ")";
}

}  // namespace asyncc::emit
