// User structs and enums as C++ types. A struct is a C++ struct with the same fields (tuple
// fields are f0, f1, …); an enum is a struct holding `std::variant` of one nested struct per
// variant. `#[derive(Debug)]` prints as Rust's derive does; `#[derive(PartialEq)]` gives ==/!=.
#include <functional>
#include <set>

#include "compiler/emit/cpp_emitter.hpp"

namespace asyncc::emit {

namespace {

std::string field_name(const sema::AdtInfo::VariantInfo& v, std::size_t i) {
  return v.field_names[i].empty() ? "f" + std::to_string(i) : std::string(v.field_names[i]);
}

// `f.debug_struct("P").field("x", v.x).finish()` and the like: Rust's derived Debug of one
// struct or variant, through the runtime's builders (compact and `{:#?}`), `v` its value.
std::string debug_statement(const sema::AdtInfo::VariantInfo& v) {
  const std::string name(v.name);
  if (v.field_types.empty()) return "f.write_str(\"" + name + "\");";
  const bool named = v.shape == ast::StructShape::Named;
  std::string s = named ? "f.debug_struct(\"" + name + "\")" : "f.debug_tuple(\"" + name + "\")";
  for (std::size_t i = 0; i < v.field_types.size(); ++i) {
    s += named ? ".field(\"" + std::string(v.field_names[i]) + "\", v." + field_name(v, i) + ")" : ".field(v." + field_name(v, i) + ")";
  }
  return s + ".finish();";
}

// `#[derive(Debug)]`: the `fmt_debug` that asyncc/fmt.hpp finds by argument-dependent lookup;
// a struct has one variant (its fields), an enum's alternatives are in the order of its variants.
std::string debug_fn(const std::string& type, const std::vector<sema::AdtInfo::VariantInfo>& variants, bool is_enum) {
  std::string s = "inline void fmt_debug(asyncc::fmt::Formatter& f, const " + type + "& ";
  if (!is_enum) {
    s += (variants[0].field_types.empty() ? "" : "v") + std::string(") {\n  ") + debug_statement(variants[0]) + "\n}\n";
    return s;
  }
  s += "e) {\n  switch (e.v.index()) {\n";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto& var = variants[i];
    if (var.field_types.empty()) {
      s += "    case " + std::to_string(i) + ": " + debug_statement(var) + " break;\n";
      continue;
    }
    s += "    case " + std::to_string(i) + ": {\n      const auto& v = std::get<" + std::to_string(i) + ">(e.v);\n      " +
         debug_statement(var) + "\n      break;\n    }\n";
  }
  return s + "    default: break;\n  }\n}\n";
}

}  // namespace

std::string CppEmitter::variant_field(const sema::AdtInfo& adt, std::uint32_t variant, std::size_t i) const {
  return field_name(adt.variants[variant], i);
}

std::string CppEmitter::adt_value(const sema::Resolution& r, const std::string& fields) const {
  const sema::AdtInfo& adt = p_.adts[r.index];
  const std::string name(adt.name);
  if (r.kind == sema::ResKind::Variant) {
    return name + "{" + name + "::" + std::string(adt.variants[r.sub].name) + "{" + fields + "}}";
  }
  return name + "{" + fields + "}";
}

std::string CppEmitter::adt_payload(const sema::Resolution& r, const std::string& place) const {
  if (r.kind == sema::ResKind::Variant) return "std::get<" + std::to_string(r.sub) + ">(" + place + ".v)";
  return place;
}

std::string CppEmitter::method_decls(sema::TypeId t) const {
  std::string s;
  for (const lower::Body& b : ir_.bodies) {
    if (b.kind != lower::BodyKind::AsyncBlock && b.sig && b.sig->impl && b.sig->self_type == t) {
      s += "  static " + fn_signature(b, false) + ";\n";
    }
  }
  return s;
}

void CppEmitter::adt_defs() {
  // Each type after the types its fields contain by value.
  std::vector<int> mark(p_.adts.size(), 0);
  std::vector<std::size_t> order;
  std::function<void(sema::TypeId)> deps;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (mark[i]) return;
    mark[i] = 1;
    for (const auto& v : p_.adts[i].variants) {
      for (sema::TypeId t : v.field_types) deps(t);
    }
    order.push_back(i);
  };
  deps = [&](sema::TypeId t) {
    const sema::TypeData& d = p_.types.data(t);
    if (d.kind == sema::TypeKind::Adt) {
      for (std::size_t j = 0; j < p_.adts.size(); ++j) {
        if (p_.adts[j].type == t) visit(j);
      }
      return;
    }
    if (d.kind == sema::TypeKind::Vec) return;  // std::vector allows incomplete elements
    for (std::uint32_t k = 0; k < d.arg_count; ++k) deps(p_.types.arg(t, k));
  };
  for (std::size_t i = 0; i < p_.adts.size(); ++i) visit(i);

  std::string& o = out_;
  for (std::size_t i : order) {
    const sema::AdtInfo& adt = p_.adts[i];
    const std::string name(adt.name);
    const bool is_enum = adt.enum_item != nullptr;
    auto fields = [&](const sema::AdtInfo::VariantInfo& v, const std::string& pad) {
      std::string s;
      for (std::size_t f = 0; f < v.field_types.size(); ++f) {
        s += pad + type(v.field_types[f]) + " " + field_name(v, f) + ";\n";
      }
      return s;
    };
    auto equality = [&](const sema::AdtInfo::VariantInfo& v, const std::string& cls, const std::string& pad) {
      if (v.field_types.empty()) {
        return pad + "friend bool operator==(const " + cls + "&, const " + cls + "&) { return true; }\n" + pad +
               "friend bool operator!=(const " + cls + "&, const " + cls + "&) { return false; }\n";
      }
      std::string s = pad + "friend bool operator==(const " + cls + "& a, const " + cls + "& b) {\n" + pad + "  return true";
      for (std::size_t f = 0; f < v.field_types.size(); ++f) {
        const std::string fn = field_name(v, f);
        s += " && a." + fn + " == b." + fn;
      }
      s += ";\n" + pad + "}\n";
      s += pad + "friend bool operator!=(const " + cls + "& a, const " + cls + "& b) { return !(a == b); }\n";
      return s;
    };
    const bool eq = adt.has(sema::Derive::PartialEq);
    if (!is_enum) {
      o += "struct " + name + " {\n" + fields(adt.variants[0], "  ");
      if (eq) o += equality(adt.variants[0], name, "  ");
      o += method_decls(adt.type);
      o += "};\n";
      if (adt.has(sema::Derive::Debug)) o += debug_fn(name, adt.variants, false);
      o += "\n";
      continue;
    }
    o += "struct " + name + " {\n";
    std::string alternatives;
    for (std::size_t v = 0; v < adt.variants.size(); ++v) {
      const auto& var = adt.variants[v];
      const std::string vn(var.name);
      o += "  struct " + vn + " {\n" + fields(var, "    ");
      if (eq) o += equality(var, vn, "    ");
      o += "  };\n";
      alternatives += (v ? ", " : "") + vn;
    }
    o += "  std::variant<" + alternatives + "> v;\n";
    o += method_decls(adt.type);
    if (eq) {
      o += "  friend bool operator==(const " + name + "& a, const " + name + "& b) { return a.v == b.v; }\n";
      o += "  friend bool operator!=(const " + name + "& a, const " + name + "& b) { return !(a == b); }\n";
    }
    o += "};\n";
    if (adt.has(sema::Derive::Debug)) o += debug_fn(name, adt.variants, true);
    o += "\n";
  }
}

}  // namespace asyncc::emit
