// The AST builder: turns ANTLR parse-tree contexts into ast nodes right away (internal to
// compiler/parse). It applies what the grammar leaves flat (operator precedence, Rust's
// chained-comparison rule, the block tail rule, match-arm commas) and rejects Rust features
// outside ADSL v1 with `error: <feature> is not supported in ADSL`.
#pragma once

#include <vector>

#include "ADSLParser.h"
#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::parse {

class Builder {
 public:
  Builder(const source::SourceFile& file, diag::DiagSink& sink, ast::Arena& arena)
      : file_(file), sink_(sink), arena_(arena) {}

  /// Appends the items of one parsed chunk to `out`; items with errors are left out.
  void build_file(grammar::ADSLParser::FileContext* ctx, std::vector<ast::Item*>& out);

 private:
  using P = grammar::ADSLParser;

  // items
  ast::Item* item(P::ItemContext* ctx);
  ast::Item* fn_item(P::FnItemContext* ctx);
  ast::Item* struct_item(P::StructItemContext* ctx);
  ast::Item* enum_item(P::EnumItemContext* ctx);
  ast::Item* impl_item(P::ImplItemContext* ctx);
  ast::Item* extern_block(P::ExternBlockContext* ctx);
  ast::Item* const_item(P::ConstItemContext* ctx);
  ast::List<ast::Attribute> attributes(const std::vector<P::OuterAttrContext*>& attrs);
  bool visibility(P::VisibilityContext* ctx);
  ast::List<ast::FieldDecl> struct_fields(P::StructFieldsContext* ctx);
  ast::List<ast::FieldDecl> tuple_fields(P::TupleFieldsContext* ctx);
  void generic_params(P::GenericParamsContext* ctx);
  void where_clause(P::WhereClauseContext* ctx);

  // types and paths
  ast::Type* type(P::TypeContext* ctx);
  ast::Path type_path(P::TypePathContext* ctx);
  ast::Path expr_path(P::PathExprContext* ctx);
  ast::List<ast::GenericArg> generic_args(P::GenericArgsContext* ctx);
  void check_path_segment(std::string_view name, source::Span span);

  // patterns
  ast::Pattern* pattern(P::PatternContext* ctx);
  ast::Pattern* pattern_no_top(P::PatternNoTopContext* ctx);
  ast::Expr* pat_literal(P::PatLiteralContext* ctx);
  ast::List<ast::Pattern*> pat_list(P::PatListContext* ctx, bool* trailing_comma);

  // statements and blocks
  ast::Block* block(P::BlockContext* ctx);
  ast::Stmt* let_stmt(P::LetStmtContext* ctx);

  // expressions
  ast::Expr* expr(P::ExprContext* ctx);
  ast::Expr* expr_ns(P::ExprNSContext* ctx);
  ast::Expr* stmt_expr(P::StmtExprContext* ctx);
  /// The flat expression forms (expr, stmtExpr, binExpr, unaryExpr, …): children from
  /// `from`, optionally continuing `lhs` (a block-like expression at statement start).
  ast::Expr* sequence(antlr4::ParserRuleContext* ctx, std::size_t from, ast::Expr* lhs);
  ast::Expr* operand(antlr4::ParserRuleContext* ctx);
  ast::Expr* primary(antlr4::ParserRuleContext* ctx);
  ast::Expr* atom(P::AtomContext* ctx);
  ast::Expr* literal(antlr4::Token* token);
  ast::Expr* path_or_struct(P::PathExprContext* path, P::StructBodyContext* body);
  ast::Expr* paren(P::ParenExprContext* ctx);
  ast::Expr* macro_call(P::MacroCallContext* ctx);
  ast::Expr* block_like(P::BlockLikeExprContext* ctx);
  ast::Expr* block_like_no_brace(P::BlockLikeNoBraceContext* ctx);
  ast::Expr* if_expr(P::IfExprContext* ctx);
  ast::Expr* match_expr(P::MatchExprContext* ctx);
  ast::Expr* jump(P::JumpExprContext* ctx);
  ast::Expr* postfix_ops(ast::Expr* base, P::PostfixOpsContext* ctx);
  ast::Expr* postfix_one(ast::Expr* base, antlr4::ParserRuleContext* ctx);
  ast::Expr* block_cont(ast::Expr* base, P::BlockContContext* ctx);
  ast::Expr* method_call(ast::Expr* base, P::MethodCallContext* ctx);
  ast::Expr* binary_tail(ast::Expr* lhs, antlr4::ParserRuleContext* tail);
  ast::List<ast::Expr*> call_args(P::CallArgsContext* ctx);
  ast::Type* as_type(P::AsTypeContext* ctx);
  void cond(P::CondContext* ctx, ast::Pattern** let_pattern, ast::Expr** cond);

  // helpers
  source::Span span(antlr4::ParserRuleContext* ctx) const;
  static source::Span span(antlr4::tree::TerminalNode* node);
  static source::Span span(antlr4::Token* token);
  std::string_view text(source::Span span) const { return file_.text(span); }
  void unsupported(const std::string& feature, source::Span span, const std::string& note = {});
  void error(diag::Kind kind, const std::string& message, source::Span span, const std::string& label = {});
  ast::Expr* placeholder(source::Span span);
  bool enter_depth(std::size_t amount, source::Span span);
  void leave_depth(std::size_t amount) { ast_depth_ -= amount; }

  const source::SourceFile& file_;
  diag::DiagSink& sink_;
  ast::Arena& arena_;
  std::size_t ast_depth_ = 0;
  bool too_deep_reported_ = false;
};

}  // namespace asyncc::parse
