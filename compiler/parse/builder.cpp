// Parse tree → AST: helpers and items. See builder.hpp.
#include "compiler/parse/builder.hpp"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "compiler/parse/builder_util.hpp"
#include "compiler/parse/lexer.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/token_stream.hpp"

namespace asyncc::parse {

using namespace builder_util;

// ------------------------------------------------------------------------------ helpers

source::Span Builder::span(ParserRuleContext* ctx) const {
  auto* start = static_cast<LiteToken*>(ctx->getStart());
  auto* stop = static_cast<LiteToken*>(ctx->getStop());
  if (!start) return {};
  if (!stop || stop->getTokenIndex() < start->getTokenIndex() || stop->getType() == antlr4::Token::EOF) {
    if (stop && stop->getType() != antlr4::Token::EOF && stop->getTokenIndex() >= start->getTokenIndex()) {
      return {start->begin_, stop->end_};
    }
    return {start->begin_, start->begin_};
  }
  return {start->begin_, stop->end_};
}

source::Span Builder::span(TerminalNode* node) { return static_cast<LiteToken*>(node->getSymbol())->span(); }
source::Span Builder::span(antlr4::Token* token) { return static_cast<LiteToken*>(token)->span(); }

void Builder::unsupported(const std::string& feature, source::Span span, const std::string& note) {
  auto d = diag::Diagnostic::make(diag::Kind::UnsupportedFeature, feature + " not supported in ADSL");
  d.primary(span);
  if (!note.empty()) d.note(note);
  sink_.emit(std::move(d));
}

void Builder::error(diag::Kind kind, const std::string& message, source::Span span, const std::string& label) {
  sink_.emit(diag::Diagnostic::make(kind, message).primary(span, label));
}

ast::Expr* Builder::placeholder(source::Span span) {
  return ast::new_node<ast::TupleExpr>(arena_, span);
}

bool Builder::enter_depth(std::size_t amount, source::Span span) {
  ast_depth_ += amount;
  if (ast_depth_ <= max_ast_depth) return true;
  if (!too_deep_reported_) {
    too_deep_reported_ = true;
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "expressions may nest at most %u levels deep, counting chained operators and calls",
                  max_ast_depth);
    sink_.emit(diag::Diagnostic::make(diag::Kind::NestedTooDeeply, "expression nested too deeply")
                   .primary(span, "the nesting limit is reached here")
                   .note(buffer));
  }
  return false;
}

// ------------------------------------------------------------------------------ items

void Builder::build_file(P::FileContext* ctx, std::vector<ast::Item*>& out) {
  for (P::TopItemContext* top : ctx->topItem()) {
    if (P::MacroItemContext* macro = top->macroItem()) {
      const std::string name(text(span(macro->Ident(0))));
      if (name == "macro_rules") {
        unsupported("macro definitions are", span(macro));
      } else {
        unsupported("macro invocations outside functions are", span(macro));
      }
      continue;
    }
    too_deep_reported_ = false;
    ast_depth_ = 0;
    const std::size_t errors = sink_.error_count();
    ast::Item* it = item(top->item());
    if (it && sink_.error_count() == errors) out.push_back(it);
  }
}

bool Builder::visibility(P::VisibilityContext* ctx) {
  if (!ctx) return false;
  if (ctx->LParen()) unsupported("visibility restrictions like `pub(crate)` are", span(ctx));
  return true;
}

