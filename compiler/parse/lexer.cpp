// The hand-written ADSL lexer; see lexer.hpp. Diagnostics follow rustc 1.95's wording.
#include "compiler/parse/lexer.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

namespace asyncc::parse {

namespace {

struct KindInfo {
  std::string_view name;
  std::string_view spelling;     // empty for classes
  std::string_view description;  // for classes
};

constexpr KindInfo kind_infos[] = {
#define ASYNCC_TOKEN(Name, Spelling) {#Name, Spelling, {}},
#define ASYNCC_CLASS(Name, Description) {#Name, {}, Description},
#include "grammar/token_kind.def"
    {"Eof", {}, "end of file"},
};
static_assert(std::size(kind_infos) == token_kind_count);

struct Keyword {
  std::string_view text;
  TokenKind kind;
};

constexpr Keyword keywords[] = {
#define ASYNCC_KEYWORD(Name, Spelling) {Spelling, TokenKind::Name},
#include "grammar/token_kind.def"
};

bool is_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_continue(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Length in bytes of the UTF-8 sequence starting with `c` (1 for invalid lead bytes).
std::uint32_t utf8_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

class Lexer {
 public:
  Lexer(const source::SourceFile& file, diag::DiagSink& sink)
      : sink_(sink), text_(file.text()), size_(static_cast<std::uint32_t>(text_.size())) {}

  std::vector<Token> run(bool* had_fatal) {
    std::vector<Token> tokens;
    tokens.reserve(size_ / 4 + 16);
    while (true) {
      skip_trivia();
      if (pos_ >= size_) break;
      const std::uint32_t begin = pos_;
      const TokenKind kind = next(tokens.empty() ? TokenKind::Eof : tokens.back().kind);
      if (kind != TokenKind::Eof) tokens.push_back({begin, pos_, kind});
    }
    tokens.push_back({size_, size_, TokenKind::Eof});
    if (had_fatal) *had_fatal = fatal_;
    return tokens;
  }

 private:
  [[nodiscard]] unsigned char peek(std::uint32_t ahead = 0) const {
    return pos_ + ahead < size_ ? static_cast<unsigned char>(text_[pos_ + ahead]) : 0;
  }

  void error(diag::Kind kind, std::string message, source::Span span, std::string label = {}) {
    sink_.emit(diag::Diagnostic::make(kind, std::move(message)).primary(span, std::move(label)));
  }

  void skip_trivia() {
    while (pos_ < size_) {
      const unsigned char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        const void* nl = std::memchr(text_.data() + pos_, '\n', size_ - pos_);
        pos_ = nl ? static_cast<std::uint32_t>(static_cast<const char*>(nl) - text_.data()) : size_;
      } else if (c == '/' && peek(1) == '*') {
        block_comment();
      } else {
        return;
      }
    }
  }

  void block_comment() {
    const std::uint32_t begin = pos_;
    pos_ += 2;
    std::uint32_t depth = 1;
    // rustc points at the last nested comment, which is likely the one meant to be closed.
    std::uint32_t last_nested_open = 0;
    std::uint32_t last_nested_close = 0;
    std::vector<std::uint32_t> opens;
    while (pos_ < size_) {
      if (peek() == '/' && peek(1) == '*') {
        opens.push_back(pos_);
        pos_ += 2;
        ++depth;
      } else if (peek() == '*' && peek(1) == '/') {
        if (!opens.empty()) {
          last_nested_open = opens.back();
          last_nested_close = pos_;
          opens.pop_back();
        }
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
    fatal_ = true;
    auto d = diag::Diagnostic::make(diag::Kind::UnterminatedBlockComment, "unterminated block comment");
    if (last_nested_close != 0) {
      d.primary({begin, size_}, "unterminated block comment");
      d.secondary({begin, begin + 2});
      d.secondary({last_nested_open, last_nested_open + 2},
                  "...as last nested comment starts here, maybe you want to close this instead?");
      d.secondary({last_nested_close, last_nested_close + 2}, "...and last nested comment terminates here.");
    } else {
      d.primary({begin, size_});
    }
    sink_.emit(std::move(d));
  }

  TokenKind next(TokenKind previous) {
    const unsigned char c = peek();
    if (is_ident_start(c)) return identifier_or_keyword();
    if (is_digit(c)) return number(previous == TokenKind::Dot);
    switch (c) {
      case '"': return string(pos_, 0, false);
      case '\'': return quote();
      case '(': return single(TokenKind::LParen);
      case ')': return single(TokenKind::RParen);
      case '[': return single(TokenKind::LBracket);
      case ']': return single(TokenKind::RBracket);
      case '{': return single(TokenKind::LBrace);
      case '}': return single(TokenKind::RBrace);
      case ',': return single(TokenKind::Comma);
      case ';': return single(TokenKind::Semi);
      case '#': return single(TokenKind::Pound);
      case '$': return single(TokenKind::Dollar);
      case '?': return single(TokenKind::Question);
      case '~': return single(TokenKind::Tilde);
      case '@': return single(TokenKind::At);
      case ':': return peek(1) == ':' ? fixed(2, TokenKind::PathSep) : single(TokenKind::Colon);
      case '.':
        if (peek(1) == '.') {
          if (peek(2) == '.') return fixed(3, TokenKind::DotDotDot);
          if (peek(2) == '=') return fixed(3, TokenKind::DotDotEq);
          return fixed(2, TokenKind::DotDot);
        }
        return single(TokenKind::Dot);
      case '=':
        if (peek(1) == '=') return fixed(2, TokenKind::EqEq);
        if (peek(1) == '>') return fixed(2, TokenKind::FatArrow);
        return single(TokenKind::Eq);
      case '!': return peek(1) == '=' ? fixed(2, TokenKind::Ne) : single(TokenKind::Not);
      case '<':
        if (peek(1) == '=') return fixed(2, TokenKind::Le);
        if (peek(1) == '<') return peek(2) == '=' ? fixed(3, TokenKind::ShlEq) : fixed(2, TokenKind::Shl);
        return single(TokenKind::Lt);
      case '>':
        // `>` is always one token; GtJoint marks one glued to a following `>` or `=`.
        return (peek(1) == '>' || peek(1) == '=') ? single(TokenKind::GtJoint) : single(TokenKind::Gt);
      case '-':
        if (peek(1) == '>') return fixed(2, TokenKind::Arrow);
        return peek(1) == '=' ? fixed(2, TokenKind::MinusEq) : single(TokenKind::Minus);
      case '+': return peek(1) == '=' ? fixed(2, TokenKind::PlusEq) : single(TokenKind::Plus);
      case '*': return peek(1) == '=' ? fixed(2, TokenKind::StarEq) : single(TokenKind::Star);
      case '/': return peek(1) == '=' ? fixed(2, TokenKind::SlashEq) : single(TokenKind::Slash);
      case '%': return peek(1) == '=' ? fixed(2, TokenKind::PercentEq) : single(TokenKind::Percent);
      case '^': return peek(1) == '=' ? fixed(2, TokenKind::CaretEq) : single(TokenKind::Caret);
      case '&':
        if (peek(1) == '&') return fixed(2, TokenKind::AndAnd);
        return peek(1) == '=' ? fixed(2, TokenKind::AndEq) : single(TokenKind::And);
      case '|':
        if (peek(1) == '|') return fixed(2, TokenKind::OrOr);
        return peek(1) == '=' ? fixed(2, TokenKind::OrEq) : single(TokenKind::Or);
      default: break;
    }
    return unknown();
  }

  TokenKind single(TokenKind kind) {
    ++pos_;
    return kind;
  }
  TokenKind fixed(std::uint32_t length, TokenKind kind) {
    pos_ += length;
    return kind;
  }

  TokenKind unknown() {
    const std::uint32_t begin = pos_;
    const unsigned char c = peek();
    std::uint32_t length = utf8_length(c);
    if (begin + length > size_) length = size_ - begin;
    pos_ += length;
    std::string shown;
    if (c < 0x80 && c >= 0x20 && c != 0x7f) {
      shown.assign(1, static_cast<char>(c));
    } else {
      // rustc prints non-printable and non-ASCII characters as `\u{..}`.
      std::uint32_t cp = c;
      if (length > 1) {
        cp = c & (0xFFu >> (length + 1));
        for (std::uint32_t i = 1; i < length; ++i) {
          cp = (cp << 6) | (static_cast<unsigned char>(text_[begin + i]) & 0x3Fu);
        }
      }
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "\\u{%x}", cp);
      shown = buffer;
    }
    error(diag::Kind::UnknownToken, "unknown start of token: " + shown, {begin, pos_});
    return TokenKind::Eof;  // dropped
  }

  TokenKind identifier_or_keyword() {
    const std::uint32_t begin = pos_;
    // Raw strings: r"…", r#"…"#.
    if (peek() == 'r' && (peek(1) == '"' || (peek(1) == '#' && (peek(2) == '"' || peek(2) == '#')))) {
      return raw_string();
    }
    if (peek() == 'r' && peek(1) == '#' && is_ident_start(peek(2))) {
      pos_ += 2;
      while (pos_ < size_ && is_ident_continue(peek())) ++pos_;
      sink_.emit(diag::Diagnostic::make(diag::Kind::UnsupportedFeature, "raw identifiers are not supported in ADSL")
                     .primary({begin, pos_}));
      return TokenKind::Ident;
    }
    if (peek() == 'b' && (peek(1) == '"' || peek(1) == '\'' || (peek(1) == 'r' && (peek(2) == '"' || peek(2) == '#')))) {
      // Byte strings and byte chars are outside ADSL v1: lex them as their text form and
      // report once.
      ++pos_;
      const TokenKind kind = peek() == 'r' ? raw_string() : peek() == '"' ? string(begin, 0, false) : quote();
      sink_.emit(diag::Diagnostic::make(diag::Kind::UnsupportedFeature,
                                        "byte literals are not supported in ADSL")
                     .primary({begin, pos_}));
      return kind;
    }
    while (pos_ < size_ && is_ident_continue(peek())) ++pos_;
    const std::string_view word = text_.substr(begin, pos_ - begin);
    if (word.size() == 1 && word[0] == '_') return TokenKind::Underscore;
    if (word.size() >= 2 && word.size() <= 8) {
      for (const Keyword& keyword : keywords) {
        if (keyword.text == word) return keyword.kind;
      }
    }
    return TokenKind::Ident;
  }

  TokenKind raw_string() {
    const std::uint32_t begin = pos_;
    ++pos_;  // r
    std::uint32_t hashes = 0;
    while (peek() == '#') {
      ++hashes;
      ++pos_;
    }
    if (peek() != '"') {
      error(diag::Kind::UnknownToken, "found invalid character; only `#` is allowed in raw string delimitation",
            {pos_, pos_ + 1});
      return TokenKind::Ident;
    }
    ++pos_;
    while (pos_ < size_) {
      if (peek() == '"') {
        std::uint32_t count = 0;
        while (count < hashes && peek(1 + count) == '#') ++count;
        if (count == hashes) {
          pos_ += 1 + hashes;
          return TokenKind::RawStrLit;
        }
      }
      ++pos_;
    }
    fatal_ = true;
    error(diag::Kind::UnterminatedString, "unterminated raw string", {begin, begin + 1 + hashes + 1},
          "unterminated raw string");
    return TokenKind::RawStrLit;
  }

  /// Checks one escape starting at the backslash `pos_`; advances past it.
  void escape(bool in_char) {
    const std::uint32_t backslash = pos_;
    ++pos_;
    const unsigned char c = peek();
    switch (c) {
      case 'n': case 'r': case 't': case '\\': case '"': case '\'': case '0':
        ++pos_;
        return;
      case '\n':
        if (!in_char) {
          ++pos_;
          return;
        }
        break;
      case '\r':
        if (!in_char && peek(1) == '\n') {
          pos_ += 2;
          return;
        }
        break;
      case 'x': {
        ++pos_;
        const unsigned char h = peek(), l = peek(1);
        if (!is_hex_digit(h) || !is_hex_digit(l)) {
          error(diag::Kind::UnknownEscape, "numeric character escape is too short", {backslash, pos_ + (is_hex_digit(h) ? 1u : 0u)});
          while (is_hex_digit(peek())) ++pos_;
          return;
        }
        pos_ += 2;
        if (h > '7') {
          auto d = diag::Diagnostic::make(diag::Kind::UnknownEscape, "out of range hex escape");
          d.primary({backslash, pos_}, "must be a character in the range [\\x00-\\x7f]");
          sink_.emit(std::move(d));
        }
        return;
      }
      case 'u': {
        ++pos_;
        if (peek() != '{') {
          error(diag::Kind::UnknownEscape, "incorrect unicode escape sequence", {backslash, pos_},
                "incorrect unicode escape sequence");
          return;
        }
        ++pos_;
        std::uint32_t value = 0;
        std::uint32_t digits = 0;
        while (pos_ < size_ && peek() != '}') {
          const unsigned char d = peek();
          if (d == '_') {
            ++pos_;
            continue;
          }
          if (!is_hex_digit(d)) {
            error(diag::Kind::UnknownEscape,
                  std::string("invalid character in unicode escape: `") + static_cast<char>(d) + "`",
                  {pos_, pos_ + utf8_length(d)}, "invalid character in unicode escape");
            while (pos_ < size_ && peek() != '}' && peek() != '"' && peek() != '\n') ++pos_;
            if (peek() == '}') ++pos_;
            return;
          }
          value = value * 16 + static_cast<std::uint32_t>(is_digit(d) ? d - '0' : (d | 0x20) - 'a' + 10);
          if (++digits > 6) value = 0x110000;
          ++pos_;
        }
        if (peek() != '}') {
          error(diag::Kind::UnknownEscape, "unterminated unicode escape", {backslash, pos_},
                "missing a closing `}`");
          return;
        }
        ++pos_;
        if (digits == 0) {
          error(diag::Kind::UnknownEscape, "empty unicode escape", {backslash, pos_}, "this escape must have at least 1 hex digit");
        } else if (value > 0x10FFFF) {
          error(diag::Kind::UnknownEscape, "invalid unicode character escape", {backslash, pos_},
                "invalid escape");
        } else if (value >= 0xD800 && value <= 0xDFFF) {
          error(diag::Kind::UnknownEscape, "invalid unicode character escape", {backslash, pos_},
                "invalid escape");
        }
        return;
      }
      default: break;
    }
    const std::uint32_t length = c == 0 ? 0 : utf8_length(c);
    std::string shown(text_.substr(pos_, length));
    if (c == '\n') shown = "\\n";
    auto d = diag::Diagnostic::make(diag::Kind::UnknownEscape, "unknown character escape: `" + shown + "`");
    d.primary({pos_, pos_ + length}, "unknown character escape");
    d.help("for more information, visit <https://doc.rust-lang.org/reference/tokens.html#literals>");
    if (c != '\n' && c != '\r') {
      const std::string message =
          "if you meant to write a literal backslash (perhaps escaping in a regular expression), consider a raw "
          "string literal";
      if (in_char) {
        // rustc suggests the raw string `r"\q"` for the whole char literal.
        std::uint32_t end = pos_ + length;
        while (end < size_ && text_[end] != '\'' && text_[end] != '\n') ++end;
        if (end < size_ && text_[end] == '\'') {
          std::string body(text_.substr(literal_begin_ + 1, end - literal_begin_ - 1));
          d.suggest(message, {literal_begin_, end + 1}, "r\"" + body + "\"");
        }
      } else {
        d.suggest(message, {literal_begin_, literal_begin_}, "r");
      }
    }
    sink_.emit(std::move(d));
    pos_ += length;
  }

  /// A `"…"` string starting at `pos_` (the token began at `begin`).
  TokenKind string(std::uint32_t begin, int /*unused*/, bool /*unused*/) {
    literal_begin_ = pos_;
    ++pos_;
    while (pos_ < size_) {
      const unsigned char c = peek();
      if (c == '"') {
        ++pos_;
        return TokenKind::StrLit;
      }
      if (c == '\\') {
        escape(false);
      } else {
        ++pos_;
      }
    }
    fatal_ = true;
    auto d = diag::Diagnostic::make(diag::Kind::UnterminatedString, "unterminated double quote string");
    d.primary({begin, size_});
    sink_.emit(std::move(d));
    return TokenKind::StrLit;
  }

  /// `'`: a char literal, or a lifetime / label (`'a`, `'outer`).
  TokenKind quote() {
    const std::uint32_t begin = pos_;
    literal_begin_ = pos_;
    ++pos_;
    const unsigned char c = peek();
    if (is_ident_start(c) && peek(1) != '\'') {
      std::uint32_t end = pos_;
      while (end < size_ && is_ident_continue(static_cast<unsigned char>(text_[end]))) ++end;
      if (end < size_ && text_[end] == '\'') {
        // 'ab' — several characters in a char literal.
        pos_ = end + 1;
        too_long_char(begin);
        return TokenKind::CharLit;
      }
      pos_ = end;
      return TokenKind::Lifetime;
    }
    if (c == '\\') {
      escape(true);
    } else if (c == '\'' || c == '\n' || c == 0) {
      if (c == '\'') {
        ++pos_;
        error(diag::Kind::InvalidLiteral, "empty character literal", {begin + 1, begin + 1}, "empty character literal");
        return TokenKind::CharLit;
      }
    } else {
      pos_ += utf8_length(c);
    }
    if (peek() == '\'') {
      ++pos_;
      return TokenKind::CharLit;
    }
    // More than one character, or no closing quote on this line.
    std::uint32_t end = pos_;
    while (end < size_ && text_[end] != '\'' && text_[end] != '\n') ++end;
    if (end < size_ && text_[end] == '\'') {
      pos_ = end + 1;
      too_long_char(begin);
      return TokenKind::CharLit;
    }
    pos_ = end;
    fatal_ = true;
    error(diag::Kind::UnterminatedChar, "unterminated character literal", {begin, pos_});
    pos_ = size_;
    return TokenKind::CharLit;
  }

  void too_long_char(std::uint32_t begin) {
    auto d = diag::Diagnostic::make(diag::Kind::InvalidLiteral, "character literal may only contain one codepoint");
    d.primary({begin, pos_});
    d.suggest("if you meant to write a string literal, use double quotes", {begin, pos_},
              "\"" + std::string(text_.substr(begin + 1, pos_ - begin - 2)) + "\"",
              diag::Applicability::MachineApplicable);
    sink_.emit(std::move(d));
  }

  /// Numbers. After a `.` only an integer is lexed, so `t.0.1` is `t . 0 . 1`.
  TokenKind number(bool after_dot) {
    const std::uint32_t begin = pos_;
    int base = 10;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'o' || peek(1) == 'b')) {
      base = peek(1) == 'x' ? 16 : peek(1) == 'o' ? 8 : 2;
      pos_ += 2;
    }
    const std::uint32_t digits_begin = pos_;
    bool any_digit = false;
    while (pos_ < size_) {
      const unsigned char c = peek();
      if (c == '_') {
        ++pos_;
      } else if (base == 16 ? is_hex_digit(c) : is_digit(c)) {
        if (base == 2 && c > '1') {
          error(diag::Kind::InvalidNumberLiteral, "invalid digit for a base 2 literal", {pos_, pos_ + 1});
        } else if (base == 8 && c > '7') {
          error(diag::Kind::InvalidNumberLiteral, "invalid digit for a base 8 literal", {pos_, pos_ + 1});
        }
        any_digit = true;
        ++pos_;
      } else {
        break;
      }
    }
    (void)digits_begin;
    if (base != 10) {
      if (!any_digit) {
        auto d = diag::Diagnostic::make(diag::Kind::InvalidNumberLiteral, "no valid digits found for number");
        d.code = "E0768";
        d.primary({begin, pos_});
        sink_.emit(std::move(d));
      }
      suffix(begin, false);
      return TokenKind::IntLit;
    }
    bool is_float = false;
    if (!after_dot && peek() == '.' && peek(1) != '.' && !is_ident_start(peek(1))) {
      is_float = true;
      ++pos_;
      while (pos_ < size_ && (is_digit(peek()) || peek() == '_')) ++pos_;
    }
    if (!after_dot && (peek() == 'e' || peek() == 'E')) {
      std::uint32_t ahead = 1;
      if (peek(1) == '+' || peek(1) == '-') ahead = 2;
      std::uint32_t scan = ahead;
      while (peek(scan) == '_') ++scan;
      if (is_digit(peek(scan))) {
        is_float = true;
        pos_ += scan;
        while (pos_ < size_ && (is_digit(peek()) || peek() == '_')) ++pos_;
      } else {
        is_float = true;
        pos_ += ahead;
        error(diag::Kind::InvalidNumberLiteral, "expected at least one digit in exponent", {begin, pos_});
      }
    }
    suffix(begin, is_float);
    return is_float ? TokenKind::FloatLit : TokenKind::IntLit;
  }

