// A grid of styled cells that the human renderer draws into (after rustc's StyledBuffer):
// labels and carets are placed by column, then each row is printed with trailing spaces cut.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace asyncc::diag {

enum class Style : std::uint8_t {
  Plain, Bold, Error, Warning, Note, Help, LineNumber, Primary, Secondary, Addition, Removal
};

class StyledBuffer {
 public:
  /// Puts one glyph (a UTF-8 sequence shown in one column) at (row, col).
  void putc(std::size_t row, std::size_t col, std::string_view glyph, Style style);
  /// Puts UTF-8 text starting at (row, col), one column a character.
  void puts(std::size_t row, std::size_t col, std::string_view text, Style style);
  /// Puts an already laid-out line where wide characters take two columns.
  void put_display(std::size_t row, std::size_t col, std::string_view text, Style style);
  /// Appends text at the end of a row.
  void append(std::size_t row, std::string_view text, Style style);
  [[nodiscard]] std::size_t rows() const { return rows_.size(); }
  /// The rows joined with `\n` (each row ends with one), trailing spaces removed.
  [[nodiscard]] std::string render(bool color) const;

 private:
  struct Cell {
    std::string glyph = " ";
    Style style = Style::Plain;
  };
  Cell& at(std::size_t row, std::size_t col);
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace asyncc::diag
