#include "compiler/diag/diagnostic.hpp"

namespace asyncc::diag {

namespace {

struct KindInfo {
  const char* name;
  Level level;
  const char* code;
};

constexpr KindInfo kinds[] = {
#define ASYNCC_DIAG(Name, Lvl, Code) {#Name, Level::Lvl, Code},
#include "compiler/diag/diagnostic_kind.def"
#undef ASYNCC_DIAG
};

}  // namespace

const char* level_name(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "note";
    case Level::Help: return "help";
  }
  return "error";
}

const char* kind_name(Kind kind) { return kinds[static_cast<std::size_t>(kind)].name; }
Level kind_level(Kind kind) { return kinds[static_cast<std::size_t>(kind)].level; }
const char* kind_code(Kind kind) { return kinds[static_cast<std::size_t>(kind)].code; }

Diagnostic Diagnostic::make(Kind kind, std::string message) {
  Diagnostic d;
  d.kind = kind;
  d.level = kind_level(kind);
  d.code = kind_code(kind);
  d.message = std::move(message);
  return d;
}

Diagnostic& Diagnostic::primary(source::Span span, std::string text) {
  labels.push_back({span, std::move(text), true});
  return *this;
}

Diagnostic& Diagnostic::secondary(source::Span span, std::string text) {
  labels.push_back({span, std::move(text), false});
  return *this;
}

Diagnostic& Diagnostic::note(std::string message) {
  children.push_back({Level::Note, std::move(message), {}, {}});
  return *this;
}

Diagnostic& Diagnostic::help(std::string message) {
  children.push_back({Level::Help, std::move(message), {}, {}});
  return *this;
}

Diagnostic& Diagnostic::suggest(std::string message, source::Span span, std::string replacement,
                                Applicability applicability) {
  SubDiagnostic child{Level::Help, std::move(message), {}, {}};
  child.suggestions.push_back({span, std::move(replacement), applicability});
  children.push_back(std::move(child));
  return *this;
}

Diagnostic& Diagnostic::suggest_inline(std::string message, source::Span span, std::string replacement,
                                       Applicability applicability, bool show_code) {
  suggest(std::move(message), span, std::move(replacement), applicability);
  children.back().suggestions.back().style = show_code ? SuggestionStyle::ShowCode : SuggestionStyle::HideCodeInline;
  return *this;
}

source::Span Diagnostic::primary_span() const {
  for (const Label& label : labels) {
    if (label.primary) return label.span;
  }
  return labels.empty() ? source::Span{} : labels.front().span;
}

void DiagSink::emit(Diagnostic diagnostic) {
  if (diagnostic.level == Level::Warning && warnings_as_errors_) diagnostic.level = Level::Error;
  if (diagnostic.level == Level::Error) ++errors_;
  if (diagnostic.level == Level::Warning) ++warnings_;
  diagnostics_.push_back(std::move(diagnostic));
}

}  // namespace asyncc::diag
