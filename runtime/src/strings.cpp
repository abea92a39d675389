#include "asyncc/strings.hpp"

#include "asyncc/detail/utf8.hpp"
#include "unicode_tables.hpp"

namespace asyncc::str {

std::string_view trim_start(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 1;
    if (!::asyncc::detail::is_whitespace(::asyncc::detail::utf8_decode(s, i, len))) break;
    i += len;
  }
  return s.substr(i);
}

std::string_view trim_end(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t len = 1;
    if (!::asyncc::detail::is_whitespace(::asyncc::detail::utf8_decode_back(s, end, len))) break;
    end -= len;
  }
  return s.substr(0, end);
}

std::string_view trim(std::string_view s) { return trim_end(trim_start(s)); }

namespace {
std::string encode(char32_t c) {
  std::string b;
  ::asyncc::detail::utf8_append(b, c);
  return b;
}
}  // namespace

bool contains(std::string_view s, char32_t pat) { return contains(s, encode(pat)); }
bool starts_with(std::string_view s, char32_t pat) { return starts_with(s, encode(pat)); }
bool ends_with(std::string_view s, char32_t pat) { return ends_with(s, encode(pat)); }
void push(std::string& s, char32_t c) { ::asyncc::detail::utf8_append(s, c); }

}  // namespace asyncc::str
