// The multi-thread runtime: every task completes exactly once, polls never overlap, wakes from
// any thread, timers and channels across workers, worker names in panics, shutdown.
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

/// Yields `n` times, then reports the thread that finished it.
struct Yielder {
  using Output = std::thread::id;
  int n;
  std::atomic<int>* polls;
  std::atomic<bool> busy{false};
  Yielder(int k, std::atomic<int>* p) : n(k), polls(p) {}
  Yielder(Yielder&& o) noexcept : n(o.n), polls(o.polls) {}
  Poll<std::thread::id> poll(Context& cx) {
    EXPECT_FALSE(busy.exchange(true));  // never polled on two threads at once
    (*polls)++;
    bool done = --n < 0;
    if (!done) cx.waker().wake_by_ref();
    busy = false;
    if (done) return Poll<std::thread::id>::ready(std::this_thread::get_id());
    return Poll<std::thread::id>::pending();
  }
};

TEST(MultiThread, ManyTasksEachCompleteOnce) {
  auto rt = Runtime::multi_thread(2);
  std::atomic<int> polls{0};
  std::vector<JoinHandle<std::thread::id>> hs;
  for (int i = 0; i < 2000; ++i) hs.push_back(rt.spawn(Yielder(5, &polls)));
  for (auto& h : hs) rt.block_on(std::move(h));
  EXPECT_EQ(polls, 2000 * 6);
  EXPECT_EQ(rt.live_tasks(), 0u);
}

TEST(MultiThread, SpawnFromTasksAndJoinInsideTheRuntime) {
  auto rt = Runtime::multi_thread(2);
  std::atomic<int> polls{0};
  auto out = rt.block_on(rt.spawn(poll_fn<int>([&, hs = std::vector<JoinHandle<std::thread::id>>(),
                                                  started = false, done = 0](Context& cx) mutable {
    if (!started) {
      started = true;
      for (int i = 0; i < 500; ++i) hs.push_back(spawn(Yielder(3, &polls)));
    }
    while (done < 500) {
      auto p = hs[static_cast<std::size_t>(done)].poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      ++done;
    }
    return Poll<int>::ready(done);
  })));
  EXPECT_EQ(out, 500);
  EXPECT_EQ(polls, 500 * 4);
}

TEST(MultiThread, TasksRunOnWorkerThreads) {
  auto rt = Runtime::multi_thread(2);
  std::atomic<int> polls{0};
  auto id = rt.block_on(rt.spawn(Yielder(0, &polls)));
  EXPECT_NE(id, std::this_thread::get_id());
}

TEST(MultiThread, WakesFromForeignThreads) {
  auto rt = Runtime::multi_thread(2);
  std::vector<std::shared_ptr<GateState>> gates;
  std::vector<JoinHandle<Unit>> hs;
  for (int i = 0; i < 50; ++i) {
    gates.push_back(std::make_shared<GateState>());
    hs.push_back(rt.spawn(Gate(gates.back())));
  }
  std::thread opener([&] {
    for (auto& g : gates) {
      while (g->polls == 0) std::this_thread::yield();
      g->set_open();
    }
  });
  for (auto& h : hs) rt.block_on(std::move(h));
  opener.join();
  for (auto& g : gates) {
    // Polled once, then once more after the wake; or once, if the opener won the race with
    // the first poll's check.
    EXPECT_GE(g->polls, 1);
    EXPECT_LE(g->polls, 2);
    EXPECT_EQ(g->drops, 1);
  }
}

