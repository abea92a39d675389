// Diagnostics as plain data (after rustc's rustc_errors::Diagnostic): a level, a code, a
// message, labelled spans (one primary), and note/help children that may carry suggested edits.
// Phases build them and hand them to a DiagSink; renderers turn them into rustc's human layout
// or JSON. Spans point into one SourceFile, which must outlive the diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/source/source_file.hpp"

namespace asyncc::diag {

enum class Level { Error, Warning, Note, Help };

enum class Kind : std::uint16_t {
#define ASYNCC_DIAG(Name, Lvl, Code) Name,
#include "compiler/diag/diagnostic_kind.def"
#undef ASYNCC_DIAG
};

/// Number of kinds in diagnostic_kind.def.
inline constexpr std::size_t kind_count = 0
#define ASYNCC_DIAG(Name, Lvl, Code) +1
#include "compiler/diag/diagnostic_kind.def"
#undef ASYNCC_DIAG
    ;

/// `error`, `warning`, `note` or `help`, as rustc prints the level.
const char* level_name(Level level);
const char* kind_name(Kind kind);
Level kind_level(Kind kind);
/// rustc's error code for the kind (`"E0282"`), or `""`.
const char* kind_code(Kind kind);

/// How sure a suggested edit is (rustc's Applicability).
enum class Applicability { MachineApplicable, MaybeIncorrect, HasPlaceholders, Unspecified };

struct Label {
  source::Span span;
  std::string text;  // may be empty: the span is underlined without a label
  bool primary = false;
};

/// How a suggestion is shown (rustc's SuggestionStyle). Inline styles become a label on the
/// span (`help: add `;` here`) when the diagnostic has just that one short suggestion, as rustc
/// does; otherwise, and for ShowAlways, the patched source is shown under a `help:` line.
enum class SuggestionStyle {
  ShowAlways,      // always the patched source (rustc's span_suggestion_verbose)
  ShowCode,        // inline as "help: MESSAGE: `CODE`" when short (rustc's span_suggestion)
  HideCodeInline,  // inline as "help: MESSAGE" when short (rustc's span_suggestion_short)
};

/// Replace the text at `span` with `replacement` (an empty span inserts).
struct Suggestion {
  source::Span span;
  std::string replacement;
  Applicability applicability = Applicability::MaybeIncorrect;
  SuggestionStyle style = SuggestionStyle::ShowAlways;
};

/// A `note:` or `help:` attached to a diagnostic, with optional spans or suggested edits.
struct SubDiagnostic {
  Level level = Level::Note;
  std::string message;
  std::vector<Label> labels;
  std::vector<Suggestion> suggestions;
};

struct Diagnostic {
  Kind kind{};
  Level level = Level::Error;
  std::string code;     // "E0282" or ""
  std::string message;  // lower case, no final period, code in backticks
  std::vector<Label> labels;
  std::vector<SubDiagnostic> children;

  /// A diagnostic of `kind`, with its level and code from diagnostic_kind.def.
  static Diagnostic make(Kind kind, std::string message);

  Diagnostic& primary(source::Span span, std::string text = {});
  Diagnostic& secondary(source::Span span, std::string text = {});
  Diagnostic& note(std::string message);
  Diagnostic& help(std::string message);
  /// `help: <message>` followed by the source with `replacement` applied at `span`.
  Diagnostic& suggest(std::string message, source::Span span, std::string replacement,
                      Applicability applicability = Applicability::MaybeIncorrect);
  /// A suggestion shown as a label on `span` when it is the only one and short:
  /// `help: <message>: `<replacement>`` (or just `help: <message>` without `show_code`).
  Diagnostic& suggest_inline(std::string message, source::Span span, std::string replacement,
                             Applicability applicability = Applicability::MaybeIncorrect, bool show_code = true);

  /// The primary label's span (the first label if none is marked primary).
  [[nodiscard]] source::Span primary_span() const;
};

/// Collects the diagnostics of one compilation of one file, in the order reported.
class DiagSink {
 public:
  explicit DiagSink(const source::SourceFile& file) : file_(&file) {}

  void emit(Diagnostic diagnostic);

  [[nodiscard]] const source::SourceFile& file() const { return *file_; }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] std::size_t warning_count() const { return warnings_; }
  [[nodiscard]] bool has_errors() const { return errors_ != 0; }

  /// With -Werror, warnings are reported as errors.
  void set_warnings_as_errors(bool on) { warnings_as_errors_ = on; }

 private:
  const source::SourceFile* file_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool warnings_as_errors_ = false;
};

}  // namespace asyncc::diag
