#include "compiler/driver/verify.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace asyncc::driver::verify {

namespace {

constexpr std::string_view directive_prefix = "expected-";

bool is_ident_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The text of one comment, without its `//`, `/*` and `*/`.
struct Comment {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Past the closing `"` of a string whose body starts at `i` (or the end of the text).
std::size_t skip_string(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (text[i] == '\\') {
      i += 2;
    } else if (text[i] == '"') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return text.size();
}

// `i` is at the `"` of a raw string opened with `hashes` `#`s: past its closing `"###`.
std::size_t skip_raw_string(std::string_view text, std::size_t i, std::size_t hashes) {
  const std::string close = "\"" + std::string(hashes, '#');
  const std::size_t at = text.find(close, i + 1);
  return at == std::string_view::npos ? text.size() : at + close.size();
}

// `i` is at a `'`: past a char literal, or just past the `'` of a lifetime or label.
std::size_t skip_quote(std::string_view text, std::size_t i) {
  if (i + 1 < text.size() && text[i + 1] == '\\') {
    std::size_t j = std::min(i + 3, text.size());  // past the escaped character
    while (j < text.size() && text[j] != '\'' && text[j] != '\n') ++j;
    return j < text.size() && text[j] == '\'' ? j + 1 : j;
  }
  if (i + 1 >= text.size()) return i + 1;
  const auto lead = static_cast<unsigned char>(text[i + 1]);
  const std::size_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  const std::size_t close = i + 1 + width;
  return close < text.size() && text[close] == '\'' ? close + 1 : i + 1;
}

// Every comment of `text`, found without the parser so that files it rejects still work.
std::vector<Comment> find_comments(std::string_view text) {
  std::vector<Comment> comments;
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '/' && at(i + 1) == '/') {
      const std::size_t end = std::min(text.find('\n', i + 2), text.size());
      comments.push_back({i + 2, end});
      i = end;
    } else if (c == '/' && at(i + 1) == '*') {
      std::size_t depth = 1;
      std::size_t j = i + 2;
      while (j < text.size() && depth > 0) {
        if (text[j] == '/' && at(j + 1) == '*') {
          ++depth;
          j += 2;
        } else if (text[j] == '*' && at(j + 1) == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      comments.push_back({i + 2, depth == 0 ? j - 2 : text.size()});  // unterminated: to the end
      i = j;
    } else if (c == '"') {
      i = skip_string(text, i + 1);
    } else if (c == '\'') {
      i = skip_quote(text, i);
    } else if (is_ident_char(c)) {
      // A whole word at once, so that `r"…"`/`br#"…"#` are seen only at the start of a word.
      std::size_t j = i;
      while (j < text.size() && is_ident_char(text[j])) ++j;
      const std::string_view word = text.substr(i, j - i);
      std::size_t hashes = 0;
      while (at(j + hashes) == '#') ++hashes;
      if ((word == "r" || word == "br") && at(j + hashes) == '"') {
        i = skip_raw_string(text, j + hashes, hashes);
      } else if (word == "b" && at(j) == '\'') {
        i = skip_quote(text, j);
      } else {
        i = j;
      }
    } else {
      ++i;
    }
  }
  return comments;
}

// Reads the directives of one comment.
class DirectiveParser {
 public:
  DirectiveParser(const source::SourceFile& file, Comment comment, Expectations& out, std::uint32_t& no_diag_line)
      : file_(file), text_(file.text()), end_(comment.end), pos_(comment.begin), out_(out),
        no_diag_line_(no_diag_line) {}

  void run() {
    while (true) {
      const std::size_t at = text_.substr(0, end_).find(directive_prefix, pos_);
      if (at == std::string_view::npos) return;
      pos_ = at + directive_prefix.size();
      if (at > 0 && is_ident_char(text_[at - 1])) continue;  // `unexpected-…` is prose
      line_ = file_.line_col(static_cast<std::uint32_t>(at)).line;
      directive();
    }
  }

