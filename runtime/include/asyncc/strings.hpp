// The prelude's `String`/`&str` methods where C++ differs from Rust (LANGUAGE.md §8). A
// `String` is a std::string and a `&str` a std::string_view, both UTF-8; `len` is in bytes.
//
//     s.trim()              asyncc::str::trim(s)             (a view into `s`)
//     s.contains("ab")      asyncc::str::contains(s, "ab")   (also a char32_t pattern)
//     n.to_string()         asyncc::str::to_string(n)        (Display of any value)
//     s + "x" / s + &t      asyncc::str::concat(std::move(s), "x")
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "asyncc/fmt.hpp"

namespace asyncc::str {

/// `s.trim()`, `s.trim_start()`, `s.trim_end()`: without leading/trailing Unicode White_Space
/// (Rust's `char::is_whitespace`). The result points into `s`.
std::string_view trim(std::string_view s);
std::string_view trim_start(std::string_view s);
std::string_view trim_end(std::string_view s);

inline bool contains(std::string_view s, std::string_view pat) { return s.find(pat) != std::string_view::npos; }
bool contains(std::string_view s, char32_t pat);
inline bool starts_with(std::string_view s, std::string_view pat) { return s.substr(0, pat.size()) == pat; }
bool starts_with(std::string_view s, char32_t pat);
inline bool ends_with(std::string_view s, std::string_view pat) {
  return s.size() >= pat.size() && s.substr(s.size() - pat.size()) == pat;
}
bool ends_with(std::string_view s, char32_t pat);

/// `s.len()`: the length in bytes; `s.is_empty()`.
inline std::size_t len(std::string_view s) { return s.size(); }
inline bool is_empty(std::string_view s) { return s.empty(); }

/// `s.push_str(t)` and `s.push(c)`.
inline void push_str(std::string& s, std::string_view t) { s.append(t); }
void push(std::string& s, char32_t c);

/// `s + t` (`String + &str`): consumes `s`, as Rust's `Add` does.
inline std::string concat(std::string s, std::string_view t) {
  s.append(t);
  return s;
}

/// `x.to_string()` for integers, f64, bool, char, strings and any other Display value.
template <class T>
std::string to_string(const T& v) {
  return fmt::to_display(v);
}

}  // namespace asyncc::str
