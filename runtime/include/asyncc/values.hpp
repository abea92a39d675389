// Value types shared by generated code and C++ users: Unit, Option, Result, Either.
// Accessing the wrong alternative panics (RUNTIME.md §7); it is never undefined behaviour.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "asyncc/debug.hpp"
#include "asyncc/panic.hpp"

namespace asyncc {

/// The value of `()`.
struct Unit {
  friend constexpr bool operator==(Unit, Unit) { return true; }
  friend constexpr bool operator!=(Unit, Unit) { return false; }
};
inline void debug_write(std::string& out, Unit) { out += "()"; }

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

  friend bool operator==(const Option& a, const Option& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Option& a, const Option& b) { return !(a == b); }
  friend void debug_write(std::string& out, const Option& o) {
    if (o.is_none()) {
      out += "None";
      return;
    }
    out += "Some(";
    debug_write(out, *o.v_);
    out += ')';
  }

 private:
  template <class... A>
  explicit Option(std::in_place_t, A&&... a) : v_(std::in_place, std::forward<A>(a)...) {}
  void check() const {
    if (!v_) ASYNCC_PANIC("called `Option::unwrap()` on a `None` value");
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

  friend bool operator==(const Result& a, const Result& b) { return a.v_ == b.v_; }
  friend bool operator!=(const Result& a, const Result& b) { return !(a == b); }
  friend void debug_write(std::string& out, const Result& r) {
    if (r.is_ok()) {
      out += "Ok(";
      debug_write(out, std::get<0>(r.v_));
    } else {
      out += "Err(";
      debug_write(out, std::get<1>(r.v_));
    }
    out += ')';
  }

 private:
  template <std::size_t I, class... A>
  explicit Result(std::in_place_index_t<I> i, A&&... a) : v_(i, std::forward<A>(a)...) {}
  void check_ok() const {
    if (!is_ok())
      ASYNCC_PANIC("called `Result::unwrap()` on an `Err` value" + detail::debug_suffix(std::get<1>(v_)));
  }
  void check_err() const {
    if (!is_err())
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
  friend void debug_write(std::string& out, const Either& e) {
    if (e.is_left()) {
      out += "Left(";
      debug_write(out, std::get<0>(e.v_));
    } else {
      out += "Right(";
      debug_write(out, std::get<1>(e.v_));
    }
    out += ')';
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
