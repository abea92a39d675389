// The AST's text form for `--emit=ast` and golden tests.
#pragma once

#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::ast {

/// A stable, indented text form of the tree: one node a line, `Kind details L:C-L:C` (the
/// span's start and exclusive end, 1-based, columns in characters), children indented two
/// spaces. Deeper than 100 levels the indentation stays at 100 and the line starts with
/// `@DEPTH ` instead, so that a 100,000-term chain dumps in linear size. `source` must be the
/// file the tree was parsed from.
std::string dump(const File& file, const source::SourceFile& source);

}  // namespace asyncc::ast