 private:
  char peek() const { return pos_ < end_ ? text_[pos_] : '\0'; }
  void skip_blanks() {
    while (pos_ < end_ && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  void error(const std::string& message) {
    out_.errors.push_back(file_.name() + ":" + std::to_string(line_) + ": " + message);
  }
  // Digits at pos_ as a number (saturating); false when there are none.
  bool number(std::uint32_t& value) {
    if (!is_digit(peek())) return false;
    std::uint64_t v = 0;
    while (is_digit(peek())) {
      v = std::min<std::uint64_t>(v * 10 + static_cast<std::uint64_t>(peek() - '0'), 0xFFFFFFFFu);
      ++pos_;
    }
    value = static_cast<std::uint32_t>(v);
    return true;
  }

  void directive() {
    std::size_t word_end = pos_;
    while (word_end < end_ && ((text_[word_end] >= 'a' && text_[word_end] <= 'z') || text_[word_end] == '-')) {
      ++word_end;
    }
    const std::string_view word = text_.substr(pos_, word_end - pos_);
    pos_ = word_end;
    if (word == "no-diagnostics") {
      if (no_diag_line_ == 0) no_diag_line_ = line_;
      return;
    }
    Expectation e;
    e.directive_line = line_;
    e.line = line_;
    if (word == "error") {
      e.kind = ExpectKind::Error;
    } else if (word == "warning") {
      e.kind = ExpectKind::Warning;
    } else if (word == "note") {
      e.kind = ExpectKind::Note;
    } else if (word == "help") {
      e.kind = ExpectKind::Help;
    } else if (word == "label") {
      e.kind = ExpectKind::Label;
    } else {
      return error("unknown directive `expected-" + std::string(word) +
                   "` (expected-error, -warning, -note, -help, -label or -no-diagnostics)");
    }
    if (peek() == '[') {
      const std::size_t close = text_.substr(0, end_).find(']', pos_);
      if (close == std::string_view::npos || close == pos_ + 1) return error("invalid code in `[…]`");
      e.code = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      if (e.kind == ExpectKind::Label) return error("a label has no code");
    }
    if (peek() == '@' && !location(e)) return;
    skip_blanks();
    if (is_digit(peek())) {
      number(e.count);
      if (e.count == 0) return error("the count of a directive must be at least 1");
      skip_blanks();
    }
    if (text_.substr(pos_, 2) != "{{" || pos_ + 2 > end_) return error("cannot find start ('{{') of expected string");
    while (text_.substr(pos_, 2) == "{{" && pos_ + 2 <= end_) {
      const std::size_t close = text_.substr(0, end_).find("}}", pos_ + 2);
      if (close == std::string_view::npos) return error("cannot find end ('}}') of expected string");
      e.text = std::string(text_.substr(pos_ + 2, close - pos_ - 2));
      out_.items.push_back(e);
      pos_ = close + 2;
      skip_blanks();
    }
  }

  // `@+N`, `@-N`, `@N` or `@*` at pos_; false (after reporting) when malformed.
  bool location(Expectation& e) {
    ++pos_;  // `@`
    if (peek() == '*') {
      ++pos_;
      e.line = 0;
      return true;
    }
    const char sign = peek();
    if (sign == '+' || sign == '-') ++pos_;
    std::uint32_t n = 0;
    if (!number(n)) {
      error("expected `@+N`, `@-N`, `@N` or `@*` after the directive");
      return false;
    }
    const std::int64_t line = sign == '+' ? std::int64_t{line_} + n : sign == '-' ? std::int64_t{line_} - n : n;
    const std::uint32_t last = file_.line_col(file_.size()).line;  // not the empty "line" after a final newline
    if (line < 1 || line > std::int64_t{last}) {
      error("line " + std::to_string(line) + " is outside the file (1 to " + std::to_string(last) + ")");
      return false;
    }
    e.line = static_cast<std::uint32_t>(line);
    return true;
  }

  const source::SourceFile& file_;
  std::string_view text_;
  std::size_t end_;
  std::size_t pos_;
  Expectations& out_;
  std::uint32_t& no_diag_line_;
  std::uint32_t line_ = 0;
};

// One thing a diagnostic says that an expectation can match.
struct Seen {
  ExpectKind kind;
  std::uint32_t line;  // 0: the diagnostic has no span
  std::string code;
  const std::string* text;
  bool matched = false;
};

ExpectKind kind_of(diag::Level level) {
  switch (level) {
    case diag::Level::Error: return ExpectKind::Error;
    case diag::Level::Warning: return ExpectKind::Warning;
    case diag::Level::Note: return ExpectKind::Note;
    case diag::Level::Help: return ExpectKind::Help;
  }
  return ExpectKind::Error;
}

std::vector<Seen> flatten(const std::vector<diag::Diagnostic>& diagnostics, const source::SourceFile& file) {
  const auto line_of = [&](source::Span span) { return file.line_col(span.begin).line; };
  std::vector<Seen> seen;
  const auto add_labels = [&](const std::vector<diag::Label>& labels) {
    for (const diag::Label& label : labels) {
      if (!label.text.empty()) seen.push_back({ExpectKind::Label, line_of(label.span), "", &label.text});
    }
  };
  for (const diag::Diagnostic& d : diagnostics) {
    const std::uint32_t line = d.labels.empty() ? 0 : line_of(d.primary_span());
    seen.push_back({kind_of(d.level), line, d.code, &d.message});
    add_labels(d.labels);
    for (const diag::SubDiagnostic& child : d.children) {
      std::uint32_t child_line = line;
      if (!child.labels.empty()) {
        child_line = line_of(child.labels.front().span);
      } else if (!child.suggestions.empty()) {
        child_line = line_of(child.suggestions.front().span);
      }
      seen.push_back({kind_of(child.level), child_line, "", &child.message});
      add_labels(child.labels);
    }
  }
  return seen;
}

std::string where(const source::SourceFile& file, std::uint32_t line) {
  return "  File " + file.name() + " Line " + (line == 0 ? std::string("*") : std::to_string(line));
}

std::string with_code(const std::string& code, const std::string& text) {
  return code.empty() ? text : "[" + code + "] " + text;
}

}  // namespace

const char* expect_kind_name(ExpectKind kind) {
  switch (kind) {
    case ExpectKind::Error: return "error";
    case ExpectKind::Warning: return "warning";
    case ExpectKind::Note: return "note";
    case ExpectKind::Help: return "help";
    case ExpectKind::Label: return "label";
  }
  return "error";
}

Expectations scan_expectations(const source::SourceFile& file) {
  Expectations out;
  std::uint32_t no_diag_line = 0;
  for (const Comment& comment : find_comments(file.text())) {
    DirectiveParser(file, comment, out, no_diag_line).run();
  }
  out.no_diagnostics = no_diag_line != 0;
  if (out.no_diagnostics && !out.items.empty()) {
    out.errors.push_back(file.name() + ":" + std::to_string(no_diag_line) +
                         ": 'expected-no-diagnostics' cannot be combined with other expected directives");
  }
  if (!out.no_diagnostics && out.items.empty() && out.errors.empty()) {
    out.errors.emplace_back("no expected directives found: consider use of 'expected-no-diagnostics'");
  }
  return out;
}

std::string compare(const Expectations& expected, const std::vector<diag::Diagnostic>& diagnostics,
                    const source::SourceFile& file) {
  std::vector<Seen> seen = flatten(diagnostics, file);

  // The most specific expectations pick their diagnostic first, so that a vaguer one on the
  // same line cannot take the only diagnostic a more precise one could match.
  std::vector<std::size_t> order(expected.items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Expectation& x = expected.items[a];
    const Expectation& y = expected.items[b];
    if (x.code.empty() != y.code.empty()) return !x.code.empty();
    if ((x.line == 0) != (y.line == 0)) return x.line != 0;
    return x.text.size() > y.text.size();
  });
  std::vector<std::uint32_t> found(expected.items.size(), 0);
  for (const std::size_t i : order) {
    const Expectation& e = expected.items[i];
    for (Seen& s : seen) {
      if (found[i] == e.count) break;
      if (s.matched || s.kind != e.kind || (e.line != 0 && s.line != e.line)) continue;
      if ((!e.code.empty() && s.code != e.code) || s.text->find(e.text) == std::string::npos) continue;
      s.matched = true;
      ++found[i];
    }
  }

