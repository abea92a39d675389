// Parse tree → AST: blocks, statements and expressions. See builder.hpp.
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

namespace {

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
      std::uint64_t value = 0;
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
        if (lit->overflow || value > (UINT64_MAX - digit) / base) {
          lit->overflow = true;  // saturate; sema reports `literal out of range`
          value = UINT64_MAX;
          continue;
        }
        value = value * base + digit;
      }
      lit->value = value;
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
