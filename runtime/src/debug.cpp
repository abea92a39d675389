#include "asyncc/debug.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace asyncc {

void debug_write(std::string& out, bool v) { out += v ? "true" : "false"; }
void debug_write(std::string& out, signed char v) { out += std::to_string(static_cast<int>(v)); }
void debug_write(std::string& out, unsigned char v) { out += std::to_string(static_cast<unsigned>(v)); }
void debug_write(std::string& out, short v) { out += std::to_string(v); }
void debug_write(std::string& out, unsigned short v) { out += std::to_string(v); }
void debug_write(std::string& out, int v) { out += std::to_string(v); }
void debug_write(std::string& out, unsigned v) { out += std::to_string(v); }
void debug_write(std::string& out, long v) { out += std::to_string(v); }
void debug_write(std::string& out, unsigned long v) { out += std::to_string(v); }
void debug_write(std::string& out, long long v) { out += std::to_string(v); }
void debug_write(std::string& out, unsigned long long v) { out += std::to_string(v); }
void debug_write(std::string& out, double v) { out += debug_fmt_f64(v); }

namespace {

void append_utf8(std::string& out, char32_t c) {
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

// Rust's char::escape_debug for the ASCII range; other code points print as themselves
// (Rust also escapes non-printable Unicode such as U+200B; v1 does not).
bool escape_ascii(std::string& out, char32_t c, char quote) {
  switch (c) {
    case '\t': out += "\\t"; return true;
    case '\r': out += "\\r"; return true;
    case '\n': out += "\\n"; return true;
    case '\\': out += "\\\\"; return true;
    case '\0': out += "\\0"; return true;
    default: break;
  }
  if (c == static_cast<char32_t>(quote)) {
    out += '\\';
    out += quote;
    return true;
  }
  if (c < 0x20 || c == 0x7F) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(c));
    out += buf;
    return true;
  }
  return false;
}

}  // namespace

void debug_escape(std::string& out, std::string_view s, char quote) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || !escape_ascii(out, c, quote)) out += ch;
  }
}

void debug_write(std::string& out, char32_t v) {
  out += '\'';
  if (!escape_ascii(out, v, '\'')) append_utf8(out, v);
  out += '\'';
}

void debug_write(std::string& out, std::string_view v) {
  out += '"';
  debug_escape(out, v, '"');
  out += '"';
}
void debug_write(std::string& out, const std::string& v) { debug_write(out, std::string_view(v)); }
void debug_write(std::string& out, const char* v) { debug_write(out, std::string_view(v)); }

std::string debug_fmt_f64(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest digits that round-trip, as Rust prints them.
  char buf[40];
  int prec = 1;
  for (; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  // buf = [-]d.ddde[+-]XX
  std::string s(buf);
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  auto epos = s.find('e');
  int exp = std::atoi(s.c_str() + epos + 1);
  std::string digits;
  for (std::size_t i = 0; i < epos; ++i)
    if (s[i] != '.') digits += s[i];
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 16) {
    // Rust's Debug switches to scientific notation outside 1e-4 <= |v| < 1e16.
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += std::to_string(exp);
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp - 1), '0');
    out += digits;
    return out;
  }
  auto int_len = static_cast<std::size_t>(exp + 1);
  if (digits.size() <= int_len) {
    out += digits;
    out.append(int_len - digits.size(), '0');
    out += ".0";
  } else {
    out.append(digits, 0, int_len);
    out += '.';
    out.append(digits, int_len, std::string::npos);
  }
  return out;
}

}  // namespace asyncc