  const auto uses = [&](ExpectKind kind) {
    return std::any_of(expected.items.begin(), expected.items.end(), [&](const Expectation& e) { return e.kind == kind; });
  };
  std::string report;
  for (const std::string& error : expected.errors) report += "error: " + error + "\n";
  for (const ExpectKind kind :
       {ExpectKind::Error, ExpectKind::Warning, ExpectKind::Note, ExpectKind::Help, ExpectKind::Label}) {
    const std::string name = expect_kind_name(kind);
    std::string missing;
    for (std::size_t i = 0; i < expected.items.size(); ++i) {
      const Expectation& e = expected.items[i];
      if (e.kind != kind || found[i] == e.count) continue;
      missing += where(file, e.line);
      if (e.line != e.directive_line) missing += " (directive at line " + std::to_string(e.directive_line) + ")";
      missing += ": " + with_code(e.code, e.text);
      if (e.count > 1) missing += " (expected " + std::to_string(e.count) + ", seen " + std::to_string(found[i]) + ")";
      missing += "\n";
    }
    if (!missing.empty()) report += "error: '" + name + "' diagnostics expected but not seen:\n" + missing;

    const bool strict = kind == ExpectKind::Error || kind == ExpectKind::Warning ||
                        ((kind == ExpectKind::Note || kind == ExpectKind::Help) && uses(kind));
    if (!strict) continue;
    std::string unexpected;
    for (const Seen& s : seen) {
      if (s.kind == kind && !s.matched) unexpected += where(file, s.line) + ": " + with_code(s.code, *s.text) + "\n";
    }
    if (!unexpected.empty()) report += "error: '" + name + "' diagnostics seen but not expected:\n" + unexpected;
  }
  return report;
}

std::string verify(const diag::DiagSink& sink) {
  return compare(scan_expectations(sink.file()), sink.diagnostics(), sink.file());
}

}  // namespace asyncc::driver::verify
