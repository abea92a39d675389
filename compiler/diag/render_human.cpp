// rustc's human diagnostic layout (rustc_errors/src/emitter.rs), for the cases asyncc needs:
// labelled single-line spans stacked as rustc stacks them, one multi-line span drawn with
// rustc's `_`/`|` margin, elided gaps (`...`), `= note:` lines and suggestions shown either as
// an insertion (`+++`) or as a `-`/`+` diff.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/diag/display_line.hpp"
#include "compiler/diag/render.hpp"
#include "compiler/diag/styled_buffer.hpp"

namespace asyncc::diag {

namespace {

using source::SourceFile;
using source::Span;

Style level_style(Level level) {
  switch (level) {
    case Level::Error: return Style::Error;
    case Level::Warning: return Style::Warning;
    case Level::Note: return Style::Note;
    case Level::Help: return Style::Help;
  }
  return Style::Error;
}

std::size_t digits(std::uint32_t n) {
  std::size_t d = 1;
  while (n >= 10) { n /= 10; ++d; }
  return d;
}

// The last line a span touches: a span ending right after a character ends on that character's line.
std::uint32_t end_line(const SourceFile& file, Span span) {
  return file.line_col(span.end > span.begin ? span.end - 1 : span.begin).line;
}

// A single-line annotation in display columns.
struct Annotation {
  std::uint32_t start_col = 0;
  std::uint32_t end_col = 0;
  std::string label;
  bool primary = false;
  [[nodiscard]] bool has_label() const { return !label.empty(); }
};

// The one multi-line span drawn with a margin.
struct Multiline {
  std::uint32_t start_line = 0, end_line = 0;
  std::uint32_t start_col = 0;  // display column of its first character
  std::uint32_t end_col = 0;    // display column of its last character
  bool starts_line = false;     // only whitespace before it: drawn with `/`
  bool shares_start = false;    // other labels on its first line: label drawn at the start
  std::string label;
  bool primary = false;
};

bool overlaps(const Annotation& a, const Annotation& b, std::uint32_t padding) {
  return (b.start_col <= a.start_col && a.start_col < b.end_col + padding) ||
         (a.start_col <= b.start_col && b.start_col < a.end_col + padding);
}

// Whether a line is worth showing inside an elided multi-line span (rustc skips blank lines,
// comments and bare delimiters).
bool is_substantial(std::string_view line) {
  auto first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  line.remove_prefix(first);
  if (line.substr(0, 2) == "//") return false;
  for (char c : line) {
    if (c != ' ' && c != '\t' && !std::ispunct(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

class SnippetRenderer {
 public:
  SnippetRenderer(const SourceFile& file, StyledBuffer& buffer, std::size_t width, Style level_style)
      : file_(file), buf_(buffer), width_(width), level_style_(level_style) {}

  void render(const std::vector<Label>& labels) {
    std::map<std::uint32_t, std::vector<Annotation>> by_line;
    for (const Label& label : labels) {
      std::uint32_t first = file_.line_col(label.span.begin).line;
      std::uint32_t last = end_line(file_, label.span);
      if (first != last && !multiline_) {
        add_multiline(label, first, last);
        continue;
      }
      DisplayLine line(file_.line_text(first));
      std::uint32_t line_start = file_.line_start(first);
      Annotation a;
      a.start_col = line.column(label.span.begin - line_start);
      std::uint32_t end = std::min(label.span.end, line_start + static_cast<std::uint32_t>(file_.line_text(first).size()));
      if (first != last) end = line_start + static_cast<std::uint32_t>(file_.line_text(first).size());
      a.end_col = end > label.span.begin ? line.column(end - line_start) : a.start_col + 1;
      if (a.end_col <= a.start_col) a.end_col = a.start_col + 1;
      a.label = label.text;
      a.primary = label.primary;
      by_line[first].push_back(std::move(a));
    }

    if (multiline_ && by_line.count(multiline_->start_line)) multiline_->shares_start = true;
    std::set<std::uint32_t> lines;
    for (const auto& [line, _] : by_line) lines.insert(line);
    if (multiline_) add_multiline_lines(lines);

    code_col_ = width_ + 3 + (multiline_ ? 2 : 0);
    buf_.puts(buf_.rows(), width_ + 1, "|", Style::LineNumber);

    std::optional<std::uint32_t> previous;
    for (std::uint32_t line : lines) {
      if (previous) {
        std::uint32_t delta = line - *previous;
        if (delta > 2) {
          std::size_t row = buf_.rows();
          buf_.puts(row, 0, "...", Style::LineNumber);
          if (inside_multiline(line - 1)) buf_.putc(row, width_ + 3, "|", level_of_multiline());
        } else if (delta == 2) {
          draw_code_line(line - 1);
        }
      }
      auto found = by_line.find(line);
      draw_line(line, found == by_line.end() ? std::vector<Annotation>{} : found->second);
      previous = line;
    }
  }

 private:
  Style level_of_multiline() const { return multiline_->primary ? level_style_ : Style::Secondary; }

  void add_multiline(const Label& label, std::uint32_t first, std::uint32_t last) {
    Multiline m;
    m.start_line = first;
    m.end_line = last;
    std::string_view first_text = file_.line_text(first);
    DisplayLine first_line(first_text);
    std::uint32_t begin_in_line = label.span.begin - file_.line_start(first);
    m.start_col = first_line.column(begin_in_line);
    m.starts_line = first_text.find_first_not_of(" \t") >= begin_in_line;
    DisplayLine last_line(file_.line_text(last));
    m.end_col = last_line.column(label.span.end - 1 - file_.line_start(last));
    m.label = label.text;
    m.primary = label.primary;
    multiline_ = m;
  }

  void add_multiline_lines(std::set<std::uint32_t>& lines) {
    const Multiline& m = *multiline_;
    lines.insert(m.start_line);
    lines.insert(m.end_line);
    std::uint32_t middle = std::min(m.start_line + 4, m.end_line);
    std::uint32_t until = m.start_line;
    for (std::uint32_t line = middle - 1; line > m.start_line; --line) {
      if (is_substantial(file_.line_text(line))) { until = line + 1; break; }
    }
    for (std::uint32_t line = m.start_line + 1; line < until; ++line) lines.insert(line);
    std::uint32_t before_end = m.end_line - 1;
    if (middle < before_end && is_substantial(file_.line_text(before_end))) lines.insert(before_end);
  }

  bool inside_multiline(std::uint32_t line) const {
    return multiline_ && line > multiline_->start_line && line <= multiline_->end_line;
  }

  std::size_t draw_code_line(std::uint32_t line) {
    std::size_t row = buf_.rows();
    std::string number = std::to_string(line);
    buf_.puts(row, width_ - number.size(), number, Style::LineNumber);
    buf_.puts(row, width_ + 1, "|", Style::LineNumber);
    DisplayLine text(file_.line_text(line));
    buf_.put_display(row, code_col_, text.text(), Style::Plain);
    if (multiline_) {
      if (line == multiline_->start_line && multiline_->starts_line && !multiline_->shares_start) {
        buf_.putc(row, width_ + 3, "/", level_of_multiline());
      } else if (inside_multiline(line)) {
        buf_.putc(row, width_ + 3, "|", level_of_multiline());
      }
    }
    return row;
  }

  std::size_t new_row(bool margin_bar) {
    std::size_t row = buf_.rows();
    buf_.puts(row, width_ + 1, "|", Style::LineNumber);
    if (margin_bar) buf_.putc(row, width_ + 3, "|", level_of_multiline());
    return row;
  }

  void draw_line(std::uint32_t line, std::vector<Annotation> annotations) {
    draw_code_line(line);
    // Rows below a line inside the multi-line span continue its margin bar.
    bool bar = multiline_ && line >= multiline_->start_line && line < multiline_->end_line;
    const bool start = multiline_ && line == multiline_->start_line;

    if (start && multiline_->shares_start) {
      // As rustc: the span's start is a caret among the line's other labels, and its label
      // hangs off a connector row below them.
      Annotation a;
      a.start_col = multiline_->start_col;
      a.end_col = multiline_->start_col + 1;
      a.primary = multiline_->primary;
      annotations.push_back(a);
      std::size_t underline_row = buf_.rows();
      draw_annotations(std::move(annotations), false);
      for (std::size_t r = underline_row + 1; r < buf_.rows(); ++r) {
        buf_.putc(r, code_col_ + multiline_->start_col, "|", level_of_multiline());
      }
      std::size_t row = new_row(false);
      for (std::uint32_t c = width_ + 4; c < code_col_ + multiline_->start_col; ++c) buf_.putc(row, c, "_", level_of_multiline());
      buf_.puts(row, code_col_ + multiline_->start_col, multiline_->label, level_of_multiline());
      new_row(true);
      return;
    }
    if (start && !multiline_->starts_line) {
      std::size_t row = new_row(false);
      for (std::uint32_t c = width_ + 4; c < code_col_ + multiline_->start_col; ++c) buf_.putc(row, c, "_", level_of_multiline());
      buf_.putc(row, code_col_ + multiline_->start_col, multiline_->primary ? "^" : "-", level_of_multiline());
    }

    if (!annotations.empty()) draw_annotations(std::move(annotations), bar);

    if (multiline_ && line == multiline_->end_line) {
      std::size_t row = new_row(true);
      for (std::uint32_t c = width_ + 4; c < code_col_ + multiline_->end_col; ++c) buf_.putc(row, c, "_", level_of_multiline());
      buf_.putc(row, code_col_ + multiline_->end_col, multiline_->primary ? "^" : "-", level_of_multiline());
      if (!multiline_->label.empty() && !multiline_->shares_start) {
        buf_.puts(row, code_col_ + multiline_->end_col + 2, multiline_->label, level_of_multiline());
      }
    }
  }

  // rustc's placement: rightmost annotation first; a label goes on the underline row unless
  // it would collide with an annotation to its left, in which case it moves down a row and
  // is connected to its span by a `|`.
  void draw_annotations(std::vector<Annotation> annotations, bool margin_bar) {
    std::stable_sort(annotations.begin(), annotations.end(),
                     [](const Annotation& a, const Annotation& b) { return a.start_col > b.start_col; });
    std::vector<std::pair<std::uint32_t, const Annotation*>> positions;
    std::uint32_t p = 0;
    std::uint32_t max_p = 0;
    for (std::size_t i = 0; i < annotations.size(); ++i) {
      const Annotation& a = annotations[i];
      for (std::size_t j = i + 1; j < annotations.size() && p == 0; ++j) {
        const Annotation& next = annotations[j];
        if (overlaps(next, a, 0) && a.has_label()) {
          if (next.start_col == a.start_col && next.end_col == a.end_col && !next.has_label()) continue;
          ++p;
          break;
        }
      }
      positions.emplace_back(p, &a);
      for (std::size_t j = i + 1; j < annotations.size(); ++j) {
        const Annotation& next = annotations[j];
        std::uint32_t padding = next.has_label() ? static_cast<std::uint32_t>(next.label.size()) + 2 : 0;
        if ((overlaps(next, a, padding) && a.has_label() && next.has_label()) ||
            (overlaps(next, a, padding) && next.end_col <= a.end_col && next.has_label() && p == 0)) {
          ++p;
          break;
        }
      }
      max_p = std::max(max_p, p);
    }

    bool any_label = std::any_of(annotations.begin(), annotations.end(), [](const Annotation& a) { return a.has_label(); });
    std::size_t rows = 1 + (any_label ? max_p + (max_p > 0 ? 1 : 0) : 0);
    std::size_t first_row = buf_.rows();
    for (std::size_t r = 0; r < rows; ++r) new_row(margin_bar);

    for (const auto& [pos, a] : positions) {
      Style style = a->primary ? level_style_ : Style::Secondary;
      if (pos > 0 && a->has_label()) {
        for (std::size_t r = 1; r <= pos + 1; ++r) buf_.putc(first_row + r, code_col_ + a->start_col, "|", style);
      }
    }
    for (const auto& [pos, a] : positions) {
      if (!a->has_label()) continue;
      Style style = a->primary ? level_style_ : Style::Secondary;
      if (pos == 0) {
        buf_.puts(first_row, code_col_ + a->end_col + 1, a->label, style);
      } else {
        buf_.puts(first_row + pos + 1, code_col_ + a->start_col, a->label, style);
      }
    }
    for (const auto& [pos, a] : positions) {
      Style style = a->primary ? level_style_ : Style::Secondary;
      for (std::uint32_t c = a->start_col; c < a->end_col; ++c) buf_.putc(first_row, code_col_ + c, a->primary ? "^" : "-", style);
    }
  }

  const SourceFile& file_;
  StyledBuffer& buf_;
  std::size_t width_;
  Style level_style_;
  std::size_t code_col_ = 0;
  std::optional<Multiline> multiline_;
};

// Shows one suggested edit: as inserted text marked `+++` when nothing is removed, else as a
// `-` line and a `+` line (rustc 1.95's two display styles).
void render_suggestion(const SourceFile& file, const Suggestion& s, StyledBuffer& buf, std::size_t width) {
  std::uint32_t line = file.line_col(s.span.begin).line;
  std::uint32_t last = end_line(file, s.span);
  std::uint32_t first_start = file.line_start(line);
  std::string before(file.text().substr(first_start, s.span.begin - first_start));
  std::uint32_t last_end = file.line_start(last) + static_cast<std::uint32_t>(file.line_text(last).size());
  std::string after(file.text().substr(s.span.end, last_end > s.span.end ? last_end - s.span.end : 0));
  std::string original(file.text(s.span));
  std::string replacement = s.replacement;

  // Trim what the original and the replacement share, to see whether this is a pure insertion.
  std::size_t prefix = 0;
  while (prefix < original.size() && prefix < replacement.size() && original[prefix] == replacement[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < original.size() - prefix && suffix < replacement.size() - prefix &&
         original[original.size() - 1 - suffix] == replacement[replacement.size() - 1 - suffix]) ++suffix;
  bool insertion = original.size() == prefix + suffix && line == last && replacement.find('\n') == std::string::npos;

  auto gutter = [&](std::size_t row, std::uint32_t number, const char* mark, Style style) {
    std::string n = std::to_string(number);
    buf.puts(row, width - n.size(), n, Style::LineNumber);
    buf.puts(row, width + 1, mark, style);
  };
  std::string new_text = before + replacement + after;
  if (insertion) {
    std::size_t row = buf.rows();
    gutter(row, line, "|", Style::LineNumber);
    DisplayLine shown(new_text);
    buf.put_display(row, width + 3, shown.text(), Style::Plain);
    // As rustc, the `+` marks skip whitespace at either end of the inserted text.
    std::uint32_t from = static_cast<std::uint32_t>(before.size() + prefix);
    std::uint32_t to = static_cast<std::uint32_t>(before.size() + replacement.size() - suffix);
    while (from < to && (new_text[from] == ' ' || new_text[from] == '\t')) ++from;
    while (to > from && (new_text[to - 1] == ' ' || new_text[to - 1] == '\t')) --to;
    std::size_t marks = buf.rows();
    buf.puts(marks, width + 1, "|", Style::LineNumber);
    for (std::uint32_t c = shown.column(from); c < shown.column(to); ++c) buf.putc(marks, width + 3 + c, "+", Style::Addition);
    return;
  }
  for (std::uint32_t l = line; l <= last; ++l) {
    std::size_t row = buf.rows();
    gutter(row, l, "-", Style::Removal);
    buf.put_display(row, width + 3, DisplayLine(file.line_text(l)).text(), Style::Removal);
  }
  std::uint32_t number = line;
  std::size_t start = 0;
  while (start <= new_text.size()) {
    std::size_t nl = new_text.find('\n', start);
    std::string piece = new_text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    std::size_t row = buf.rows();
    gutter(row, number++, "+", Style::Addition);
    buf.put_display(row, width + 3, DisplayLine(piece).text(), Style::Addition);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  buf.puts(buf.rows(), width + 1, "|", Style::LineNumber);
}

std::uint32_t max_line(const Diagnostic& d, const SourceFile& file) {
  std::uint32_t max = 0;
  auto visit = [&](Span span) {
    max = std::max(max, end_line(file, span));
  };
  for (const Label& l : d.labels) visit(l.span);
  for (const SubDiagnostic& c : d.children) {
    for (const Label& l : c.labels) visit(l.span);
    for (const Suggestion& s : c.suggestions) visit(s.span);
  }
  return max;
}

void header(StyledBuffer& buf, Level level, const std::string& code, const std::string& message) {
  std::size_t row = buf.rows();
  std::string head = level_name(level);
  if (!code.empty()) head += "[" + code + "]";
  buf.puts(row, 0, head, level_style(level));
  buf.append(row, ": ", Style::Bold);
  buf.append(row, message, Style::Bold);
}

void location(StyledBuffer& buf, const SourceFile& file, Span span, std::size_t width) {
  std::size_t row = buf.rows();
  source::LineCol lc = file.line_col(span.begin);
  buf.puts(row, width, "--> ", Style::LineNumber);
  buf.append(row, file.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column), Style::Plain);
}

Span primary_of(const std::vector<Label>& labels) {
  for (const Label& l : labels) if (l.primary) return l.span;
  return labels.front().span;
}

// rustc shows a lone short suggestion as a label on its span instead of a separate `help:`
// section (emitter.rs, primary_span_formatted). Returns the diagnostic as it will be drawn.
Diagnostic inline_short_suggestion(const Diagnostic& d) {
  const SubDiagnostic* only = nullptr;
  std::size_t count = 0;
  for (const SubDiagnostic& c : d.children) {
    count += c.suggestions.size();
    if (!c.suggestions.empty()) only = &c;
  }
  if (count != 1 || d.labels.empty()) return d;
  const Suggestion& s = only->suggestions.front();
  std::size_t words = 0;
  bool in_word = false;
  for (char ch : only->message) {
    bool space = ch == ' ' || ch == '\t' || ch == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  if (s.style == SuggestionStyle::ShowAlways || words >= 10 || s.replacement.find('\n') != std::string::npos) return d;
  std::string code = s.replacement;
  while (!code.empty() && code.front() == ' ') code.erase(code.begin());
  while (!code.empty() && code.back() == ' ') code.pop_back();
  std::string label = "help: " + only->message;
  if (!code.empty() && s.style == SuggestionStyle::ShowCode) label += ": `" + code + "`";

  Diagnostic shown = d;
  shown.children.clear();
  for (const SubDiagnostic& c : d.children) {
    if (&c != only || !c.labels.empty()) shown.children.push_back(c);
    if (&c == only && !c.labels.empty()) shown.children.back().suggestions.clear();
  }
  bool primary = false;
  for (Label& l : shown.labels) {
    if (l.span == s.span && l.primary) primary = true;
    if (l.span == s.span && l.text.empty()) {
      l.text = label;
      return shown;
    }
  }
  shown.labels.push_back({s.span, label, primary});
  return shown;
}

void render_child_note(StyledBuffer& buf, const SubDiagnostic& child, std::size_t width) {
  std::size_t row = buf.rows();
  buf.puts(row, width + 1, "= ", Style::LineNumber);
  buf.append(row, level_name(child.level), Style::Bold);
  buf.append(row, ": " + child.message, Style::Plain);
}

}  // namespace

std::string render_human(const Diagnostic& original, const SourceFile& file, const RenderOptions& options) {
  const Diagnostic d = inline_short_suggestion(original);
  StyledBuffer buf;
  std::size_t width = digits(std::max<std::uint32_t>(1, max_line(d, file)));
  header(buf, d.level, d.code, d.message);
  bool snippet = !d.labels.empty();
  if (snippet) {
    location(buf, file, primary_of(d.labels), width);
    SnippetRenderer(file, buf, width, level_style(d.level)).render(d.labels);
  }
  // As rustc: span-less notes and helps first (`= note:`), then children with spans, then
  // suggestions, each of those under its own `help:` line.
  bool separated = false;
  auto separate = [&] {
    if (snippet && !separated) buf.puts(buf.rows(), width + 1, "|", Style::LineNumber);
    separated = true;
  };
  for (const SubDiagnostic& child : d.children) {
    if (child.labels.empty() && child.suggestions.empty()) {
      separate();
      render_child_note(buf, child, width);
    }
  }
  for (const SubDiagnostic& child : d.children) {
    if (child.labels.empty()) continue;
    separate();
    std::size_t row = buf.rows();
    buf.puts(row, 0, level_name(child.level), level_style(child.level));
    buf.append(row, ": " + child.message, Style::Bold);
    location(buf, file, primary_of(child.labels), width);
    SnippetRenderer(file, buf, width, level_style(child.level)).render(child.labels);
    snippet = true;
    separated = true;  // rustc starts the next child right under a child's snippet
  }
  for (const SubDiagnostic& child : d.children) {
    if (child.suggestions.empty()) continue;
    separate();
    std::size_t row = buf.rows();
    buf.puts(row, 0, level_name(child.level), level_style(child.level));
    buf.append(row, ": " + child.message, Style::Bold);
    for (const Suggestion& s : child.suggestions) {
      buf.puts(buf.rows(), width + 1, "|", Style::LineNumber);
      render_suggestion(file, s, buf, width);
    }
    separated = true;
  }
  return buf.render(options.color) + "\n";
}

std::string render_summary_human(std::size_t errors, std::size_t warnings, const RenderOptions& options) {
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  StyledBuffer buf;
  if (errors > 0) {
    std::string text = "aborting due to " + (errors == 1 ? std::string("1 previous error") : plural(errors, "previous error"));
    if (warnings > 0) text += "; " + plural(warnings, "warning") + " emitted";
    header(buf, Level::Error, "", text);
  } else if (warnings > 0) {
    header(buf, Level::Warning, "", plural(warnings, "warning") + " emitted");
  } else {
    return "";
  }
  return buf.render(options.color) + "\n";
}

}  // namespace asyncc::diag
