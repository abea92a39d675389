// Items: names first (so items may refer to later items), then signatures, struct fields and
// impls; then every body is inferred.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>

#include "compiler/ast/deep_stack.hpp"
#include "compiler/sema/checker.hpp"
#include "compiler/sema/checks.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

Checker::Checker(const ast::File& file, diag::DiagSink& sink, const Options& options, Program& program)
    : file_(file), sink_(sink), options_(options), program_(program) {
  const std::uint32_t nodes = file.arena->node_count();
  program_.node_type.assign(nodes, 0);
  program_.node_res.assign(nodes, {});
  program_.captures.assign(nodes, {});
  node_types_.assign(nodes, 0);
}

// rustc reports name-resolution and loop errors before type errors: they are held in two
// lists and handed to the sink in that order when the file is done.
void Checker::emit(diag::Diagnostic d) {
  switch (d.kind) {
    case Kind::UnresolvedName: case Kind::DuplicateDefinition: case Kind::UndeclaredLabel: case Kind::ExpectedValue:
    case Kind::BreakOutsideLoop: case Kind::BreakWithValue: case Kind::AwaitOutsideAsync:
      last_list_ = &early_diags_;
      break;
    default:
      last_list_ = &late_diags_;
  }
  if (d.level == diag::Level::Error) ++error_count_;
  last_list_->push_back(std::move(d));
}

// Children added after emission (a note that only a caller knows about) go to the last one.
diag::Diagnostic& Checker::last_diagnostic() { return last_list_->back(); }

void Checker::flush_diagnostics() {
  for (diag::Diagnostic& d : early_diags_) sink_.emit(std::move(d));
  for (diag::Diagnostic& d : late_diags_) sink_.emit(std::move(d));
  early_diags_.clear();
  late_diags_.clear();
}

void Checker::run() {
  collect_items();
  resolve_signatures();
  check_main();
  check_consts();
  for (const FnSig& sig : program_.fns) {
    if (sig.item->body != nullptr) check_fn_body(sig);
  }
  for (std::size_t i = 0; i < node_types_.size(); ++i) {
    if (node_types_[i] != 0) program_.node_type[i] = zonk(node_types_[i]);
  }
  for (auto& [block, output] : async_blocks_) program_.async_blocks.emplace_back(block, zonk(output));
  for (auto& [expr, ret] : try_sites_) {
    const TypeId r = zonk(ret);
    program_.try_sites.emplace_back(expr, types().kind(r) == TypeKind::Result ? types().arg(r, 1) : r);
  }
  for (Local& local : program_.locals) local.type = zonk(local.type);
}

void Checker::report_duplicate(std::string_view name, source::Span first, source::Span again, const char* ns) {
  const std::string n(name);
  emit(Diagnostic::make(Kind::DuplicateDefinition, "the name `" + n + "` is defined multiple times")
           .primary(again, "`" + n + "` redefined here")
           .secondary(first, std::string("previous definition of the ") + (std::strcmp(ns, "type") == 0 ? "type" : "value") +
                                 " `" + n + "` here")
           .note("`" + n + "` must be defined only once in the " + ns + " namespace of this module"));
}

namespace {

std::uint8_t derives_of(const ast::Item* item) {
  std::uint8_t bits = 0;
  for (const ast::Attribute& attr : item->attrs) {
    if (attr.name != "derive") continue;
    for (const ast::AttrArg& arg : attr.args) {
      if (arg.name == "Debug") bits |= static_cast<std::uint8_t>(Derive::Debug);
      if (arg.name == "Clone") bits |= static_cast<std::uint8_t>(Derive::Clone);
      if (arg.name == "Copy") bits |= static_cast<std::uint8_t>(Derive::Copy);
      if (arg.name == "PartialEq") bits |= static_cast<std::uint8_t>(Derive::PartialEq);
    }
  }
  return bits;
}

}  // namespace

