// Renderers for diagnostics: rustc 1.95's human layout and rustc's `--error-format=json`.
#pragma once

#include <cstddef>
#include <string>

#include "compiler/diag/diagnostic.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::diag {

struct RenderOptions {
  bool color = false;  // ANSI colours as rustc uses them
};

/// One diagnostic in rustc's human layout, ending with a blank line.
std::string render_human(const Diagnostic& diagnostic, const source::SourceFile& file,
                         const RenderOptions& options = {});

/// One diagnostic as a single-line JSON object (rustc's fields), ending with `\n`.
std::string render_json(const Diagnostic& diagnostic, const source::SourceFile& file);

/// The closing line(s): `error: aborting due to N previous errors; M warnings emitted` or
/// `warning: M warnings emitted`; empty when there is nothing to say.
std::string render_summary_human(std::size_t errors, std::size_t warnings, const RenderOptions& options = {});
/// The same, as rustc's JSON closing diagnostic (empty when there is nothing to say).
std::string render_summary_json(std::size_t errors, std::size_t warnings);

}  // namespace asyncc::diag
