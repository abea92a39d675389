// Value types shared by generated code and C++ users: Unit, Option, Result, Either.
// Accessing the wrong alternative panics (RUNTIME.md §7); it is never undefined behaviour.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "asyncc/debug.hpp"
#include "asyncc/detail/inlining.hpp"
#include "asyncc/panic.hpp"

namespace asyncc {

/// The value of `()`.
struct Unit {
  friend constexpr bool operator==(Unit, Unit) { return true; }
  friend constexpr bool operator!=(Unit, Unit) { return false; }
};
inline void fmt_debug(fmt::Formatter& f, Unit) { f.pad("()"); }

template <class T>
class Option;

namespace detail {
template <class T>
std::string debug_suffix(const T& v) {
  if constexpr (has_debug<T>::value) {
    return ": " + debug_fmt(v);
  } else {
    (void)v;
    return "";
  }
}
/// Rust's `Result::unwrap` message: `called `Result::unwrap()` on an `Err` value: E`.
template <class E>
[[noreturn]] ASYNCC_COLD void unwrap_failed(const Loc& loc, const char* what, const E& e) {
  panic_at(loc, what + debug_suffix(e));
}
}  // namespace detail

/// Rust's `Option<T>`.
template <class T>
class Option {
 public:
  using value_type = T;
  Option() = default;
  static Option some(T v) { return Option(std::in_place, std::move(v)); }
  static Option none() { return Option(); }

  bool is_some() const { return v_.has_value(); }
  bool is_none() const { return !v_.has_value(); }

  T& value() & { check(); return *v_; }
  const T& value() const& { check(); return *v_; }
  T&& value() && { check(); return std::move(*v_); }

  // The prelude's methods (LANGUAGE.md §8); a `Loc` is where the ADSL call is, for the panic.
  /// `unwrap()`: panics `called `Option::unwrap()` on a `None` value`.
  T unwrap(const Loc& loc) && {
    if (!v_) unwrap_none(loc);
    return std::move(*v_);
  }
  T unwrap(const Loc& loc) const& { return Option(*this).unwrap(loc); }
  /// `expect(msg)`: panics with `msg`.
  T expect(std::string_view msg, const Loc& loc) && {
    if (!v_) panic_at(loc, msg);
    return std::move(*v_);
  }
  T expect(std::string_view msg, const Loc& loc) const& { return Option(*this).expect(msg, loc); }
  T unwrap_or(T dflt) && { return v_ ? std::move(*v_) : std::move(dflt); }
  T unwrap_or(T dflt) const& { return v_ ? *v_ : std::move(dflt); }

  friend bool operator==(const Option& a, const Option& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Option& a, const Option& b) { return !(a == b); }
  friend void fmt_debug(fmt::Formatter& f, const Option& o) {
    if (o.is_none()) {
      f.write_str("None");
      return;
    }
    f.debug_tuple("Some").field(*o.v_).finish();
  }

 private:
  template <class... A>
  explicit Option(std::in_place_t, A&&... a) : v_(std::in_place, std::forward<A>(a)...) {}
  void check() const {
    if (!v_) ASYNCC_PANIC("called `Option::unwrap()` on a `None` value");
  }
  [[noreturn]] static ASYNCC_COLD void unwrap_none(const Loc& loc) {
    panic_at(loc, "called `Option::unwrap()` on a `None` value");
  }
  std::optional<T> v_;
};

/// Rust's `Result<T, E>`.
template <class T, class E>
class Result {
 public:
  using value_type = T;
  using error_type = E;
  static Result ok(T v) { return Result(std::in_place_index<0>, std::move(v)); }
  static Result err(E e) { return Result(std::in_place_index<1>, std::move(e)); }

  bool is_ok() const { return v_.index() == 0; }
  bool is_err() const { return v_.index() == 1; }

  T& value() & { check_ok(); return std::get<0>(v_); }
  const T& value() const& { check_ok(); return std::get<0>(v_); }
  T&& value() && { check_ok(); return std::get<0>(std::move(v_)); }
  E& error() & { check_err(); return std::get<1>(v_); }
  const E& error() const& { check_err(); return std::get<1>(v_); }
  E&& error() && { check_err(); return std::get<1>(std::move(v_)); }

