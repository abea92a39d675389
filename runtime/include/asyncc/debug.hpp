// `asyncc::debug_fmt(x)`: Rust's `{:?}` formatting for the runtime's value types.
//
// Extending it: for a type `ns::T`, define `void debug_write(std::string& out, const ns::T& v)` in
// namespace `ns` (found by argument-dependent lookup); inside it, format fields with
// `asyncc::debug_write(out, field)` — or unqualified `debug_write` after
// `using asyncc::debug_write;`. The compiler emits exactly this for `#[derive(Debug)]`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace asyncc {

// Scalars and strings (defined in src/debug.cpp).
void debug_write(std::string& out, bool v);
void debug_write(std::string& out, signed char v);
void debug_write(std::string& out, unsigned char v);
void debug_write(std::string& out, short v);
void debug_write(std::string& out, unsigned short v);
void debug_write(std::string& out, int v);
void debug_write(std::string& out, unsigned v);
void debug_write(std::string& out, long v);
void debug_write(std::string& out, unsigned long v);
void debug_write(std::string& out, long long v);
void debug_write(std::string& out, unsigned long long v);
void debug_write(std::string& out, double v);
void debug_write(std::string& out, char32_t v);
void debug_write(std::string& out, std::string_view v);
void debug_write(std::string& out, const std::string& v);
void debug_write(std::string& out, const char* v);

// Containers (declared before any definition so they can nest in any order).
template <class T, class A>
void debug_write(std::string& out, const std::vector<T, A>& v);
template <class... Ts>
void debug_write(std::string& out, const std::tuple<Ts...>& v);
template <class A, class B>
void debug_write(std::string& out, const std::pair<A, B>& v);

/// Formats `v` as Rust's `{:?}` does.
template <class T>
std::string debug_fmt(const T& v) {
  std::string out;
  debug_write(out, v);
  return out;
}

/// Rust's `{:?}` of an `f64` (`1.0`, `0.1`, `1e20`, `NaN`, `inf`).
std::string debug_fmt_f64(double v);
/// A string's contents escaped as Rust's Debug escapes them (without the quotes).
void debug_escape(std::string& out, std::string_view s, char quote);

template <class T, class A>
void debug_write(std::string& out, const std::vector<T, A>& v) {
  out += '[';
  bool first = true;
  for (const auto& e : v) {
    if (!first) out += ", ";
    first = false;
    debug_write(out, e);
  }
  out += ']';
}

template <class... Ts>
void debug_write(std::string& out, const std::tuple<Ts...>& v) {
  out += '(';
  std::apply(
      [&out](const auto&... e) {
        std::size_t i = 0;
        ((out += (i++ == 0 ? "" : ", "), debug_write(out, e)), ...);
      },
      v);
  if (sizeof...(Ts) == 1) out += ',';
  out += ')';
}

template <class A, class B>
void debug_write(std::string& out, const std::pair<A, B>& v) {
  out += '(';
  debug_write(out, v.first);
  out += ", ";
  debug_write(out, v.second);
  out += ')';
}

namespace detail {
template <class T, class = void>
struct has_debug : std::false_type {};
template <class T>
struct has_debug<T, std::void_t<decltype(debug_write(std::declval<std::string&>(), std::declval<const T&>()))>>
    : std::true_type {};
template <class T, class A>
struct has_debug<std::vector<T, A>, void> : has_debug<T> {};
template <class... Ts>
struct has_debug<std::tuple<Ts...>, void> : std::conjunction<has_debug<Ts>...> {};
template <class A, class B>
struct has_debug<std::pair<A, B>, void> : std::conjunction<has_debug<A>, has_debug<B>> {};
}  // namespace detail

}  // namespace asyncc
