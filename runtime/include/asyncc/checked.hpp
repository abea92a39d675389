// Integer arithmetic with Rust's debug-build semantics, `as` casts, and the integer methods of
// the prelude (LANGUAGE.md §4, §8). Generated code calls these instead of C++'s operators,
// which promote small types to int, wrap or have undefined behaviour where Rust panics:
//
//     x = asyncc::ops::add(x, y, {"main.adsl", 4, 9});      // x + y
//     auto q = asyncc::ops::div(a, b, L);                     // a / b
//     auto c = asyncc::cast<std::uint8_t>(v);                 // v as u8
//     asyncc::ops::add_assign(v[i], y, L);                    // v[i] += y
//
// Operands have the same integer type (Rust has no implicit conversions), except the right
// operand of a shift, which may be any integer type. A panic reports the `Loc` of the operator.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "asyncc/panic.hpp"
#include "asyncc/values.hpp"

namespace asyncc {

namespace detail {
template <class T>
inline constexpr bool is_rust_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                      !std::is_same_v<T, char32_t> && !std::is_same_v<T, char>;
template <class T>
using require_int = std::enable_if_t<is_rust_int_v<T>, int>;
/// The failed checks of the operators below, with Rust's messages.
enum class ArithPanic : unsigned char {
  add, sub, mul, div_zero, div_overflow, rem_zero, rem_overflow, neg, shl, shr,
};
/// Panics at `loc` for a failed check: out of line and cold, so that an inlined check costs a
/// compare and a two-argument call (generated poll functions stay small enough to be inlined).
[[noreturn]] __attribute__((noinline, cold)) inline void arith_panic(const Loc& loc, ArithPanic what) {
  static constexpr const char* messages[] = {
      "attempt to add with overflow",     "attempt to subtract with overflow",
      "attempt to multiply with overflow", "attempt to divide by zero",
      "attempt to divide with overflow",  "attempt to calculate the remainder with a divisor of zero",
      "attempt to calculate the remainder with overflow", "attempt to negate with overflow",
      "attempt to shift left with overflow", "attempt to shift right with overflow",
  };
  panic_at(loc, messages[static_cast<unsigned>(what)]);
}
}  // namespace detail

namespace ops {

template <class T, detail::require_int<T> = 0>
T add(T a, T b, const Loc& loc) {
  T r;
  if (__builtin_add_overflow(a, b, &r)) detail::arith_panic(loc, detail::ArithPanic::add);
  return r;
}

template <class T, detail::require_int<T> = 0>
T sub(T a, T b, const Loc& loc) {
  T r;
  if (__builtin_sub_overflow(a, b, &r)) detail::arith_panic(loc, detail::ArithPanic::sub);
  return r;
}

template <class T, detail::require_int<T> = 0>
T mul(T a, T b, const Loc& loc) {
  T r;
  if (__builtin_mul_overflow(a, b, &r)) detail::arith_panic(loc, detail::ArithPanic::mul);
  return r;
}

template <class T, detail::require_int<T> = 0>
T div(T a, T b, const Loc& loc) {
  if (b == 0) detail::arith_panic(loc, detail::ArithPanic::div_zero);
  if constexpr (std::is_signed_v<T>) {
    if (a == std::numeric_limits<T>::min() && b == T(-1)) detail::arith_panic(loc, detail::ArithPanic::div_overflow);
  }
  return static_cast<T>(a / b);
}

template <class T, detail::require_int<T> = 0>
T rem(T a, T b, const Loc& loc) {
  if (b == 0) detail::arith_panic(loc, detail::ArithPanic::rem_zero);
  if constexpr (std::is_signed_v<T>) {
    if (a == std::numeric_limits<T>::min() && b == T(-1))
      detail::arith_panic(loc, detail::ArithPanic::rem_overflow);
  }
  return static_cast<T>(a % b);
}

/// Unary minus (signed types only, as in Rust).
template <class T, detail::require_int<T> = 0>
T neg(T a, const Loc& loc) {
  static_assert(std::is_signed_v<T>, "cannot apply unary `-` to an unsigned integer");
  if (a == std::numeric_limits<T>::min()) detail::arith_panic(loc, detail::ArithPanic::neg);
  return static_cast<T>(-a);
}

namespace detail_shift {
template <class T, class S>
bool out_of_range(S s) {
  if constexpr (std::is_signed_v<S>) {
    if (s < 0) return true;
  }
  return static_cast<std::uint64_t>(s) >= sizeof(T) * 8;
}
}  // namespace detail_shift

/// `a << s`: panics when `s` is negative or not below the bit width of `T`; bits shifted out
/// are lost (Rust checks the amount, not the result).
template <class T, class S, detail::require_int<T> = 0, detail::require_int<S> = 0>
T shl(T a, S s, const Loc& loc) {
  if (detail_shift::out_of_range<T>(s)) detail::arith_panic(loc, detail::ArithPanic::shl);
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<std::uint64_t>(static_cast<U>(a)) << s));
}

