// Parse tree → AST. See builder.hpp.
#include "compiler/parse/builder.hpp"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "compiler/parse/lexer.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/token_stream.hpp"

namespace asyncc::parse {

namespace {

using P = grammar::ADSLParser;
using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

TerminalNode* as_token(ParseTree* node) { return dynamic_cast<TerminalNode*>(node); }
ParserRuleContext* as_rule(ParseTree* node) { return dynamic_cast<ParserRuleContext*>(node); }

std::size_t token_type(ParseTree* node) {
  auto* t = as_token(node);
  return t ? t->getSymbol()->getType() : 0;
}

std::size_t rule_index(ParseTree* node) {
  auto* r = as_rule(node);
  return r ? r->getRuleIndex() : static_cast<std::size_t>(-1);
}

template <class T>
ast::List<T> list(ast::Arena& arena, const std::vector<T>& values) {
  return ast::make_list(arena, values);
}

// Binary operator precedence (Rust's, higher binds tighter).
int precedence(ast::BinaryOp op) {
  using B = ast::BinaryOp;
  switch (op) {
    case B::Mul: case B::Div: case B::Rem: return 10;
    case B::Add: case B::Sub: return 9;
    case B::Shl: case B::Shr: return 8;
    case B::BitAnd: return 7;
    case B::BitXor: return 6;
    case B::BitOr: return 5;
    case B::Eq: case B::Ne: case B::Lt: case B::Le: case B::Gt: case B::Ge: return 4;
    case B::And: return 3;
    case B::Or: return 2;
  }
  return 0;
}

bool is_comparison(ast::BinaryOp op) { return precedence(op) == 4; }

}  // namespace

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

// ------------------------------------------------------------------------------ types

void Builder::check_path_segment(std::string_view name, source::Span span) {
  if (name == "crate" || name == "super" || name == "self") {
    unsupported("module paths are", span);
  } else if (name == "Box") {
    unsupported("`Box` is", span, "values are stored inline; there are no heap pointers in ADSL v1");
  }
}

ast::List<ast::GenericArg> Builder::generic_args(P::GenericArgsContext* ctx) {
  std::vector<ast::GenericArg> args;
  for (P::GenericArgContext* a : ctx->genericArg()) {
    ast::GenericArg arg{};
    arg.span = span(a);
    if (a->Lifetime()) {
      unsupported("lifetimes are", arg.span);
      continue;
    }
    if (a->Ident() && a->Eq()) {
      arg.name = text(span(a->Ident()));
      arg.type = type(a->type());
    } else if (a->type()) {
      arg.type = type(a->type());
    } else {
      unsupported("const generic arguments are", arg.span);
      continue;
    }
    args.push_back(arg);
  }
  return list(arena_, args);
}

ast::Path Builder::type_path(P::TypePathContext* ctx) {
  ast::Path path{};
  path.span = span(ctx);
  if (ctx->PathSep().size() == ctx->typePathSegment().size() && !ctx->PathSep().empty()) {
    unsupported("paths starting with `::` are", span(ctx->PathSep(0)));
  }
  std::vector<ast::PathSegment> segments;
  for (P::TypePathSegmentContext* s : ctx->typePathSegment()) {
    ast::PathSegment segment{};
    segment.span = span(s->pathIdent());
    segment.name = text(segment.span);
    check_path_segment(segment.name, segment.span);
    if (P::GenericArgsContext* args = s->genericArgs()) {
      segment.has_args = true;
      segment.args = generic_args(args);
    }
    segments.push_back(segment);
  }
  path.segments = list(arena_, segments);
  return path;
}

ast::Path Builder::expr_path(P::PathExprContext* ctx) {
  ast::Path path{};
  path.span = span(ctx);
  const std::vector<P::PathExprSegmentContext*> parts = ctx->pathExprSegment();
  if (ctx->getStart()->getType() == P::PathSep) unsupported("paths starting with `::` are", span(ctx->getStart()));
  std::vector<ast::PathSegment> segments;
  segments.reserve(parts.size());
  for (P::PathExprSegmentContext* s : parts) {
    ast::PathSegment segment{};
    segment.span = span(s->pathIdent());
    segment.name = text(segment.span);
    if (segment.name != "self" || parts.size() > 1) check_path_segment(segment.name, segment.span);
    if (P::GenericArgsContext* args = s->genericArgs()) {
      segment.has_args = true;
      segment.args = generic_args(args);
    }
    segments.push_back(segment);
  }
  path.segments = list(arena_, segments);
  return path;
}

ast::Type* Builder::type(P::TypeContext* ctx) {
  const source::Span s = span(ctx);
  if (P::TypePathContext* tp = ctx->typePath()) {
    auto* t = ast::new_node<ast::PathType>(arena_, s);
    t->path = type_path(tp);
    return t;
  }
  const std::size_t first = token_type(ctx->children[0]);
  switch (first) {
    case P::LParen: {
      const std::vector<P::TypeContext*> elems = ctx->type();
      if (elems.size() == 1 && ctx->Comma().empty()) return type(elems[0]);
      std::vector<ast::Type*> types;
      for (P::TypeContext* e : elems) types.push_back(type(e));
      auto* t = ast::new_node<ast::TupleType>(arena_, s);
      t->elems = list(arena_, types);
      return t;
    }
    case P::And:
    case P::AndAnd: {
      if (ctx->Lifetime()) unsupported("lifetimes are", span(ctx->Lifetime()));
      auto* t = ast::new_node<ast::RefType>(arena_, s);
      t->is_mut = ctx->KwMut() != nullptr;
      t->inner = type(ctx->type(0));
      if (first == P::AndAnd) {
        auto* outer = ast::new_node<ast::RefType>(arena_, s);
        t->span.begin += 1;
        outer->inner = t;
        return outer;
      }
      return t;
    }
    case P::KwImpl: {
      P::TypeBoundsContext* bounds = ctx->typeBounds();
      const std::vector<P::TypeBoundContext*> list_of = bounds->typeBound();
      if (list_of.size() == 1 && list_of[0]->typePath() && !list_of[0]->Question()) {
        auto* t = ast::new_node<ast::ImplTraitType>(arena_, s);
        t->bound = type_path(list_of[0]->typePath());
        const auto& segs = t->bound.segments;
        if (segs.size() != 1 || segs[0].name != "Future") {
          unsupported("`impl Trait` types other than `impl Future<Output = T>` are", s);
        }
        return t;
      }
      unsupported("`impl Trait` types other than `impl Future<Output = T>` are", s);
      break;
    }
    case P::KwDyn: unsupported("trait objects (`dyn Trait`) are", s); break;
    case P::LBracket: unsupported("arrays and slices are", s, "use `Vec<T>`"); break;
    case P::Star: unsupported("raw pointers are", s); break;
    case P::KwFn: unsupported("function pointer types are", s); break;
    case P::Underscore: return ast::new_node<ast::InferType>(arena_, s);
    case P::Not: unsupported("the never type `!` is", s); break;
    default: break;
  }
  return ast::new_node<ast::InferType>(arena_, s);
}

ast::Type* Builder::as_type(P::AsTypeContext* ctx) {
  auto* t = ast::new_node<ast::PathType>(arena_, span(ctx));
  std::vector<ast::PathSegment> segments;
  for (P::PathIdentContext* id : ctx->pathIdent()) {
    ast::PathSegment segment{};
    segment.span = span(id);
    segment.name = text(segment.span);
    segments.push_back(segment);
  }
  t->path.segments = list(arena_, segments);
  t->path.span = t->span;
  return t;
}

// ------------------------------------------------------------------------------ patterns

ast::Pattern* Builder::pattern(P::PatternContext* ctx) {
  const std::vector<P::PatternNoTopContext*> alts = ctx->patternNoTop();
  if (alts.size() == 1) return pattern_no_top(alts[0]);
  std::vector<ast::Pattern*> out;
  out.reserve(alts.size());
  for (P::PatternNoTopContext* alt : alts) out.push_back(pattern_no_top(alt));
  auto* p = ast::new_node<ast::OrPat>(arena_, span(ctx));
  p->alts = list(arena_, out);
  return p;
}

ast::Expr* Builder::pat_literal(P::PatLiteralContext* ctx) {
  if (ctx->Minus()) {
    auto* neg = ast::new_node<ast::UnaryExpr>(arena_, span(ctx));
    neg->op = ast::UnaryOp::Neg;
    neg->operand = literal(ctx->children[1] ? as_token(ctx->children[1])->getSymbol() : nullptr);
    return neg;
  }
  return literal(ctx->getStart());
}

ast::List<ast::Pattern*> Builder::pat_list(P::PatListContext* ctx, bool* trailing_comma) {
  std::vector<ast::Pattern*> out;
  if (trailing_comma) *trailing_comma = false;
  if (!ctx) return {};
  for (P::PatElemContext* e : ctx->patElem()) {
    if (P::PatternContext* p = e->pattern()) {
      out.push_back(pattern(p));
    } else {
      out.push_back(ast::new_node<ast::RestPat>(arena_, span(e)));
    }
  }
  if (trailing_comma) *trailing_comma = !ctx->Comma().empty() && ctx->Comma().size() >= ctx->patElem().size();
  return list(arena_, out);
}

ast::Pattern* Builder::pattern_no_top(P::PatternNoTopContext* ctx) {
  const source::Span s = span(ctx);
  const std::vector<P::PatLiteralContext*> lits = ctx->patLiteral();
  if (!lits.empty()) {
    ast::Expr* lo = pat_literal(lits[0]);
    if (P::RangeOpContext* range = ctx->rangeOp()) {
      auto* p = ast::new_node<ast::RangePat>(arena_, s);
      p->lo = lo;
      p->hi = lits.size() > 1 ? pat_literal(lits[1]) : nullptr;
      p->inclusive = range->DotDotEq() != nullptr;
      if (range->DotDotDot()) {
        error(diag::Kind::UnexpectedToken, "`...` range patterns are deprecated", span(range), "help: use `..=` for an inclusive range");
      }
      return p;
    }
    auto* p = ast::new_node<ast::LitPat>(arena_, s);
    p->lit = lo;
    return p;
  }
  if (ctx->Underscore()) return ast::new_node<ast::WildPat>(arena_, s);
  if (ctx->KwRef()) {
    unsupported("`ref` bindings are", span(ctx->KwRef()));
    return ast::new_node<ast::WildPat>(arena_, s);
  }
  if (ctx->LBracket()) {
    unsupported("slice patterns are", s);
    return ast::new_node<ast::WildPat>(arena_, s);
  }
  if (ctx->And() || ctx->AndAnd()) {
    unsupported("reference patterns are", s);
    return ast::new_node<ast::WildPat>(arena_, s);
  }
  if (ctx->DotDotEq()) {
    auto* p = ast::new_node<ast::RangePat>(arena_, s);
    P::PatRangeEndContext* end = ctx->patRangeEnd();
    p->hi = end->patLiteral() ? pat_literal(end->patLiteral()) : path_or_struct(end->pathExpr(), nullptr);
    p->inclusive = true;
    return p;
  }
  if (ctx->KwMut()) {
    auto* p = ast::new_node<ast::IdentPat>(arena_, s);
    p->is_mut = true;
    p->name_span = span(ctx->Ident());
    p->name = text(p->name_span);
    if (P::PatternNoTopContext* sub = ctx->patternNoTop()) p->sub = pattern_no_top(sub);
    return p;
  }
  if (P::PathExprContext* path_ctx = ctx->pathExpr()) {
    if (ctx->LParen()) {
      auto* p = ast::new_node<ast::TupleStructPat>(arena_, s);
      p->path = expr_path(path_ctx);
      p->elems = pat_list(ctx->patList(), nullptr);
      return p;
    }
    if (ctx->LBrace()) {
      auto* p = ast::new_node<ast::StructPat>(arena_, s);
      p->path = expr_path(path_ctx);
      std::vector<ast::FieldPat> fields;
      if (P::PatFieldsContext* fs = ctx->patFields()) {
        p->has_rest = fs->DotDot() != nullptr;
        for (P::PatFieldContext* f : fs->patField()) {
          ast::FieldPat field{};
          field.span = span(f);
          if (f->KwRef()) unsupported("`ref` bindings are", span(f->KwRef()));
          TerminalNode* name = f->Ident() ? f->Ident() : f->IntLit();
          field.name_span = span(name);
          field.name = text(field.name_span);
          if (P::PatternContext* sub = f->pattern()) {
            field.pattern = pattern(sub);
          } else {
            auto* binding = ast::new_node<ast::IdentPat>(arena_, field.span);
            binding->name = field.name;
            binding->name_span = field.name_span;
            binding->is_mut = f->KwMut() != nullptr;
            field.pattern = binding;
            field.shorthand = true;
          }
          fields.push_back(field);
        }
      }
      p->fields = list(arena_, fields);
      return p;
    }
    const ast::Path path = expr_path(path_ctx);
    const bool simple = path.segments.size() == 1 && !path.segments[0].has_args &&
                        path_ctx->getStart()->getType() == P::Ident;
    if (ctx->At()) {
      auto* p = ast::new_node<ast::IdentPat>(arena_, s);
      p->name = path.segments[0].name;
      p->name_span = path.segments[0].span;
      p->sub = pattern_no_top(ctx->patternNoTop());
      if (!simple) error(diag::Kind::UnexpectedToken, "expected identifier before `@`", path.span);
      return p;
    }
    if (P::RangeOpContext* range = ctx->rangeOp()) {
      auto* p = ast::new_node<ast::RangePat>(arena_, s);
      p->lo = path_or_struct(path_ctx, nullptr);
      if (P::PatRangeEndContext* end = ctx->patRangeEnd()) {
        p->hi = end->patLiteral() ? pat_literal(end->patLiteral()) : path_or_struct(end->pathExpr(), nullptr);
      }
      p->inclusive = range->DotDotEq() != nullptr;
      return p;
    }
    if (simple) {
      auto* p = ast::new_node<ast::IdentPat>(arena_, s);
      p->name = path.segments[0].name;
      p->name_span = path.segments[0].span;
      return p;
    }
    auto* p = ast::new_node<ast::PathPat>(arena_, s);
    p->path = path;
    return p;
  }
  if (ctx->LParen()) {
    bool trailing = false;
    ast::List<ast::Pattern*> elems = pat_list(ctx->patList(), &trailing);
    if (elems.size() == 1 && !trailing && elems[0]->kind != ast::NodeKind::RestPat) return elems[0];
    auto* p = ast::new_node<ast::TuplePat>(arena_, s);
    p->elems = elems;
    return p;
  }
  return ast::new_node<ast::WildPat>(arena_, s);
}

// ------------------------------------------------------------------------------ blocks

ast::Stmt* Builder::let_stmt(P::LetStmtContext* ctx) {
  auto* let = ast::new_node<ast::LetStmt>(arena_, span(ctx));
  let->pattern = pattern(ctx->pattern());
  if (P::TypeContext* t = ctx->type()) let->type = type(t);
  if (P::ExprContext* init = ctx->expr()) let->init = expr(init);
  return let;
}

ast::Block* Builder::block(P::BlockContext* ctx) {
  auto* b = arena_.make<ast::Block>();
  b->span = span(ctx);
  std::vector<ast::Stmt*> stmts;
  const std::vector<P::StmtContext*> list_of = ctx->stmt();
  stmts.reserve(list_of.size());
  for (std::size_t i = 0; i < list_of.size(); ++i) {
    P::StmtContext* st = list_of[i];
    if (st->Semi() && !st->stmtExpr()) {
      // `;` after a block-like statement belongs to it; a lone `;` is an empty statement.
      if (!stmts.empty() && stmts.back()->kind == ast::NodeKind::ExprStmt) {
        auto* prev = static_cast<ast::ExprStmt*>(stmts.back());
        if (!prev->has_semi) {
          prev->has_semi = true;
          prev->span.end = span(st).end;
        }
      }
      continue;
    }
    if (P::LetStmtContext* let = st->letStmt()) {
      stmts.push_back(let_stmt(let));
    } else if (P::ItemContext* it = st->item()) {
      const std::size_t errors = sink_.error_count();
      ast::Item* inner = item(it);
      if (inner && sink_.error_count() == errors) {
        auto* s = ast::new_node<ast::ItemStmt>(arena_, span(st));
        s->item = inner;
        stmts.push_back(s);
      }
    } else if (P::BlockLikeExprContext* bl = st->blockLikeExpr()) {
      ast::Expr* e = block_like(bl);
      if (P::BlockContContext* cont = st->blockCont()) {
        e = block_cont(e, cont);
        // Continued with `.`/`?`, it is an ordinary expression: it needs a `;` unless it is
        // the block's value.
        const bool semi_next = i + 1 < list_of.size() && list_of[i + 1]->Semi() && !list_of[i + 1]->stmtExpr();
        const bool last = i + 1 == list_of.size() && !ctx->stmtExpr();
        if (!semi_next && !last) {
          auto* next = static_cast<LiteToken*>(list_of[i + 1 < list_of.size() ? i + 1 : i]->getStart());
          if (i + 1 >= list_of.size() && ctx->stmtExpr()) next = static_cast<LiteToken*>(ctx->stmtExpr()->getStart());
          auto* prev_tok = static_cast<LiteToken*>(st->getStop());
          auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken,
                                          "expected `;`, found `" + std::string(text(next->span())) + "`");
          d.primary({prev_tok->end_, prev_tok->end_});
          d.suggest_inline("add `;` here", {prev_tok->end_, prev_tok->end_}, ";", diag::Applicability::MachineApplicable,
                           false);
          d.secondary(next->span(), "unexpected token");
          sink_.emit(std::move(d));
        }
      }
      auto* s = ast::new_node<ast::ExprStmt>(arena_, span(st));
      s->expr = e;
      stmts.push_back(s);
    } else if (P::StmtExprContext* se = st->stmtExpr()) {
      auto* s = ast::new_node<ast::ExprStmt>(arena_, span(st));
      s->expr = stmt_expr(se);
      s->has_semi = true;
      stmts.push_back(s);
    }
  }
  if (P::StmtExprContext* tail = ctx->stmtExpr()) {
    b->tail = stmt_expr(tail);
  } else if (!stmts.empty() && stmts.back()->kind == ast::NodeKind::ExprStmt &&
             !static_cast<ast::ExprStmt*>(stmts.back())->has_semi) {
    // A block-like expression statement at the end is the block's value (Rust).
    b->tail = static_cast<ast::ExprStmt*>(stmts.back())->expr;
    stmts.pop_back();
  }
  b->stmts = list(arena_, stmts);
  return b;
}

