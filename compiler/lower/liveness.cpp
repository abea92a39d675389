// Liveness of slots (a backward dataflow over the blocks) and the layout it decides: which
// slots become members of the future and which of them share storage.
#include <algorithm>
#include <set>
#include <vector>

#include "compiler/lower/lower.hpp"

namespace asyncc::lower {

namespace {

using SlotSet = std::vector<bool>;

}  // namespace

void compute_liveness(Body& body) {
  const std::size_t n_blocks = body.blocks.size();
  const std::size_t n_slots = body.slots.size();
  for (BasicBlock& b : body.blocks) {
    b.preds.clear();
    b.reachable = false;
  }
  // Reachability from the entry, and predecessors of reachable blocks.
  std::vector<BlockId> stack{0};
  if (n_blocks > 0) body.blocks[0].reachable = true;
  while (!stack.empty()) {
    BlockId id = stack.back();
    stack.pop_back();
    for (BlockId s : successors(body.blocks[id].term)) {
      body.blocks[s].preds.push_back(id);
      if (!body.blocks[s].reachable) {
        body.blocks[s].reachable = true;
        stack.push_back(s);
      }
    }
  }
  for (BasicBlock& b : body.blocks) std::sort(b.preds.begin(), b.preds.end());
  // A sync body keeps nothing between calls: its layout needs no liveness.
  if (!body.is_async()) {
    body.conflicts.assign(n_slots, {});
    return;
  }

  // use = read before any definition in the block; def = defined in the block.
  std::vector<SlotSet> use(n_blocks, SlotSet(n_slots)), def(n_blocks, SlotSet(n_slots));
  for (std::size_t i = 0; i < n_blocks; ++i) {
    const BasicBlock& b = body.blocks[i];
    auto read = [&](SlotId s) {
      if (s < n_slots && !def[i][s]) use[i][s] = true;
    };
    for (const Inst& inst : b.insts) {
      for (SlotId s : inst.uses) read(s);
      if (inst.kind == InstKind::Drop) {
        def[i][inst.dest] = true;  // dead after its drop
      } else if ((inst.kind == InstKind::Init || inst.kind == InstKind::Bind || inst.kind == InstKind::Poll ||
                  (inst.kind == InstKind::Step && inst.value.kind == Operand::Kind::None)) &&
                 inst.dest < n_slots) {
        def[i][inst.dest] = true;
      }
      if (inst.kind == InstKind::Poll) def[i][body.suspensions[inst.suspension].future] = true;
      for (SlotId s : inst.consumed) def[i][s] = true;
    }
    for (SlotId s : b.term.uses) read(s);
  }
  std::vector<SlotSet> live_in(n_blocks, SlotSet(n_slots));
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = n_blocks; i-- > 0;) {
      if (!body.blocks[i].reachable) continue;
      SlotSet out(n_slots);
      for (BlockId s : successors(body.blocks[i].term)) {
        for (std::size_t k = 0; k < n_slots; ++k) out[k] = out[k] || live_in[s][k];
      }
      for (std::size_t k = 0; k < n_slots; ++k) {
        const bool in = use[i][k] || (out[k] && !def[i][k]);
        if (in != live_in[i][k]) {
          live_in[i][k] = in;
          changed = true;
        }
      }
    }
  }
  for (std::size_t i = 0; i < n_blocks; ++i) {
    body.blocks[i].live_in.clear();
    for (std::size_t k = 0; k < n_slots; ++k) {
      if (live_in[i][k]) body.blocks[i].live_in.push_back(static_cast<SlotId>(k));
    }
  }
  for (SuspensionPoint& sp : body.suspensions) sp.live = body.blocks[sp.resume].live_in;

  // Conflicts: a slot being defined overlaps every slot live after the definition and every
  // slot the defining instruction reads (it is constructed from them). The parameters are all
  // constructed at once. (A Poll destroys its future before constructing its result.)
  std::vector<SlotSet> conflict(n_slots, SlotSet(n_slots));
  auto add = [&](SlotId a, SlotId b) {
    if (a < n_slots && b < n_slots && a != b) conflict[a][b] = conflict[b][a] = true;
  };
  for (SlotId a : body.params) {
    for (SlotId b : body.params) add(a, b);
  }
  for (std::size_t i = 0; i < n_blocks; ++i) {
    const BasicBlock& b = body.blocks[i];
    if (!b.reachable) continue;
    SlotSet live(n_slots);
    for (BlockId s : successors(b.term)) {
      for (std::size_t k = 0; k < n_slots; ++k) live[k] = live[k] || live_in[s][k];
    }
    for (SlotId s : b.term.uses) {
      if (s < n_slots) live[s] = true;
    }
    for (auto it = b.insts.rbegin(); it != b.insts.rend(); ++it) {
      const Inst& inst = *it;
      const bool defines = (inst.kind == InstKind::Init || inst.kind == InstKind::Bind || inst.kind == InstKind::Poll ||
                            (inst.kind == InstKind::Step && inst.value.kind == Operand::Kind::None)) &&
                           inst.dest < n_slots;
      const SlotId polled = inst.kind == InstKind::Poll ? body.suspensions[inst.suspension].future : no_slot;
      if (defines) {
        for (std::size_t k = 0; k < n_slots; ++k) {
          if (live[k]) add(inst.dest, static_cast<SlotId>(k));
        }
        for (SlotId u : inst.uses) {
          if (u != polled) add(inst.dest, u);
        }
        live[inst.dest] = false;
      }
      if (inst.kind == InstKind::Drop && inst.dest < n_slots) live[inst.dest] = false;
      if (polled != no_slot) live[polled] = false;
      for (SlotId c : inst.consumed) {
        if (c < n_slots) live[c] = false;
      }
      for (SlotId u : inst.uses) {
        if (u < n_slots) live[u] = true;
      }
    }
  }
  body.conflicts.assign(n_slots, {});
  for (std::size_t a = 0; a < n_slots; ++a) {
    for (std::size_t b = 0; b < n_slots; ++b) {
      if (conflict[a][b]) body.conflicts[a].push_back(static_cast<SlotId>(b));
    }
  }
}