/// `a >> s`: arithmetic for signed `T`, logical for unsigned.
template <class T, class S, detail::require_int<T> = 0, detail::require_int<S> = 0>
T shr(T a, S s, const Loc& loc) {
  if (detail_shift::out_of_range<T>(s)) detail::arith_panic(loc, detail::ArithPanic::shr);
  return static_cast<T>(a >> s);
}

// f64 follows IEEE 754 (LANGUAGE.md §4: `inf`, `NaN`, never a panic); `%` is C's fmod, whose
// result has the dividend's sign, as Rust's. The `Loc` is accepted so that generated code
// calls every arithmetic operator the same way.
inline double add(double a, double b, const Loc&) { return a + b; }
inline double sub(double a, double b, const Loc&) { return a - b; }
inline double mul(double a, double b, const Loc&) { return a * b; }
inline double div(double a, double b, const Loc&) { return a / b; }
inline double rem(double a, double b, const Loc&) { return std::fmod(a, b); }
inline double neg(double a, const Loc&) { return -a; }

/// The compound assignments `place OP= v` of the operators above: `place` (which may be
/// `v[i]`, with its bounds check) is evaluated once, as in Rust.
template <class T, class U>
void add_assign(T& place, U v, const Loc& loc) { place = add(place, static_cast<T>(v), loc); }
template <class T, class U>
void sub_assign(T& place, U v, const Loc& loc) { place = sub(place, static_cast<T>(v), loc); }
template <class T, class U>
void mul_assign(T& place, U v, const Loc& loc) { place = mul(place, static_cast<T>(v), loc); }
template <class T, class U>
void div_assign(T& place, U v, const Loc& loc) { place = div(place, static_cast<T>(v), loc); }
template <class T, class U>
void rem_assign(T& place, U v, const Loc& loc) { place = rem(place, static_cast<T>(v), loc); }
template <class T, class S>
void shl_assign(T& place, S s, const Loc& loc) { place = shl(place, s, loc); }
template <class T, class S>
void shr_assign(T& place, S s, const Loc& loc) { place = shr(place, s, loc); }

/// `&`, `|`, `^` and `!` keeping the operand type (C++ would promote small types to int).
template <class T>
constexpr T bit_and(T a, T b) { return static_cast<T>(a & b); }
template <class T>
constexpr T bit_or(T a, T b) { return static_cast<T>(a | b); }
template <class T>
constexpr T bit_xor(T a, T b) { return static_cast<T>(a ^ b); }
/// `!a`: logical not for bool, bitwise not for integers.
template <class T>
constexpr T bit_not(T a) {
  if constexpr (std::is_same_v<T, bool>) {
    return !a;
  } else {
    return static_cast<T>(~a);
  }
}

// ---- the prelude's integer methods --------------------------------------------------------

/// `x.abs()`: panics `attempt to negate with overflow` for MIN.
template <class T, detail::require_int<T> = 0>
T abs(T a, const Loc& loc) {
  if constexpr (std::is_signed_v<T>) {
    if (a < 0) return neg(a, loc);
  } else {
    (void)loc;
  }
  return a;
}

