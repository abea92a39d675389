// Internal to lower/: building one Body's control-flow graph from the AST.
#pragma once

#include <vector>

#include "compiler/lower/ir.hpp"
#include "compiler/lower/operands.hpp"

namespace asyncc::lower {

/// Fills `body` (kind, fn/sig or block, name and output already set) with its slots and blocks.
/// Async blocks met in the body are appended to `found_blocks` (they get Bodies of their own).
void build_body(Body& body, const sema::Program& program, std::vector<const ast::AsyncBlockExpr*>& found_blocks);

}  // namespace asyncc::lower