// ------------------------------------------------------------------------------ expressions

ast::Expr* Builder::expr(P::ExprContext* ctx) {
  if (!enter_depth(1, span(ctx))) {
    leave_depth(1);
    return placeholder(span(ctx));
  }
  ast::Expr* e = sequence(ctx, 0, nullptr);
  leave_depth(1);
  return e;
}

ast::Expr* Builder::expr_ns(P::ExprNSContext* ctx) { return sequence(ctx, 0, nullptr); }

ast::Expr* Builder::stmt_expr(P::StmtExprContext* ctx) { return sequence(ctx, 0, nullptr); }

ast::Expr* Builder::sequence(ParserRuleContext* ctx, std::size_t from, ast::Expr* lhs) {
  struct Prefix {
    ast::UnaryOp op;
    std::uint32_t begin;
  };
  std::vector<Prefix> prefixes;
  ast::Expr* current = lhs;
  const auto finish = [&]() -> ast::Expr* {
    if (prefixes.empty() || !current) return current;
    if (!enter_depth(prefixes.size(), current->span)) {
      leave_depth(prefixes.size());
      prefixes.clear();
      return current;
    }
    leave_depth(prefixes.size());
    for (std::size_t i = prefixes.size(); i-- > 0;) {
      auto* u = ast::new_node<ast::UnaryExpr>(arena_, {prefixes[i].begin, current->span.end});
      u->op = prefixes[i].op;
      u->operand = current;
      current = u;
    }
    prefixes.clear();
    return current;
  };
  const std::vector<ParseTree*>& kids = ctx->children;
  for (std::size_t i = from; i < kids.size(); ++i) {
    ParseTree* kid = kids[i];
    auto* rule = as_rule(kid);
    if (!rule) continue;
    switch (rule->getRuleIndex()) {
      case P::RulePrefixOp: {
        auto* op = static_cast<P::PrefixOpContext*>(rule);
        const std::uint32_t begin = span(op).begin;
        switch (op->getStart()->getType()) {
          case P::Minus: prefixes.push_back({ast::UnaryOp::Neg, begin}); break;
          case P::Not: prefixes.push_back({ast::UnaryOp::Not, begin}); break;
          case P::Star: prefixes.push_back({ast::UnaryOp::Deref, begin}); break;
          case P::And: prefixes.push_back({op->KwMut() ? ast::UnaryOp::RefMut : ast::UnaryOp::Ref, begin}); break;
          case P::AndAnd:
            prefixes.push_back({ast::UnaryOp::Ref, begin});
            prefixes.push_back({op->KwMut() ? ast::UnaryOp::RefMut : ast::UnaryOp::Ref, begin + 1});
            break;
          default: break;
        }
        break;
      }
      case P::RulePrimary:
      case P::RulePrimaryNoBlockLike:
      case P::RulePrimaryNS:
      case P::RuleAtom:
      case P::RulePathExpr:
      case P::RuleBlockLikeExpr:
      case P::RuleBlockLikeNoBrace: current = primary(rule); break;
      case P::RulePostfixOps: current = postfix_ops(current, static_cast<P::PostfixOpsContext*>(rule)); break;
      case P::RuleBlockCont: current = block_cont(current, static_cast<P::BlockContContext*>(rule)); break;
      case P::RuleBinTail:
      case P::RuleBinTailNS:
        current = finish();
        current = binary_tail(current, rule);
        break;
      case P::RuleBinExpr:
      case P::RuleBinExprNS:
      case P::RuleUnaryExpr:
      case P::RuleUnaryExprNS: current = sequence(rule, 0, nullptr); break;
      case P::RuleJumpExpr: return jump(static_cast<P::JumpExprContext*>(rule));
      case P::RuleClosureExpr: unsupported("closures are", span(rule), "pass a function name instead"); return placeholder(span(rule));
      case P::RuleRangeOp: {
        ast::Expr* lo = finish();
        auto* op = static_cast<P::RangeOpContext*>(rule);
        ast::Expr* hi = nullptr;
        if (i + 1 < kids.size()) {
          const std::size_t next = rule_index(kids[i + 1]);
          if (next == P::RuleBinExpr || next == P::RuleRangeRhsNS) {
            hi = sequence(static_cast<ParserRuleContext*>(kids[i + 1]), 0, nullptr);
            ++i;
          }
        }
        if (op->DotDotDot()) {
          error(diag::Kind::UnexpectedToken, "unexpected token: `...`", span(op), "");
        }
        const source::Span op_span = span(op);
        auto* r = ast::new_node<ast::RangeExpr>(
            arena_, {lo ? lo->span.begin : op_span.begin, hi ? hi->span.end : op_span.end});
        r->lo = lo;
        r->hi = hi;
        r->inclusive = op->DotDotEq() != nullptr;
        current = r;
        break;
      }
      case P::RuleAssignOp: {
        ast::Expr* target = finish();
        auto* op = static_cast<P::AssignOpContext*>(rule);
        ast::AssignOp kind = ast::AssignOp::Assign;
        switch (op->getStart()->getType()) {
          case P::PlusEq: kind = ast::AssignOp::Add; break;
          case P::MinusEq: kind = ast::AssignOp::Sub; break;
          case P::StarEq: kind = ast::AssignOp::Mul; break;
          case P::SlashEq: kind = ast::AssignOp::Div; break;
          case P::PercentEq: kind = ast::AssignOp::Rem; break;
          case P::CaretEq: kind = ast::AssignOp::BitXor; break;
          case P::AndEq: kind = ast::AssignOp::BitAnd; break;
          case P::OrEq: kind = ast::AssignOp::BitOr; break;
          case P::ShlEq: kind = ast::AssignOp::Shl; break;
          case P::GtJoint: kind = ast::AssignOp::Shr; break;
          default: break;
        }
        ast::Expr* value = i + 1 < kids.size() ? expr(static_cast<P::ExprContext*>(kids[i + 1])) : nullptr;
        ++i;
        auto* a = ast::new_node<ast::AssignExpr>(arena_, {target->span.begin, value ? value->span.end : span(op).end});
        a->op = kind;
        a->op_span = span(op);
        a->lhs = target;
        a->rhs = value ? value : placeholder(span(op));
        current = a;
        break;
      }
      default: break;
    }
  }
  return finish();
}

