// Rust's format-string mini-language (`{}`, `{:?}`, `{x}`, `{0:>8.3}`, `{{`), parsed once for
// sema's checks and again by code generation on the decoded literal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace asyncc::sema {

struct FormatSpec {
  std::string fill = " ";  // one char, UTF-8 encoded
  char align = 0;        // '<', '>', '^' or 0 (the type's default)
  char sign = 0;         // '+' or 0
  bool alternate = false;  // `#`
  bool zero = false;       // `0`
  std::int32_t width = -1;
  std::int32_t precision = -1;
  // `{:1$}` / `{:w$}` and `{:.1$}` / `{:.p$}`: the count is an argument (usize), by position or
  // inline name (-1 / empty when not).
  std::int32_t width_index = -1;
  std::string_view width_name;
  std::int32_t precision_index = -1;
  std::string_view precision_name;
  char type = 0;         // 0 (Display), '?', 'x', 'X', 'b', 'o', 'e', 'E'
  char debug_hex = 0;    // 'x' or 'X' for `{:x?}` / `{:X?}` (type is then '?')
};

/// One piece of a format string: literal text, or an argument reference with its spec.
struct FormatPiece {
  bool is_arg = false;
  std::string literal;         // the text, `{{`/`}}` unescaped (for literal pieces)
  enum class Ref { Next, Index, Name } ref = Ref::Next;
  std::uint32_t index = 0;     // resolved positional index (Next and Index)
  std::string_view name;       // for Ref::Name: an inline variable
  FormatSpec spec;
  std::uint32_t begin = 0, end = 0;  // offsets of `{…}` in the parsed text
};

struct FormatError {
  std::string message;
  std::string label;
  std::uint32_t offset = 0;      // where the problem is
  std::uint32_t open_brace = 0;  // the `{` it belongs to
};

/// Parses `text`; returns false and fills `error` on a malformed string. Positional `{}`
/// references are numbered in order.
bool parse_format_string(std::string_view text, std::vector<FormatPiece>& pieces, FormatError& error);

}  // namespace asyncc::sema
