// Turns "the parser stopped at this token; these tokens would have been accepted" into a
// diagnostic worded and placed as rustc 1.95 does (`expected one of `,` or `)`, found `;``).
#pragma once

#include <vector>

#include "compiler/diag/diagnostic.hpp"
#include "compiler/parse/lexer.hpp"

namespace asyncc::parse {

struct SyntaxErrorSite {
  Token found;     // the token the parser could not accept (Eof at the end)
  Token previous;  // the token before it
  Token next;      // the token after it
  bool has_previous = false;
  std::size_t rule = 0;        // the innermost grammar rule when the parser failed
  bool in_match_arms = false;  // failed between match arms (rustc: "expected `,` following `match` arm")
  bool in_match = false;
  bool in_let = false;
  bool in_struct_literal = false;
  source::Span struct_name;  // the struct (literal or declaration) being parsed, if any
  TokenKind item_before = TokenKind::Eof;  // for a stray `;` after `}`: the item keyword
};

/// `viable` lists the token kinds that would have been accepted at `found`.
diag::Diagnostic describe_syntax_error(const source::SourceFile& file, const SyntaxErrorSite& site,
                                       const std::vector<TokenKind>& viable);

/// How rustc names a token in "found …": "keyword `let`", "`;`", "`x`", "`<eof>`".
std::string describe_found(const source::SourceFile& file, const Token& token);

bool is_keyword(TokenKind kind);

}  // namespace asyncc::parse
