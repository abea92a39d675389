// rustc's `--error-format=json`: one object per diagnostic, with the same field names, so
// tools that read rustc's JSON read ours. Columns are 1-based and count characters.
#include "compiler/diag/json_writer.hpp"
#include "compiler/diag/render.hpp"

namespace asyncc::diag {

namespace {

using source::SourceFile;
using source::Span;

const char* applicability_name(Applicability a) {
  switch (a) {
    case Applicability::MachineApplicable: return "MachineApplicable";
    case Applicability::MaybeIncorrect: return "MaybeIncorrect";
    case Applicability::HasPlaceholders: return "HasPlaceholders";
    case Applicability::Unspecified: return "Unspecified";
  }
  return "Unspecified";
}

void append_span(std::string& out, const SourceFile& file, Span span, bool primary, const std::string* label,
                 const Suggestion* suggestion) {
  source::LineCol start = file.line_col(span.begin);
  source::LineCol end = file.line_col(span.end);
  out += "{\"file_name\":";
  append_json_string(out, file.name());
  out += ",\"byte_start\":" + std::to_string(span.begin) + ",\"byte_end\":" + std::to_string(span.end);
  out += ",\"line_start\":" + std::to_string(start.line) + ",\"line_end\":" + std::to_string(end.line);
  out += ",\"column_start\":" + std::to_string(start.column) + ",\"column_end\":" + std::to_string(end.column);
  out += ",\"is_primary\":";
  out += primary ? "true" : "false";
  out += ",\"text\":[";
  for (std::uint32_t line = start.line; line <= end.line && line <= file.line_count(); ++line) {
    if (line != start.line) out += ',';
    std::string_view text = file.line_text(line);
    std::uint32_t hs = line == start.line ? start.column : 1;
    std::uint32_t he = line == end.line ? end.column : source::count_chars(text) + 1;
    out += "{\"text\":";
    append_json_string(out, text);
    out += ",\"highlight_start\":" + std::to_string(hs) + ",\"highlight_end\":" + std::to_string(he) + "}";
  }
  out += "],\"label\":";
  if (label && !label->empty()) append_json_string(out, *label); else out += "null";
  out += ",\"suggested_replacement\":";
  if (suggestion) append_json_string(out, suggestion->replacement); else out += "null";
  out += ",\"suggestion_applicability\":";
  if (suggestion) { out += '"'; out += applicability_name(suggestion->applicability); out += '"'; } else out += "null";
  out += ",\"expansion\":null}";
}

void append_code(std::string& out, const std::string& code) {
  if (code.empty()) {
    out += "null";
    return;
  }
  out += "{\"code\":";
  append_json_string(out, code);
  out += ",\"explanation\":null}";
}

}  // namespace

std::string render_json(const Diagnostic& d, const SourceFile& file) {
  std::string out = "{\"$message_type\":\"diagnostic\",\"message\":";
  append_json_string(out, d.message);
  out += ",\"code\":";
  append_code(out, d.code);
  out += ",\"level\":\"";
  out += level_name(d.level);
  out += "\",\"spans\":[";
  bool first = true;
  for (const Label& label : d.labels) {
    if (!first) out += ',';
    first = false;
    append_span(out, file, label.span, label.primary, &label.text, nullptr);
  }
  out += "],\"children\":[";
  for (std::size_t i = 0; i < d.children.size(); ++i) {
    const SubDiagnostic& child = d.children[i];
    if (i) out += ',';
    out += "{\"message\":";
    append_json_string(out, child.message);
    out += ",\"code\":null,\"level\":\"";
    out += level_name(child.level);
    out += "\",\"spans\":[";
    bool first_span = true;
    for (const Label& label : child.labels) {
      if (!first_span) out += ',';
      first_span = false;
      append_span(out, file, label.span, label.primary, &label.text, nullptr);
    }
    for (const Suggestion& s : child.suggestions) {
      if (!first_span) out += ',';
      first_span = false;
      append_span(out, file, s.span, true, nullptr, &s);
    }
    out += "],\"children\":[],\"rendered\":null}";
  }
  out += "],\"rendered\":";
  append_json_string(out, render_human(d, file));
  out += "}\n";
  return out;
}

std::string render_summary_json(std::size_t errors, std::size_t warnings) {
  std::string human = render_summary_human(errors, warnings);
  if (human.empty()) return "";
  std::string message = human.substr(human.find(": ") + 2);
  message = message.substr(0, message.find('\n'));
  std::string out = "{\"$message_type\":\"diagnostic\",\"message\":";
  append_json_string(out, message);
  out += ",\"code\":null,\"level\":\"";
  out += errors > 0 ? "error" : "warning";
  out += "\",\"spans\":[],\"children\":[],\"rendered\":";
  append_json_string(out, human);
  out += "}\n";
  return out;
}

}  // namespace asyncc::diag
