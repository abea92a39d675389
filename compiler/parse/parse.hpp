// The parse phase: bytes of a SourceFile → ast::File, reporting syntax errors as rustc does.
// ANTLR is an implementation detail of this folder; nothing here exposes it.
//
// Pipeline: hand-written lexer → delimiter check (unclosed / mismatched delimiters stop the
// parse, as in rustc) → the file is cut into chunks at top-level item boundaries → each chunk
// is parsed by the ANTLR parser in SLL mode with a bailing error strategy; only if that fails
// is it re-parsed in full LL mode to locate and describe the error → the chunk's parse tree is
// turned into AST nodes and freed before the next chunk. The ANTLR DFA cache is process-wide
// (and dropped if it ever grows past 20,000 states; real programs use about 500).
//
// Errors: one syntax error per item (the item is left out of the AST; later items are still
// parsed). The "expected one of …" list is found by re-parsing the item with each token kind
// in place of the offending one (budgeted per file), then worded and placed as rustc does.
//
// Robustness: expressions, blocks, patterns and types may nest at most `max_nesting` deep
// (`error: … nested too deeply` beyond; a token-level estimate rejects hostile nesting before
// ANTLR's prediction looks at it), and the parse runs on a thread with a large stack, so no
// input can overflow the stack; any bytes are accepted (invalid UTF-8 is the driver's
// concern, but never crashes the parser).
#pragma once

#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::parse {

/// Nesting limit of blocks, expressions, patterns and types in the parser.
inline constexpr unsigned max_nesting = 256;
/// Limit of the depth of the AST (nesting plus chains such as `a + b + …` or `x.f().g()…`):
/// only a guard against absurd input; walks over the AST run on a deep stack
/// (ast::run_with_deep_stack), so long flat chains are fine.
inline constexpr unsigned max_ast_depth = 200000;

struct Options {
  /// Also parse every chunk in full-LL mode with ANTLR's profiler on and count ambiguities
  /// and full-context decisions into ProfileStats (for the grammar-cleanliness test; slow).
  bool profile = false;
};

/// Statistics from a profiled parse (Options::profile).
struct ProfileStats {
  std::size_t chunks = 0;
  std::size_t sll_failures = 0;      // chunks re-parsed in LL mode
  std::size_t ll_decisions = 0;      // decisions that needed full LL prediction
  std::size_t ambiguities = 0;       // ambiguities ANTLR reported
  std::size_t context_sensitivities = 0;
};

/// Parses `file`. Syntax errors go to `sink`; the returned File holds every item that parsed
/// (items with errors are left out). The File's AST points into `file`, which must outlive it.
ast::File parse(const source::SourceFile& file, diag::DiagSink& sink);

/// As parse(), with options; fills `stats` when profiling.
ast::File parse(const source::SourceFile& file, diag::DiagSink& sink, const Options& options,
                ProfileStats* stats);

/// The token list for `--emit=tokens`: one token a line, `Kind line:col text`, then `Eof`.
/// Lexical errors go to `sink`.
std::string dump_tokens(const source::SourceFile& file, diag::DiagSink& sink);

}  // namespace asyncc::parse