ast::Expr* Builder::operand(ParserRuleContext* ctx) { return sequence(ctx, 0, nullptr); }

ast::Expr* Builder::binary_tail(ast::Expr* lhs, ParserRuleContext* tail) {
  const std::vector<ParseTree*>& kids = tail->children;
  if (kids.empty()) return lhs;
  struct Op {
    ast::BinaryOp op;
    source::Span span;
  };
  // Shunting-yard over the flat list; `as` binds to the operand just before it.
  std::vector<ast::Expr*> operands{lhs};
  std::vector<Op> ops;
  const std::size_t chain = kids.size() / 2;
  if (!enter_depth(chain, lhs->span)) {
    leave_depth(chain);
    return lhs;
  }
  const auto reduce = [&] {
    const Op op = ops.back();
    ops.pop_back();
    ast::Expr* rhs = operands.back();
    operands.pop_back();
    ast::Expr* left = operands.back();
    if (is_comparison(op.op)) {
      if (auto* inner = ast::dyn_cast<ast::BinaryExpr>(left); inner && is_comparison(inner->op)) {
        auto d = diag::Diagnostic::make(diag::Kind::ChainedComparison, "comparison operators cannot be chained");
        d.primary(inner->op_span);
        d.primary(op.span);
        if (inner->op == ast::BinaryOp::Lt && (op.op == ast::BinaryOp::Lt || op.op == ast::BinaryOp::Gt)) {
          d.help("use `::<...>` instead of `<...>` to specify lifetime, type, or const arguments");
          d.help("or use `(...)` if you meant to specify fn arguments");
        }
        d.suggest("split the comparison into two", {inner->rhs->span.end, inner->rhs->span.end},
                  " && " + std::string(text(inner->rhs->span)));
        sink_.emit(std::move(d));
      }
    }
    auto* b = ast::new_node<ast::BinaryExpr>(arena_, {left->span.begin, rhs->span.end});
    b->op = op.op;
    b->op_span = op.span;
    b->lhs = left;
    b->rhs = rhs;
    operands.back() = b;
  };
  for (std::size_t i = 0; i < kids.size(); ++i) {
    ParseTree* kid = kids[i];
    if (token_type(kid) == P::KwAs) {
      ast::Type* t = i + 1 < kids.size() ? as_type(static_cast<P::AsTypeContext*>(kids[i + 1])) : nullptr;
      ++i;
      ast::Expr* value = operands.back();
      auto* c = ast::new_node<ast::CastExpr>(arena_, {value->span.begin, t ? t->span.end : value->span.end});
      c->operand = value;
      c->type = t;
      operands.back() = c;
      continue;
    }
    auto* op_ctx = dynamic_cast<P::BinOpContext*>(kid);
    if (!op_ctx) continue;
    ast::BinaryOp op = ast::BinaryOp::Add;
    switch (op_ctx->getStart()->getType()) {
      case P::Star: op = ast::BinaryOp::Mul; break;
      case P::Slash: op = ast::BinaryOp::Div; break;
      case P::Percent: op = ast::BinaryOp::Rem; break;
      case P::Plus: op = ast::BinaryOp::Add; break;
      case P::Minus: op = ast::BinaryOp::Sub; break;
      case P::Shl: op = ast::BinaryOp::Shl; break;
      case P::GtJoint: op = op_ctx->Eq() ? ast::BinaryOp::Ge : ast::BinaryOp::Shr; break;
      case P::And: op = ast::BinaryOp::BitAnd; break;
      case P::Caret: op = ast::BinaryOp::BitXor; break;
      case P::Or: op = ast::BinaryOp::BitOr; break;
      case P::EqEq: op = ast::BinaryOp::Eq; break;
      case P::Ne: op = ast::BinaryOp::Ne; break;
      case P::Lt: op = ast::BinaryOp::Lt; break;
      case P::Le: op = ast::BinaryOp::Le; break;
      case P::Gt: op = ast::BinaryOp::Gt; break;
      case P::AndAnd: op = ast::BinaryOp::And; break;
      case P::OrOr: op = ast::BinaryOp::Or; break;
      default: break;
    }
    const int prec = precedence(op);
    while (!ops.empty() && precedence(ops.back().op) >= prec) reduce();
    ops.push_back({op, span(op_ctx)});
    operands.push_back(i + 1 < kids.size() ? operand(static_cast<ParserRuleContext*>(kids[i + 1])) : placeholder(span(op_ctx)));
    ++i;
  }
  while (!ops.empty()) reduce();
  leave_depth(chain);
  return operands.back();
}