ast::List<ast::Attribute> Builder::attributes(const std::vector<P::OuterAttrContext*>& attrs) {
  std::vector<ast::Attribute> out;
  for (P::OuterAttrContext* attr : attrs) {
    const source::Span attr_span = span(attr);
    if (attr->Not()) {
      unsupported("inner attributes (`#![…]`) are", attr_span);
      continue;
    }
    P::AttrPathContext* path = attr->attrPath();
    const source::Span name_span = span(path);
    const std::string_view name = text(name_span);
    static constexpr std::string_view known[] = {"derive", "main", "allow", "warn", "deny", "doc", "inline", "must_use"};
    bool is_known = false;
    for (std::string_view k : known) is_known |= k == name;
    if (!is_known) {
      error(diag::Kind::UnknownAttribute, "the `#[" + std::string(name) + "]` attribute is not supported in ADSL",
            name_span);
      continue;
    }
    std::vector<ast::AttrArg> args;
    if (P::AttrInputContext* input = attr->attrInput()) {
      for (P::AttrArgContext* arg : input->attrArg()) {
        ast::AttrArg a{};
        a.span = span(arg);
        if (TerminalNode* ident = arg->Ident()) a.name = text(span(ident));
        if (P::LiteralContext* lit = arg->literal()) a.value = literal(lit->getStart());
        args.push_back(a);
      }
      if (P::LiteralContext* lit = input->literal()) {
        ast::AttrArg a{};
        a.span = span(lit);
        a.value = literal(lit->getStart());
        args.push_back(a);
      }
    }
    out.push_back({name, list(arena_, args), attr_span});
  }
  return list(arena_, out);
}

void Builder::generic_params(P::GenericParamsContext* ctx) {
  if (!ctx) return;
  bool only_lifetimes = !ctx->genericParam().empty();
  for (P::GenericParamContext* param : ctx->genericParam()) only_lifetimes &= param->Lifetime() != nullptr;
  if (only_lifetimes) {
    unsupported("lifetimes are", span(ctx));
  } else {
    unsupported("generics are", span(ctx), "ADSL has no user-defined generic items in v1");
  }
}

void Builder::where_clause(P::WhereClauseContext* ctx) {
  if (ctx) unsupported("`where` clauses are", span(ctx));
}

ast::Item* Builder::item(P::ItemContext* ctx) {
  const ast::List<ast::Attribute> attrs = attributes(ctx->outerAttr());
  const bool is_pub = visibility(ctx->visibility());
  P::ItemKindContext* kind = ctx->itemKind();
  ast::Item* result = nullptr;
  if (auto* f = kind->fnItem()) {
    result = fn_item(f);
  } else if (auto* s = kind->structItem()) {
    result = struct_item(s);
  } else if (auto* e = kind->enumItem()) {
    result = enum_item(e);
  } else if (auto* i = kind->implItem()) {
    result = impl_item(i);
  } else if (auto* x = kind->externBlock()) {
    result = extern_block(x);
  } else if (auto* c = kind->constItem()) {
    result = const_item(c);
  } else if (kind->staticItem()) {
    unsupported("`static` items are", span(ctx), "use a `const` for a constant value");
  } else if (kind->useItem()) {
    unsupported("`use` declarations are", span(ctx), "a file is a whole program; the prelude is always in scope");
  } else if (kind->modItem()) {
    unsupported("modules are", span(ctx));
  } else if (kind->traitItem()) {
    unsupported("traits are", span(ctx), "`impl From<A> for B` is the only trait impl in ADSL");
  } else if (kind->typeAlias()) {
    unsupported("type aliases are", span(ctx));
  }
  if (!result) return nullptr;
  result->attrs = attrs;
  result->is_pub = is_pub;
  result->span = span(ctx);
  return result;
}

ast::Item* Builder::fn_item(P::FnItemContext* ctx) {
  auto* fn = ast::new_node<ast::FnItem>(arena_, span(ctx));
  P::FnQualifiersContext* quals = ctx->fnQualifiers();
  if (quals->KwConst()) unsupported("`const fn` is", span(quals->KwConst()));
  if (quals->KwUnsafe()) unsupported("`unsafe` functions are", span(quals->KwUnsafe()));
  if (quals->KwExtern()) {
    unsupported("`extern` functions are", span(quals), "declare C++ functions in an `extern \"C++\" { … }` block");
  }
  fn->is_async = quals->KwAsync() != nullptr;
  fn->name_span = span(ctx->Ident());
  fn->name = text(fn->name_span);
  generic_params(ctx->genericParams());
  where_clause(ctx->whereClause());
  std::vector<ast::Param> params;
  if (P::FnParamsContext* ps = ctx->fnParams()) {
    for (P::FnParamContext* p : ps->fnParam()) {
      ast::Param param{};
      param.span = span(p);
      if (!p->outerAttr().empty()) unsupported("attributes on parameters are", span(p->outerAttr(0)));
      if (P::SelfParamContext* s = p->selfParam()) {
        if (s->Lifetime()) unsupported("lifetimes are", span(s->Lifetime()));
        if (s->type()) unsupported("typed `self` parameters are", span(s));
        if (s->And()) {
          param.self_kind = s->KwMut() ? ast::SelfKind::RefMut : ast::SelfKind::Ref;
        } else {
          param.self_kind = s->KwMut() ? ast::SelfKind::MutValue : ast::SelfKind::Value;
        }
      } else {
        param.pattern = pattern_no_top(p->patternNoTop());
        param.type = type(p->type());
      }
      params.push_back(param);
    }
  }
  fn->params = list(arena_, params);
  if (P::TypeContext* ret = ctx->type()) fn->ret = type(ret);
  if (P::BlockContext* body = ctx->block()) fn->body = block(body);
  return fn;
}

