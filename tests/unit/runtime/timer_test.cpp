// Time: sleep, deadline order, a million pending timers, yield_now, idle parking.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

TEST(Timer, SleepWaitsAtLeastItsDuration) {
  auto t0 = now_ms();
  block_on(asyncc::sleep(30));
  auto dt = now_ms() - t0;
  EXPECT_GE(dt, 30u);
  EXPECT_LT(dt, 1000u);
}

TEST(Timer, SleepZeroIsReadyAtOnce) {
  int polls = 0;
  block_on(poll_fn<Unit>([&, s = asyncc::sleep(0)](Context& cx) mutable {
    ++polls;
    return s.poll(cx);
  }));
  EXPECT_EQ(polls, 1);
}

TEST(Timer, DeadlineIsFixedWhenSleepIsCalled) {
  auto s = asyncc::sleep(30);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  int polls = 0;
  block_on(poll_fn<Unit>([&](Context& cx) {
    ++polls;
    return s.poll(cx);
  }));
  EXPECT_EQ(polls, 1);  // already due when first polled: the 30 ms counted from the call
}

TEST(Timer, HugeDurationsDoNotOverflow) {
  auto rt = Runtime::current_thread();
  rt.block_on(poll_fn<Unit>([s = asyncc::sleep(~std::uint64_t{0})](Context& cx) mutable {
    EXPECT_TRUE(s.poll(cx).is_pending());
    return Poll<Unit>::ready(Unit{});
  }));
}

#ifndef NDEBUG
using TimerDeathTest = ::testing::Test;
TEST(TimerDeathTest, PollingAfterReadyIsReportedInDebugBuilds) {
  EXPECT_EXIT(block_on(poll_fn<Unit>([s = asyncc::sleep(0)](Context& cx) mutable {
                (void)s.poll(cx);
                return s.poll(cx);
              })),
              ::testing::ExitedWithCode(101), "`async fn` resumed after completion");
}
#endif

TEST(Timer, TimersFireInDeadlineOrder) {
  auto rt = Runtime::current_thread();
  std::vector<int> order;
  std::vector<JoinHandle<Unit>> hs;
  const int ms[] = {40, 10, 30, 20, 10, 0, 50};
  for (int i = 0; i < 7; ++i) {
    hs.push_back(rt.spawn(then(asyncc::sleep(static_cast<std::uint64_t>(ms[i])), poll_fn<Unit>([&order, i](Context&) {
                                order.push_back(i);
                                return Poll<Unit>::ready(Unit{});
                              }))));
  }
  for (auto& h : hs) rt.block_on(std::move(h));
  // Equal deadlines (1 and 4 both 10 ms, created in that order) keep creation order.
  EXPECT_EQ(order, (std::vector<int>{5, 1, 4, 3, 2, 0, 6}));
}

TEST(Timer, DroppedSleepLeavesTheReactor) {
  auto rt = Runtime::current_thread();
  rt.block_on(poll_fn<Unit>([&, s = std::optional<Sleep>(asyncc::sleep(10000)), n = 0](Context& cx) mutable {
    if (n++ == 0) {
      EXPECT_TRUE(s->poll(cx).is_pending());
      EXPECT_EQ(rt.pending_timers(), 1u);
      s.reset();
      EXPECT_EQ(rt.pending_timers(), 0u);
    }
    return Poll<Unit>::ready(Unit{});
  }));
}

// A million sleeping futures registered at once in one reactor, then all dropped (cancelled).
// The futures live in one vector (they never move after their first poll).
TEST(Timer, OneMillionPendingTimers) {
  constexpr std::size_t kN = 1000000;
  auto rt = Runtime::current_thread();
  std::vector<Sleep> sleeps;
  sleeps.reserve(kN);
  for (std::size_t i = 0; i < kN; ++i) sleeps.push_back(asyncc::sleep(60000 + i % 1000));
  rt.block_on(poll_fn<Unit>([&](Context& cx) {
    std::size_t pending = 0;
    for (auto& s : sleeps) pending += s.poll(cx).is_pending() ? 1 : 0;
    EXPECT_EQ(pending, kN);
    return Poll<Unit>::ready(Unit{});
  }));
  EXPECT_EQ(rt.pending_timers(), kN);
  sleeps.clear();
  EXPECT_EQ(rt.pending_timers(), 0u);
}

TEST(Timer, ManyTimersAllFire) {
  auto rt = Runtime::current_thread();
  std::atomic<int> fired{0};
  std::vector<JoinHandle<Unit>> hs;
  for (int i = 0; i < 20000; ++i)
    hs.push_back(rt.spawn(then(asyncc::sleep(static_cast<std::uint64_t>(i % 20)), poll_fn<Unit>([&fired](Context&) {
                                 fired++;
                                 return Poll<Unit>::ready(Unit{});
                               }))));
  for (auto& h : hs) rt.block_on(std::move(h));
  EXPECT_EQ(fired, 20000);
  EXPECT_EQ(rt.pending_timers(), 0u);
}

TEST(Timer, YieldNowLetsOthersRun) {
  auto rt = Runtime::current_thread();
  std::vector<int> order;
  auto a = rt.spawn(then(poll_fn<Unit>([&](Context&) {
                           order.push_back(1);
                           return Poll<Unit>::ready(Unit{});
                         }),
                         then(yield_now(), poll_fn<Unit>([&](Context&) {
                                order.push_back(3);
                                return Poll<Unit>::ready(Unit{});
                              }))));
  auto b = rt.spawn(poll_fn<Unit>([&](Context&) {
    order.push_back(2);
    return Poll<Unit>::ready(Unit{});
  }));
  rt.block_on(std::move(a));
  rt.block_on(std::move(b));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// Regression: a timer that expired while the executor was busy is fired when it next parks; the
// woken task must run then, not after the next (here 2 s away) deadline.
TEST(Timer, ATimerThatExpiredWhileBusyWakesItsTaskAtOnce) {
  auto rt = Runtime::current_thread();
  auto t0 = now_ms();
  rt.block_on(poll_fn<Unit>([step = 0, h = std::optional<JoinHandle<Unit>>(),
                             far = std::optional<Sleep>()](Context& cx) mutable {
    if (step == 0) {
      step = 1;
      h.emplace(spawn(asyncc::sleep(5)));
      far.emplace(asyncc::sleep(2000));
      EXPECT_TRUE(far->poll(cx).is_pending());
      cx.waker().wake_by_ref();  // let the sleeper register its timer first
      return Poll<Unit>::pending();
    }
    if (step == 1) {
      step = 2;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // busy: the 5 ms pass
    }
    return h->poll(cx);
  }));
  EXPECT_LT(now_ms() - t0, 1000u);
}

TEST(Timer, NowMsIsMonotonic) {
  auto a = now_ms();
  auto b = now_ms();
  EXPECT_LE(a, b);
}

TEST(Timer, AnIdleExecutorUsesNoCpu) {
  double c0 = cpu_seconds();
  block_on(asyncc::sleep(300));
  EXPECT_LT(cpu_seconds() - c0, 0.03);  // parked in epoll_wait, not spinning
}

TEST(Timer, AnIdleMultiThreadRuntimeUsesNoCpu) {
  auto rt = Runtime::multi_thread(2);
  double c0 = cpu_seconds();
  rt.block_on(asyncc::sleep(300));
  EXPECT_LT(cpu_seconds() - c0, 0.03);
}

}  // namespace
