// Running deep recursions (the parser, AST walks) on a thread with a big stack.
#pragma once

#include <functional>

namespace asyncc::ast {

/// Stack size of run_with_deep_stack's thread: address space only, pages are touched as used.
inline constexpr std::size_t deep_stack_bytes = std::size_t{1} << 30;

/// Runs `body` to completion on a thread with a `deep_stack_bytes` stack and rethrows what it
/// throws. Chains like `a + b + …` or `x.f().g()…` make the AST as deep as they are long, so
/// recursive walks over it (dump, later phases) should run through this.
void run_with_deep_stack(const std::function<void()>& body);

}  // namespace asyncc::ast