ast::Expr* Builder::literal(antlr4::Token* token) {
  const source::Span s = span(token);
  const std::string_view t = text(s);
  switch (token->getType()) {
    case P::IntLit: {
      auto* lit = ast::new_node<ast::IntLitExpr>(arena_, s);
      std::size_t i = 0;
      unsigned base = 10;
      if (t.size() > 1 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o' || t[1] == 'b')) {
        base = t[1] == 'x' ? 16 : t[1] == 'o' ? 8 : 2;
        i = 2;
      }
      unsigned __int128 value = 0;
      for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '_') continue;
        unsigned digit;
        if (c >= '0' && c <= '9') {
          digit = static_cast<unsigned>(c - '0');
        } else if (base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          digit = static_cast<unsigned>((c | 0x20) - 'a' + 10);
        } else {
          break;
        }
        if (digit >= base) digit = base - 1;
        value = value * base + digit;
        if (value > UINT64_MAX) {
          lit->overflow = true;
          value = UINT64_MAX;
        }
      }
      lit->value = static_cast<std::uint64_t>(value);
      lit->suffix = t.substr(i);
      return lit;
    }
    case P::FloatLit: {
      auto* lit = ast::new_node<ast::FloatLitExpr>(arena_, s);
      std::string digits;
      std::size_t i = 0;
      for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '_') continue;
        if (c == 'f' && (t.substr(i) == "f64" || t.substr(i) == "f32")) break;
        digits += c;
      }
      lit->suffix = t.substr(i);
      lit->value = std::strtod(digits.c_str(), nullptr);
      return lit;
    }
    case P::StrLit:
    case P::RawStrLit: {
      auto* lit = ast::new_node<ast::StrLitExpr>(arena_, s);
      lit->raw = token->getType() == P::RawStrLit;
      lit->value = arena_.copy(unescape_literal(t));
      return lit;
    }
    case P::CharLit: {
      auto* lit = ast::new_node<ast::CharLitExpr>(arena_, s);
      const std::string v = unescape_literal(t);
      char32_t cp = 0;
      if (!v.empty()) {
        const auto c0 = static_cast<unsigned char>(v[0]);
        const std::size_t n = c0 < 0x80 ? 1 : (c0 >> 5) == 6 ? 2 : (c0 >> 4) == 14 ? 3 : 4;
        cp = n == 1 ? c0 : c0 & (0xFFu >> (n + 1));
        for (std::size_t k = 1; k < n && k < v.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(v[k]) & 0x3Fu);
      }
      lit->value = cp;
      return lit;
    }
    case P::KwTrue:
    case P::KwFalse: {
      auto* lit = ast::new_node<ast::BoolLitExpr>(arena_, s);
      lit->value = token->getType() == P::KwTrue;
      return lit;
    }
    default: return placeholder(s);
  }
}

