// Moves out of whole locals (`x.await`, `let y = x;`, `f(x)`, `S { f: x }`): the moved-from local dies at the move instead of at the
// end of its scope, as in Rust, so it is not kept (or laid out) across later suspension points.
//
// Without drop flags this is done only where it is exact: for a local x moved by some
// instruction, a forward dataflow finds, before each of x's scope-end drops, whether x is
// initialised, moved, or either depending on the path. If no drop sees "either", every drop
// that only ever sees "moved" is removed and each move destroys the moved-from x right away;
// otherwise x keeps its scope-end drop (destroying a moved-from value is harmless).
#include <algorithm>
#include <map>
#include <set>

#include "compiler/lower/lower.hpp"

namespace asyncc::lower {

namespace {

enum class InitState : std::uint8_t { Unreached, Uninit, Init, Maybe };

InitState join(InitState a, InitState b) {
  if (a == InitState::Unreached) return b;
  if (b == InitState::Unreached) return a;
  return a == b ? a : InitState::Maybe;
}

InitState transfer(const Inst& inst, SlotId x, InitState in) {
  for (SlotId m : inst.moves) {
    if (m == x) return InitState::Uninit;
  }
  if (inst.kind == InstKind::Drop && inst.dest == x) return InitState::Uninit;
  if ((inst.kind == InstKind::Init || inst.kind == InstKind::Bind || inst.kind == InstKind::Poll) && inst.dest == x) {
    return InitState::Init;
  }
  return in;
}

void elide_for(Body& body, SlotId x) {
  const std::size_t n = body.blocks.size();
  std::vector<InitState> in(n, InitState::Unreached);
  in[0] = InitState::Uninit;
  bool changed = true;
  while (changed) {
    changed = false;
    for (BlockId b = 0; b < n; ++b) {
      if (!body.blocks[b].reachable || in[b] == InitState::Unreached) continue;
      InitState s = in[b];
      for (const Inst& inst : body.blocks[b].insts) s = transfer(inst, x, s);
      for (BlockId succ : successors(body.blocks[b].term)) {
        const InitState j = join(in[succ], s);
        if (j != in[succ]) {
          in[succ] = j;
          changed = true;
        }
      }
    }
  }
  // Check every drop of x; collect the ones that only ever see x moved.
  std::vector<std::pair<BlockId, std::size_t>> dead_drops;
  for (BlockId b = 0; b < n; ++b) {
    if (!body.blocks[b].reachable) continue;
    InitState s = in[b];
    const auto& insts = body.blocks[b].insts;
    for (std::size_t i = 0; i < insts.size(); ++i) {
      if (insts[i].kind == InstKind::Drop && insts[i].dest == x) {
        if (s == InitState::Maybe) return;  // would need a drop flag: keep the scope-end drop
        if (s == InitState::Uninit) dead_drops.emplace_back(b, i);
      }
      s = transfer(insts[i], x, s);
    }
  }
  for (auto it = dead_drops.rbegin(); it != dead_drops.rend(); ++it) {
    auto& insts = body.blocks[it->first].insts;
    insts.erase(insts.begin() + static_cast<std::ptrdiff_t>(it->second));
  }
  for (BasicBlock& b : body.blocks) {
    for (Inst& inst : b.insts) {
      const bool moves_x = std::find(inst.moves.begin(), inst.moves.end(), x) != inst.moves.end();
      if (moves_x && std::find(inst.consumed.begin(), inst.consumed.end(), x) == inst.consumed.end()) {
        inst.consumed.push_back(x);
      }
    }
  }
}

}  // namespace

void elide_moved_drops(Body& body) {
  std::set<SlotId> moved;
  for (const BasicBlock& b : body.blocks) {
    if (!b.reachable) continue;
    for (const Inst& inst : b.insts) {
      moved.insert(inst.moves.begin(), inst.moves.end());
    }
  }
  for (SlotId x : moved) elide_for(body, x);
}

}  // namespace asyncc::lower
