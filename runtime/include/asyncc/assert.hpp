// The panicking macros and checks of LANGUAGE.md §4 with Rust's messages, reported at the ADSL
// source position `loc` (see panic.hpp):
//
//     panic!()                    asyncc::panic_explicit(L)
//     panic!("x = {}", x)         asyncc::panic_fmt(L, "x = {}", x)
//     assert!(a < b)              if (!(a < b)) asyncc::assert_failed(L, "a < b")
//     assert!(ok, "why {}", w)    if (!ok) asyncc::panic_at(L, asyncc::fmt::format("why {}", w))
//     assert_eq!(a, b)            asyncc::assert_eq(a, b, L)
//     assert_ne!(a, b, "m {}", x) asyncc::assert_ne(a, b, L, asyncc::fmt::format("m {}", x))
//     unreachable!()              asyncc::unreachable(L)
//     v[i]                        asyncc::index(v, i, L)
//     fn main() -> Result<(), E>  int main() { return asyncc::main_result(adsl_main()); }
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "asyncc/debug.hpp"
#include "asyncc/panic.hpp"
#include "asyncc/values.hpp"

namespace asyncc {

/// `panic!()`: `explicit panic`.
[[noreturn]] void panic_explicit(const Loc& loc);
/// `panic!("fmt", args...)`: the formatted message.
template <class... A>
[[noreturn]] void panic_fmt(const Loc& loc, std::string_view fmt_string, const A&... args) {
  panic_at(loc, fmt::format(fmt_string, args...));
}
/// A failed `assert!(cond)`: `assertion failed: COND` (`cond_text` is the condition's source).
[[noreturn]] void assert_failed(const Loc& loc, std::string_view cond_text);
/// `unreachable!()`: `internal error: entered unreachable code`.
[[noreturn]] void unreachable(const Loc& loc);
/// `unreachable!("...", ...)`: `internal error: entered unreachable code: MESSAGE`.
[[noreturn]] void unreachable(const Loc& loc, std::string_view message);
/// `todo!()`: `not yet implemented`.
[[noreturn]] void todo(const Loc& loc);

namespace detail {
/// Rust's `core::panicking::assert_failed` layout: `assertion `left OP right` failed[: MSG]`,
/// then `  left: {:?}` and ` right: {:?}` lines.
[[noreturn]] void assert_eq_failed(const Loc& loc, const char* op, const std::string& left,
                                   const std::string& right, const std::string_view* message);
}  // namespace detail

/// `assert_eq!(left, right)`.
template <class A, class B>
void assert_eq(const A& left, const B& right, const Loc& loc) {
  if (!(left == right)) detail::assert_eq_failed(loc, "==", debug_fmt(left), debug_fmt(right), nullptr);
}
/// `assert_eq!(left, right, "fmt", args...)` with the message already formatted.
template <class A, class B>
void assert_eq(const A& left, const B& right, const Loc& loc, std::string_view message) {
  if (!(left == right)) detail::assert_eq_failed(loc, "==", debug_fmt(left), debug_fmt(right), &message);
}
/// `assert_ne!(left, right)`.
template <class A, class B>
void assert_ne(const A& left, const B& right, const Loc& loc) {
  if (left == right) detail::assert_eq_failed(loc, "!=", debug_fmt(left), debug_fmt(right), nullptr);
}
/// `assert_ne!(left, right, "fmt", args...)` with the message already formatted.
template <class A, class B>
void assert_ne(const A& left, const B& right, const Loc& loc, std::string_view message) {
  if (left == right) detail::assert_eq_failed(loc, "!=", debug_fmt(left), debug_fmt(right), &message);
}

/// `index out of bounds: the len is LEN but the index is INDEX`.
[[noreturn]] void index_out_of_bounds(const Loc& loc, std::size_t len, std::size_t index);

/// `v[i]` (reading or assigning).
template <class T, class A>
T& index(std::vector<T, A>& v, std::size_t i, const Loc& loc) {
  if (i >= v.size()) index_out_of_bounds(loc, v.size(), i);
  return v[i];
}
template <class T, class A>
const T& index(const std::vector<T, A>& v, std::size_t i, const Loc& loc) {
  if (i >= v.size()) index_out_of_bounds(loc, v.size(), i);
  return v[i];
}

/// The process exit status for `fn main() -> Result<(), E>`: 0 for `Ok`; for `Err(e)` prints
/// `Error: {e:?}` to stderr first and returns 1, as Rust's `Termination` does.
template <class E>
int main_result(const Result<Unit, E>& r) {
  if (r.is_ok()) return 0;
  fmt::eprintln("Error: {:?}", r.error());
  return 1;
}

}  // namespace asyncc
