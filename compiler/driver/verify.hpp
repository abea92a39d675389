// `asyncc --verify`: the diagnostics of a file are compared with expectations written in its
// own comments instead of being printed (clang's -verify, MLIR's -verify-diagnostics).
//
// A directive is written in any comment (`//`, `///`, `/* … */`; not inside string or char
// literals) and reads
//
//   expected-KIND[CODE]@WHERE COUNT {{TEXT}} {{TEXT}}…      (each part but KIND and one TEXT optional)
//
//   KIND   error | warning | note | help | label
//   [CODE] the diagnostic's code must be exactly CODE: `expected-error[E0765] {{…}}`
//          (without it any code, or none, matches); not allowed on `label`
//   @WHERE the line the diagnostic is on: `@+N`/`@-N` relative to the directive's own line,
//          `@N` an absolute line, `@*` any line; without it, the directive's own line
//   COUNT  how many such diagnostics (default 1)
//   TEXT   a substring of the message (`{{}}` matches any); each `{{…}}` is one more expectation
//          with the same KIND, CODE, WHERE and COUNT
//
// and one comment may hold several directives (`// expected-error {{a}} expected-help {{b}}`).
// `// expected-no-diagnostics` says the file must produce no diagnostic at all; it cannot be
// combined with other directives.
//
// What is matched where:
// - error, warning: top-level diagnostics of that level (after -Werror), at their primary line.
// - note, help: the `note:`/`help:` children of any diagnostic (inline suggestions such as
//   `help: add `;` here` included), at the line of the child's own first span, else of its
//   first suggested edit, else of its parent's primary span.
// - label: the text of any label of any diagnostic or child, at the label's own line.
//
// Every error and warning must be expected. Notes and helps are checked the same way only in a
// file that uses `expected-note` (respectively `expected-help`) at least once; otherwise those
// that nobody expected are ignored. Labels are only ever checked one way: every
// `expected-label` must find its label, but labels nobody expected are fine (every diagnostic
// has one). A file without any directive is itself a failure, so that a typo cannot make a test
// vacuous (clang's rule).
//
// On a mismatch the report is clang's:
//   error: 'error' diagnostics expected but not seen:
//     File x.adsl Line 3: expected expression
//   error: 'error' diagnostics seen but not expected:
//     File x.adsl Line 4: expected `;`, found keyword `let`
// and `asyncc --verify` exits with 1; when everything matches it prints nothing and exits with 0
// (2 still means bad usage or an unreadable file). --error-format and --color do not apply.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::driver::verify {

enum class ExpectKind { Error, Warning, Note, Help, Label };

/// One `expected-KIND … {{TEXT}}` (one per `{{…}}` when a directive repeats its text).
struct Expectation {
  ExpectKind kind = ExpectKind::Error;
  std::uint32_t line = 0;            // where the diagnostic is expected; 0 = any line (`@*`)
  std::uint32_t directive_line = 0;  // where the directive is written
  std::string code;                  // "" = any code
  std::string text;                  // a substring of the message (or of the label)
  std::uint32_t count = 1;
};

/// The directives of one file.
struct Expectations {
  std::vector<Expectation> items;
  bool no_diagnostics = false;  // `expected-no-diagnostics`
  /// Malformed directives, one line each (`File x.adsl Line 3: cannot find start ('{{') …`).
  std::vector<std::string> errors;
};

/// Reads the directives in `file`'s comments. Comments are found by scanning the raw text
/// (strings, raw strings and char literals are skipped; block comments nest), so this works on
/// files the parser rejects.
Expectations scan_expectations(const source::SourceFile& file);

/// Compares `diagnostics` (reported for `file`) with `expected`. Returns the report of every
/// mismatch, or "" when everything matched.
std::string compare(const Expectations& expected, const std::vector<diag::Diagnostic>& diagnostics,
                    const source::SourceFile& file);

/// scan_expectations + compare for the file and diagnostics of `sink`.
std::string verify(const diag::DiagSink& sink);

/// `expected-error` etc. without the `expected-` (`error`, `warning`, `note`, `help`, `label`).
const char* expect_kind_name(ExpectKind kind);

}  // namespace asyncc::driver::verify
