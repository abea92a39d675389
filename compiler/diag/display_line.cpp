#include "compiler/diag/display_line.hpp"

namespace asyncc::diag {

std::uint32_t char_width(std::uint32_t c) {
  if (c >= 0x0300 && c <= 0x036F) return 0;  // combining diacritics
  if (c == 0x200B || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)) return 0;
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
                    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

DisplayLine::DisplayLine(std::string_view line) {
  columns_.reserve(line.size() + 1);
  std::uint32_t col = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > line.size()) len = 1;
    std::uint32_t cp = c;
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(line[i + k]) & 0x3F);
    }
    for (std::size_t k = 0; k < len; ++k) columns_.push_back(col);
    if (c == '\t') {
      text_ += "    ";
      col += 4;
    } else if (c < 0x20 || c == 0x7F) {
      text_ += ' ';  // other control characters would corrupt the terminal
      col += 1;
    } else {
      text_.append(line.substr(i, len));
      col += char_width(cp);
    }
    i += len;
  }
  columns_.push_back(col);
}

std::uint32_t DisplayLine::column(std::uint32_t offset) const {
  // Past the end of the text (its newline, or the end of the file) is drawn just after it.
  if (offset >= columns_.size()) return columns_.back();
  return columns_[offset];
}

std::uint32_t DisplayLine::column_after(std::uint32_t offset) const {
  std::uint32_t start = column(offset);
  for (std::uint32_t i = offset + 1; i < columns_.size(); ++i) {
    if (columns_[i] != start) return columns_[i];
  }
  return start + 1;
}

}  // namespace asyncc::diag
