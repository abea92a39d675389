// Wakers: reference counting, and the wake rules of tasks (before, during, after a poll, from
// another thread, after completion), counted exactly as async-task's waker tests do.
#include <gtest/gtest.h>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

struct Counts {
  int clones = 0, wakes = 0, wakes_by_ref = 0, drops = 0;
};
const void* c_clone(const void* p) {
  static_cast<Counts*>(const_cast<void*>(p))->clones++;
  return p;
}
void c_wake(const void* p) { static_cast<Counts*>(const_cast<void*>(p))->wakes++; }
void c_wake_by_ref(const void* p) { static_cast<Counts*>(const_cast<void*>(p))->wakes_by_ref++; }
void c_drop(const void* p) { static_cast<Counts*>(const_cast<void*>(p))->drops++; }
const RawWakerVTable counting_vtable{&c_clone, &c_wake, &c_wake_by_ref, &c_drop};

TEST(Waker, VTableIsCalledExactly) {
  Counts c;
  {
    Waker w(&c, &counting_vtable);
    Waker w2 = w;
    EXPECT_EQ(c.clones, 1);
    EXPECT_TRUE(w.will_wake(w2));
    w2.wake_by_ref();
    EXPECT_EQ(c.wakes_by_ref, 1);
    w2.wake();  // consumes: no drop afterwards
    EXPECT_EQ(c.wakes, 1);
    EXPECT_FALSE(w.will_wake(w2));
    Waker w3 = std::move(w);  // a move is not a clone
    EXPECT_EQ(c.clones, 1);
    w3.clone_from(w3);  // same target: no clone
    EXPECT_EQ(c.clones, 1);
  }
  EXPECT_EQ(c.drops, 1);  // w3 (w2 was consumed by wake, w was moved from)
  Waker n = Waker::noop();
  n.wake_by_ref();
  n.wake();
}

TEST(TaskWaker, WakeBeforeThePollIsAnsweredByOnePoll) {
  auto rt = Runtime::current_thread();
  auto s = std::make_shared<ProbeState>();
  JoinHandle<int> h;
  rt.block_on(Steps{{
      [&] {
        h = rt.spawn(Probe(s));
        EXPECT_EQ(s->polls, 0);  // spawning does not poll
      },
      [&] {
        EXPECT_EQ(s->polls, 1);
        Waker w = s->take_waker();
        w.wake_by_ref();  // queued once ...
        w.wake_by_ref();  // ... and this wake is already pending
        w.wake();
      },
      [&] {
        EXPECT_EQ(s->polls, 2);
        s->finish = true;
        s->take_waker().wake();
      },
      [&] { EXPECT_EQ(s->polls, 3); },
  }});
  EXPECT_TRUE(h.is_finished());
  EXPECT_EQ(s->drops, 1);  // the future was dropped when it completed
}

TEST(TaskWaker, WakeDuringThePollPollsOnceMore) {
  auto rt = Runtime::current_thread();
  auto s = std::make_shared<ProbeState>();
  s->self_wakes = 1;
  rt.block_on(Steps{{
      [&] { rt.spawn(Probe(s)); },
      [&] { EXPECT_EQ(s->polls, 2); },  // woke itself in poll 1: poll 2 followed; no more
      [&] { EXPECT_EQ(s->polls, 2); },
  }});
}

TEST(TaskWaker, WokenTwiceWhileRunningIsPolledOnceMoreNotTwice) {
  auto rt = Runtime::current_thread();
  auto s = std::make_shared<ProbeState>();
  s->thread_wakes = 2;  // two wakes from another thread while the poll runs
  s->self_wakes = 1;    // plus one from the poll itself
  rt.block_on(Steps{{
      [&] { rt.spawn(Probe(s)); },
      [&] { EXPECT_EQ(s->polls, 2); },
      [&] { EXPECT_EQ(s->polls, 2); },
  }});
  EXPECT_FALSE(s->overlapped);
}

TEST(TaskWaker, WakeAfterCompletionIsHarmless) {
  auto s = std::make_shared<ProbeState>();
  Waker kept;
  {
    auto rt = Runtime::current_thread();
    rt.block_on(Steps{{
        [&] { rt.spawn(Probe(s)); },
        [&] {
          kept = s->take_waker();
          s->finish = true;
          s->take_waker().wake();
        },
        [&] {
          EXPECT_EQ(s->polls, 2);
          kept.wake_by_ref();  // the task completed: nothing happens
        },
        [&] { EXPECT_EQ(s->polls, 2); },
    }});
    kept.wake_by_ref();
  }
  kept.wake_by_ref();  // and after its runtime is gone
  Waker copy = kept;
  copy.wake();
  EXPECT_EQ(s->polls, 2);
  EXPECT_EQ(s->drops, 1);
}

TEST(TaskWaker, WakeFromAnotherThreadReachesAParkedExecutor) {
  auto gate = std::make_shared<GateState>();
  std::thread opener([gate] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    gate->set_open();
  });
  block_on(Gate(gate));  // parks in epoll; the eventfd wakes it
  opener.join();
  EXPECT_EQ(gate->polls, 2);
}

TEST(TaskWaker, WakeFromAnotherThreadReachesASpawnedTask) {
  auto rt = Runtime::current_thread();
  auto gate = std::make_shared<GateState>();
  auto h = rt.spawn(Gate(gate));
  std::thread opener([gate] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    gate->set_open();
  });
  rt.block_on(std::move(h));
  opener.join();
  EXPECT_EQ(gate->polls, 2);
  EXPECT_EQ(gate->drops, 1);
}

// A wake from another thread while nobody runs the runtime waits in its injector (holding a
// task reference); dropping the runtime then releases it and cancels the task exactly once.
TEST(TaskWaker, RemoteWakePendingAtShutdownIsReleased) {
  auto gate = std::make_shared<GateState>();
  {
    auto rt = Runtime::current_thread();
    rt.spawn(Gate(gate));
    rt.block_on(yield_now());  // the task polls once and waits on the gate
    EXPECT_EQ(gate->polls, 1);
    std::thread opener([gate] {
      std::lock_guard<std::mutex> g(gate->mu);
      gate->waker.wake_by_ref();  // not opened: the task stays pending, the wake stays queued
    });
    opener.join();
  }
  EXPECT_EQ(gate->polls, 1);
  EXPECT_EQ(gate->drops, 1);
  { std::lock_guard<std::mutex> g(gate->mu); gate->waker = Waker(); }  // harmless after shutdown
}

// The same, but the runtime runs again: the queued remote wake polls the task once more.
TEST(TaskWaker, RemoteWakeWhileNobodyRunsTheRuntimeIsPolledNextTime) {
  auto gate = std::make_shared<GateState>();
  auto rt = Runtime::current_thread();
  auto h = rt.spawn(Gate(gate));
  rt.block_on(yield_now());
  EXPECT_EQ(gate->polls, 1);
  std::thread opener([gate] { gate->set_open(); });
  opener.join();
  rt.block_on(std::move(h));
  EXPECT_EQ(gate->polls, 2);
}

}  // namespace
