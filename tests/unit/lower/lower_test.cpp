// Lowering real programs (parse + sema + lower): suspension points, their live sets and layout.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/lower/lower.hpp"
#include "compiler/parse/parse.hpp"

namespace asyncc::lower {
namespace {

struct Lowered {
  source::SourceFile file;
  ast::File tree;
  std::unique_ptr<sema::Program> program;
  Program ir;
  const Body* body(const std::string& name) const {
    for (const Body& b : ir.bodies) {
      if (b.name == name) return &b;
    }
    return nullptr;
  }
};

std::unique_ptr<Lowered> lower_text(const std::string& text) {
  auto out = std::make_unique<Lowered>(Lowered{source::SourceFile("t.adsl", text), {}, nullptr, {}});
  diag::DiagSink sink(out->file);
  out->tree = parse::parse(out->file, sink);
  EXPECT_FALSE(sink.has_errors());
  out->program = sema::analyze(out->tree, sink, {});
  EXPECT_FALSE(sink.has_errors());
  if (!sink.has_errors()) out->ir = lower(out->tree, *out->program);
  return out;
}

std::vector<std::string> live_names(const Body& b, std::uint32_t sp) {
  std::vector<std::string> out;
  for (SlotId s : b.suspensions[sp].live) out.push_back(b.slots[s].name);
  return out;
}

TEST(Lower, AwaitInsideAnExpressionSavesTheOperandsBeforeIt) {
  auto l = lower_text(
      "async fn f(x: i64) -> i64 { x }\n"
      "async fn g() -> i64 { let a = 1; a * 10 + f(2).await + f(3).await }\n");
  const Body* g = l->body("GFuture");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->suspensions.size(), 2u);
  EXPECT_EQ(g->suspensions[0].state, 3u);
  EXPECT_EQ(g->suspensions[1].state, 4u);
  // At the first await `a` is still needed; at the second only `a * 10 + f(2).await`, already
  // computed (the left operand of the last `+`).
  EXPECT_EQ(live_names(*g, 0), (std::vector<std::string>{"a", "f_future"}));
  EXPECT_EQ(live_names(*g, 1), (std::vector<std::string>{"tmp2", "f_future_2"}));
}

TEST(Lower, BindingsLiveToTheEndOfTheirScopeWhenTheyHaveADestructor) {
  auto l = lower_text(
      "async fn f() {}\n"
      "async fn g() { let s = String::from(\"x\"); let n = 3; f().await; println!(\"{}\", n); }\n");
  const Body* g = l->body("GFuture");
  ASSERT_NE(g, nullptr);
  // `s` is dropped at the end of the body (a String), so it is alive across the await.
  EXPECT_EQ(live_names(*g, 0), (std::vector<std::string>{"s", "n", "f_future"}));
}

TEST(Lower, AsyncBlocksGetTheirOwnBodiesBeforeTheFuturesThatStoreThem) {
  auto l = lower_text(
      "async fn f() -> i32 { 1 }\n"
      "async fn g() -> i32 { let k = 2; let b = async move { f().await + k }; b.await }\n");
  ASSERT_EQ(l->ir.bodies.size(), 3u);
  const auto index = [&](const std::string& name) {
    for (std::size_t i = 0; i < l->ir.bodies.size(); ++i) {
      if (l->ir.bodies[i].name == name) return i;
    }
    return l->ir.bodies.size();
  };
  EXPECT_LT(index("GBlock1Future"), index("GFuture"));
  const Body* blk = l->body("GBlock1Future");
  ASSERT_NE(blk, nullptr);
  ASSERT_EQ(blk->params.size(), 1u);
  EXPECT_EQ(blk->slots[blk->params[0]].name, "k");
  EXPECT_EQ(blk->slots[blk->params[0]].kind, SlotKind::Capture);
}

TEST(Lower, AnAwaitedLocalDiesAtTheAwaitUnlessOnlySomePathsMoveIt) {
  auto l = lower_text(
      "async fn leaf() -> i64 { 5 }\n"
      "async fn g(c: bool) -> i64 {\n"
      "  let f = leaf(); let h = leaf();\n"
      "  let a = f.await;\n"
      "  if c { return h.await + a; }\n"
      "  a\n"
      "}\n");
  const Body* g = l->body("GFuture");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->suspensions.size(), 2u);
  // `f` is moved into the awaited future: not alive at the await itself.
  EXPECT_EQ(live_names(*g, 0), (std::vector<std::string>{"c", "h", "f_future"}));
  // `h` is moved on one path only, but each of its drops sees one definite state (the drop on
  // the `return` after the move sees it moved, the one at the end of the body sees it alive),
  // so no drop flag is needed and `h` is not kept across its own await.
  EXPECT_EQ(live_names(*g, 1), (std::vector<std::string>{"a", "h_future"}));
}

TEST(Lower, AMoveOnOnePathBeforeAJoinKeepsTheScopeEndDrop) {
  auto l = lower_text(
      "async fn leaf() -> i64 { 5 }\n"
      "async fn g(c: bool) -> i64 {\n"
      "  let h = leaf(); let mut a = 0;\n"
      "  if c { a = h.await; }\n"
      "  a + leaf().await\n"
      "}\n");
  const Body* g = l->body("GFuture");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->suspensions.size(), 2u);
  // After the `if`, h is moved or not depending on the path: it keeps its scope-end drop.
  EXPECT_EQ(live_names(*g, 1), (std::vector<std::string>{"h", "a", "leaf_future"}));
}

TEST(Lower, SyncFunctionsHaveNoSuspensionPointsAndNoMembers) {
  auto l = lower_text("fn add(a: i32, b: i32) -> i32 { let c = a + b; c }\n");
  const Body* add = l->body("add");
  ASSERT_NE(add, nullptr);
  EXPECT_TRUE(add->suspensions.empty());
  EXPECT_TRUE(add->groups.empty());
  for (const Slot& s : add->slots) EXPECT_NE(s.storage, Storage::Member);
}

}  // namespace
}  // namespace asyncc::lower
