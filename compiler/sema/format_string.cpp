// The format-string parser (std::fmt's grammar, the subset LANGUAGE.md §4 lists).
#include "compiler/sema/format_string.hpp"

#include <cctype>

namespace asyncc::sema {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::int32_t read_number(std::string_view text, std::size_t& i) {
  std::int64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    n = std::min<std::int64_t>(n * 10 + (text[i] - '0'), 1 << 30);
    ++i;
  }
  return static_cast<std::int32_t>(n);
}

// A width or precision: `8`, `1$` (argument 1) or `w$` (inline name); false if there is none.
// A name not followed by `$` is left alone (it is the type letter, as in `{:x}`).
bool read_count(std::string_view text, std::size_t& i, std::int32_t& value, std::int32_t& index, std::string_view& name) {
  if (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    const std::int32_t n = read_number(text, i);
    if (i < text.size() && text[i] == '$') {
      index = n;
      ++i;
    } else {
      value = n;
    }
    return true;
  }
  if (i < text.size() && is_ident_start(text[i])) {
    std::size_t end = i;
    while (end < text.size() && is_ident_char(text[end])) ++end;
    if (end < text.size() && text[end] == '$') {
      name = text.substr(i, end - i);
      i = end + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

bool parse_format_string(std::string_view text, std::vector<FormatPiece>& pieces, FormatError& error) {
  std::string literal;
  std::uint32_t next = 0;
  auto flush = [&] {
    if (literal.empty()) return;
    FormatPiece p;
    p.literal = std::move(literal);
    pieces.push_back(std::move(p));
    literal.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        literal += '}';
        i += 2;
        continue;
      }
      error = {"invalid format string: unmatched `}` found", "unmatched `}` in format string",
               static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i)};
      return false;
    }
    if (c != '{') {
      literal += c;
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      i += 2;
      continue;
    }
    flush();
    const std::size_t open = i++;
    FormatPiece arg;
    arg.is_arg = true;
    arg.begin = static_cast<std::uint32_t>(open);
    if (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      arg.ref = FormatPiece::Ref::Index;
      arg.index = static_cast<std::uint32_t>(read_number(text, i));
    } else if (i < text.size() && is_ident_start(text[i])) {
      const std::size_t start = i;
      while (i < text.size() && is_ident_char(text[i])) ++i;
      arg.ref = FormatPiece::Ref::Name;
      arg.name = text.substr(start, i - start);
    } else {
      arg.ref = FormatPiece::Ref::Next;
      arg.index = next++;
    }
    if (i < text.size() && text[i] == ':') {
      ++i;
      FormatSpec& s = arg.spec;
      auto is_align = [](char a) { return a == '<' || a == '>' || a == '^'; };
      std::size_t fill_len = 1;  // the fill is one char, of 1 to 4 UTF-8 bytes
      if (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        fill_len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      }
      if (i + fill_len < text.size() && is_align(text[i + fill_len]) && text[i] != '}') {
        s.fill = std::string(text.substr(i, fill_len));
        s.align = text[i + fill_len];
        i += fill_len + 1;
      } else if (i < text.size() && is_align(text[i])) {
        s.align = text[i++];
      }
      if (i < text.size() && (text[i] == '+' || text[i] == '-')) s.sign = text[i++];
      if (i < text.size() && text[i] == '#') {
        s.alternate = true;
        ++i;
      }
      if (i < text.size() && text[i] == '0' && !(i + 1 < text.size() && text[i + 1] == '$')) {
        s.zero = true;
        ++i;
      }
      read_count(text, i, s.width, s.width_index, s.width_name);
      if (i < text.size() && text[i] == '.') {
        ++i;
        if (i < text.size() && text[i] == '*') {
          // `{:.*}`: the next positional argument is the precision, the value comes after it.
          ++i;
          if (arg.ref == FormatPiece::Ref::Next) {
            s.precision_index = static_cast<std::int32_t>(arg.index);
            arg.index = next++;
          } else {
            s.precision_index = static_cast<std::int32_t>(next++);
          }
        } else if (!read_count(text, i, s.precision, s.precision_index, s.precision_name)) {
          s.precision = 0;
        }
      }
      if (i < text.size() && text[i] != '}') {
        const char t = text[i];
        if (t == '?' || t == 'x' || t == 'X' || t == 'b' || t == 'o' || t == 'e' || t == 'E') {
          s.type = t;
          ++i;
          if ((t == 'x' || t == 'X') && i < text.size() && text[i] == '?') {  // `{:x?}`: Debug, hex integers
            s.type = '?';
            s.debug_hex = t;
            ++i;
          }
        }
      }
    }
    if (i >= text.size()) {
      error = {"invalid format string: expected `}` but string was terminated", "expected `}` in format string",
               static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(open)};
      return false;
    }
    if (text[i] != '}') {
      std::string found(1, text[i]);
      error = {"invalid format string: expected `}`, found `" + found + "`", "expected `}` in format string",
               static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(open)};
      return false;
    }
    ++i;
    arg.end = static_cast<std::uint32_t>(i);
    pieces.push_back(arg);
  }
  flush();
  return true;
}

}  // namespace asyncc::sema
