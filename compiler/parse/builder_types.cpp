// Parse tree → AST: types, paths and patterns. See builder.hpp.
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

}  // namespace asyncc::parse
