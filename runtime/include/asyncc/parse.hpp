// `str.parse::<T>()` for the prelude (LANGUAGE.md §8): integers and f64, with Rust's error types.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "asyncc/values.hpp"

namespace asyncc {

/// Rust's `ParseIntError`. Debug: `ParseIntError { kind: InvalidDigit }`.
struct ParseIntError {
  enum class Kind { Empty, InvalidDigit, PosOverflow, NegOverflow };
  Kind kind = Kind::InvalidDigit;
  const char* kind_name() const;
  /// Rust's Display, e.g. `invalid digit found in string`.
  std::string to_string() const;
  friend bool operator==(ParseIntError a, ParseIntError b) { return a.kind == b.kind; }
  friend bool operator!=(ParseIntError a, ParseIntError b) { return a.kind != b.kind; }
  friend void fmt_debug(fmt::Formatter& f, ParseIntError e) {
    f.debug_struct("ParseIntError").field("kind", fmt::Raw{e.kind_name()}).finish();
  }
};

/// Rust's `ParseFloatError`. Debug: `ParseFloatError { kind: Invalid }`.
struct ParseFloatError {
  enum class Kind { Empty, Invalid };
  Kind kind = Kind::Invalid;
  std::string to_string() const {
    return kind == Kind::Empty ? "cannot parse float from empty string" : "invalid float literal";
  }
  friend bool operator==(ParseFloatError a, ParseFloatError b) { return a.kind == b.kind; }
  friend bool operator!=(ParseFloatError a, ParseFloatError b) { return a.kind != b.kind; }
  friend void fmt_debug(fmt::Formatter& f, ParseFloatError e) {
    f.debug_struct("ParseFloatError").field("kind", fmt::Raw{e.kind == Kind::Empty ? "Empty" : "Invalid"}).finish();
  }
};

namespace detail {
/// Parses a decimal integer as Rust's `from_str` does: optional sign ('-' only for signed
/// types), digits only, no whitespace. Returns the error kind, or -1 on success.
int parse_integer(std::string_view s, bool is_signed, std::uint64_t max_pos, std::uint64_t max_neg,
                  std::uint64_t& magnitude, bool& negative);
}  // namespace detail

/// `s.parse::<T>()` for an integer type T.
template <class T>
Result<T, ParseIntError> parse_int(std::string_view s) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "parse_int needs an integer type");
  using R = Result<T, ParseIntError>;
  std::uint64_t mag = 0;
  bool neg = false;
  constexpr std::uint64_t max_pos = static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  constexpr std::uint64_t max_neg =
      std::is_signed_v<T> ? static_cast<std::uint64_t>(std::numeric_limits<T>::max()) + 1 : 0;
  int k = detail::parse_integer(s, std::is_signed_v<T>, max_pos, max_neg, mag, neg);
  if (k >= 0) return R::err(ParseIntError{static_cast<ParseIntError::Kind>(k)});
  if (neg && mag != 0) {
    if constexpr (std::is_signed_v<T>) {
      return R::ok(static_cast<T>(-static_cast<std::int64_t>(mag - 1) - 1));
    }
  }
  return R::ok(static_cast<T>(mag));
}

/// `s.parse::<f64>()`: Rust's grammar (`1`, `-1.5`, `.5`, `5.`, `1e-3`, `inf`, `infinity`, `NaN`,
/// case-insensitive names, optional sign), no whitespace.
Result<double, ParseFloatError> parse_f64(std::string_view s);

}  // namespace asyncc
