// Time (RUNTIME.md §3): sleep, yield_now, now_ms, and Elapsed (the error of timeout).
//
// A Sleep's deadline is fixed when sleep() is called. On its first Pending poll it registers a
// TimerEntry (inside the Sleep itself, which no longer moves) with the reactor of the runtime
// running the poll, holding a reference to that runtime; its destructor deregisters it.
#pragma once

#include <cstdint>
#include <string>

#include "asyncc/detail/reactor.hpp"
#include "asyncc/detail/scheduler.hpp"
#include "asyncc/future.hpp"

namespace asyncc {

/// Monotonic milliseconds (CLOCK_MONOTONIC).
std::uint64_t now_ms();

/// The future returned by sleep(ms).
class Sleep {
 public:
  using Output = Unit;
  explicit Sleep(std::int64_t deadline_ns) { entry_.deadline = deadline_ns; }
  Sleep(Sleep&& o) noexcept : done_(o.done_) { entry_.deadline = o.entry_.deadline; }
  Sleep& operator=(Sleep&&) = delete;
  ~Sleep() {
    if (sched_) {
      sched_->reactor().timer_cancel(entry_);
      sched_->release();
    }
  }
  Poll<Unit> poll(Context& cx);
  std::int64_t deadline_ns() const { return entry_.deadline; }

 private:
  detail::TimerEntry entry_;
  detail::Scheduler* sched_ = nullptr;
  bool done_ = false;
};

/// Completes once `ms` milliseconds after this call have passed.
Sleep sleep(std::uint64_t ms);

/// The future returned by yield_now(): Pending once (after waking itself), then Ready.
class YieldNow {
 public:
  using Output = Unit;
  Poll<Unit> poll(Context& cx) {
    if (yielded_) return Poll<Unit>::ready(Unit{});
    yielded_ = true;
    cx.waker().wake_by_ref();
    return Poll<Unit>::pending();
  }

 private:
  bool yielded_ = false;
};

inline YieldNow yield_now() { return YieldNow{}; }

/// The error of `timeout` when the deadline passed first. Debug: `Elapsed(())`.
struct Elapsed {
  friend bool operator==(Elapsed, Elapsed) { return true; }
  friend bool operator!=(Elapsed, Elapsed) { return false; }
  /// Rust's Display (tokio's `Elapsed`).
  std::string to_string() const { return "deadline has elapsed"; }
  friend void fmt_debug(fmt::Formatter& f, Elapsed) { f.debug_tuple("Elapsed").field(Unit{}).finish(); }
};

}  // namespace asyncc