namespace {

// A rough size in bytes, only to rank slots: generated futures first (they are the largest),
// then the other values by their usual C++ sizes.
std::size_t size_estimate(const sema::Program& p, sema::TypeId t, int depth = 0) {
  using sema::TypeKind;
  const sema::TypeTable& types = p.types;
  if (depth > 8) return 8;
  switch (types.kind(t)) {
    case TypeKind::Bool: return 1;
    case TypeKind::Char: return 4;
    case TypeKind::Int: return sema::int_kind_bits(static_cast<sema::IntKind>(types.data(t).extra)) / 8;
    case TypeKind::F64: return 8;
    case TypeKind::Str: return 16;
    case TypeKind::String: return 32;
    case TypeKind::Vec: return 24;
    case TypeKind::Tuple: {
      std::size_t n = 0;
      for (std::uint32_t i = 0; i < types.arg_count(t); ++i) n += size_estimate(p, types.arg(t, i), depth + 1);
      return n;
    }
    case TypeKind::Option: return size_estimate(p, types.arg(t, 0), depth + 1) + 8;
    case TypeKind::Result:
      return std::max(size_estimate(p, types.arg(t, 0), depth + 1), size_estimate(p, types.arg(t, 1), depth + 1)) + 8;
    case TypeKind::Future: {
      const auto k = static_cast<sema::FutureKind>(types.data(t).extra);
      if (k == sema::FutureKind::AsyncFn || k == sema::FutureKind::AsyncBlock) return 4096;
      return k == sema::FutureKind::YieldNow ? 1 : 64;  // asyncc::YieldNow is one flag
    }
    case TypeKind::Adt: {
      std::size_t largest = 0;
      for (const auto& v : p.adt_of(t).variants) {
        std::size_t n = 0;
        for (sema::TypeId f : v.field_types) n += size_estimate(p, f, depth + 1);
        largest = std::max(largest, n);
      }
      return largest + (p.adt_of(t).enum_item != nullptr ? 8 : 0);
    }
    default: return 8;
  }
}

}  // namespace

void compute_layout(Body& body, const sema::Program* program) {
  for (Slot& s : body.slots) {
    s.live_at.clear();
    if (s.storage != Storage::Arg) s.storage = Storage::Frame;
  }
  body.groups.clear();
  if (!body.is_async()) return;
  // The points where the future is at rest: state 0 (before the first poll: the parameters or
  // captures) and each suspension point. Point index 0 is state 0, k+1 is suspension k.
  std::vector<std::vector<SlotId>> points;
  points.push_back(body.params);
  for (const SuspensionPoint& sp : body.suspensions) points.push_back(sp.live);
  std::vector<std::set<std::uint32_t>> at(body.slots.size());
  for (std::uint32_t p = 0; p < points.size(); ++p) {
    for (SlotId s : points[p]) at[s].insert(p);
  }
  // Largest first (then in declaration order): the big values (awaited futures) share the first
  // unions and the small ones fill the others, which keeps every union as small as it can be.
  std::vector<SlotId> order(body.slots.size());
  for (SlotId s = 0; s < order.size(); ++s) order[s] = s;
  if (program != nullptr) {
    std::vector<std::size_t> size(body.slots.size());
    for (SlotId s = 0; s < order.size(); ++s) size[s] = at[s].empty() ? 0 : size_estimate(*program, body.slots[s].type);
    std::stable_sort(order.begin(), order.end(), [&](SlotId a, SlotId b) { return size[a] > size[b]; });
  }
  for (SlotId s : order) {
    if (at[s].empty()) continue;
    Slot& slot = body.slots[s];
    slot.storage = Storage::Member;
    for (std::uint32_t p : at[s]) {
      if (p > 0) slot.live_at.push_back(p - 1);
    }
    // Greedy colouring: the first group none of whose slots overlaps
    // this one (never live at the same suspension point, nor anywhere in between).
    std::uint32_t g = 0;
    for (; g < body.groups.size(); ++g) {
      bool clash = false;
      for (SlotId other : body.groups[g].slots) {
        for (std::uint32_t p : at[s]) clash = clash || at[other].count(p) > 0;
        if (s < body.conflicts.size()) {
          for (SlotId c : body.conflicts[s]) clash = clash || c == other;
        }
      }
      if (!clash) break;
    }
    if (g == body.groups.size()) body.groups.emplace_back();
    body.groups[g].slots.push_back(s);
    slot.group = g;
  }
}

}  // namespace asyncc::lower