void Checker::collect_items() {
  auto add = [&](std::unordered_map<std::string_view, ItemName>& ns, const char* ns_name, const ast::Item* item,
                 Resolution res) {
    auto [it, inserted] = ns.emplace(item->name, ItemName{res, item->name_span});
    if (!inserted) report_duplicate(item->name, it->second.span, item->name_span, ns_name);
  };
  // A struct or enum: its AdtInfo (fields come with the signatures) and its type name.
  auto add_adt = [&](const ast::Item* item, const ast::StructItem* s, const ast::EnumItem* e) {
    const auto index = static_cast<std::uint32_t>(program_.adts.size());
    AdtInfo info;
    info.struct_item = s;
    info.enum_item = e;
    info.name = item->name;
    info.type = types().adt(item);
    info.derives = derives_of(item);
    program_.adt_by_origin.emplace(item, index);
    program_.adts.push_back(info);
    add(type_items_, "type", item, {ResKind::Struct, index, 0});
    return index;
  };
  for (const ast::Item* item : file_.items) {
    if (const auto* s = ast::dyn_cast<ast::StructItem>(item)) {
      const std::uint32_t index = add_adt(item, s, nullptr);
      if (s->shape != ast::StructShape::Named) add(value_items_, "value", item, {ResKind::Struct, index, 0});
    } else if (const auto* e = ast::dyn_cast<ast::EnumItem>(item)) {
      add_adt(item, nullptr, e);
    } else if (const auto* f = ast::dyn_cast<ast::FnItem>(item)) {
      add(value_items_, "value", item, {ResKind::Fn, static_cast<std::uint32_t>(program_.fns.size()), 0});
      FnSig sig;
      sig.item = f;
      sig.name = f->name;
      program_.fns.push_back(sig);
    } else if (const auto* c = ast::dyn_cast<ast::ConstItem>(item)) {
      add(value_items_, "value", item, {ResKind::Const, static_cast<std::uint32_t>(program_.consts.size()), 0});
      program_.consts.push_back({c, 0});
    } else if (const auto* x = ast::dyn_cast<ast::ExternBlockItem>(item)) {
      for (const ast::Item* member : x->members) {
        const auto* fn = ast::dyn_cast<ast::FnItem>(member);
        if (fn == nullptr) continue;
        add(value_items_, "value", member, {ResKind::Fn, static_cast<std::uint32_t>(program_.fns.size()), 0});
        FnSig sig;
        sig.item = fn;
        sig.name = fn->name;
        sig.extern_block = x;
        program_.fns.push_back(sig);
      }
    }
  }
}

std::uint32_t Checker::adt_index(TypeId adt_type) {
  auto it = program_.adt_by_origin.find(types().data(adt_type).origin);
  return it == program_.adt_by_origin.end() ? 0 : it->second;
}

