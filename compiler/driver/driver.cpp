#include "compiler/driver/driver.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "compiler/ast/deep_stack.hpp"
#include "compiler/ast/dump.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/diag/render.hpp"
#include "compiler/driver/diag_log.hpp"
#include "compiler/driver/output_file.hpp"
#include "compiler/driver/verify.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/sema/sema.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::driver {

namespace {

bool use_color(ColorWhen when) {
  if (when == ColorWhen::Always) return true;
  if (when == ColorWhen::Never) return false;
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr && term != nullptr &&
         std::string(term) != "dumb";
}

// Prints every diagnostic and the closing summary (with --verify, the mismatches with the
// file's expectations instead); returns the exit status for them.
int report(const diag::DiagSink& sink, const Options& options) {
  log_diagnostic_kinds(sink);
  if (options.verify) {
    const std::string mismatches = verify::verify(sink);
    std::cerr << mismatches << std::flush;
    return mismatches.empty() ? 0 : 1;
  }
  diag::RenderOptions render{use_color(options.color)};
  std::string out;
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    out += options.error_format == ErrorFormat::Json ? diag::render_json(d, sink.file())
                                                     : diag::render_human(d, sink.file(), render);
  }
  out += options.error_format == ErrorFormat::Json
             ? diag::render_summary_json(sink.error_count(), sink.warning_count())
             : diag::render_summary_human(sink.error_count(), sink.warning_count(), render);
  std::cerr << out << std::flush;
  return sink.has_errors() ? 1 : 0;
}

// After an error, an output file from an earlier run would be stale: remove it so a build
// system cannot pick it up (as make's .DELETE_ON_ERROR does).
void remove_stale_output(const std::string& path) {
  if (!path.empty() && path != "-") std::remove(path.c_str());
}

int usage_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 2;
}

// --emit=cpp|ir|state-graph: lowering and emission (empty for the other kinds).
std::string generate(const Options& options, const ast::File& tree, const sema::Program& program,
                     const source::SourceFile& file) {
  if (options.emit != Emit::Cpp && options.emit != Emit::Ir && options.emit != Emit::StateGraph) return "";
  std::string out;
  // Expressions are as deep as their operator chains are long: walk them on a big stack.
  ast::run_with_deep_stack([&] {
    const lower::Program ir = lower::lower(tree, program);
    if (options.emit == Emit::Ir) {
      out = lower::dump(ir, program, file);
    } else if (options.emit == Emit::StateGraph) {
      out = emit::emit_state_graph(program, ir, file);
    } else {
      emit::Options emit_options;
      emit_options.ns = options.ns.empty() ? emit::default_namespace(options.input) : options.ns;
      emit_options.line_directives = options.line_directives;
      out = emit::emit_cpp(tree, program, ir, file, emit_options);
    }
  });
  return out;
}

// C++ goes next to the input (`app.adsl` -> `app.cpp`) unless -o says otherwise; everything
// else, and the translation of standard input, goes to standard output.
std::string output_path(const Options& options) {
  if (!options.output.empty()) return options.output;
  if (options.emit != Emit::Cpp || options.input == "-") return "-";
  std::string path = options.input;
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) path.resize(dot);
  return path + ".cpp";
}

}  // namespace

int compile(const Options& options) {
  std::optional<source::SourceFile> file;
  if (options.input == "-") {
    file = source::SourceFile::read_stdin();
  } else {
    std::string error;
    file = source::SourceFile::read(options.input, error);
    if (!file) return usage_error(error);
  }

  diag::DiagSink sink(*file);
  sink.set_warnings_as_errors(options.warnings_as_errors);
  if (auto bad = file->first_invalid_utf8()) {
    sink.emit(diag::Diagnostic::make(diag::Kind::InvalidUtf8, "stream did not contain valid UTF-8")
                  .primary({*bad, *bad + 1}, "invalid UTF-8 starts here"));
    return report(sink, options);
  }

  std::string output;
  if (options.emit == Emit::Tokens) {
    output = parse::dump_tokens(*file, sink);
  } else {
    ast::File tree = parse::parse(*file, sink);
    if (options.emit == Emit::Ast && !sink.has_errors()) output = ast::dump(tree, *file);
    // Later phases never run on a broken AST (COMPILER.md §2).
    if (options.emit != Emit::Ast && !sink.has_errors()) {
      sema::Options sema_options;
      sema_options.rust_compat = options.rust_compat;
      std::unique_ptr<sema::Program> program = sema::analyze(tree, sink, sema_options);
      if (options.emit == Emit::Types && !sink.has_errors()) output = sema::dump_types(*program, tree, *file);
      const bool generates = options.emit == Emit::Cpp || options.emit == Emit::Ir || options.emit == Emit::StateGraph;
      if (generates && !sink.has_errors() && !options.check) output = generate(options, tree, *program, *file);
    }
  }
  int status = report(sink, options);
  if (status != 0 && !options.check) remove_stale_output(output_path(options));
  if (status != 0 || options.check) return status;

  std::string error;
  if (!write_output(output_path(options), output, error)) return usage_error(error);
  return 0;
}

}  // namespace asyncc::driver
