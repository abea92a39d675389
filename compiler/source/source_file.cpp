#include "compiler/source/source_file.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

namespace asyncc::source {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::optional<SourceFile> SourceFile::read(const std::string& path, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = "couldn't read `" + path + "`: " + std::strerror(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "couldn't read `" + path + "`: it is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "couldn't read `" + path + "`: " + std::strerror(errno);
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "couldn't read `" + path + "`: read error";
    return std::nullopt;
  }
  if (text.size() > 0xFFFFFFF0u) {
    error = "couldn't read `" + path + "`: file is larger than 4 GiB";
    return std::nullopt;
  }
  return SourceFile(path, std::move(text));
}

SourceFile SourceFile::read_stdin() {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  return SourceFile("<stdin>", buffer.str());
}

std::string_view SourceFile::text(Span span) const {
  std::uint32_t begin = std::min<std::uint32_t>(span.begin, size());
  std::uint32_t end = std::clamp<std::uint32_t>(span.end, begin, size());
  return std::string_view(text_).substr(begin, end - begin);
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  // As rustc: the end of a file that ends with a newline is on the last line, just past the
  // newline (`fn main() {\n` ends at 1:13), not at the start of an empty line after it.
  if (offset == size() && size() > 0 && text_.back() == '\n' && line > 1) --line;
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i) {
    if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
  }
  // An offset in the middle of a multi-byte character belongs to that character.
  if (offset < size() && is_continuation(static_cast<unsigned char>(text_[offset])) && column > 1) --column;
  return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_count() ? line_starts_[line] : size();
  std::string_view text = std::string_view(text_).substr(begin, end - begin);
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

std::optional<std::uint32_t> SourceFile::first_invalid_utf8() const {
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return static_cast<std::uint32_t>(i);
    if (i + len > n) return static_cast<std::uint32_t>(i);
    for (std::size_t k = 1; k < len; ++k) {
      if (!is_continuation(p[i + k])) return static_cast<std::uint32_t>(i);
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong encodings, surrogates and values past U+10FFFF are invalid.
    static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return static_cast<std::uint32_t>(i);
    }
    i += len;
  }
  return std::nullopt;
}

std::uint32_t count_chars(std::string_view text) {
  std::uint32_t n = 0;
  for (char c : text) n += !is_continuation(static_cast<unsigned char>(c));
  return n;
}

}  // namespace asyncc::source