void Checker::resolve_signatures() {
  auto fields = [&](const ast::List<ast::FieldDecl>& decls, AdtInfo::VariantInfo& v) {
    for (const ast::FieldDecl& f : decls) {
      v.field_names.push_back(f.name);
      v.field_types.push_back(lower_type(f.type, 0));
    }
  };
  for (AdtInfo& adt : program_.adts) {
    if (adt.struct_item != nullptr) {
      AdtInfo::VariantInfo v{adt.name, adt.struct_item->shape, {}, {}};
      fields(adt.struct_item->fields, v);
      adt.variants.push_back(std::move(v));
    } else {
      for (const ast::Variant& variant : adt.enum_item->variants) {
        AdtInfo::VariantInfo v{variant.name, variant.shape, {}, {}};
        fields(variant.fields, v);
        adt.variants.push_back(std::move(v));
      }
    }
  }
  auto signature = [&](FnSig& sig, TypeId self_type) {
    for (const ast::Param& p : sig.item->params) {
      if (p.self_kind != ast::SelfKind::None) {
        sig.self_kind = p.self_kind;
        continue;
      }
      sig.params.push_back(lower_type(p.type, self_type));
    }
    sig.ret = sig.item->ret != nullptr ? lower_type(sig.item->ret, self_type) : types().unit;
    sig.is_async = sig.item->is_async;
    if (sig.is_async) sig.future = types().future(FutureKind::AsyncFn, sig.item, {sig.ret});
  };
  for (FnSig& sig : program_.fns) signature(sig, 0);

  // Impl blocks: methods, associated functions and `impl From<A> for B`.
  for (const ast::Item* item : file_.items) {
    const auto* impl = ast::dyn_cast<ast::ImplItem>(item);
    if (impl == nullptr) continue;
    const TypeId self_type = lower_type(impl->self_type, 0);
    const bool is_adt = types().kind(self_type) == TypeKind::Adt;
    if (!is_adt && self_type != types().error) {
      emit(Diagnostic::make(Kind::InherentImplOnForeignType,
                            "cannot define inherent `impl` for a type outside of the crate where the type is defined")
               .primary(impl->self_type->span, "impl for type defined outside of crate"));
      continue;
    }
    TypeId from_type = 0;
    if (impl->trait_path != nullptr) {
      const ast::PathSegment& seg = impl->trait_path->segments[impl->trait_path->segments.size() - 1];
      if (seg.name != "From" || seg.args.size() != 1) {
        emit(Diagnostic::make(Kind::UnsupportedFeature, "traits other than `From` are not supported in ADSL")
                 .primary(impl->trait_path->span, "only `impl From<T> for Type` is supported"));
        continue;
      }
      from_type = lower_type(seg.args[0].type, self_type);
    }
    auto& table = methods_[types().data(self_type).origin];
    for (const ast::Item* member : impl->members) {
      const auto* fn = ast::dyn_cast<ast::FnItem>(member);
      if (fn == nullptr) continue;
      FnSig sig;
      sig.item = fn;
      sig.name = fn->name;
      sig.impl = impl;
      sig.self_type = self_type;
      signature(sig, self_type);
      const auto index = static_cast<std::uint32_t>(program_.fns.size());
      if (from_type != 0) {
        if (fn->name == "from") program_.from_impls.push_back({from_type, self_type, index});
      } else {
        auto [it, inserted] = table.emplace(fn->name, index);
        if (!inserted) {
          const FnSig& first = program_.fns[it->second];
          const std::string n(fn->name);
          emit(Diagnostic::make(Kind::DuplicateDefinition, "duplicate definitions with name `" + n + "`")
                   .primary(fn->name_span, "duplicate definition")
                   .secondary(first.item->name_span, "previous definition of `" + n + "` here"));
        }
      }
      program_.fns.push_back(std::move(sig));
    }
  }
  for (ConstInfo& c : program_.consts) c.type = lower_type(c.item->type, 0);
  check_recursive_types();
  check_stored_references();
}

// `const NAME: T = e;` where e is a literal, a negated literal or a string literal (LANGUAGE.md §3).
void Checker::check_consts() {
  for (const ConstInfo& c : program_.consts) {
    const ast::Expr* value = c.item->value;
    const ast::Expr* lit = value;
    if (const auto* neg = ast::dyn_cast<ast::UnaryExpr>(lit); neg != nullptr && neg->op == ast::UnaryOp::Neg) lit = neg->operand;
    const ast::NodeKind k = lit->kind;
    if (k != ast::NodeKind::IntLitExpr && k != ast::NodeKind::FloatLitExpr && k != ast::NodeKind::StrLitExpr &&
        k != ast::NodeKind::CharLitExpr && k != ast::NodeKind::BoolLitExpr) {
      emit(Diagnostic::make(Kind::UnsupportedFeature, "`const` values must be literals in ADSL")
               .primary(value->span, "not a literal")
               .help("compute the value in a function instead"));
      continue;
    }
    BodyCtx ctx;
    ctx.node = c.item;
    ctx.ret = c.type;
    bodies_.push_back(std::move(ctx));
    body_var_start_ = static_cast<std::uint32_t>(var_binding_.size());
    body_local_start_ = static_cast<LocalId>(program_.locals.size());
    body_errors_start_ = error_count_;
    Expect why;
    why.due_to = c.item->type->span;
    why.label = "expected due to this";
    check_coerce(value, c.type, why);
    finish_body(bodies_.back());
    bodies_.pop_back();
  }
}

