// Liveness and layout on hand-built bodies: what is live at each suspension point, which slots
// overlap, and which share storage.
#include <gtest/gtest.h>

#include "compiler/lower/lower.hpp"

namespace asyncc::lower {
namespace {

// A tiny builder for bodies without an AST: slots, and blocks of Init/Poll/Drop/Suspend.
struct BodyBuilder {
  Body body;
  BodyBuilder() { body.kind = BodyKind::AsyncFn; }
  SlotId slot(const char* name, bool trivial = false, SlotKind kind = SlotKind::Local) {
    Slot s;
    s.name = name;
    s.kind = kind;
    s.trivial = trivial;
    body.slots.push_back(s);
    return static_cast<SlotId>(body.slots.size() - 1);
  }
  BlockId block() {
    body.blocks.emplace_back();
    return static_cast<BlockId>(body.blocks.size() - 1);
  }
  void init(BlockId b, SlotId dest, std::vector<SlotId> uses = {}) {
    Inst i;
    i.kind = InstKind::Init;
    i.dest = dest;
    i.uses = std::move(uses);
    body.blocks[b].insts.push_back(i);
  }
  void drop(BlockId b, SlotId s) {
    Inst i;
    i.kind = InstKind::Drop;
    i.dest = s;
    i.uses = {s};
    body.blocks[b].insts.push_back(i);
  }
  // Ends `b` with an await of `future` resuming in a new block (returned), which polls it into `result`.
  BlockId await(BlockId b, SlotId future, SlotId result) {
    SuspensionPoint sp;
    sp.state = first_suspension_state + static_cast<std::uint32_t>(body.suspensions.size());
    sp.future = future;
    sp.result = result;
    const BlockId resume = block();
    sp.resume = resume;
    body.blocks[b].term.kind = TermKind::Suspend;
    body.blocks[b].term.target = resume;
    body.blocks[b].term.suspension = static_cast<std::uint32_t>(body.suspensions.size());
    Inst poll;
    poll.kind = InstKind::Poll;
    poll.dest = result;
    poll.suspension = static_cast<std::uint32_t>(body.suspensions.size());
    poll.uses = {future};
    body.blocks[resume].insts.push_back(poll);
    body.suspensions.push_back(sp);
    return resume;
  }
  void ret(BlockId b) { body.blocks[b].term.kind = TermKind::Return; }
  void finish() {
    compute_liveness(body);
    compute_layout(body);
  }
};

std::vector<std::string> names(const Body& b, const std::vector<SlotId>& slots) {
  std::vector<std::string> out;
  for (SlotId s : slots) out.push_back(b.slots[s].name);
  return out;
}

TEST(Liveness, OnlyValuesLiveAcrossAnAwaitAreMembers) {
  // let s = …; let t = …; drop(t); let r = f.await; use(s, r); drop(s)
  BodyBuilder bb;
  SlotId s = bb.slot("s"), t = bb.slot("t"), f = bb.slot("f", false, SlotKind::Future), r = bb.slot("r", true);
  BlockId b0 = bb.block();
  bb.init(b0, s);
  bb.init(b0, t);
  bb.drop(b0, t);
  bb.init(b0, f);
  BlockId b1 = bb.await(b0, f, r);
  bb.init(b1, bb.slot("use", true), {s, r});
  bb.drop(b1, s);
  bb.ret(b1);
  bb.finish();
  EXPECT_EQ(names(bb.body, bb.body.suspensions[0].live), (std::vector<std::string>{"s", "f"}));
  EXPECT_EQ(bb.body.slots[s].storage, Storage::Member);
  EXPECT_EQ(bb.body.slots[f].storage, Storage::Member);
  EXPECT_EQ(bb.body.slots[t].storage, Storage::Frame);
  EXPECT_EQ(bb.body.slots[r].storage, Storage::Frame);
}

TEST(Liveness, ValuesOfDifferentSuspensionPointsShareAGroup) {
  // let a = f1.await; let b = f2.await (a dead by then): f1 and f2 never overlap.
  BodyBuilder bb;
  SlotId f1 = bb.slot("f1", false, SlotKind::Future), a = bb.slot("a"), f2 = bb.slot("f2", false, SlotKind::Future),
         b = bb.slot("b");
  BlockId b0 = bb.block();
  bb.init(b0, f1);
  BlockId b1 = bb.await(b0, f1, a);
  bb.drop(b1, a);
  bb.init(b1, f2);
  BlockId b2 = bb.await(b1, f2, b);
  bb.drop(b2, b);
  bb.ret(b2);
  bb.finish();
  ASSERT_EQ(bb.body.groups.size(), 1u);
  EXPECT_EQ(names(bb.body, bb.body.groups[0].slots), (std::vector<std::string>{"f1", "f2"}));
}

TEST(Liveness, OverlapBetweenSuspensionPointsPreventsSharing) {
  // x is constructed while f1 is alive and dies after f2: it overlaps both; f1 and f2 do not
  // overlap each other.
  BodyBuilder bb;
  SlotId f1 = bb.slot("f1", false, SlotKind::Future), x = bb.slot("x"), f2 = bb.slot("f2", false, SlotKind::Future);
  BlockId b0 = bb.block();
  bb.init(b0, f1);
  bb.init(b0, x);  // x starts while f1 is alive (f1 is awaited next)
  BlockId b1 = bb.await(b0, f1, no_slot);
  bb.init(b1, f2);
  BlockId b2 = bb.await(b1, f2, no_slot);
  bb.drop(b2, x);
  bb.ret(b2);
  bb.finish();
  EXPECT_NE(bb.body.slots[f1].group, bb.body.slots[x].group);
  EXPECT_NE(bb.body.slots[f2].group, bb.body.slots[x].group);
  EXPECT_EQ(bb.body.slots[f1].group, bb.body.slots[f2].group);
}

TEST(Liveness, LoopsKeepValuesLiveAroundTheBackEdge) {
  // let n; loop { let f = …; n += f.await }  — n is live at the await on every iteration.
  BodyBuilder bb;
  SlotId n = bb.slot("n", true), f = bb.slot("f", false, SlotKind::Future), v = bb.slot("v", true);
  BlockId b0 = bb.block(), head = bb.block();
  bb.init(b0, n);
  bb.body.blocks[b0].term.kind = TermKind::Goto;
  bb.body.blocks[b0].term.target = head;
  bb.init(head, f);
  BlockId resume = bb.await(head, f, v);
  bb.init(resume, n, {n, v});
  bb.body.blocks[resume].term.kind = TermKind::Goto;
  bb.body.blocks[resume].term.target = head;
  bb.finish();
  EXPECT_EQ(names(bb.body, bb.body.suspensions[0].live), (std::vector<std::string>{"n", "f"}));
  EXPECT_EQ(bb.body.slots[n].live_at, (std::vector<std::uint32_t>{0}));
}

TEST(Liveness, ParametersAreMembersAndUnreachableBlocksAreIgnored) {
  BodyBuilder bb;
  SlotId p = bb.slot("p", true, SlotKind::Param);
  bb.body.params.push_back(p);
  BlockId b0 = bb.block(), dead = bb.block();
  bb.ret(b0);
  bb.init(dead, bb.slot("never"), {p});
  bb.ret(dead);
  bb.finish();
  EXPECT_EQ(bb.body.slots[p].storage, Storage::Member);
  EXPECT_TRUE(bb.body.blocks[b0].reachable);
  EXPECT_FALSE(bb.body.blocks[dead].reachable);
}

}  // namespace
}  // namespace asyncc::lower