ast::Expr* Builder::primary(ParserRuleContext* ctx) {
  switch (ctx->getRuleIndex()) {
    case P::RuleAtom: return atom(static_cast<P::AtomContext*>(ctx));
    case P::RulePathExpr: return path_or_struct(static_cast<P::PathExprContext*>(ctx), nullptr);
    case P::RuleBlockLikeExpr: return block_like(static_cast<P::BlockLikeExprContext*>(ctx));
    case P::RuleBlockLikeNoBrace: return block_like_no_brace(static_cast<P::BlockLikeNoBraceContext*>(ctx));
    default: break;
  }
  // primary, primaryNoBlockLike, primaryNS: atom | pathExpr structBody? | blockLikeExpr
  ParserRuleContext* first = as_rule(ctx->children[0]);
  if (!first) return placeholder(span(ctx));
  if (first->getRuleIndex() == P::RulePathExpr) {
    P::StructBodyContext* body = ctx->children.size() > 1 ? dynamic_cast<P::StructBodyContext*>(ctx->children[1]) : nullptr;
    return path_or_struct(static_cast<P::PathExprContext*>(first), body);
  }
  return primary(first);
}

ast::Expr* Builder::atom(P::AtomContext* ctx) {
  ParserRuleContext* first = as_rule(ctx->children[0]);
  switch (first->getRuleIndex()) {
    case P::RuleLiteral: return literal(first->getStart());
    case P::RuleMacroCall: return macro_call(static_cast<P::MacroCallContext*>(first));
    case P::RuleParenExpr: return paren(static_cast<P::ParenExprContext*>(first));
    case P::RuleArrayExpr:
      unsupported("array expressions are", span(first), "use `vec![…]`");
      return placeholder(span(first));
    default: return placeholder(span(ctx));
  }
}

