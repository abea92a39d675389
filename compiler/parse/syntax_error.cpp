// Syntax error wording after rustc's `expected_one_of_not_found` (rustc_parse diagnostics.rs).
#include "compiler/parse/syntax_error.hpp"

#include <algorithm>
#include <string>

namespace asyncc::parse {

namespace {

// Grammar rule indices the wording depends on (checked against ADSLParser in parser.cpp).
constexpr std::size_t grammar_rule_fn_item = 9;
constexpr std::size_t grammar_rule_struct_item = 14;

bool contains(const std::vector<TokenKind>& kinds, TokenKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool is_operator(TokenKind kind) {
  switch (kind) {
    case TokenKind::Plus: case TokenKind::Minus: case TokenKind::Star: case TokenKind::Slash:
    case TokenKind::Percent: case TokenKind::Caret: case TokenKind::And: case TokenKind::Or:
    case TokenKind::AndAnd: case TokenKind::OrOr: case TokenKind::Shl: case TokenKind::EqEq:
    case TokenKind::Ne: case TokenKind::Lt: case TokenKind::Le: case TokenKind::Gt: case TokenKind::GtJoint:
    case TokenKind::Eq: case TokenKind::PlusEq: case TokenKind::MinusEq: case TokenKind::StarEq:
    case TokenKind::SlashEq: case TokenKind::PercentEq: case TokenKind::CaretEq: case TokenKind::AndEq:
    case TokenKind::OrEq: case TokenKind::ShlEq: case TokenKind::KwAs: case TokenKind::DotDot:
    case TokenKind::DotDotEq: case TokenKind::DotDotDot:
      return true;
    default: return false;
  }
}

/// Keywords that may start a pattern (so they are not "a keyword used as a name" there).
bool starts_pattern(TokenKind kind) {
  switch (kind) {
    case TokenKind::KwMut: case TokenKind::KwRef: case TokenKind::KwTrue: case TokenKind::KwFalse:
    case TokenKind::KwSelfValue: case TokenKind::KwSelfType: case TokenKind::KwCrate: case TokenKind::KwSuper:
      return true;
    default: return false;
  }
}

bool starts_expression(TokenKind kind) {
  switch (kind) {
    case TokenKind::Ident: case TokenKind::IntLit: case TokenKind::FloatLit: case TokenKind::StrLit:
    case TokenKind::RawStrLit: case TokenKind::CharLit: case TokenKind::LParen: case TokenKind::LBracket:
    case TokenKind::KwTrue: case TokenKind::KwFalse: case TokenKind::KwSelfValue: case TokenKind::KwSelfType:
    case TokenKind::Not: case TokenKind::Minus: case TokenKind::And:
      return true;
    default: return false;
  }
}

std::string join_expected(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += items.size() == 2 ? " or " : (i + 1 == items.size() ? ", or " : ", ");
    out += items[i];
  }
  return out;
}

}  // namespace

bool is_keyword(TokenKind kind) {
  switch (kind) {
#define ASYNCC_KEYWORD(Name, Spelling) case TokenKind::Name:
#include "grammar/token_kind.def"
    return true;
    default: return false;
  }
}

std::string describe_found(const source::SourceFile& file, const Token& token) {
  if (token.kind == TokenKind::Eof) return "`<eof>`";
  const std::string text(file.text(token.span()));
  if (is_keyword(token.kind)) return "keyword `" + text + "`";
  return "`" + text + "`";
}

diag::Diagnostic describe_syntax_error(const source::SourceFile& file, const SyntaxErrorSite& site,
                                       const std::vector<TokenKind>& viable_in) {
  std::vector<TokenKind> viable = viable_in;
  const auto drop = [&](TokenKind kind) { std::erase(viable, kind); };
  // rustc does not offer `;` as the body of a free function (`fn f();` is a later error).
  if (site.rule == grammar_rule_fn_item) drop(TokenKind::Semi);
  const bool after_operand = contains(viable, TokenKind::Plus);
  const std::string found = describe_found(file, site.found);
  // At the end of the file rustc points at the last token.
  const source::Span found_span =
      site.found.kind == TokenKind::Eof && site.has_previous ? site.previous.span() : site.found.span();
  const source::Span after_previous{site.previous.end, site.previous.end};
  const bool new_line = site.has_previous && file.line_col(site.previous.end).line != file.line_col(site.found.begin).line;

  const auto simple = [&](std::string message, std::string label) {
    auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, std::move(message));
    d.primary(found_span, std::move(label));
    return d;
  };
  const auto keyword_as_identifier = [&] {
    auto d = diag::Diagnostic::make(diag::Kind::KeywordAsIdentifier, "expected identifier, found " + found);
    d.primary(found_span, "expected identifier, found keyword");
    return d;
  };

