// The concrete types behind `-> impl Future<Output = T>` (impl_future.cpp).
#pragma once

#include <set>
#include <unordered_map>
#include <vector>

#include "compiler/lower/ir.hpp"
#include "compiler/sema/sema.hpp"

namespace asyncc::lower {

/// Whether `t` is sema's `impl Future<Output = T>` (an ImplTrait future of a signature or `let`).
bool is_impl_future(const sema::Program& program, sema::TypeId t);
/// The concrete type behind `t` when `t` is a resolved impl Future, else `t`.
sema::TypeId concrete_type(const ImplFutures& impl, sema::TypeId t);
/// Adds the origins (ast::FnItem or ast::AsyncBlockExpr) of the generated futures that type `t`
/// holds, recursively through its type arguments, impl Futures resolved.
void generated_futures_in(const sema::Program& program, const ImplFutures& impl, sema::TypeId t,
                          std::set<const void*>& out);
/// For every body returning `impl Future<…>`: the one concrete future type it returns, when
/// there is one and it does not store itself inline. Needs the layout of every body.
ImplFutures resolve_impl_futures(const sema::Program& program, const std::vector<Body>& bodies);

}  // namespace asyncc::lower