ast::Expr* Builder::path_or_struct(P::PathExprContext* path_ctx, P::StructBodyContext* body) {
  if (!body) {
    auto* p = ast::new_node<ast::PathExpr>(arena_, span(path_ctx));
    p->path = expr_path(path_ctx);
    return p;
  }
  auto* s = ast::new_node<ast::StructLitExpr>(arena_, {span(path_ctx).begin, span(body).end});
  s->path = expr_path(path_ctx);
  std::vector<ast::FieldInit> fields;
  for (P::StructLitFieldContext* f : body->structLitField()) {
    ast::FieldInit field{};
    field.span = span(f);
    TerminalNode* name = f->Ident() ? f->Ident() : f->IntLit();
    field.name_span = span(name);
    field.name = text(field.name_span);
    if (P::ExprContext* value = f->expr()) {
      field.value = expr(value);
    } else {
      auto* p = ast::new_node<ast::PathExpr>(arena_, field.name_span);
      ast::PathSegment segment{};
      segment.name = field.name;
      segment.span = field.name_span;
      p->path.segments = list(arena_, std::vector<ast::PathSegment>{segment});
      p->path.span = field.name_span;
      field.value = p;
      field.shorthand = true;
    }
    fields.push_back(field);
  }
  s->fields = list(arena_, fields);
  if (P::ExprContext* base = body->expr()) s->base = expr(base);
  return s;
}

ast::Expr* Builder::paren(P::ParenExprContext* ctx) {
  const std::vector<P::ExprContext*> elems = ctx->expr();
  const source::Span s = span(ctx);
  if (elems.size() == 1 && ctx->Comma().empty()) {
    auto* p = ast::new_node<ast::ParenExpr>(arena_, s);
    p->inner = expr(elems[0]);
    return p;
  }
  auto* t = ast::new_node<ast::TupleExpr>(arena_, s);
  std::vector<ast::Expr*> values;
  values.reserve(elems.size());
  for (P::ExprContext* e : elems) values.push_back(expr(e));
  t->elems = list(arena_, values);
  return t;
}

ast::Expr* Builder::macro_call(P::MacroCallContext* ctx) {
  const source::Span name_span = span(ctx->Ident());
  const std::string_view name = text(name_span);
  static constexpr std::pair<std::string_view, ast::MacroKind> macros[] = {
      {"println", ast::MacroKind::Println}, {"print", ast::MacroKind::Print},
      {"eprintln", ast::MacroKind::Eprintln}, {"eprint", ast::MacroKind::Eprint},
      {"format", ast::MacroKind::Format}, {"panic", ast::MacroKind::Panic},
      {"assert", ast::MacroKind::Assert}, {"assert_eq", ast::MacroKind::AssertEq},
      {"assert_ne", ast::MacroKind::AssertNe}, {"unreachable", ast::MacroKind::Unreachable},
      {"vec", ast::MacroKind::Vec},
  };
  const source::Span s = span(ctx);
  const auto* found = std::find_if(std::begin(macros), std::end(macros), [&](const auto& m) { return m.first == name; });
  if (found == std::end(macros)) {
    static constexpr std::string_view rust_macros[] = {
        "todo", "unimplemented", "matches", "write", "writeln", "dbg", "debug_assert", "debug_assert_eq",
        "debug_assert_ne", "concat", "stringify", "include", "include_str", "env", "line", "file", "column",
        "format_args", "cfg", "compile_error", "macro_rules", "thread_local", "select", "join", "try_join", "pin"};
    const bool is_rust = std::find(std::begin(rust_macros), std::end(rust_macros), name) != std::end(rust_macros);
    if (is_rust) {
      unsupported("the `" + std::string(name) + "!` macro is", {name_span.begin, span(ctx->Not()).end});
    } else {
      error(diag::Kind::UnknownMacro, "cannot find macro `" + std::string(name) + "` in this scope", name_span);
    }
    return placeholder(s);
  }
  auto* m = ast::new_node<ast::MacroExpr>(arena_, s);
  m->macro = found->second;
  m->name_span = {name_span.begin, span(ctx->Not()).end};
  if (P::MacroArgsContext* args = ctx->macroArgs()) {
    std::vector<ast::Expr*> values;
    for (P::ExprContext* e : args->expr()) values.push_back(expr(e));
    m->args = list(arena_, values);
    m->is_repeat = args->Semi() != nullptr;
    if (m->is_repeat && m->macro != ast::MacroKind::Vec) {
      error(diag::Kind::UnexpectedToken, "expected one of `,`, `.`, `?`, or an operator, found `;`", span(args->Semi()),
            "expected one of `,`, `.`, `?`, or an operator");
    }
  }
  return m;
}

