// UTF-8 helpers shared by formatting and the string methods. ADSL strings are valid UTF-8
// (the compiler checks literals; every runtime operation preserves validity); a malformed
// byte is still decoded safely, as U+FFFD of length 1.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncc::detail {

/// Decodes the code point starting at `s[i]`; sets `len` to its length in bytes.
inline char32_t utf8_decode(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  std::size_t avail = s.size() - i;
  if (c < 0x80) {
    len = 1;
    return c;
  }
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (n == 0 || n > avail) {
    len = 1;
    return 0xFFFD;
  }
  char32_t v = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) {
      len = 1;
      return 0xFFFD;
    }
    v = (v << 6) | (b(k) & 0x3F);
  }
  len = n;
  return v;
}

/// Decodes the code point that ends just before `s[end]`; sets `len` to its length in bytes.
inline char32_t utf8_decode_back(std::string_view s, std::size_t end, std::size_t& len) {
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  char32_t c = utf8_decode(s, start, len);
  if (start + len != end) {
    len = 1;
    return 0xFFFD;
  }
  return c;
}

/// Appends the UTF-8 encoding of `c`.
inline void utf8_append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// The number of code points (Rust's `s.chars().count()`).
inline std::size_t utf8_count(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace asyncc::detail
