// Helpers shared by the AST builder's files (internal to compiler/parse).
#pragma once

#include <cstddef>
#include <vector>

#include "ADSLParser.h"
#include "compiler/ast/ast.hpp"

namespace asyncc::parse::builder_util {

using P = grammar::ADSLParser;
using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

inline TerminalNode* as_token(ParseTree* node) { return dynamic_cast<TerminalNode*>(node); }
inline ParserRuleContext* as_rule(ParseTree* node) { return dynamic_cast<ParserRuleContext*>(node); }

inline std::size_t token_type(ParseTree* node) {
  auto* t = as_token(node);
  return t ? t->getSymbol()->getType() : 0;
}

inline std::size_t rule_index(ParseTree* node) {
  auto* r = as_rule(node);
  return r ? r->getRuleIndex() : static_cast<std::size_t>(-1);
}

template <class T>
ast::List<T> list(ast::Arena& arena, const std::vector<T>& values) {
  return ast::make_list(arena, values);
}

}  // namespace asyncc::parse::builder_util