ast::List<ast::FieldDecl> Builder::struct_fields(P::StructFieldsContext* ctx) {
  std::vector<ast::FieldDecl> fields;
  if (!ctx) return {};
  for (P::StructFieldContext* f : ctx->structField()) {
    ast::FieldDecl field{};
    field.span = span(f);
    field.name_span = span(f->Ident());
    field.name = text(field.name_span);
    field.is_pub = visibility(f->visibility());
    field.type = type(f->type());
    attributes(f->outerAttr());
    fields.push_back(field);
  }
  return list(arena_, fields);
}

ast::List<ast::FieldDecl> Builder::tuple_fields(P::TupleFieldsContext* ctx) {
  std::vector<ast::FieldDecl> fields;
  if (!ctx) return {};
  for (P::TupleFieldContext* f : ctx->tupleField()) {
    ast::FieldDecl field{};
    field.span = span(f);
    field.is_pub = visibility(f->visibility());
    field.type = type(f->type());
    attributes(f->outerAttr());
    fields.push_back(field);
  }
  return list(arena_, fields);
}

ast::Item* Builder::struct_item(P::StructItemContext* ctx) {
  auto* s = ast::new_node<ast::StructItem>(arena_, span(ctx));
  s->name_span = span(ctx->Ident());
  s->name = text(s->name_span);
  generic_params(ctx->genericParams());
  where_clause(ctx->whereClause());
  if (ctx->LBrace()) {
    s->shape = ast::StructShape::Named;
    s->fields = struct_fields(ctx->structFields());
  } else if (ctx->LParen()) {
    s->shape = ast::StructShape::Tuple;
    s->fields = tuple_fields(ctx->tupleFields());
  } else {
    s->shape = ast::StructShape::Unit;
  }
  return s;
}

ast::Item* Builder::enum_item(P::EnumItemContext* ctx) {
  auto* e = ast::new_node<ast::EnumItem>(arena_, span(ctx));
  e->name_span = span(ctx->Ident());
  e->name = text(e->name_span);
  generic_params(ctx->genericParams());
  where_clause(ctx->whereClause());
  std::vector<ast::Variant> variants;
  if (P::EnumVariantsContext* vs = ctx->enumVariants()) {
    for (P::EnumVariantContext* v : vs->enumVariant()) {
      ast::Variant variant{};
      variant.span = span(v);
      variant.name_span = span(v->Ident());
      variant.name = text(variant.name_span);
      attributes(v->outerAttr());
      if (v->LBrace()) {
        variant.shape = ast::StructShape::Named;
        variant.fields = struct_fields(v->structFields());
      } else if (v->LParen()) {
        variant.shape = ast::StructShape::Tuple;
        variant.fields = tuple_fields(v->tupleFields());
      } else {
        variant.shape = ast::StructShape::Unit;
        if (v->expr()) unsupported("explicit enum discriminants are", span(v->expr()));
      }
      variants.push_back(variant);
    }
  }
  e->variants = list(arena_, variants);
  return e;
}