// References exist only as parameter modes (LANGUAGE.md §2): a return type or a field that
// holds one is rustc's E0106, with an owned type as the fix.
void Checker::check_stored_references() {
  auto check = [&](const ast::Type* type, bool is_return) {
    const auto* ref = ast::dyn_cast<ast::RefType>(type);
    if (ref == nullptr) return;
    const std::string inner(sink_.file().text(ref->inner->span));
    Diagnostic d = Diagnostic::make(Kind::MissingLifetime, "missing lifetime specifier")
                       .primary({type->span.begin, type->span.begin + 1}, "expected named lifetime parameter");
    if (is_return) {
      d.help("this function's return type contains a borrowed value, but there is no value for it to be borrowed from");
    }
    d.suggest(is_return ? "ADSL has no lifetimes: return an owned value" : "ADSL has no lifetimes: store an owned value",
              type->span, inner == "str" ? "String" : inner, diag::Applicability::MaybeIncorrect);
    emit(std::move(d));
  };
  for (const FnSig& sig : program_.fns) check(sig.item->ret, true);
  for (const AdtInfo& adt : program_.adts) {
    if (adt.struct_item != nullptr) {
      for (const ast::FieldDecl& f : adt.struct_item->fields) check(f.type, false);
    } else {
      for (const ast::Variant& v : adt.enum_item->variants) {
        for (const ast::FieldDecl& f : v.fields) check(f.type, false);
      }
    }
  }
}

