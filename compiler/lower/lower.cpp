// Lowering of function bodies and async blocks to state machines.
//
// THE CONTRACT OF A GENERATED FUTURE (what emit/ prints and what the tests check)
//
// Every `async fn` and every `async` block becomes one C++ class (a future: `using Output = T;`
// and `asyncc::Poll<Output> poll(asyncc::Context&)`). Its layout, in order:
//   1. `state_`: the state index (std::uint32_t);
//   2. the storage groups: one anonymous union each. A slot (a parameter or capture, a `let`
//      binding, a temporary, an awaited future) is a member only if it is live at a point where
//      the future is at rest: state 0 (parameters and captures) or a suspension point. Two
//      member slots that are never live at the same such point may share a union (greedy
//      colouring in declaration order), the way rustc overlaps a coroutine's variant fields.
//      Every other slot is a local of `poll` (or of the sync function): its storage is not kept
//      between polls.
// Members are constructed explicitly (placement new) when their value is defined and destroyed
// explicitly (std::destroy_at) when it dies, so a union member is alive exactly when its slot is.
//
// States:
//   0  unresumed  — created, never polled. Alive: the parameters (captures). The future may be
//                   moved only in this state (the move constructor moves them; moving a future in
//                   any other state is a bug and panics).
//   1  returned   — poll returned Ready. Nothing is alive. Polling again panics
//                   ("`async fn` resumed after completion").
//   2  poisoned   — reserved, as in rustc (a poll that panicked): with panic = abort a panicking
//                   poll never returns, so generated code never stores it; polling it panics.
//   3+ suspended  — at suspension point k (state 3 + k): its awaited future and exactly the slots
//                   in SuspensionPoint::live are alive (the future among them).
// poll(cx): dispatches on `state_` (a `switch` whose cases jump to the resume labels), then runs
// basic blocks. At an `.await`: the awaited future is constructed inline in its member slot (no
// heap allocation), `state_` becomes the point's state, and the resume block polls it: Pending →
// poll returns Pending (state unchanged; the future arranged the wake-up); Ready → its output goes
// to the result slot, the awaited future is destroyed, execution continues. A return (the tail,
// `return`, a failing `?`) evaluates the result, destroys every live slot in reverse declaration
// order, stores state 1 and returns Ready.
// ~Future(): destroys exactly the slots alive in the current state, in reverse declaration order
// (parameters in state 0, SuspensionPoint::live in state 3 + k, nothing in states 1 and 2). That is
// cancellation by drop. A moved-from value stays a valid (empty) C++ object until its scope ends,
// so it is destroyed once, harmlessly.
//
// Lowering rules (build.cpp): an expression is lowered into the CFG only where it needs it — it
// contains `.await`, `?` or control flow, or two of its operands have effects whose order Rust
// fixes (left to right) and C++ would not; the operands evaluated before a suspension point are
// stored in slots. The rest stays an AST leaf printed as one C++ expression. Bindings are dropped
// at the end of their scope in reverse order (also on `break`, `continue`, `return`, `?`);
// temporaries die at the instruction that consumes them.
#include "compiler/lower/lower.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <unordered_set>

#include "compiler/lower/build.hpp"
#include "compiler/lower/impl_future.hpp"