ast::Expr* Builder::block_like(P::BlockLikeExprContext* ctx) {
  if (P::BlockContext* b = ctx->block()) {
    auto* e = ast::new_node<ast::BlockExpr>(arena_, span(ctx));
    e->block = block(b);
    return e;
  }
  return block_like_no_brace(ctx->blockLikeNoBrace());
}

ast::Expr* Builder::block_like_no_brace(P::BlockLikeNoBraceContext* ctx) {
  const source::Span s = span(ctx);
  if (!enter_depth(1, s)) {
    leave_depth(1);
    return placeholder(s);
  }
  ast::Expr* result = nullptr;
  ast::Label label{};
  if (TerminalNode* l = ctx->Lifetime()) label = {text(span(l)), span(l)};
  if (ctx->KwUnsafe()) {
    unsupported("`unsafe` blocks are", s);
    result = placeholder(s);
  } else if (ctx->KwAsync()) {
    auto* a = ast::new_node<ast::AsyncBlockExpr>(arena_, s);
    a->is_move = ctx->KwMove() != nullptr;
    a->block = block(ctx->block());
    result = a;
  } else if (P::IfExprContext* i = ctx->ifExpr()) {
    result = if_expr(i);
  } else if (P::MatchExprContext* m = ctx->matchExpr()) {
    result = match_expr(m);
  } else if (P::LoopExprContext* l = ctx->loopExpr()) {
    auto* e = ast::new_node<ast::LoopExpr>(arena_, s);
    e->label = label;
    e->body = block(l->block());
    result = e;
  } else if (P::WhileExprContext* w = ctx->whileExpr()) {
    auto* e = ast::new_node<ast::WhileExpr>(arena_, s);
    e->label = label;
    cond(w->cond(), &e->let_pattern, &e->cond);
    e->body = block(w->block());
    result = e;
  } else if (P::ForExprContext* f = ctx->forExpr()) {
    auto* e = ast::new_node<ast::ForExpr>(arena_, s);
    e->label = label;
    e->pattern = pattern(f->pattern());
    e->iter = expr_ns(f->exprNS());
    e->body = block(f->block());
    result = e;
  } else if (P::BlockContext* b = ctx->block()) {
    auto* e = ast::new_node<ast::BlockExpr>(arena_, s);
    e->label = label;
    e->block = block(b);
    result = e;
  }
  leave_depth(1);
  return result ? result : placeholder(s);
}

void Builder::cond(P::CondContext* ctx, ast::Pattern** let_pattern, ast::Expr** value) {
  if (P::PatternContext* p = ctx->pattern()) *let_pattern = pattern(p);
  *value = expr_ns(ctx->exprNS());
}

ast::Expr* Builder::if_expr(P::IfExprContext* ctx) {
  const std::vector<P::CondContext*> conds = ctx->cond();
  const std::vector<P::BlockContext*> blocks = ctx->block();
  const std::size_t chain = conds.size();
  const source::Span s = span(ctx);
  if (!enter_depth(chain, s)) {
    leave_depth(chain);
    return placeholder(s);
  }
  // `if … else if … else`: the grammar reads the chain as a loop; the AST nests it (each
  // IfExpr spans to the end of the whole chain). The final `else` block is built first.
  ast::Expr* else_branch = nullptr;
  if (blocks.size() > conds.size()) {
    auto* e = ast::new_node<ast::BlockExpr>(arena_, span(blocks.back()));
    e->block = block(blocks.back());
    else_branch = e;
  }
  // The conditions and blocks in source order, then linked from the end.
  std::vector<ast::IfExpr*> ifs(chain);
  const std::vector<TerminalNode*> ifs_kw = ctx->KwIf();
  for (std::size_t k = 0; k < chain; ++k) {
    auto* i = ast::new_node<ast::IfExpr>(arena_, {span(ifs_kw[k]).begin, s.end});
    cond(conds[k], &i->let_pattern, &i->cond);
    i->then_block = block(blocks[k]);
    ifs[k] = i;
  }
  for (std::size_t k = chain; k-- > 0;) {
    ifs[k]->else_branch = else_branch;
    else_branch = ifs[k];
  }
  leave_depth(chain);
  return ifs[0];
}

ast::Expr* Builder::match_expr(P::MatchExprContext* ctx) {
  auto* m = ast::new_node<ast::MatchExpr>(arena_, span(ctx));
  m->scrutinee = expr_ns(ctx->exprNS());
  std::vector<ast::MatchArm> arms;
  const std::vector<P::MatchArmContext*> list_of = ctx->matchArm();
  const auto head = [&](P::ArmHeadContext* h, ast::MatchArm& arm) {
    attributes(h->outerAttr());
    arm.pattern = pattern(h->pattern());
    if (P::ExprContext* guard = h->expr()) arm.guard = expr(guard);
  };
  for (std::size_t i = 0; i < list_of.size(); ++i) {
    P::MatchArmContext* a = list_of[i];
    ast::MatchArm arm{};
    arm.span = span(a);
    head(a->armHead(), arm);
    arm.has_comma = a->Comma() != nullptr;
    if (P::BlockLikeExprContext* bl = a->blockLikeExpr()) {
      arm.body = block_like(bl);
      if (P::BlockContContext* cont = a->blockCont()) {
        arm.body = block_cont(arm.body, cont);
        const bool last = i + 1 == list_of.size() && !ctx->lastArm();
        if (!arm.has_comma && !last) {
          auto* stop = static_cast<LiteToken*>(cont->getStop());
          auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "expected `,` following `match` arm");
          d.primary({stop->end_, stop->end_});
          d.suggest("missing a comma here to end this `match` arm", {stop->end_, stop->end_}, ",");
          sink_.emit(std::move(d));
        }
      }
    } else {
      arm.body = stmt_expr(a->stmtExpr());
    }
    arms.push_back(arm);
  }
  if (P::LastArmContext* last = ctx->lastArm()) {
    ast::MatchArm arm{};
    arm.span = span(last);
    head(last->armHead(), arm);
    arm.body = stmt_expr(last->stmtExpr());
    arms.push_back(arm);
  }
  m->arms = list(arena_, arms);
  return m;
}