  // A missing `;` (or match-arm `,`) before a token on a later line: rustc points at the end
  // of the previous token and suggests the separator.
  if (new_line && site.in_match_arms && contains(viable, TokenKind::Comma)) {
    auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "expected `,` following `match` arm");
    d.primary(after_previous);
    d.suggest("missing a comma here to end this `match` arm", after_previous, ",");
    return d;
  }
  if (new_line && after_operand && contains(viable, TokenKind::Semi) && site.found.kind != TokenKind::Eof) {
    auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "expected `;`, found " + found);
    d.primary(after_previous);
    d.suggest_inline("add `;` here", after_previous, ";", diag::Applicability::MachineApplicable, false);
    d.secondary(found_span, "unexpected token");
    return d;
  }

  const bool expression_here = contains(viable, TokenKind::IntLit);
  const bool pattern_here = expression_here && contains(viable, TokenKind::Underscore) &&
                            !contains(viable, TokenKind::KwReturn);
  if (pattern_here) {
    if (is_keyword(site.found.kind) && !starts_pattern(site.found.kind)) {
      return keyword_as_identifier();
    }
    return simple("expected pattern, found " + found, "expected pattern");
  }
  if (expression_here) return simple("expected expression, found " + found, "expected expression");
  if (contains(viable, TokenKind::KwStruct) && contains(viable, TokenKind::KwFn)) {
    if (site.found.kind == TokenKind::Semi && site.item_before != TokenKind::Eof) {
      auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "expected item, found `;`");
      d.primary(found_span);
      switch (site.item_before) {
        case TokenKind::KwFn: d.help("function declarations are not followed by a semicolon"); break;
        case TokenKind::KwStruct: d.help("braced struct declarations are not followed by a semicolon"); break;
        case TokenKind::KwEnum: d.help("enum declarations are not followed by a semicolon"); break;
        default: break;
      }
      d.suggest("remove this semicolon", found_span, "", diag::Applicability::MachineApplicable);
      return d;
    }
    if (site.found.kind == TokenKind::KwLet) {
      auto d = simple("expected item, found " + found, "`let` cannot be used for global variables");
      d.suggest_inline("consider using `static` or `const` instead of `let`", found_span, "const",
                       diag::Applicability::MaybeIncorrect, false);
      d.note("for a full list of items that can appear in modules, see <https://doc.rust-lang.org/reference/items.html>");
      return d;
    }
    auto d = simple("expected item, found " + found, "expected item");
    d.note("for a full list of items that can appear in modules, see <https://doc.rust-lang.org/reference/items.html>");
    return d;
  }
  if (site.rule == grammar_rule_struct_item && site.has_previous && site.previous.kind == TokenKind::Ident) {
    return simple("expected `where`, `{`, `(`, or `;` after struct name, found " + found,
                  "expected `where`, `{`, `(`, or `;` after struct name");
  }
  if (contains(viable, TokenKind::KwDyn) && contains(viable, TokenKind::KwImpl)) {
    if (is_keyword(site.found.kind) && contains(viable, TokenKind::Ident) && site.found.kind != TokenKind::KwSelfType) {
      return simple("expected type, found " + found, "expected type");
    }
    return simple("expected type, found " + found, "expected type");
  }
  if (contains(viable, TokenKind::Ident) && is_keyword(site.found.kind)) return keyword_as_identifier();

  // The general form: `expected one of `a`, `b`, or an operator, found `x``.
  if (site.has_previous && site.previous.kind == TokenKind::Ident && contains(viable, TokenKind::At)) {
    // After a binding name rustc offers only what may follow a binding.
    for (TokenKind k : {TokenKind::PathSep, TokenKind::LParen, TokenKind::LBrace, TokenKind::DotDot,
                        TokenKind::DotDotEq, TokenKind::DotDotDot}) {
      drop(k);
    }
  }
  std::vector<std::string> items;
  const bool any_operator = after_operand;
  for (const TokenKind kind : viable) {
    if (any_operator && is_operator(kind)) continue;
    if (kind == TokenKind::Ident) {
      items.emplace_back("identifier");
      continue;
    }
    const std::string_view spelling = token_kind_spelling(kind);
    if (spelling.empty()) continue;  // literal classes, lifetimes
    std::string item(1, '`');  // (not "`" + …: GCC 12 reports a bogus -Wrestrict for that)
    item.append(spelling);
    item += '`';
    items.push_back(std::move(item));
  }
  if (any_operator) {
    // rustc does not list call/index brackets after an operand.
    std::erase(items, std::string("`(`"));
    std::erase(items, std::string("`[`"));
  }
  if (site.in_let && any_operator && contains(viable, TokenKind::Semi)) items.emplace_back("`else`");  // let-else
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  if (any_operator) items.emplace_back("an operator");

  if (items.empty()) {
    auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, "unexpected token: " + found);
    d.primary(found_span, "unexpected token");
    return d;
  }
  const std::string list = join_expected(items);
  std::string message;
  std::string label;
  if (items.size() == 1) {
    message = "expected " + list + ", found " + found;
    label = "expected " + list;
  } else {
    message = "expected one of " + list + ", found " + found;
    label = items.size() > 6 ? "expected one of " + std::to_string(items.size()) + " possible tokens"
                             : "expected one of " + list;
  }
  auto d = diag::Diagnostic::make(diag::Kind::UnexpectedToken, message);
  if (site.struct_name.end != 0) d.secondary(site.struct_name, "while parsing this struct");
  if (new_line && site.found.kind != TokenKind::Eof) {
    d.primary(found_span, "unexpected token");
    d.secondary(after_previous, label);
  } else {
    d.primary(found_span, label);
  }
  if (site.in_struct_literal && site.found.kind == TokenKind::Ident && site.next.kind == TokenKind::Colon &&
      contains(viable, TokenKind::Comma)) {
    d.suggest_inline("try adding a comma", after_previous, ",", diag::Applicability::MachineApplicable);
  } else if (!new_line && contains(viable, TokenKind::Comma) &&
             (contains(viable, TokenKind::RParen) || contains(viable, TokenKind::RBracket)) &&
             starts_expression(site.found.kind)) {
    // In an argument or element list, two expressions side by side miss a comma.
    d.suggest_inline("missing `,`", after_previous, ",", diag::Applicability::MaybeIncorrect, false);
  }
  return d;
}

}  // namespace asyncc::parse
