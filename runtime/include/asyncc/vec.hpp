// The prelude's `Vec` methods where C++ differs from Rust (LANGUAGE.md §8); `Vec<T>` is a
// std::vector<T>. Indexing (`v[i]`) is asyncc::index in assert.hpp.
//
//     v.pop()           asyncc::vec::pop(v)            -> Option<T>
//     v.remove(i)       asyncc::vec::remove(v, i, L)   panics like Rust when i >= len
//     v.insert(i, x)    asyncc::vec::insert(v, i, x, L)
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "asyncc/assert.hpp"

namespace asyncc::vec {

namespace detail {
[[noreturn]] void index_panic(const Loc& loc, const char* what, const char* op, std::size_t index, std::size_t len);
}  // namespace detail

/// `Vec::with_capacity(n)`.
template <class T>
std::vector<T> with_capacity(std::size_t n) {
  std::vector<T> v;
  v.reserve(n);
  return v;
}

/// `v.pop()`: the last element, or None.
template <class T, class A>
Option<T> pop(std::vector<T, A>& v) {
  if (v.empty()) return Option<T>::none();
  Option<T> r = Option<T>::some(std::move(v.back()));
  v.pop_back();
  return r;
}

/// `v.remove(i)`: panics `removal index (is I) should be < len (is N)`.
template <class T, class A>
T remove(std::vector<T, A>& v, std::size_t i, const Loc& loc) {
  if (i >= v.size()) detail::index_panic(loc, "removal", "<", i, v.size());
  T r = std::move(v[i]);
  v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
  return r;
}

/// `v.insert(i, x)`: panics `insertion index (is I) should be <= len (is N)`.
template <class T, class A>
void insert(std::vector<T, A>& v, std::size_t i, T x, const Loc& loc) {
  if (i > v.size()) detail::index_panic(loc, "insertion", "<=", i, v.size());
  v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), std::move(x));
}

/// `v.contains(&x)`.
template <class T, class A>
bool contains(const std::vector<T, A>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace asyncc::vec
