// Consistency checks between the lexer's token kinds and the generated ANTLR parser, for tests.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace asyncc::parse {

/// Token kinds whose name differs from the generated parser's vocabulary at the same type
/// number (empty when token_kind.def and ADSLTokens.tokens agree).
std::vector<std::string> vocabulary_mismatches();

/// The number of states in the process-wide ANTLR DFA cache (bounded; see parser.cpp).
std::size_t dfa_cache_states();

}  // namespace asyncc::parse
