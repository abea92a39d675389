// The warnings: unused variables, unused `Result`s and futures.
#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

void check_unused_variables(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink, bool& first) {
  (void)fn; (void)program; (void)sink; (void)first;
}

void check_must_use(const ast::File& file, const Program& program, diag::DiagSink& sink) {
  (void)file; (void)program; (void)sink;
}

}  // namespace asyncc::sema::checks
