// Executors (RUNTIME.md §2): block_on, Runtime, spawn, JoinHandle.
#pragma once

#include <cstddef>
#include <utility>

#include "asyncc/detail/scheduler.hpp"
#include "asyncc/future.hpp"

namespace asyncc {

/// A runtime: a scheduler with its reactor. Destroying it cancels every task that is still
/// alive (their futures are dropped on the destroying thread) after stopping its workers.
class Runtime {
 public:
  /// Tasks run on the thread inside block_on, in FIFO order of their wakes.
  static Runtime current_thread() { return Runtime(new detail::CurrentThreadScheduler()); }
  /// `workers` threads (named asyncc-worker-0...), work stealing, idle workers parked.
  static Runtime multi_thread(std::size_t workers) { return Runtime(detail::make_multi_thread(workers)); }

  Runtime(Runtime&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Runtime& operator=(Runtime&& o) noexcept {
    if (this != &o) {
      reset();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  ~Runtime() { reset(); }

  /// Runs `f` to completion on the calling thread (its tasks run meanwhile) and returns its output.
  /// Panics when called from a thread that is already running a runtime.
  template <class F>
  typename F::Output block_on(F f) {
    static_assert(is_future_v<F>, "block_on needs a future: a class with Output and poll(Context&)");
    if (s_->kind() == detail::Scheduler::Kind::current_thread)
      return static_cast<detail::CurrentThreadScheduler*>(s_)->block_on(f);
    return detail::block_on_parked(s_, f);
  }

  /// Starts `f` as a task of this runtime. A current-thread runtime runs it while block_on runs.
  template <class F>
  JoinHandle<typename F::Output> spawn(F f) {
    return spawn_task(s_, std::move(f));
  }

  /// Number of tasks spawned on this runtime that have neither completed nor been cancelled.
  std::size_t live_tasks() const { return s_->live_tasks(); }
  /// Number of pending timers in this runtime's reactor.
  std::size_t pending_timers() const { return s_->reactor().timer_count(); }

 private:
  explicit Runtime(detail::Scheduler* s) : s_(s) {}
  void reset() {
    if (s_) {
      s_->shutdown();
      std::exchange(s_, nullptr)->release();
    }
  }
  detail::Scheduler* s_;
};

/// Runs `f` to completion on a fresh current-thread runtime (with its own reactor); tasks it
/// spawned and left running are cancelled when it returns. Panics inside a task.
template <class F>
typename F::Output block_on(F f) {
  Runtime rt = Runtime::current_thread();
  return rt.block_on(std::move(f));
}

/// Spawns `f` onto the runtime running the calling thread (panics outside a runtime).
template <class F>
JoinHandle<typename F::Output> spawn(F f) {
  return spawn_task(detail::current_scheduler("asyncc::spawn"), std::move(f));
}

}  // namespace asyncc