  void suffix(std::uint32_t begin, bool is_float) {
    if (!is_ident_start(peek())) return;
    const std::uint32_t suffix_begin = pos_;
    while (pos_ < size_ && is_ident_continue(peek())) ++pos_;
    const std::string_view s = text_.substr(suffix_begin, pos_ - suffix_begin);
    static constexpr std::string_view int_suffixes[] = {"i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64", "usize"};
    bool is_int_suffix = false;
    for (std::string_view v : int_suffixes) is_int_suffix |= v == s;
    if (s == "f64" || s == "f32") {
      if (s == "f32") {
        sink_.emit(diag::Diagnostic::make(diag::Kind::UnsupportedFeature, "`f32` is not supported in ADSL")
                       .primary({begin, pos_})
                       .help("use `f64`"));
      }
      return;
    }
    if (is_int_suffix && !is_float) return;
    auto d = diag::Diagnostic::make(diag::Kind::InvalidLiteralSuffix,
                                    "invalid suffix `" + std::string(s) + "` for " +
                                        (is_float ? "float" : "number") + " literal");
    d.primary({begin, pos_}, "invalid suffix `" + std::string(s) + "`");
    d.help(is_float ? "valid suffixes are `f32` and `f64`"
                    : "the suffix must be one of the numeric types (`u32`, `isize`, `f32`, etc.)");
    sink_.emit(std::move(d));
  }

