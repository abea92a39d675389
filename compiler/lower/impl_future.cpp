// `fn f() -> impl Future<Output = T>`: the one concrete future type the body returns (Rust
// requires one: an async block's, an async fn call's, a runtime future's), so the emitter
// names it and no BoxFuture is allocated. Left out (boxed) when the body returns no future or
// different ones, or when the concrete future would store itself inline (a recursion that
// boxing breaks).
#include "compiler/lower/impl_future.hpp"

#include <set>

namespace asyncc::lower {

namespace {

using sema::TypeId;

TypeId returned_type(const sema::Program& p, const Body& b, const Operand& v) {
  if (v.kind == Operand::Kind::Slot) return b.slots[v.slot].type;
  if (v.kind == Operand::Kind::Expr) return p.type_of(v.expr);
  return 0;
}

// The single future type every `StoreReturn` of `b` returns (diverging ones aside), or 0.
TypeId single_returned_future(const sema::Program& p, const Body& b) {
  TypeId found = 0;
  for (const BasicBlock& bb : b.blocks) {
    for (const Inst& i : bb.insts) {
      if (i.kind != InstKind::StoreReturn) continue;
      const TypeId t = returned_type(p, b, i.value);
      const sema::TypeKind k = t ? p.types.kind(t) : sema::TypeKind::Error;
      if (k == sema::TypeKind::Never || k == sema::TypeKind::Error) continue;
      if (k != sema::TypeKind::Future || (found != 0 && found != t)) return 0;
      found = t;
    }
  }
  return found;
}

// Whether generated future `origin`'s members (recursively, through the types they hold)
// store a future of origin `target`.
bool stores(const sema::Program& p, const std::unordered_map<const void*, const Body*>& body_of,
            const ImplFutures& impl, const void* origin, const void* target, std::set<const void*>& seen) {
  if (!seen.insert(origin).second) return false;
  auto it = body_of.find(origin);
  if (it == body_of.end()) return false;
  std::set<const void*> deps;
  for (const Slot& s : it->second->slots) {
    if (s.storage == Storage::Member || s.kind == SlotKind::Future) generated_futures_in(p, impl, s.type, deps);
  }
  for (const void* d : deps) {
    if (d == target || stores(p, body_of, impl, d, target, seen)) return true;
  }
  return false;
}

}  // namespace

bool is_impl_future(const sema::Program& p, TypeId t) {
  const sema::TypeData& d = p.types.data(t);
  return d.kind == sema::TypeKind::Future && d.extra == static_cast<std::uint8_t>(sema::FutureKind::ImplTrait);
}

TypeId concrete_type(const ImplFutures& impl, TypeId t) {
  auto it = impl.find(t);
  return it == impl.end() ? t : it->second;
}

void generated_futures_in(const sema::Program& p, const ImplFutures& impl, TypeId t, std::set<const void*>& out) {
  t = concrete_type(impl, t);
  const sema::TypeData& d = p.types.data(t);
  if (d.kind == sema::TypeKind::Future) {
    const auto fk = static_cast<sema::FutureKind>(d.extra);
    // sema's origin of an async fn's future is its ast::FnItem; of a block's, the block.
    if (fk == sema::FutureKind::AsyncFn || fk == sema::FutureKind::AsyncBlock) out.insert(d.origin);
  }
  for (std::uint32_t i = 0; i < d.arg_count; ++i) generated_futures_in(p, impl, p.types.arg(t, i), out);
}

ImplFutures resolve_impl_futures(const sema::Program& p, const std::vector<Body>& bodies) {
  ImplFutures direct;
  for (const Body& b : bodies) {
    if (b.kind == BodyKind::AsyncBlock || !is_impl_future(p, b.output)) continue;
    if (TypeId t = single_returned_future(p, b); t != 0 && t != b.output) direct[b.output] = t;
  }
  // `fn g() -> impl Future<…> { f() }` returns f's impl Future: follow to a type with a name.
  ImplFutures out;
  for (const auto& [opaque, first] : direct) {
    TypeId t = first;
    std::set<TypeId> seen{opaque};
    while (is_impl_future(p, t) && direct.count(t) && seen.insert(t).second) t = direct.at(t);
    if (!is_impl_future(p, t)) out[opaque] = t;
  }
  // A future that would store itself inline stays boxed; dropping one may settle another.
  std::unordered_map<const void*, const Body*> body_of;
  for (const Body& b : bodies) {
    body_of[b.kind == BodyKind::AsyncBlock ? static_cast<const void*>(b.block) : static_cast<const void*>(b.fn)] = &b;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = out.begin(); it != out.end(); ++it) {
      const sema::TypeData& d = p.types.data(it->second);
      const auto fk = static_cast<sema::FutureKind>(d.extra);
      if (fk != sema::FutureKind::AsyncFn && fk != sema::FutureKind::AsyncBlock) continue;
      std::set<const void*> seen;
      if (stores(p, body_of, out, d.origin, d.origin, seen)) {
        out.erase(it);
        changed = true;
        break;
      }
    }
  }
  return out;
}

}  // namespace asyncc::lower
