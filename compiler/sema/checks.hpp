// The checks that run on the typed AST once inference reported no error (COMPILER.md §2:
// resolve → infer → check), each a separate pass that only reads the Program:
//   check_exhaustive.cpp  E0004 non-exhaustive `match`, E0005 refutable `let` pattern
//   check_moves.cpp       E0382 use after move, E0384 assign twice, E0596/E0594 mutability,
//                         the plain-`async`-block capture rule (LANGUAGE.md §5)
//   check_lints.cpp       unused variables, unused `Result`, unused futures
//   check_async_recursion.cpp  E0733 recursive async fns
// They report in rustc's order: body by body (exhaustiveness, then borrow errors, then unused
// variables), the `must_use` lints last and only when there was no error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/sema/sema.hpp"

namespace asyncc::sema {

/// Runs every check on `file`, whose Program must be complete (no inference error).
void run_checks(const ast::File& file, const Program& program, diag::DiagSink& sink);

namespace checks {

/// Every fn item with a body, in source order (free functions and impl members).
std::vector<const ast::FnItem*> bodies_in_order(const ast::File& file);

/// Whether values of `t` are Copy: Program::is_copy, plus Option/Result/Either of Copy types.
bool is_copy(const Program& program, TypeId t);
/// Whether `t` is Clone (has `.clone()`).
bool is_clone(const Program& program, TypeId t);

/// Per body: E0004 and E0005. Returns whether it reported an error.
bool check_patterns(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink);
/// Per body: E0382, E0384, E0594, E0596 and the async capture rule.
struct LintNotes;
/// `fn_locals`: the locals whose owner is `fn` (its parameters first). Also rustc's
/// `unused_mut` lint, which rustc computes in borrowck too.
void check_moves(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink,
                 const std::vector<LocalId>& fn_locals, LintNotes& notes);
/// Which lints have shown their "`#[warn(…)]` on by default" note (rustc shows it once a lint).
struct LintNotes {
  bool unused_mut = false;
  bool unused_variables = false;
  bool unused_assignments = false;
  bool unused_must_use = false;
};
/// Per body: unused variables, and assignments to variables that are never read.
void check_unused_variables(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink, LintNotes& notes);
/// Whole file: E0733, an async fn that awaits a call leading back to itself.
void check_async_recursion(const ast::File& file, const Program& program, diag::DiagSink& sink);
/// Whole file: unused `Result`s and futures.
void check_must_use(const ast::File& file, const Program& program, diag::DiagSink& sink, LintNotes& notes);

/// Calls `f` on `node` and, while `f` returns true, on its statements, expressions and patterns,
/// in source order (types and nested items are skipped).
void visit(const ast::Node* node, const std::function<bool(const ast::Node*)>& f);
void visit_block(const ast::Block* block, const std::function<bool(const ast::Node*)>& f);

/// The source text of `span`.
std::string_view text_of(const diag::DiagSink& sink, source::Span span);

}  // namespace checks

}  // namespace asyncc::sema
