#include "asyncc/parse.hpp"

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace asyncc {

const char* ParseIntError::kind_name() const {
  switch (kind) {
    case Kind::Empty: return "Empty";
    case Kind::InvalidDigit: return "InvalidDigit";
    case Kind::PosOverflow: return "PosOverflow";
    case Kind::NegOverflow: return "NegOverflow";
  }
  return "InvalidDigit";
}

std::string ParseIntError::to_string() const {
  switch (kind) {
    case Kind::Empty: return "cannot parse integer from empty string";
    case Kind::InvalidDigit: return "invalid digit found in string";
    case Kind::PosOverflow: return "number too large to fit in target type";
    case Kind::NegOverflow: return "number too small to fit in target type";
  }
  return "invalid digit found in string";
}

namespace detail {

int parse_integer(std::string_view s, bool is_signed, std::uint64_t max_pos, std::uint64_t max_neg,
                  std::uint64_t& magnitude, bool& negative) {
  using K = ParseIntError::Kind;
  if (s.empty()) return static_cast<int>(K::Empty);
  std::size_t i = 0;
  negative = false;
  if (s[0] == '+' || s[0] == '-') {
    if (s.size() == 1) return static_cast<int>(K::InvalidDigit);
    if (s[0] == '-') {
      if (!is_signed) return static_cast<int>(K::InvalidDigit);
      negative = true;
    }
    i = 1;
  }
  std::uint64_t limit = negative ? max_neg : max_pos;
  std::uint64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return static_cast<int>(K::InvalidDigit);
    auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (limit - d) / 10) {  // Rust reports the first problem, left to right
      return static_cast<int>(negative ? K::NegOverflow : K::PosOverflow);
    }
    v = v * 10 + d;
  }
  magnitude = v;
  return -1;
}

}  // namespace detail

namespace {
bool iequals(std::string_view a, const char* b) {
  if (a.size() != std::strlen(b)) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}
}  // namespace

Result<double, ParseFloatError> parse_f64(std::string_view s) {
  using R = Result<double, ParseFloatError>;
  if (s.empty()) return R::err(ParseFloatError{ParseFloatError::Kind::Empty});
  std::string_view body = s;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  double inf = std::numeric_limits<double>::infinity();
  if (iequals(body, "inf") || iequals(body, "infinity")) return R::ok(neg ? -inf : inf);
  if (iequals(body, "nan")) return R::ok(std::numeric_limits<double>::quiet_NaN());
  // digits [. digits] [e [sign] digits], at least one digit in the mantissa
  std::size_t i = 0, mant = 0;
  while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mant;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mant;
  }
  if (mant == 0) return R::err(ParseFloatError{});
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++exp;
    if (exp == 0) return R::err(ParseFloatError{});
  }
  if (i != body.size()) return R::err(ParseFloatError{});
  std::string copy(s);
  return R::ok(std::strtod(copy.c_str(), nullptr));
}

}  // namespace asyncc