ast::Expr* Builder::jump(P::JumpExprContext* ctx) {
  const source::Span s = span(ctx);
  ast::Label label{};
  if (TerminalNode* l = ctx->Lifetime()) label = {text(span(l)), span(l)};
  switch (ctx->getStart()->getType()) {
    case P::KwReturn: {
      auto* r = ast::new_node<ast::ReturnExpr>(arena_, s);
      if (P::ExprContext* value = ctx->expr()) r->value = expr(value);
      return r;
    }
    case P::KwBreak: {
      auto* b = ast::new_node<ast::BreakExpr>(arena_, s);
      b->label = label;
      if (P::ExprContext* value = ctx->expr()) b->value = expr(value);
      return b;
    }
    default: {
      auto* c = ast::new_node<ast::ContinueExpr>(arena_, s);
      c->label = label;
      return c;
    }
  }
}

ast::List<ast::Expr*> Builder::call_args(P::CallArgsContext* ctx) {
  if (!ctx) return {};
  std::vector<ast::Expr*> values;
  const std::vector<P::ExprContext*> args = ctx->expr();
  values.reserve(args.size());
  for (P::ExprContext* e : args) values.push_back(expr(e));
  return list(arena_, values);
}

ast::Expr* Builder::method_call(ast::Expr* base, P::MethodCallContext* ctx) {
  auto* m = ast::new_node<ast::MethodCallExpr>(arena_, {base->span.begin, span(ctx).end});
  m->receiver = base;
  m->name_span = span(ctx->Ident());
  m->name = text(m->name_span);
  if (P::GenericArgsContext* args = ctx->genericArgs()) m->turbofish = generic_args(args);
  m->args = call_args(ctx->callArgs());
  return m;
}

ast::Expr* Builder::postfix_one(ast::Expr* base, ParserRuleContext* ctx) {
  const std::uint32_t end = span(ctx).end;
  switch (ctx->getRuleIndex()) {
    case P::RuleMethodCall: return method_call(base, static_cast<P::MethodCallContext*>(ctx));
    case P::RuleFieldAccess: {
      auto* f = ast::new_node<ast::FieldExpr>(arena_, {base->span.begin, end});
      f->base = base;
      f->name_span = span(static_cast<P::FieldAccessContext*>(ctx)->Ident());
      f->name = text(f->name_span);
      return f;
    }
    case P::RulePostfixOp: {
      auto* op = static_cast<P::PostfixOpContext*>(ctx);
      if (P::PostfixNoCallContext* inner = op->postfixNoCall()) return postfix_one(base, inner);
      auto* c = ast::new_node<ast::CallExpr>(arena_, {base->span.begin, end});
      c->callee = base;
      c->args = call_args(op->callArgs());
      return c;
    }
    default: break;  // postfixNoCall and dotOp share their shapes
  }
  ParserRuleContext* first_rule = as_rule(ctx->children[0]);
  if (first_rule) return method_call(base, static_cast<P::MethodCallContext*>(first_rule));
  const std::size_t first = token_type(ctx->children[0]);
  if (first == P::Question) {
    auto* t = ast::new_node<ast::TryExpr>(arena_, {base->span.begin, end});
    t->operand = base;
    return t;
  }
  if (first == P::LBracket) {
    auto* i = ast::new_node<ast::IndexExpr>(arena_, {base->span.begin, end});
    i->base = base;
    i->index = expr(static_cast<P::ExprContext*>(ctx->children[1]));
    return i;
  }
  // `.` then await / index / float
  const std::size_t second = token_type(ctx->children[1]);
  if (second == P::KwAwait) {
    auto* a = ast::new_node<ast::AwaitExpr>(arena_, {base->span.begin, end});
    a->operand = base;
    return a;
  }
  auto* number = as_token(ctx->children[1]);
  const source::Span index_span = span(number);
  if (second == P::FloatLit) {
    error(diag::Kind::UnexpectedToken, "unexpected token: `" + std::string(text(index_span)) + "`", index_span);
    return base;
  }
  auto* t = ast::new_node<ast::TupleIndexExpr>(arena_, {base->span.begin, end});
  t->base = base;
  t->index_span = index_span;
  const std::string_view digits = text(index_span);
  std::uint64_t value = 0;
  bool valid = !digits.empty() && digits.size() < 10;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      valid = false;
      break;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!valid) error(diag::Kind::UnexpectedToken, "invalid tuple index `" + std::string(digits) + "`", index_span);
  t->index = static_cast<std::uint32_t>(value);
  return t;
}

ast::Expr* Builder::postfix_ops(ast::Expr* base, P::PostfixOpsContext* ctx) {
  const std::vector<ParseTree*>& kids = ctx->children;
  if (kids.empty() || !base) return base;
  if (!enter_depth(kids.size(), base->span)) {
    leave_depth(kids.size());
    return base;
  }
  for (ParseTree* kid : kids) base = postfix_one(base, static_cast<ParserRuleContext*>(kid));
  leave_depth(kids.size());
  return base;
}

ast::Expr* Builder::block_cont(ast::Expr* base, P::BlockContContext* ctx) {
  const std::vector<ParseTree*>& kids = ctx->children;
  if (!enter_depth(kids.size(), base->span)) {
    leave_depth(kids.size());
    return base;
  }
  for (ParseTree* kid : kids) base = postfix_one(base, static_cast<ParserRuleContext*>(kid));
  leave_depth(kids.size());
  return base;
}

}  // namespace asyncc::parse