TEST(MultiThread, ChannelPingPongAcrossWorkers) {
  auto rt = Runtime::multi_thread(2);
  auto ab = channel<int>(1);
  auto ba = channel<int>(1);
  // Echo task: receive on ab, send back on ba, until ab closes.
  struct Echo {
    using Output = int;
    Receiver<int> rx;
    Sender<int> tx;
    std::optional<RecvFuture<int>> r;
    std::optional<SendFuture<int>> s;
    int count = 0;
    Echo(Receiver<int> a, Sender<int> b) : rx(std::move(a)), tx(std::move(b)) {}
    Echo(Echo&& o) noexcept : rx(std::move(o.rx)), tx(std::move(o.tx)) {}
    Poll<int> poll(Context& cx) {
      for (;;) {
        if (s) {
          if (s->poll(cx).is_pending()) return Poll<int>::pending();
          s.reset();
        }
        if (!r) r.emplace(rx.recv());
        auto p = r->poll(cx);
        if (p.is_pending()) return Poll<int>::pending();
        r.reset();
        if (p.value().is_none()) return Poll<int>::ready(count);
        ++count;
        s.emplace(tx.send(p.value().value() + 1));
      }
    }
  };
  auto echo = rt.spawn(Echo(std::move(ab.second), std::move(ba.first)));
  struct Driver {
    using Output = long;
    Sender<int> tx;
    Receiver<int> rx;
    std::optional<RecvFuture<int>> r;
    std::optional<SendFuture<int>> s;
    int i = 0;
    long sum = 0;
    Driver(Sender<int> a, Receiver<int> b) : tx(std::move(a)), rx(std::move(b)) {}
    Driver(Driver&& o) noexcept : tx(std::move(o.tx)), rx(std::move(o.rx)) {}
    Poll<long> poll(Context& cx) {
      for (;;) {
        if (i == 2000) {
          Sender<int> close(std::move(tx));
          return Poll<long>::ready(sum);
        }
        if (!s && !r) s.emplace(tx.send(i));
        if (s) {
          if (s->poll(cx).is_pending()) return Poll<long>::pending();
          s.reset();
          r.emplace(rx.recv());
        }
        auto p = r->poll(cx);
        if (p.is_pending()) return Poll<long>::pending();
        r.reset();
        sum += p.value().value();
        ++i;
      }
    }
  };
  auto sum = rt.block_on(rt.spawn(Driver(std::move(ab.first), std::move(ba.second))));
  EXPECT_EQ(sum, 2000L * 1999 / 2 + 2000);
  EXPECT_EQ(rt.block_on(std::move(echo)), 2000);
}

TEST(MultiThread, SleepsOnWorkers) {
  auto rt = Runtime::multi_thread(2);
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < 200; ++i) hs.push_back(rt.spawn(then(asyncc::sleep(static_cast<std::uint64_t>(i % 10)), ready(i))));
  int sum = 0;
  for (auto& h : hs) sum += rt.block_on(std::move(h));
  EXPECT_EQ(sum, 199 * 200 / 2);
}

TEST(MultiThread, ShutdownCancelsPendingTasks) {
  auto gate = std::make_shared<GateState>();
  {
    auto rt = Runtime::multi_thread(2);
    for (int i = 0; i < 10; ++i) rt.spawn(Gate(gate));
    while (gate->polls < 10) std::this_thread::yield();
  }
  EXPECT_EQ(gate->drops, 10);
  gate->set_open();
}

TEST(MultiThread, BlockOnFromSeveralThreads) {
  auto rt = Runtime::multi_thread(2);
  std::vector<std::thread> ts;
  std::atomic<int> total{0};
  for (int t = 0; t < 3; ++t)
    ts.emplace_back([&] { total += rt.block_on(then(asyncc::sleep(5), ready(1))); });
  for (auto& t : ts) t.join();
  EXPECT_EQ(total, 3);
}

using MultiThreadDeathTest = ::testing::Test;
TEST(MultiThreadDeathTest, PanicOnAWorkerNamesTheWorker) {
  EXPECT_EXIT(
      {
        auto rt = Runtime::multi_thread(1);
        rt.block_on(rt.spawn(poll_fn<int>([](Context&) -> Poll<int> { panic_at("w.adsl", 4, 9, "on a worker"); })));
      },
      ::testing::ExitedWithCode(101), "thread 'asyncc-worker-0' panicked at w.adsl:4:9:\non a worker");
}

}  // namespace

namespace {

TEST(MultiThread, WokenTwiceWhileRunningIsPolledOnceMore) {
  auto rt = Runtime::multi_thread(2);
  auto s = std::make_shared<ProbeState>();
  s->thread_wakes = 2;
  s->self_wakes = 1;
  auto h = rt.spawn(Probe(s));
  while (s->polls < 2) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(s->polls, 2);  // one more poll for three wakes during the first
  s->finish = true;
  s->take_waker().wake();
  EXPECT_EQ(rt.block_on(std::move(h)), 3);
  EXPECT_FALSE(s->overlapped);
}

TEST(MultiThread, EightCpuBoundTasksAllComplete) {
  auto rt = Runtime::multi_thread(2);
  std::vector<JoinHandle<std::uint64_t>> hs;
  for (std::uint64_t i = 0; i < 8; ++i)
    hs.push_back(rt.spawn(poll_fn<std::uint64_t>([i](Context&) {
      std::uint64_t x = i + 1;
      for (int k = 0; k < 200000; ++k) x = x * 6364136223846793005ULL + 1;
      return Poll<std::uint64_t>::ready(x);
    })));
  std::uint64_t acc = 0;
  for (auto& h : hs) acc ^= rt.block_on(std::move(h));
  EXPECT_NE(acc, 0u);
}

}  // namespace
