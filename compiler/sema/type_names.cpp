// Types as rustc prints them, and the Copy rule (LANGUAGE.md §2).
#include "compiler/sema/sema.hpp"

namespace asyncc::sema {

std::string Program::type_name(TypeId t) const {
  const TypeData& d = types.data(t);
  auto list = [&](std::uint32_t from) {
    std::string s;
    for (std::uint32_t i = from; i < d.arg_count; ++i) s += (i == from ? "" : ", ") + type_name(types.arg(t, i));
    return s;
  };
  auto generic = [&](const char* n) { return std::string(n) + "<" + list(0) + ">"; };
  switch (d.kind) {
    case TypeKind::Error: return "{type error}";
    case TypeKind::Never: return "!";
    case TypeKind::Bool: return "bool";
    case TypeKind::Char: return "char";
    case TypeKind::Int: return int_kind_name(static_cast<IntKind>(d.extra));
    case TypeKind::F64: return "f64";
    case TypeKind::Str: return "&str";
    case TypeKind::String: return "String";
    case TypeKind::Tuple:
      return d.arg_count == 1 ? "(" + list(0) + ",)" : "(" + list(0) + ")";
    case TypeKind::Vec: return generic("Vec");
    case TypeKind::Option: return generic("Option");
    case TypeKind::Result: return generic("Result");
    case TypeKind::Either: return generic("Either");
    case TypeKind::JoinHandle: return generic("JoinHandle");
    case TypeKind::Sender: return generic("Sender");
    case TypeKind::Receiver: return generic("Receiver");
    case TypeKind::Opaque: return opaque_kind_name(static_cast<OpaqueKind>(d.extra));
    case TypeKind::Adt:
      return std::string(adt_of(t).name);
    case TypeKind::Ref:
      return std::string(d.extra != 0 ? "&mut " : "&") + type_name(types.arg(t, 0));
    case TypeKind::Future:
      return "impl Future<Output = " + type_name(types.arg(t, 0)) + ">";
    case TypeKind::FnDef: return "fn item";
    case TypeKind::Var: return "_";
    case TypeKind::IntVar: return "{integer}";
    case TypeKind::FloatVar: return "{float}";
  }
  return "?";
}

bool Program::is_copy(TypeId t) const {
  const TypeData& d = types.data(t);
  switch (d.kind) {
    case TypeKind::Bool: case TypeKind::Char: case TypeKind::Int: case TypeKind::F64: case TypeKind::Str:
    case TypeKind::Never: case TypeKind::Error: case TypeKind::IntVar: case TypeKind::FloatVar: case TypeKind::FnDef:
      return true;
    case TypeKind::Ref:
      return d.extra == 0;
    case TypeKind::Tuple:
    case TypeKind::Option:  // as in Rust: Copy when what they hold is
    case TypeKind::Result:
    case TypeKind::Either:
      for (std::uint32_t i = 0; i < d.arg_count; ++i) {
        if (!is_copy(types.arg(t, i))) return false;
      }
      return true;
    case TypeKind::Adt: {
      const AdtInfo& adt = adt_of(t);
      if (!adt.has(Derive::Copy)) return false;
      for (const auto& v : adt.variants) {
        for (TypeId f : v.field_types) {
          if (!is_copy(f)) return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace asyncc::sema
