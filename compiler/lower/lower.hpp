// Lowering (COMPILER.md §2, §5): typed AST → one control-flow Body per function and per async
// block (ir.hpp), with the liveness of every slot at every suspension point and the layout of
// each future. The contract the generated futures follow is the top comment of lower.cpp.
#pragma once

#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/lower/ir.hpp"
#include "compiler/sema/sema.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::lower {

/// Lowers every function with a body and every async block of `file`. `program` must be the
/// error-free analysis of `file`; both must outlive the result.
Program lower(const ast::File& file, const sema::Program& program);

/// Reachability, predecessors and the live-in set of every block; the live set of every
/// suspension point. (lower() calls it; exposed for unit tests on hand-built bodies.)
void compute_liveness(Body& body);

/// A local moved out of as a whole (`x.await`) dies at the move when that is exact on every
/// path (moves.cpp); needs compute_liveness() first (reachability), and again after.
void elide_moved_drops(Body& body);

/// Decides where each slot lives: Member (live across a suspension point, or a parameter of an
/// async body) in one of the storage groups — slots never live at the same suspension point
/// share a group, i.e. one C++ union — or Frame. Needs compute_liveness() first.
/// `program` (optional) gives the slots' types a size estimate: the largest are placed first.
void compute_layout(Body& body, const sema::Program* program = nullptr);

/// `name` as an identifier the emitted C++ can use: C++ keywords, the standard macros and the
/// names generated code reserves (`state_`, `cx`, `result`, …) get a trailing `_`.
std::string safe_identifier(std::string_view name);

/// Whether values of `type` need no destructor call (scalars and tuples of them).
bool is_trivial_type(const sema::Program& program, sema::TypeId type);

/// `--emit=ir`: every body's blocks, instructions, suspension points and layout, as text.
std::string dump(const Program& ir, const sema::Program& program, const source::SourceFile& source);

}  // namespace asyncc::lower
