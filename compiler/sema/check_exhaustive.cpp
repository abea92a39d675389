// Exhaustiveness of `match` (E0004) and irrefutability of `let` patterns (E0005).
#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

bool check_patterns(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink) {
  (void)fn; (void)program; (void)sink;
  return false;
}

}  // namespace asyncc::sema::checks
