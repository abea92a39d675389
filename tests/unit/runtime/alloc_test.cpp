// Allocation counts: a spawn is exactly one allocation (the task), and the runtime's hot paths
// (wakes, re-polls, yields, channel sends) allocate nothing. Counted with a replaced operator new,
// so this file is its own executable (and is not built under AddressSanitizer, which replaces
// operator new itself).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "test_futures.hpp"

namespace {
// Counted per thread: worker threads allocate on their own (their names, at start-up), and what
// is measured here is what the calling thread's operations allocate.
thread_local long g_allocs = 0;
}

void* operator new(std::size_t n) {
  ++g_allocs;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  ++g_allocs;
  std::size_t al = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(al, (n + al - 1) / al * al)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

using namespace asyncc;
using namespace asyncc_test;

long allocs() { return g_allocs; }

struct Big {
  using Output = int;
  char payload[512] = {};
  Poll<int> poll(Context&) { return Poll<int>::ready(payload[0] + 1); }
};

TEST(Alloc, OneAllocationPerSpawn) {
  auto rt = Runtime::current_thread();
  long during_spawn = -1, during_run = -1;
  rt.block_on(poll_fn<Unit>([&, step = 0, h = JoinHandle<int>()](Context& cx) mutable {
    if (step == 0) {
      step = 1;
      long before = allocs();
      h = spawn(Big{});
      during_spawn = allocs() - before;
      before = allocs();
      cx.waker().wake_by_ref();
      during_run = before;  // measured when we are polled again, after the task ran
      return Poll<Unit>::pending();
    }
    if (step == 1) {
      step = 2;
      during_run = allocs() - during_run;
    }
    auto p = h.poll(cx);
    if (p.is_pending()) return Poll<Unit>::pending();
    EXPECT_EQ(p.value(), 1);
    return Poll<Unit>::ready(Unit{});
  }));
  EXPECT_EQ(during_spawn, 1);
  EXPECT_EQ(during_run, 0);
}

TEST(Alloc, OneAllocationPerSpawnOnTheMultiThreadRuntime) {
  auto rt = Runtime::multi_thread(2);
  rt.block_on(ready(0));  // warm up
  long before = allocs();
  auto h = rt.spawn(Big{});
  long spawn_allocs = allocs() - before;
  EXPECT_EQ(rt.block_on(std::move(h)), 1);
  EXPECT_EQ(spawn_allocs, 1);
}

TEST(Alloc, YieldsAndSelfWakesAllocateNothing) {
  long counted = -1;
  block_on(poll_fn<Unit>([&, n = 0, start = 0L](Context& cx) mutable {
    if (n == 0) start = allocs();
    if (++n < 1000) {
      cx.waker().wake_by_ref();
      return Poll<Unit>::pending();
    }
    counted = allocs() - start;
    return Poll<Unit>::ready(Unit{});
  }));
  EXPECT_EQ(counted, 0);
}

TEST(Alloc, ChannelPingPongAllocatesNothingPerMessage) {
  auto rt = Runtime::current_thread();
  auto ch = channel<int>(1);
  auto& tx = ch.first;
  auto& rx = ch.second;
  long counted = -1;
  rt.block_on(poll_fn<Unit>([&, i = 0, start = 0L, recv = std::optional<RecvFuture<int>>(),
                             send = std::optional<SendFuture<int>>()](Context& cx) mutable {
    for (;;) {
      if (i == 1) start = allocs();
      if (i == 1000) {
        counted = allocs() - start;
        return Poll<Unit>::ready(Unit{});
      }
      if (!send && !recv) send.emplace(tx.send(i));
      if (send) {
        if (send->poll(cx).is_pending()) return Poll<Unit>::pending();
        send.reset();
        recv.emplace(rx.recv());
      }
      auto p = recv->poll(cx);
      if (p.is_pending()) return Poll<Unit>::pending();
      EXPECT_EQ(p.value().value(), i);
      recv.reset();
      ++i;
    }
  }));
  EXPECT_EQ(counted, 0);
}

}  // namespace
