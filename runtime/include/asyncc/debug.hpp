// `asyncc::debug_fmt(x)`: Rust's `{:?}` formatting of any Debug value, as a string.
//
// Debug is implemented through the protocol in asyncc/fmt.hpp: define
// `void fmt_debug(asyncc::fmt::Formatter& f, const T& v)` next to `T` (found by
// argument-dependent lookup) and build the output with `f.debug_struct(...)`,
// `f.debug_tuple(...)` or `f.write_str(...)`; that is what the compiler emits for
// `#[derive(Debug)]`, and it gives compact and pretty (`{:#?}`) output.
//
// The older protocol, `void debug_write(std::string& out, const T& v)`, still works for leaf
// types (their text is printed as is, also inside `{:#?}`), and `asyncc::debug_write(out, v)`
// appends the `{:?}` of any Debug value.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "asyncc/fmt.hpp"

namespace asyncc {

/// Appends Rust's `{:?}` of `v` to `out`.
template <class T, class = std::enable_if_t<fmt::detail::has_fmt_debug<T>::value>>
void debug_write(std::string& out, const T& v) {
  fmt::Spec s;
  s.kind = fmt::Kind::debug;
  fmt::Formatter f(out, s);
  fmt::write_debug(f, v);
}

/// Formats `v` as Rust's `{:?}` does.
template <class T>
std::string debug_fmt(const T& v) {
  return fmt::to_debug(v, false);
}

/// Formats `v` as Rust's `{:#?}` does.
template <class T>
std::string debug_fmt_pretty(const T& v) {
  return fmt::to_debug(v, true);
}

/// Rust's `{:?}` of an `f64` (`1.0`, `0.1`, `1e20`, `NaN`, `inf`).
std::string debug_fmt_f64(double v);
/// A string's contents escaped as Rust's Debug escapes them (without the quotes); `quote` is
/// the delimiter to escape (`"` for strings, `'` for chars).
void debug_escape(std::string& out, std::string_view s, char quote);

namespace detail {
template <class T>
struct has_debug : std::disjunction<fmt::detail::has_fmt_debug<T>, fmt::detail::has_legacy_debug<T>> {};
}  // namespace detail

}  // namespace asyncc
