// Executors: laziness, block_on, spawn/JoinHandle, FIFO order, detach, cancellation by drop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

// A JoinHandle is one pointer, as Rust's is: generated futures store it inline.
static_assert(sizeof(JoinHandle<int>) == sizeof(void*));
static_assert(sizeof(JoinHandle<std::string>) == sizeof(void*));

struct alignas(64) OverAligned {
  using Output = int;
  int v = 5;
  Poll<int> poll(Context&) { return Poll<int>::ready(v); }
};

TEST(Executor, OverAlignedFuturesAreStoredAligned) {
  EXPECT_EQ(block_on(poll_fn<int>([h = JoinHandle<int>(), started = false](Context& cx) mutable {
              if (!started) {
                started = true;
                h = spawn(OverAligned{});
              }
              return h.poll(cx);
            })),
            5);
}

TEST(Executor, FuturesAreLazy) {
  int polls = 0;
  auto f = poll_fn<int>([&](Context&) {
    ++polls;
    return Poll<int>::ready(7);
  });
  EXPECT_EQ(polls, 0);
  auto rt = Runtime::current_thread();
  auto h = rt.spawn(std::move(f));
  EXPECT_EQ(polls, 0);  // spawned, but nothing runs until block_on drives the runtime
  EXPECT_EQ(rt.block_on(std::move(h)), 7);
  EXPECT_EQ(polls, 1);
}

TEST(Executor, BlockOnReturnsTheOutput) {
  EXPECT_EQ(block_on(ready(std::string("hi"))), "hi");
  auto rt = Runtime::multi_thread(2);
  EXPECT_EQ(rt.block_on(ready(5)), 5);
}

TEST(Executor, SpawnFromInsideATaskAndJoin) {
  auto out = block_on(poll_fn<int>([h = JoinHandle<int>(), started = false](Context& cx) mutable {
    if (!started) {
      started = true;
      h = spawn(ready(41));
    }
    auto p = h.poll(cx);
    if (p.is_pending()) return Poll<int>::pending();
    return Poll<int>::ready(p.value() + 1);
  }));
  EXPECT_EQ(out, 42);
}

TEST(Executor, CurrentThreadRunsWokenTasksInFifoOrder) {
  auto rt = Runtime::current_thread();
  std::vector<int> order;
  std::vector<JoinHandle<Unit>> hs;
  for (int i = 0; i < 5; ++i) {
    hs.push_back(rt.spawn(poll_fn<Unit>([&order, i, n = 0](Context& cx) mutable {
      order.push_back(i);
      if (++n < 3) {
        cx.waker().wake_by_ref();
        return Poll<Unit>::pending();
      }
      return Poll<Unit>::ready(Unit{});
    })));
  }
  for (auto& h : hs) rt.block_on(std::move(h));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4}));
}

TEST(Executor, DroppingTheJoinHandleDetaches) {
  auto rt = Runtime::current_thread();
  auto s = std::make_shared<ProbeState>();
  rt.block_on(Steps{{
      [&] {
        s->finish = true;
        auto h = rt.spawn(Probe(s));
        (void)h;  // dropped here: the task keeps running
      },
      [&] { EXPECT_EQ(s->polls, 1); },
  }});
  EXPECT_EQ(s->drops, 1);
  EXPECT_EQ(rt.live_tasks(), 0u);
}

TEST(Executor, DroppingTheRuntimeCancelsTasksAndRunsDestructors) {
  auto drops = std::make_shared<std::atomic<int>>(0);
  auto gate = std::make_shared<GateState>();
  {
    auto rt = Runtime::current_thread();
    for (int i = 0; i < 3; ++i)
      rt.spawn(then(Gate(gate), poll_fn<Unit>([d = DropCounter(drops)](Context&) {
                 return Poll<Unit>::ready(Unit{});
               })));
    rt.block_on(Steps{{[] {}}});
    EXPECT_EQ(gate->polls, 3);
    EXPECT_EQ(rt.live_tasks(), 3u);
    EXPECT_EQ(*drops, 0);
  }
  EXPECT_EQ(*drops, 3);
  EXPECT_EQ(gate->drops, 3);
  gate->set_open();  // the stored waker belongs to a cancelled task: harmless
}

TEST(Executor, DroppingAPendingFutureCancelsIt) {
  auto drops = std::make_shared<std::atomic<int>>(0);
  auto gate = std::make_shared<GateState>();
  {
    auto f = then(Gate(gate), poll_fn<Unit>([d = DropCounter(drops)](Context&) { return Poll<Unit>::ready(Unit{}); }));
    Waker noop = Waker::noop();
    Context cx(noop);
    EXPECT_TRUE(f.poll(cx).is_pending());
  }
  EXPECT_EQ(*drops, 1);
  EXPECT_EQ(gate->drops, 1);
}

TEST(Executor, JoinHandleOfACancelledTaskIsDroppedQuietly) {
  auto gate = std::make_shared<GateState>();
  JoinHandle<Unit> h;
  {
    auto rt = Runtime::current_thread();
    h = rt.spawn(Gate(gate));
  }
  EXPECT_FALSE(h.is_finished());
}

TEST(Executor, ManyTasksAllComplete) {
  auto rt = Runtime::current_thread();
  std::atomic<int> sum{0};
  rt.block_on(poll_fn<Unit>([&, hs = std::vector<JoinHandle<int>>(), started = false](Context& cx) mutable {
    if (!started) {
      started = true;
      for (int i = 0; i < 10000; ++i) hs.push_back(spawn(ready(i)));
    }
    while (!hs.empty()) {
      auto p = hs.back().poll(cx);
      if (p.is_pending()) return Poll<Unit>::pending();
      sum += p.value();
      hs.pop_back();
    }
    return Poll<Unit>::ready(Unit{});
  }));
  EXPECT_EQ(sum, 10000 * 9999 / 2);
  EXPECT_EQ(rt.live_tasks(), 0u);
}

using ExecutorDeathTest = ::testing::Test;

TEST(ExecutorDeathTest, BlockOnInsideATaskPanics) {
  EXPECT_EXIT(block_on(poll_fn<int>([](Context&) { return Poll<int>::ready(block_on(ready(1))); })),
              ::testing::ExitedWithCode(101), "Cannot start a runtime from within a runtime");
}

TEST(ExecutorDeathTest, SpawnOutsideARuntimePanics) {
  EXPECT_EXIT(spawn(ready(1)), ::testing::ExitedWithCode(101), "must be called from the context of an asyncc runtime");
}

TEST(ExecutorDeathTest, PanicInATaskOnTheCurrentThreadNamesMain) {
  EXPECT_EXIT(block_on(poll_fn<int>([](Context&) -> Poll<int> { panic_at("t.adsl", 1, 2, "in task"); })),
              ::testing::ExitedWithCode(101), "thread 'main' panicked at t.adsl:1:2:\nin task");
}

}  // namespace
