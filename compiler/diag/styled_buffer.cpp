#include "compiler/diag/styled_buffer.hpp"

#include "compiler/diag/display_line.hpp"

namespace asyncc::diag {

namespace {

std::size_t utf8_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

const char* ansi(Style style) {
  switch (style) {
    case Style::Plain: return "";
    case Style::Bold: return "\x1b[1m";
    case Style::Error: case Style::Primary: return "\x1b[1;31m";
    case Style::Warning: return "\x1b[1;33m";
    case Style::Note: return "\x1b[1;32m";
    case Style::Help: return "\x1b[1;36m";
    case Style::LineNumber: case Style::Secondary: return "\x1b[1;34m";
    case Style::Addition: return "\x1b[32m";
    case Style::Removal: return "\x1b[31m";
  }
  return "";
}

}  // namespace

StyledBuffer::Cell& StyledBuffer::at(std::size_t row, std::size_t col) {
  if (rows_.size() <= row) rows_.resize(row + 1);
  auto& cells = rows_[row];
  if (cells.size() <= col) cells.resize(col + 1);
  return cells[col];
}

void StyledBuffer::putc(std::size_t row, std::size_t col, std::string_view glyph, Style style) {
  Cell& cell = at(row, col);
  cell.glyph = std::string(glyph);
  cell.style = style;
}

void StyledBuffer::puts(std::size_t row, std::size_t col, std::string_view text, Style style) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = std::min(utf8_length(static_cast<unsigned char>(text[i])), text.size() - i);
    putc(row, col++, text.substr(i, len), style);
    i += len;
  }
}

void StyledBuffer::put_display(std::size_t row, std::size_t col, std::string_view text, Style style) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = std::min(utf8_length(static_cast<unsigned char>(text[i])), text.size() - i);
    std::uint32_t cp = static_cast<unsigned char>(text[i]);
    if (len > 1) {
      cp &= 0x7Fu >> len;
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    std::uint32_t width = char_width(cp);
    if (width == 0 && col > 0) {
      at(row, col - 1).glyph.append(text.substr(i, len));  // combining mark joins the previous glyph
    } else {
      putc(row, col++, text.substr(i, len), style);
      if (width == 2) putc(row, col++, "", style);
    }
    i += len;
  }
}

void StyledBuffer::append(std::size_t row, std::string_view text, Style style) {
  std::size_t col = row < rows_.size() ? rows_[row].size() : 0;
  puts(row, col, text, style);
}

std::string StyledBuffer::render(bool color) const {
  std::string out;
  for (const auto& cells : rows_) {
    std::size_t end = cells.size();
    while (end > 0 && cells[end - 1].glyph == " ") --end;
    Style current = Style::Plain;
    for (std::size_t i = 0; i < end; ++i) {
      const Cell& cell = cells[i];
      if (color && cell.style != current && cell.glyph != " ") {
        if (current != Style::Plain) out += "\x1b[0m";
        out += ansi(cell.style);
        current = cell.style;
      }
      out += cell.glyph;
    }
    if (color && current != Style::Plain) out += "\x1b[0m";
    out += '\n';
  }
  return out;
}

}  // namespace asyncc::diag
