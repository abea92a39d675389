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
};

/// The whole translation unit: one runtime include, the future classes (each after the futures
/// it stores inline), declarations, definitions, and `int main` when the file has a `main`.
/// Deterministic: the same input gives byte-identical output.
std::string emit_cpp(const ast::File& file, const sema::Program& program, const lower::Program& ir,
                     const source::SourceFile& source, const Options& options);

/// `--emit=state-graph`: one cluster per async fn or block, one node per state (suspension
/// points labelled with the source line of their `.await`), edges for the possible transitions.
std::string emit_state_graph(const sema::Program& program, const lower::Program& ir, const source::SourceFile& source);

/// The file stem of `path` made a valid C++ identifier (the default namespace).
std::string default_namespace(const std::string& path);

}  // namespace asyncc::emit
