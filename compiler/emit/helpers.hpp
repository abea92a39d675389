// Internal to emit/: every call the generated code makes for formatting, printing, panics,
// checked arithmetic and indexing goes through these few functions, so moving to the runtime's
// own support (asyncc/fmt.hpp) changes only this file and helpers.cpp. Helpers that the runtime
// does not have yet are defined in the generated file itself (in an unnamed namespace), only when used.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "compiler/sema/types.hpp"

namespace asyncc::emit {

/// Which generated helper functions the translation unit needs.
class HelperSet {
 public:
  void need(const std::string& name) { used_.insert(name); }
  /// Definitions of the helpers used, in a fixed order.
  [[nodiscard]] std::string definitions() const;

 private:
  std::set<std::string> used_;
};

/// The helper set of the translation unit being emitted (CppEmitter::run sets it for the
/// duration of one emission; the compiler emits one translation unit at a time).
HelperSet& current_helpers();
void set_current_helpers(HelperSet* set);

/// `v[i]` with Rust's bounds check; `loc` is `"file", line, column`.
std::string helpers_index(const std::string& base, const std::string& index, const std::string& loc);
/// `Vec::with_capacity(n)` of C++ type `vec_type`.
std::string helpers_vec_with_capacity(const std::string& vec_type, const std::string& n);
/// `{}` of a scalar of kind `k` (a std::string expression).
std::string display_value(sema::TypeKind k, const std::string& value, std::uint8_t int_kind);
/// `call`, which uses generated helper `helper` (pow, trim, affix).
std::string helper_call(const std::string& helper, const std::string& call);
/// A call of the runtime's arithmetic with Rust's checks (asyncc/checked.hpp):
/// `asyncc::ops::NAME<TARGS>(ARGS, {LOC})`; without `<>` when `targs` is empty and without the
/// location when `loc` is (the operations that cannot panic).
std::string ops_call(std::string_view name, const std::string& targs, const std::string& args,
                     const std::string& loc = "");
/// `value as To` (asyncc::cast: Rust's truncating, saturating and NaN-to-0 conversions).
std::string cast_call(const std::string& to, const std::string& value);
/// Writes the std::string expression `text` to stdout or stderr.
std::string print_call(bool to_stderr, const std::string& text);
/// A panic at `loc` with the std::string expression `message`.
std::string panic_call(const std::string& loc, const std::string& message);

}  // namespace asyncc::emit
