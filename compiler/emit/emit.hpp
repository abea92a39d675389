// Emission (COMPILER.md §5): the lowered program as C++17 against the bundled runtime, and the
// state graph of every async body as Graphviz dot.
#pragma once

#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/lower/ir.hpp"
#include "compiler/sema/sema.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::emit {

struct Options {
  std::string ns;               // the C++ namespace of the translated items
  bool line_directives = true;  // `#line N "file.adsl"` before each statement
  /// How the source includes its header (`--header`); "" = one self-contained source file.
  std::string header_include;
};

/// The translation: `source`, and with Options::header_include also `header`.
struct CppOutput {
  std::string source;
  std::string header;
};

/// The whole translation unit: one runtime include, the future classes (each after the futures
/// it stores inline), declarations, definitions, and `int main` when the file has a `main`.
/// With a header, the header holds every type (structs, enums, constants, and all future
/// classes: a pub future's layout embeds the private futures it awaits), the declarations of
/// the pub and `extern "C++"` functions; the source includes it and holds the function and
/// member definitions (not `inline`, so C++ code can call them), the generated helpers (in an
/// unnamed namespace) and `main`. Deterministic: the same input gives byte-identical output.
CppOutput emit_cpp(const ast::File& file, const sema::Program& program, const lower::Program& ir,
                   const source::SourceFile& source, const Options& options);

/// `--emit=state-graph`: one cluster per async fn or block, one node per state (suspension
/// points labelled with the source line of their `.await`), edges for the possible transitions.
std::string emit_state_graph(const sema::Program& program, const lower::Program& ir, const source::SourceFile& source);

/// The file stem of `path` made a valid C++ identifier (the default namespace).
std::string default_namespace(const std::string& path);

}  // namespace asyncc::emit