// A struct or enum that contains itself by value (directly, or through tuples, Option, Result,
// Either) would have infinite size: rustc's E0072. `Vec` is the indirection ADSL has.
void Checker::check_recursive_types() {
  std::vector<std::uint8_t> state(program_.adts.size(), 0);  // 0 new, 1 on the path, 2 done
  std::function<bool(TypeId, std::uint32_t)> contains = [&](TypeId t, std::uint32_t target) -> bool {
    const TypeKind k = types().kind(t);
    if (k == TypeKind::Adt) {
      const std::uint32_t i = adt_index(t);
      if (i == target) return true;
      if (state[i] != 0) return false;
      state[i] = 1;
      for (const auto& v : program_.adts[i].variants) {
        for (TypeId f : v.field_types) {
          if (contains(f, target)) return true;
        }
      }
      return false;
    }
    if (k == TypeKind::Tuple || k == TypeKind::Option || k == TypeKind::Result || k == TypeKind::Either) {
      for (std::uint32_t a = 0; a < types().arg_count(t); ++a) {
        if (contains(types().arg(t, a), target)) return true;
      }
    }
    return false;
  };
  for (std::uint32_t i = 0; i < program_.adts.size(); ++i) {
    AdtInfo& adt = program_.adts[i];
    std::fill(state.begin(), state.end(), 0);
    state[i] = 1;
    const ast::Item* item = adt.struct_item != nullptr ? static_cast<const ast::Item*>(adt.struct_item) : adt.enum_item;
    for (std::size_t v = 0; v < adt.variants.size(); ++v) {
      for (std::size_t f = 0; f < adt.variants[v].field_types.size(); ++f) {
        if (!contains(adt.variants[v].field_types[f], i)) continue;
        const ast::FieldDecl& decl = adt.struct_item != nullptr ? adt.struct_item->fields[static_cast<std::uint32_t>(f)]
                                                                : adt.enum_item->variants[static_cast<std::uint32_t>(v)].fields[static_cast<std::uint32_t>(f)];
        const std::string n(adt.name);
        // rustc underlines `struct A`: from the keyword (attributes excluded) to the name.
        const std::string_view text = sink_.file().text();
        std::uint32_t begin = item->name_span.begin;
        while (begin > item->span.begin && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
        while (begin > item->span.begin && std::isalpha(static_cast<unsigned char>(text[begin - 1])) != 0) --begin;
        emit(Diagnostic::make(Kind::RecursiveType, "recursive type `" + n + "` has infinite size")
                 .primary({begin, item->name_span.end})
                 .secondary(decl.type->span, "recursive without indirection")
                 .suggest("insert some indirection (e.g., a `Vec`) to break the cycle", decl.type->span,
                          "Vec<" + std::string(sink_.file().text(decl.type->span)) + ">", diag::Applicability::MaybeIncorrect));
        // Strip the fields so later phases never recurse through the cycle.
        for (auto& variant : adt.variants) std::fill(variant.field_types.begin(), variant.field_types.end(), types().error);
        v = adt.variants.size();
        break;
      }
    }
  }
}

namespace {

struct BuiltinType {
  const char* name;
  TypeKind kind;
  int arity;
};

constexpr BuiltinType builtin_generics[] = {
    {"Vec", TypeKind::Vec, 1},           {"Option", TypeKind::Option, 1},    {"Result", TypeKind::Result, 2},
    {"Either", TypeKind::Either, 2},     {"JoinHandle", TypeKind::JoinHandle, 1},
    {"Sender", TypeKind::Sender, 1},     {"Receiver", TypeKind::Receiver, 1},
};

std::string plural_args(std::size_t n) { return std::to_string(n) + (n == 1 ? " generic argument" : " generic arguments"); }

}  // namespace

TypeId Checker::lower_type(const ast::Type* type, TypeId self_type) {
  if (type == nullptr) return types().unit;
  switch (type->kind) {
    case ast::NodeKind::PathType:
      return lower_path_type(static_cast<const ast::PathType*>(type), self_type);
    case ast::NodeKind::TupleType: {
      std::vector<TypeId> elems;
      for (const ast::Type* t : static_cast<const ast::TupleType*>(type)->elems) elems.push_back(lower_type(t, self_type));
      return types().tuple(elems);
    }
    case ast::NodeKind::RefType: {
      const auto* r = static_cast<const ast::RefType*>(type);
      const TypeId inner = lower_type(r->inner, self_type);
      if (inner == types().str && !r->is_mut) return types().str;
      return types().ref(inner, r->is_mut);
    }
    case ast::NodeKind::ImplTraitType: {
      const auto* t = static_cast<const ast::ImplTraitType*>(type);
      const ast::PathSegment& seg = t->bound.segments[t->bound.segments.size() - 1];
      if (seg.name != "Future") {
        emit(Diagnostic::make(Kind::UnsupportedFeature, "`impl " + std::string(seg.name) + "` is not supported in ADSL")
                 .primary(type->span, "only `impl Future<Output = T>` is supported"));
        return types().error;
      }
      TypeId output = types().unit;
      for (const ast::GenericArg& arg : seg.args) {
        if (arg.name == "Output") output = lower_type(arg.type, self_type);
      }
      return types().future(FutureKind::ImplTrait, type, {output});
    }
    case ast::NodeKind::InferType:
      return bodies_.empty() ? types().error : fresh_var();
    default:
      return types().error;
  }
}

TypeId Checker::lower_path_type(const ast::PathType* type, TypeId self_type) {
  const ast::Path& path = type->path;
  const ast::PathSegment& seg = path.segments[path.segments.size() - 1];
  const std::string_view n = seg.name;
  auto no_args = [&](TypeId t) {
    if (seg.has_args && !seg.args.empty()) {
      emit(Diagnostic::make(Kind::WrongGenericCount, "type `" + std::string(n) + "` takes 0 generic arguments but " +
                                                         plural_args(seg.args.size()) + " were supplied")
               .primary(seg.span, "expected 0 generic arguments"));
    }
    return t;
  };
  if (path.segments.size() == 1) {
    static const std::pair<const char*, IntKind> ints[] = {
        {"i8", IntKind::I8}, {"i16", IntKind::I16}, {"i32", IntKind::I32}, {"i64", IntKind::I64},
        {"isize", IntKind::Isize}, {"u8", IntKind::U8}, {"u16", IntKind::U16}, {"u32", IntKind::U32},
        {"u64", IntKind::U64}, {"usize", IntKind::Usize}};
    for (const auto& [name, k] : ints) {
      if (n == name) return no_args(types().int_type(k));
    }
    if (n == "bool") return no_args(types().boolean);
    if (n == "char") return no_args(types().character);
    if (n == "f64") return no_args(types().f64);
    if (n == "str") return no_args(types().str);
    if (n == "String") return no_args(types().string);
    if (n == "Self" && self_type != 0) return no_args(self_type);
    for (int k = 0; k <= static_cast<int>(OpaqueKind::ParseFloatError); ++k) {
      if (n == opaque_kind_name(static_cast<OpaqueKind>(k))) return no_args(types().opaque(static_cast<OpaqueKind>(k)));
    }
    for (const BuiltinType& b : builtin_generics) {
      if (n != b.name) continue;
      const char* what = (b.kind == TypeKind::Option || b.kind == TypeKind::Result || b.kind == TypeKind::Either)
                             ? "enum"
                             : "struct";
      if (!seg.has_args || seg.args.empty()) {
        std::string placeholder = b.arity == 1 ? "<T>" : "<T, E>";
        emit(Diagnostic::make(Kind::WrongGenericCount, "missing generics for " + std::string(what) + " `" + std::string(n) + "`")
                 .primary(seg.span, "expected " + plural_args(b.arity))
                 .suggest(b.arity == 1 ? "add missing generic argument" : "add missing generic arguments",
                          {seg.span.end, seg.span.end}, placeholder, diag::Applicability::HasPlaceholders));
        return types().error;
      }
      if (static_cast<int>(seg.args.size()) != b.arity) {
        emit(Diagnostic::make(Kind::WrongGenericCount, std::string(what) + " takes " + plural_args(b.arity) + " but " +
                                                           plural_args(seg.args.size()) + (seg.args.size() == 1 ? " was" : " were") +
                                                           " supplied")
                 .primary(seg.span, "expected " + plural_args(b.arity)));
        return types().error;
      }
      std::vector<TypeId> args;
      for (const ast::GenericArg& a : seg.args) args.push_back(lower_type(a.type, self_type));
      return types().intern(b.kind, 0, nullptr, args.data(), static_cast<std::uint32_t>(args.size()));
    }
    auto it = type_items_.find(n);
    if (it != type_items_.end()) return no_args(program_.adts[it->second.res.index].type);
  }
  if (report_std_outside_v1(seg)) return types().error;
  emit(Diagnostic::make(Kind::UnresolvedName, "cannot find type `" + std::string(n) + "` in this scope")
           .primary(seg.span, "not found in this scope"));
  return types().error;
}

void Checker::check_main() {
  auto it = value_items_.find("main");
  if (it == value_items_.end() || it->second.res.kind != ResKind::Fn) return;
  const FnSig& sig = program_.fns[it->second.res.index];
  program_.main = &sig;
  const bool ret_ok = sig.ret == types().unit ||
                      (types().kind(sig.ret) == TypeKind::Result && types().arg(sig.ret, 0) == types().unit);
  for (const ast::Attribute& attr : sig.item->attrs) {
    if (attr.name == "main" && !sig.is_async) {
      emit(Diagnostic::make(Kind::MainWrongType, "`#[main(worker_threads = N)]` needs an `async fn main`")
               .primary(attr.span, "this attribute selects the executor of an async `main`")
               .help("make `main` an `async fn`, or remove the attribute"));
    }
  }
  if (!sig.params.empty() || !ret_ok) {
    emit(Diagnostic::make(Kind::MainWrongType, "`main` function has wrong type")
             .primary(sig.item->name_span, sig.params.empty() ? "`main` can only return `()` or `Result<(), E>`"
                                                              : "`main` takes no parameters")
             .note("expected `fn main()` or `fn main() -> Result<(), E>`, also as `async fn`"));
  }
}

std::unique_ptr<Program> analyze(const ast::File& file, diag::DiagSink& sink, const Options& options) {
  auto program = std::make_unique<Program>();
  Checker checker(file, sink, options, *program);
  const std::size_t errors = sink.error_count();
  ast::run_with_deep_stack([&] { checker.run(); });
  checker.flush_diagnostics();
  // The flow checks and lints read a complete Program: only after a clean inference.
  if (sink.error_count() == errors) ast::run_with_deep_stack([&] { run_checks(file, *program, sink); });
  return program;
}

}  // namespace asyncc::sema
