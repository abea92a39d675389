// join, join3, join_all, select, timeout: poll order, outputs, which children get polled, and
// that select/timeout drop the loser.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

/// Ready after `n` polls; records its id in `log` at each poll.
struct Countdown {
  using Output = int;
  int id;
  int n;
  std::vector<int>* log;
  Poll<int> poll(Context& cx) {
    log->push_back(id);
    if (--n > 0) {
      cx.waker().wake_by_ref();
      return Poll<int>::pending();
    }
    return Poll<int>::ready(id * 10);
  }
};

TEST(Join, BothOutputsInArgumentOrder) {
  std::vector<int> log;
  auto [a, b] = block_on(join(Countdown{1, 2, &log}, Countdown{2, 1, &log}));
  EXPECT_EQ(a, 10);
  EXPECT_EQ(b, 20);
  EXPECT_EQ(log, (std::vector<int>{1, 2, 1}));  // argument order; a finished child is not polled again
}

TEST(Join, Join3) {
  std::vector<int> log;
  auto out = block_on(join3(Countdown{1, 1, &log}, ready(std::string("x")), Countdown{3, 2, &log}));
  EXPECT_EQ(out, std::make_tuple(10, std::string("x"), 30));
  EXPECT_EQ(log, (std::vector<int>{1, 3, 3}));
}

TEST(JoinAll, OutputsInOrderAndOnlyWokenChildrenArePolled) {
  auto rt = Runtime::current_thread();
  std::vector<std::shared_ptr<GateState>> gates;
  std::vector<Gate> futs;
  for (int i = 0; i < 4; ++i) {
    gates.push_back(std::make_shared<GateState>());
    futs.emplace_back(gates.back());
  }
  auto all = rt.spawn(join_all(std::move(futs)));
  rt.block_on(Steps{{
      [] {},
      [&] {
        for (auto& g : gates) EXPECT_EQ(g->polls, 1);
        gates[2]->set_open();
      },
      [&] {
        EXPECT_EQ(gates[0]->polls, 1);
        EXPECT_EQ(gates[1]->polls, 1);
        EXPECT_EQ(gates[2]->polls, 2);  // only the woken child was polled
        EXPECT_EQ(gates[3]->polls, 1);
        gates[0]->set_open();
        gates[1]->set_open();
        gates[3]->set_open();
      },
  }});
  auto out = rt.block_on(std::move(all));
  EXPECT_EQ(out.size(), 4u);
  for (auto& g : gates) EXPECT_EQ(g->polls, 2);
}

TEST(JoinAll, EmptyIsReadyAtOnce) {
  auto out = block_on(join_all(std::vector<Ready<int>>{}));
  EXPECT_TRUE(out.empty());
}

TEST(JoinAll, ValuesKeepTheirOrder) {
  std::vector<Then<Sleep, Ready<int>>> v;
  for (int i = 0; i < 10; ++i) v.push_back(then(asyncc::sleep(static_cast<std::uint64_t>(10 - i)), ready(i)));
  auto out = block_on(join_all(std::move(v)));
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Select, FirstReadyWinsAndTheLoserIsDroppedAtOnce) {
  auto gate = std::make_shared<GateState>();
  std::vector<int> log;
  bool loser_alive_after = true;
  auto out = block_on(poll_fn<Either<Unit, int>>(
      [&, sel = std::optional<Select<Gate, Countdown>>(select(Gate(gate), Countdown{7, 2, &log}))](Context& cx) mutable {
        auto p = sel->poll(cx);
        if (p.is_ready()) loser_alive_after = gate->drops.load() == 0;
        return p;
      }));
  EXPECT_TRUE(out.is_right());
  EXPECT_EQ(out.right(), 70);
  EXPECT_FALSE(loser_alive_after);  // dropped before select returned Ready
  EXPECT_EQ(gate->polls, 2);
}

TEST(Select, LeftWinsTiesInArgumentOrder) {
  auto out = block_on(select(ready(1), ready(std::string("b"))));
  EXPECT_TRUE(out.is_left());
  EXPECT_EQ(debug_fmt(out), "Left(1)");
}

TEST(Timeout, OkWhenTheFutureIsFaster) {
  auto out = block_on(timeout(1000, then(asyncc::sleep(5), ready(3))));
  EXPECT_EQ(out, (Result<int, Elapsed>::ok(3)));
}

TEST(Timeout, ElapsedDropsTheFuture) {
  auto gate = std::make_shared<GateState>();
  auto t0 = now_ms();
  auto out = block_on(timeout(20, Gate(gate)));
  EXPECT_GE(now_ms() - t0, 20u);
  EXPECT_TRUE(out.is_err());
  EXPECT_EQ(debug_fmt(out), "Err(Elapsed(()))");
  EXPECT_EQ(gate->drops, 1);
}

TEST(Timeout, OnTheMultiThreadRuntime) {
  auto rt = Runtime::multi_thread(2);
  auto gate = std::make_shared<GateState>();
  auto out = rt.block_on(rt.spawn(timeout(20, Gate(gate))));
  EXPECT_TRUE(out.is_err());
  EXPECT_EQ(gate->drops, 1);
}

}  // namespace
