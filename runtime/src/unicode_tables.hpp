// Unicode properties the runtime needs as Rust defines them (internal to the runtime); the
// tables in unicode_tables.cpp are generated with rustc as the oracle.
#pragma once

namespace asyncc::detail {

/// Whether Rust's `{:?}` prints `c` as `\u{...}` (`char::escape_debug`: not printable per
/// core::unicode::printable, or Grapheme_Extend). False for chars with a short escape.
bool debug_escapes_unicode(char32_t c);
/// Rust's `char::is_whitespace` (Unicode White_Space).
bool is_whitespace(char32_t c);

}  // namespace asyncc::detail
