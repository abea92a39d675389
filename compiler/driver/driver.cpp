#include "compiler/driver/driver.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
// system cannot pick it up (as make's .DELETE_ON_ERROR does). Standard output is left alone.
void remove_stale_output(const std::string& path) {
  if (!path.empty() && path != "-") std::remove(path.c_str());
}

int usage_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 2;
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

// How the source includes the header: its path relative to the source's folder (the current
// folder when the source goes to standard output), so the pair can move together.
std::string header_include(const Options& options) {
  namespace fs = std::filesystem;
  const std::string out = output_path(options);
  const fs::path folder = out == "-" ? fs::current_path() : fs::absolute(out).parent_path();
  return fs::absolute(options.header).lexically_normal().lexically_relative(folder.lexically_normal()).generic_string();
}

// `a` or `a::b`: C++ identifiers joined by `::`.
bool is_namespace_name(const std::string& ns) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(ns.find("::", start), ns.size());
    if (end == start || std::isdigit(static_cast<unsigned char>(ns[start]))) return false;
    for (std::size_t i = start; i < end; ++i) {
      if (!std::isalnum(static_cast<unsigned char>(ns[i])) && ns[i] != '_') return false;
    }
    if (end == ns.size()) return true;
    start = end + 2;
  }
}

// --namespace must be a C++ name; --header goes only with C++ output, and never to the file
// (or the standard output) that -o names.
std::string usage_problem(const Options& options) {
  if (!options.ns.empty() && !is_namespace_name(options.ns)) {
    return "--namespace `" + options.ns + "` is not a C++ namespace name (identifiers joined by `::`)";
  }
  if (options.header.empty()) return "";
  if (options.emit != Emit::Cpp) return "--header needs --emit=cpp";
  if (options.header == "-") return "--header needs a file (the source may go to standard output with `-o -`)";
  namespace fs = std::filesystem;
  const std::string out = output_path(options);
  if (out != "-" && fs::absolute(out).lexically_normal() == fs::absolute(options.header).lexically_normal()) {
    return "--header and -o name the same file";
  }
  return "";
}

// --emit=cpp|ir|state-graph: lowering and emission (empty for the other kinds).
emit::CppOutput generate(const Options& options, const ast::File& tree, const sema::Program& program,
                         const source::SourceFile& file) {
  emit::CppOutput out;
  if (options.emit != Emit::Cpp && options.emit != Emit::Ir && options.emit != Emit::StateGraph) return out;
  // Expressions are as deep as their operator chains are long: walk them on a big stack.
  ast::run_with_deep_stack([&] {
    const lower::Program ir = lower::lower(tree, program);
    if (options.emit == Emit::Ir) {
      out.source = lower::dump(ir, program, file);
    } else if (options.emit == Emit::StateGraph) {
      out.source = emit::emit_state_graph(program, ir, file);
    } else {
      emit::Options emit_options;
      emit_options.ns = options.ns.empty() ? emit::default_namespace(options.input) : options.ns;
      emit_options.line_directives = options.line_directives;
      if (!options.header.empty()) emit_options.header_include = header_include(options);
      out = emit::emit_cpp(tree, program, ir, file, emit_options);
    }
  });
  return out;
}

}  // namespace

int compile(const Options& options) {
  if (std::string error = usage_problem(options); !error.empty()) return usage_error(error);
  // After any failure, earlier outputs at the destinations would be stale: remove them.
  auto failed = [&options](int status) {
    if (!options.check) {
      remove_stale_output(output_path(options));
      remove_stale_output(options.header);
    }
    return status;
  };
  std::optional<source::SourceFile> file;
  if (options.input == "-") {
    file = source::SourceFile::read_stdin();
  } else {
    std::string error;
    file = source::SourceFile::read(options.input, error);
    // Nothing is removed here: `asyncc typo.adsl` must not delete a hand-written typo.cpp.
    if (!file) return usage_error(error);
  }

  diag::DiagSink sink(*file);
  sink.set_warnings_as_errors(options.warnings_as_errors);
  if (auto bad = file->first_invalid_utf8()) {
    sink.emit(diag::Diagnostic::make(diag::Kind::InvalidUtf8, "stream did not contain valid UTF-8")
                  .primary({*bad, *bad + 1}, "invalid UTF-8 starts here"));
    return failed(report(sink, options));
  }

  emit::CppOutput output;
  if (options.emit == Emit::Tokens) {
    output.source = parse::dump_tokens(*file, sink);
  } else {
    ast::File tree = parse::parse(*file, sink);
    if (options.emit == Emit::Ast && !sink.has_errors()) output.source = ast::dump(tree, *file);
    // Later phases never run on a broken AST (COMPILER.md §2).
    if (options.emit != Emit::Ast && !sink.has_errors()) {
      sema::Options sema_options;
      sema_options.rust_compat = options.rust_compat;
      std::unique_ptr<sema::Program> program = sema::analyze(tree, sink, sema_options);
      if (options.emit == Emit::Types && !sink.has_errors()) output.source = sema::dump_types(*program, tree, *file);
      const bool generates = options.emit == Emit::Cpp || options.emit == Emit::Ir || options.emit == Emit::StateGraph;
      if (generates && !sink.has_errors() && !options.check) output = generate(options, tree, *program, *file);
    }
  }
  const int status = report(sink, options);
  if (status != 0) return failed(status);
  if (options.check) return status;

  // The header first: a build that sees the new source finds its header. A failure leaves
  // neither file (the pair must match).
  std::string error;
  if ((!options.header.empty() && !write_output(options.header, output.header, error)) ||
      !write_output(output_path(options), output.source, error)) {
    return failed(usage_error(error));
  }
  return 0;
}

}  // namespace asyncc::driver
