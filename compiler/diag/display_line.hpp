// How a source line looks in a terminal: tabs become four spaces (as rustc prints them) and
// wide characters take two columns, so carets land under the right characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace asyncc::diag {

class DisplayLine {
 public:
  explicit DisplayLine(std::string_view line);

  /// The line as printed.
  [[nodiscard]] const std::string& text() const { return text_; }
  /// Display column (0-based) of the character starting at byte `offset` in the line;
  /// offsets at or past the end map past the last column.
  [[nodiscard]] std::uint32_t column(std::uint32_t offset) const;
  /// Display column just after the character that starts at byte `offset`.
  [[nodiscard]] std::uint32_t column_after(std::uint32_t offset) const;
  [[nodiscard]] std::uint32_t width() const { return columns_.back(); }

 private:
  std::string text_;
  std::vector<std::uint32_t> columns_;  // per byte of the source line, plus one for the end
};

/// Terminal width of one Unicode scalar value (0 for combining marks, 2 for wide ones).
std::uint32_t char_width(std::uint32_t code_point);

}  // namespace asyncc::diag
