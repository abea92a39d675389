// The ADSL lexer (LANGUAGE.md §1), hand-written: it works on bytes, so spans are byte offsets
// with no conversion, and it settles Rust's lexical corner cases before the parser sees them
// (nested block comments, raw strings, char literals vs lifetimes, `t.0.1`, `>>` in types).
// Comments and whitespace are dropped; every other token is kept, errors included, so the
// parser can go on after a lexical error.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::parse {

enum class TokenKind : std::uint8_t {
#define ASYNCC_TOKEN(Name, Spelling) Name,
#define ASYNCC_CLASS(Name, Description) Name,
#include "grammar/token_kind.def"
  Eof,
};

inline constexpr std::size_t token_kind_count = static_cast<std::size_t>(TokenKind::Eof) + 1;

/// The kind's name as listed in token_kind.def (`KwFn`, `LParen`, `Eof`).
std::string_view token_kind_name(TokenKind kind);
/// What diagnostics call the kind: `` `fn` `` for fixed tokens, `identifier` for classes.
std::string_view token_kind_description(TokenKind kind);
/// The fixed spelling (`fn`, `(`), or empty for token classes.
std::string_view token_kind_spelling(TokenKind kind);

struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::Eof;

  [[nodiscard]] source::Span span() const { return {begin, end}; }
};

/// Lexes the whole file; the last token is always Eof (an empty span at the end). Lexical
/// errors (unknown characters, unterminated literals or comments, bad suffixes and escapes)
/// are reported to `sink`; `had_fatal` is set when the rest of the file could not be lexed
/// meaningfully (an unterminated string or block comment swallowed it).
std::vector<Token> lex(const source::SourceFile& file, diag::DiagSink& sink, bool* had_fatal = nullptr);

/// Decodes the contents of a string or char literal token (quotes, `r#` and escapes
/// removed). The token must have lexed without errors.
std::string unescape_literal(std::string_view token_text);

}  // namespace asyncc::parse