/// `x.pow(exp)`: panics `attempt to multiply with overflow` if the result overflows.
template <class T, detail::require_int<T> = 0>
T pow(T base, std::uint32_t exp, const Loc& loc) {
  T r = 1;
  while (exp > 0) {
    if (exp & 1u) r = mul(r, base, loc);
    exp >>= 1;
    // Square only when another bit needs it (Rust does not panic on an unused square).
    if (exp > 0) base = mul(base, base, loc);
  }
  return r;
}

template <class T, detail::require_int<T> = 0>
constexpr T min(T a, T b) { return b < a ? b : a; }
template <class T, detail::require_int<T> = 0>
constexpr T max(T a, T b) { return a < b ? b : a; }

template <class T, detail::require_int<T> = 0>
constexpr T wrapping_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <class T, detail::require_int<T> = 0>
constexpr T wrapping_sub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}
template <class T, detail::require_int<T> = 0>
constexpr T wrapping_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  using W = std::conditional_t<(sizeof(U) < sizeof(unsigned)), unsigned, U>;  // no promotion to int
  return static_cast<T>(static_cast<U>(static_cast<W>(static_cast<U>(a)) * static_cast<W>(static_cast<U>(b))));
}

template <class T, detail::require_int<T> = 0>
Option<T> checked_add(T a, T b) {
  T r;
  return __builtin_add_overflow(a, b, &r) ? Option<T>::none() : Option<T>::some(r);
}
template <class T, detail::require_int<T> = 0>
Option<T> checked_sub(T a, T b) {
  T r;
  return __builtin_sub_overflow(a, b, &r) ? Option<T>::none() : Option<T>::some(r);
}
template <class T, detail::require_int<T> = 0>
Option<T> checked_mul(T a, T b) {
  T r;
  return __builtin_mul_overflow(a, b, &r) ? Option<T>::none() : Option<T>::some(r);
}

template <class T, detail::require_int<T> = 0>
T saturating_add(T a, T b) {
  T r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) return std::numeric_limits<T>::min();
  }
  return std::numeric_limits<T>::max();
}
template <class T, detail::require_int<T> = 0>
T saturating_sub(T a, T b) {
  T r;
  if (!__builtin_sub_overflow(a, b, &r)) return r;
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) return std::numeric_limits<T>::max();
  }
  return std::numeric_limits<T>::min();
}

}  // namespace ops

/// Rust's `v as To` between the numeric types, `bool`/`char` → integer and `u8` → `char`:
/// integer → integer truncates or sign-extends (two's complement); f64 → integer rounds
/// toward zero and saturates, NaN → 0; integer → f64 rounds to nearest; char → integer
/// truncates the code point.
template <class To, class From>
constexpr To cast(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, char32_t>) {
    static_assert(std::is_same_v<From, std::uint8_t>, "only `u8` can be cast to `char`");
    return static_cast<char32_t>(v);
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    if (v != v) return To(0);
    // The bounds are exact powers of two in double: MIN is -2^(n-1) or 0, MAX + 1 is 2^n.
    constexpr double lo = static_cast<double>(std::numeric_limits<To>::min());
    constexpr double hi_excl = static_cast<double>(std::numeric_limits<To>::max() / 2 + 1) * 2.0;
    if (v <= lo) return std::numeric_limits<To>::min();
    if (v >= hi_excl) return std::numeric_limits<To>::max();
    return static_cast<To>(v);
  } else if constexpr (std::is_integral_v<From> && std::is_integral_v<To>) {
    using UTo = std::make_unsigned_t<std::conditional_t<std::is_same_v<To, bool>, unsigned char, To>>;
    static_assert(!std::is_same_v<To, bool>, "cannot cast to `bool`");
    // Through the unsigned type: well defined in C++17 (modular) for every pair.
    return static_cast<To>(static_cast<UTo>(v));
  } else {
    return static_cast<To>(v);
  }
}

}  // namespace asyncc