namespace asyncc::lower {

namespace {

std::string camel(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace

std::string safe_identifier(std::string_view name) {
  static const std::unordered_set<std::string_view> reserved = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "case", "catch", "char",
      "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const_cast", "consteval", "constexpr",
      "constinit", "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
      "dynamic_cast", "explicit", "export", "float", "friend", "goto", "inline", "int", "long", "mutable",
      "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private",
      "protected", "public", "register", "reinterpret_cast", "requires", "short", "signed", "sizeof",
      "static_assert", "static_cast", "switch", "template", "this", "thread_local", "throw", "try", "typedef",
      "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "xor",
      "xor_eq", "for", "if", "else", "while", "return", "break", "continue", "const", "enum", "struct", "static",
      "true", "false", "extern", "assert", "errno", "stdout", "stderr", "stdin", "EOF", "NULL", "result", "cx",
      "state_", "poll", "polled", "cond", "frame", "Frame", "other", "Output", "std", "asyncc", "left", "right"};
  std::string out(name);
  if (reserved.count(name)) out += '_';
  return out;
}

bool is_trivial_type(const sema::Program& p, sema::TypeId t) {
  switch (p.types.kind(t)) {
    case sema::TypeKind::Bool: case sema::TypeKind::Char: case sema::TypeKind::Int: case sema::TypeKind::F64:
    case sema::TypeKind::Str: case sema::TypeKind::Never: case sema::TypeKind::Error:
      return true;
    case sema::TypeKind::Tuple:
      for (std::uint32_t i = 0; i < p.types.arg_count(t); ++i) {
        if (!is_trivial_type(p, p.types.arg(t, i))) return false;
      }
      return true;
    default: return false;
  }
}

Program lower(const ast::File& file, const sema::Program& program) {
  Program out;
  std::vector<const ast::AsyncBlockExpr*> pending;
  std::vector<Body> bodies;
  // Block names: <Fn>Block<N>, N counting the blocks of the item in source order.
  std::unordered_map<const ast::AsyncBlockExpr*, std::string> block_names;

  auto build_blocks = [&](const std::string& prefix) {
    int n = 0;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const ast::AsyncBlockExpr* blk = pending[k];
      if (block_names.count(blk)) continue;
      block_names[blk] = prefix + "Block" + std::to_string(++n) + "Future";
    }
    // Bodies of the blocks; nested blocks found on the way join the queue.
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const ast::AsyncBlockExpr* blk = pending[k];
      Body body;
      body.kind = BodyKind::AsyncBlock;
      body.block = blk;
      body.name = block_names[blk];
      const sema::TypeId ft = program.type_of(blk);
      body.output = program.types.arg_count(ft) > 0 ? program.types.arg(ft, 0) : program.types.unit;
      const std::size_t before = pending.size();
      build_body(body, program, pending);
      for (std::size_t j = before; j < pending.size(); ++j) {
        block_names[pending[j]] = prefix + "Block" + std::to_string(++n) + "Future";
      }
      bodies.push_back(std::move(body));
    }
    pending.clear();
  };

  auto lower_fn = [&](const ast::FnItem* fn, const sema::FnSig* sig) {
    if (!fn->body) return;
    Body body;
    body.kind = fn->is_async ? BodyKind::AsyncFn : BodyKind::SyncFn;
    body.fn = fn;
    body.sig = sig;
    std::string owner;
    if (sig && sig->impl) {
      for (const sema::AdtInfo& adt : program.adts) {
        if (adt.type == sig->self_type) owner = camel(adt.name);
      }
    }
    body.name = fn->is_async ? owner + camel(fn->name) + "Future" : std::string(fn->name);
    body.output = sig ? sig->ret : program.types.unit;
    build_body(body, program, pending);
    bodies.push_back(std::move(body));
    build_blocks(owner + camel(fn->name));
  };

  for (const sema::FnSig& sig : program.fns) {
    if (sig.item && !sig.extern_block) lower_fn(sig.item, &sig);
  }
  (void)file;

  for (Body& body : bodies) {
    compute_liveness(body);
    if (body.is_async()) {
      elide_moved_drops(body);
      compute_liveness(body);
    }
    compute_layout(body, &program);
  }

  out.impl_futures = resolve_impl_futures(program, bodies);
  // Order: each async body after the generated futures its members store (depth first).
  std::unordered_map<const void*, std::size_t> index;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    index[bodies[i].kind == BodyKind::AsyncBlock ? static_cast<const void*>(bodies[i].block)
                                                 : static_cast<const void*>(bodies[i].fn)] = i;
  }
  std::vector<int> mark(bodies.size(), 0);
  std::vector<std::size_t> order;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (mark[i]) return;
    mark[i] = 1;
    std::set<const void*> deps;
    for (const Slot& s : bodies[i].slots) {
      if (s.storage == Storage::Member || s.kind == SlotKind::Future) {
        generated_futures_in(program, out.impl_futures, s.type, deps);
      }
    }
    // In body order, not pointer order: the output must not depend on addresses.
    std::vector<std::size_t> dep_bodies;
    for (const void* d : deps) {
      if (auto it = index.find(d); it != index.end() && it->second != i) dep_bodies.push_back(it->second);
    }
    std::sort(dep_bodies.begin(), dep_bodies.end());
    for (std::size_t d : dep_bodies) visit(d);
    order.push_back(i);
  };
  for (std::size_t i = 0; i < bodies.size(); ++i) visit(i);
  for (std::size_t i : order) {
    Body& b = bodies[i];
    out.body_of[b.kind == BodyKind::AsyncBlock ? static_cast<const void*>(b.block) : static_cast<const void*>(b.fn)] =
        static_cast<std::uint32_t>(out.bodies.size());
    out.bodies.push_back(std::move(b));
  }
  return out;
}

}  // namespace asyncc::lower