  diag::DiagSink& sink_;
  std::string_view text_;
  std::uint32_t size_;
  std::uint32_t pos_ = 0;
  std::uint32_t literal_begin_ = 0;  // the opening quote of the string or char being lexed
  bool fatal_ = false;
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view token_kind_name(TokenKind kind) { return kind_infos[static_cast<std::size_t>(kind)].name; }

std::string_view token_kind_spelling(TokenKind kind) {
  return kind_infos[static_cast<std::size_t>(kind)].spelling;
}

std::string_view token_kind_description(TokenKind kind) {
  return kind_infos[static_cast<std::size_t>(kind)].description;
}

std::vector<Token> lex(const source::SourceFile& file, diag::DiagSink& sink, bool* had_fatal) {
  return Lexer(file, sink).run(had_fatal);
}

std::string unescape_literal(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  if (!text.empty() && text[0] == 'b') ++i;
  if (i < text.size() && text[i] == 'r') {
    ++i;
    std::size_t hashes = 0;
    while (i < text.size() && text[i] == '#') {
      ++hashes;
      ++i;
    }
    ++i;  // opening quote
    const std::size_t end = text.size() >= hashes + 1 ? text.size() - hashes - 1 : i;
    if (end > i) out.assign(text.substr(i, end - i));
    return out;
  }
  const char quote = i < text.size() ? text[i] : '"';
  ++i;
  std::size_t end = text.size();
  if (end > i && text[end - 1] == quote) --end;
  out.reserve(end - i);
  while (i < end) {
    char c = text[i];
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    ++i;
    if (i >= end) break;
    c = text[i++];
    switch (c) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case 'x': {
        std::uint32_t v = 0;
        for (int k = 0; k < 2 && i < end; ++k, ++i) {
          const char h = text[i];
          v = v * 16 + static_cast<std::uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        append_utf8(out, v);
        break;
      }
      case 'u': {
        std::uint32_t v = 0;
        if (i < end && text[i] == '{') ++i;
        while (i < end && text[i] != '}') {
          const char h = text[i++];
          if (h == '_') continue;
          v = v * 16 + static_cast<std::uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        ++i;
        append_utf8(out, v);
        break;
      }
      case '\r':
      case '\n':
        // Line continuation: skip the newline and the next line's leading whitespace.
        while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
        break;
      default: out += c; break;
    }
  }
  return out;
}

}  // namespace asyncc::parse
