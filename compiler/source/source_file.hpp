// A source file held in memory: its bytes, its name, and a line table for turning byte
// offsets into 1-based line:column positions (columns count characters, as rustc does).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asyncc::source {

/// A half-open byte range [begin, end) in one SourceFile.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  [[nodiscard]] std::uint32_t size() const { return end - begin; }
  [[nodiscard]] Span to(Span other) const { return {begin, other.end}; }
  friend bool operator==(Span, Span) = default;
};

/// 1-based line and column; the column counts Unicode scalar values, not bytes.
struct LineCol {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(LineCol, LineCol) = default;
};

/// Owns a file's text. Everything that points into it (spans, the AST, diagnostics)
/// must not outlive it.
class SourceFile {
 public:
  /// `name` is what diagnostics print (the path as given on the command line, or `<stdin>`).
  SourceFile(std::string name, std::string text);

  /// Reads a file; on failure returns nullopt and sets `error` to a one-line reason.
  static std::optional<SourceFile> read(const std::string& path, std::string& error);
  /// Reads standard input to its end.
  static SourceFile read_stdin();

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::string_view text() const { return text_; }
  [[nodiscard]] std::string_view text(Span span) const;
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(text_.size()); }

  /// Line and character column of a byte offset (an offset inside a multi-byte
  /// character counts as that character).
  [[nodiscard]] LineCol line_col(std::uint32_t offset) const;
  [[nodiscard]] std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }
  /// The byte offset where 1-based `line` starts.
  [[nodiscard]] std::uint32_t line_start(std::uint32_t line) const { return line_starts_[line - 1]; }
  /// The text of 1-based `line` without its line terminator (`\n` or `\r\n`).
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;

  /// Byte offset of the first byte that is not valid UTF-8, if any.
  [[nodiscard]] std::optional<std::uint32_t> first_invalid_utf8() const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// Number of Unicode scalar values in valid UTF-8 `text` (continuation bytes are not counted).
std::uint32_t count_chars(std::string_view text);

}  // namespace asyncc::source