  // The prelude's methods (LANGUAGE.md §8); a `Loc` is where the ADSL call is, for the panic.
  /// `unwrap()`: panics `called `Result::unwrap()` on an `Err` value: {e:?}`.
  T unwrap(const Loc& loc) && {
    if (!is_ok()) detail::unwrap_failed(loc, "called `Result::unwrap()` on an `Err` value", std::get<1>(v_));
    return std::get<0>(std::move(v_));
  }
  T unwrap(const Loc& loc) const& { return Result(*this).unwrap(loc); }
  /// `expect(msg)`: panics `{msg}: {e:?}`.
  T expect(std::string_view msg, const Loc& loc) && {
    if (!is_ok()) detail::unwrap_failed(loc, std::string(msg).c_str(), std::get<1>(v_));
    return std::get<0>(std::move(v_));
  }
  T expect(std::string_view msg, const Loc& loc) const& { return Result(*this).expect(msg, loc); }
  /// `unwrap_err()`: panics `called `Result::unwrap_err()` on an `Ok` value: {v:?}`.
  E unwrap_err(const Loc& loc) && {
    if (!is_err()) detail::unwrap_failed(loc, "called `Result::unwrap_err()` on an `Ok` value", std::get<0>(v_));
    return std::get<1>(std::move(v_));
  }
  E unwrap_err(const Loc& loc) const& { return Result(*this).unwrap_err(loc); }
  T unwrap_or(T dflt) && { return is_ok() ? std::get<0>(std::move(v_)) : std::move(dflt); }
  T unwrap_or(T dflt) const& { return is_ok() ? std::get<0>(v_) : std::move(dflt); }
  /// `ok()`: `Some(v)` for `Ok(v)`, else `None`.
  Option<T> ok() && { return is_ok() ? Option<T>::some(std::get<0>(std::move(v_))) : Option<T>::none(); }
  Option<T> ok() const& { return Result(*this).ok(); }
  /// `err()`: `Some(e)` for `Err(e)`, else `None`.
  Option<E> err() && { return is_err() ? Option<E>::some(std::get<1>(std::move(v_))) : Option<E>::none(); }
  Option<E> err() const& { return Result(*this).err(); }
  /// `map_err(f)`: `f` is a function name or an enum constructor in ADSL, any callable here.
  template <class F, class E2 = std::decay_t<std::invoke_result_t<F, E>>>
  Result<T, E2> map_err(F&& f) && {
    if (is_ok()) return Result<T, E2>::ok(std::get<0>(std::move(v_)));
    return Result<T, E2>::err(std::forward<F>(f)(std::get<1>(std::move(v_))));
  }
  template <class F, class E2 = std::decay_t<std::invoke_result_t<F, E>>>
  Result<T, E2> map_err(F&& f) const& {
    return Result(*this).map_err(std::forward<F>(f));
  }

  friend bool operator==(const Result& a, const Result& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Result& a, const Result& b) { return !(a == b); }
  friend void fmt_debug(fmt::Formatter& f, const Result& r) {
    if (r.is_ok())
      f.debug_tuple("Ok").field(std::get<0>(r.v_)).finish();
    else
      f.debug_tuple("Err").field(std::get<1>(r.v_)).finish();
  }

 private:
  template <std::size_t I, class... A>
  explicit Result(std::in_place_index_t<I> i, A&&... a) : v_(i, std::forward<A>(a)...) {}
  // The checks inline; their panics (which format the other alternative) stay out of line.
  void check_ok() const {
    if (!is_ok()) not_ok();
  }
  void check_err() const {
    if (!is_err()) not_err();
  }
  [[noreturn]] ASYNCC_COLD void not_ok() const {
    ASYNCC_PANIC("called `Result::unwrap()` on an `Err` value" + detail::debug_suffix(std::get<1>(v_)));
  }
  [[noreturn]] ASYNCC_COLD void not_err() const {
    ASYNCC_PANIC("called `Result::unwrap_err()` on an `Ok` value" + detail::debug_suffix(std::get<0>(v_)));
  }
  std::variant<T, E> v_;
};

/// The output of `select`: `Left(a)` when the first future finished first, else `Right(b)`.
template <class A, class B>
class Either {
 public:
  static Either make_left(A v) { return Either(std::in_place_index<0>, std::move(v)); }
  static Either make_right(B v) { return Either(std::in_place_index<1>, std::move(v)); }

  bool is_left() const { return v_.index() == 0; }
  bool is_right() const { return v_.index() == 1; }
  A& left() & { check(true); return std::get<0>(v_); }
  const A& left() const& { check(true); return std::get<0>(v_); }
  A&& left() && { check(true); return std::get<0>(std::move(v_)); }
  B& right() & { check(false); return std::get<1>(v_); }
  const B& right() const& { check(false); return std::get<1>(v_); }
  B&& right() && { check(false); return std::get<1>(std::move(v_)); }

  friend bool operator==(const Either& a, const Either& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Either& a, const Either& b) { return !(a == b); }
  friend void fmt_debug(fmt::Formatter& f, const Either& e) {
    if (e.is_left())
      f.debug_tuple("Left").field(std::get<0>(e.v_)).finish();
    else
      f.debug_tuple("Right").field(std::get<1>(e.v_)).finish();
  }

 private:
  template <std::size_t I, class... X>
  explicit Either(std::in_place_index_t<I> i, X&&... x) : v_(i, std::forward<X>(x)...) {}
  void check(bool want_left) const {
    if (is_left() != want_left)
      ASYNCC_PANIC(want_left ? "called `Either::left()` on a `Right` value"
                             : "called `Either::right()` on a `Left` value");
  }
  std::variant<A, B> v_;
};

}  // namespace asyncc
