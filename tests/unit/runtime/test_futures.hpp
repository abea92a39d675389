// Hand-written futures for the runtime tests: each counts what happens to it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <utility>

#include <asyncc/runtime.hpp>

namespace asyncc_test {

using asyncc::Context;
using asyncc::Poll;
using asyncc::Unit;
using asyncc::Waker;

/// A future from a callable `Poll<T>(Context&)`.
template <class T, class Fn>
struct PollFn {
  using Output = T;
  Fn fn;
  Poll<T> poll(Context& cx) { return fn(cx); }
};
template <class T, class Fn>
PollFn<T, Fn> poll_fn(Fn fn) {
  return PollFn<T, Fn>{std::move(fn)};
}

/// Immediately ready with a value.
template <class T>
struct Ready {
  using Output = T;
  T v;
  Poll<T> poll(Context&) { return Poll<T>::ready(std::move(v)); }
};
template <class T>
Ready<T> ready(T v) {
  return Ready<T>{std::move(v)};
}

/// Shared state of a Gate: a flag someone opens, and the waker of whoever waits on it.
struct GateState {
  std::atomic<bool> open{false};
  std::atomic<int> polls{0};
  std::atomic<int> drops{0};
  std::mutex mu;
  Waker waker;
  void set_open() {
    Waker w;
    {
      std::lock_guard<std::mutex> g(mu);
      open = true;
      w = std::move(waker);
    }
    w.wake();
  }
};

/// Pending until its GateState is opened; counts polls and drops.
struct Gate {
  using Output = Unit;
  std::shared_ptr<GateState> s;
  explicit Gate(std::shared_ptr<GateState> st) : s(std::move(st)) {}
  Gate(Gate&& o) noexcept = default;
  ~Gate() {
    if (s) s->drops++;
  }
  Poll<Unit> poll(Context& cx) {
    s->polls++;
    std::lock_guard<std::mutex> g(s->mu);
    if (s->open) return Poll<Unit>::ready(Unit{});
    s->waker.clone_from(cx.waker());
    return Poll<Unit>::pending();
  }
};

/// Counts destructions of values that are alive (moved-from ones do not count).
struct DropCounter {
  std::shared_ptr<std::atomic<int>> n;
  explicit DropCounter(std::shared_ptr<std::atomic<int>> c) : n(std::move(c)) {}
  DropCounter(DropCounter&& o) noexcept = default;
  DropCounter& operator=(DropCounter&& o) noexcept = default;
  ~DropCounter() {
    if (n) (*n)++;
  }
};

/// Runs two futures one after the other (a tiny `async { a.await; b.await }`).
template <class A, class B>
struct Then {
  using Output = typename B::Output;
  A a;
  B b;
  int state = 0;
  Poll<Output> poll(Context& cx) {
    switch (state) {
      case 0:
        if (a.poll(cx).is_pending()) return Poll<Output>::pending();
        state = 1;
        [[fallthrough]];
      default:
        return b.poll(cx);
    }
  }
};
template <class A, class B>
Then<A, B> then(A a, B b) {
  return Then<A, B>{std::move(a), std::move(b)};
}

}  // namespace asyncc_test

namespace asyncc_test {

/// A root future that runs one step per poll and yields between steps, so every task woken by a
/// step runs (FIFO) before the next step: `run_steps(rt, {[&]{...}, [&]{...}})`.
struct Steps {
  using Output = Unit;
  std::vector<std::function<void()>> steps;
  std::size_t next = 0;
  Poll<Unit> poll(Context& cx) {
    if (next == steps.size()) return Poll<Unit>::ready(Unit{});
    steps[next++]();
    cx.waker().wake_by_ref();
    return Poll<Unit>::pending();
  }
};

/// What a Probe records; the test reads it between steps.
struct ProbeState {
  std::atomic<int> polls{0};
  std::atomic<int> drops{0};
  std::atomic<bool> finish{false};
  std::atomic<int> self_wakes{0};   // wake_by_ref from inside the next polls (consumed)
  std::atomic<int> thread_wakes{0};  // wakes from another thread during the next poll (consumed)
  std::atomic<bool> in_poll{false};
  std::atomic<bool> overlapped{false};
  std::mutex mu;
  Waker waker;
  Waker take_waker() {
    std::lock_guard<std::mutex> g(mu);
    return waker;
  }
};

struct Probe {
  using Output = int;
  std::shared_ptr<ProbeState> s;
  explicit Probe(std::shared_ptr<ProbeState> st) : s(std::move(st)) {}
  Probe(Probe&&) noexcept = default;
  ~Probe() {
    if (s) s->drops++;
  }
  Poll<int> poll(Context& cx) {
    if (s->in_poll.exchange(true)) s->overlapped = true;
    int n = ++s->polls;
    {
      std::lock_guard<std::mutex> g(s->mu);
      s->waker.clone_from(cx.waker());
    }
    for (int k = s->thread_wakes.exchange(0); k > 0; --k) {
      Waker w = cx.waker();
      std::thread t([w]() mutable { w.wake(); });
      t.join();
    }
    if (s->self_wakes > 0) {
      --s->self_wakes;
      cx.waker().wake_by_ref();
    }
    s->in_poll = false;
    if (s->finish) return Poll<int>::ready(n);
    return Poll<int>::pending();
  }
};

}  // namespace asyncc_test