ast::Item* Builder::impl_item(P::ImplItemContext* ctx) {
  auto* impl = ast::new_node<ast::ImplItem>(arena_, span(ctx));
  if (ctx->KwUnsafe()) unsupported("`unsafe` is", span(ctx->KwUnsafe()));
  generic_params(ctx->genericParams());
  where_clause(ctx->whereClause());
  if (ctx->Not()) unsupported("negative impls are", span(ctx->Not()));
  const std::vector<P::TypeContext*> types = ctx->type();
  if (ctx->KwFor() && types.size() == 2) {
    ast::Type* trait = type(types[0]);
    auto* path = ast::dyn_cast<ast::PathType>(trait);
    const bool is_from = path && path->path.segments.size() == 1 && path->path.segments[0].name == "From" &&
                         path->path.segments[0].args.size() == 1 && path->path.segments[0].args[0].name.empty();
    if (!is_from) {
      unsupported("traits are", span(types[0]), "`impl From<A> for B` is the only trait impl in ADSL");
    } else {
      impl->trait_path = arena_.make<ast::Path>(path->path);
    }
    impl->self_type = type(types[1]);
  } else {
    impl->self_type = type(types[0]);
  }
  std::vector<ast::Item*> members;
  for (P::AssocItemContext* a : ctx->assocItem()) {
    const ast::List<ast::Attribute> attrs = attributes(a->outerAttr());
    const bool is_pub = visibility(a->visibility());
    ast::Item* member = nullptr;
    if (a->fnItem()) {
      member = fn_item(a->fnItem());
    } else if (a->constItem()) {
      member = const_item(a->constItem());
    } else {
      unsupported("associated types are", span(a));
    }
    if (!member) continue;
    member->attrs = attrs;
    member->is_pub = is_pub;
    member->span = span(a);
    members.push_back(member);
  }
  impl->members = list(arena_, members);
  return impl;
}

ast::Item* Builder::extern_block(P::ExternBlockContext* ctx) {
  auto* ext = ast::new_node<ast::ExternBlockItem>(arena_, span(ctx));
  if (ctx->KwUnsafe()) unsupported("`unsafe` is", span(ctx->KwUnsafe()));
  if (TerminalNode* abi = ctx->StrLit()) {
    ext->abi = arena_.copy(unescape_literal(text(span(abi))));
  }
  if (ext->abi != "C++") {
    unsupported("`extern` blocks other than `extern \"C++\"` are",
                ctx->StrLit() ? span(ctx->StrLit()) : span(ctx->KwExtern()));
  }
  std::vector<ast::Item*> members;
  for (P::ExternItemContext* x : ctx->externItem()) {
    const ast::List<ast::Attribute> attrs = attributes(x->outerAttr());
    const bool is_pub = visibility(x->visibility());
    if (!x->fnItem()) {
      unsupported("`static` items are", span(x));
      continue;
    }
    auto* fn = static_cast<ast::FnItem*>(fn_item(x->fnItem()));
    if (fn->body) {
      auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "incorrect function inside `extern` block");
      d.primary(fn->name_span, "cannot have a body");
      d.secondary(fn->body->span, "the invalid body");
      sink_.emit(std::move(d));
    }
    fn->attrs = attrs;
    fn->is_pub = is_pub;
    fn->span = span(x);
    members.push_back(fn);
  }
  ext->members = list(arena_, members);
  return ext;
}

ast::Item* Builder::const_item(P::ConstItemContext* ctx) {
  auto* c = ast::new_node<ast::ConstItem>(arena_, span(ctx));
  c->name_span = ctx->Ident() ? span(ctx->Ident()) : span(ctx->Underscore());
  c->name = text(c->name_span);
  c->type = type(ctx->type());
  if (P::ExprContext* value = ctx->expr()) {
    c->value = expr(value);
  } else {
    auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "free constant item without body");
    d.primary(span(ctx));
    d.suggest("provide a definition for the constant", {span(ctx).end - 1, span(ctx).end - 1}, " = <expr>",
              diag::Applicability::HasPlaceholders);
    sink_.emit(std::move(d));
  }
  return c;
}

}  // namespace asyncc::parse
