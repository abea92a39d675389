// The reactor: timers over epoll over parking (after tokio's runtime/driver.rs).
//
// Ownership and state rules:
// - A Reactor belongs to one Scheduler and lives as long as it (reference counted through it).
// - park(timeout) may be called by one thread at a time (the current-thread executor's thread,
//   or the worker that holds the multi-thread runtime's driver lock). It fires expired timers,
//   waits in epoll_wait until the next deadline, an fd event or unpark(), then dispatches.
// - unpark() may be called from any thread: it writes the eventfd.
// - Timers: an indexed binary heap of TimerEntry pointers ordered by (deadline, seq), guarded by
//   timer_mu_. An entry is in the heap iff heap_index != npos. Entries live inside futures
//   (which never move after their first poll); a future's destructor removes its entry.
//   `parked_deadline_` (guarded by timer_mu_) is the deadline the parked thread sleeps until; a
//   timer registered earlier than it from another thread unparks the reactor.
// - I/O: each registered fd has an IoEntry (owned by the socket object); epoll carries a token,
//   looked up in io_ under io_mu_, so an event for an fd that was deregistered meanwhile is
//   ignored. An IoEntry's wakers are guarded by its own mutex; lock order io_mu_ -> entry mu.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "asyncc/future.hpp"

namespace asyncc {
namespace detail {

/// Monotonic clock in nanoseconds.
std::int64_t now_ns();

struct TimerEntry {
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
  std::int64_t deadline = 0;  // ns, monotonic
  std::uint64_t seq = 0;
  std::size_t heap_index = npos;
  bool fired = false;
  Waker waker;
};

struct IoEntry {
  std::mutex mu;
  Waker reader;  // woken on EPOLLIN/HUP/ERR
  Waker writer;  // woken on EPOLLOUT/HUP/ERR
  std::uint64_t token = 0;
  int fd = -1;
};

class Reactor {
 public:
  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  /// Waits for events. timeout_ns < 0: until the next timer (or forever); 0: do not block.
  void park(std::int64_t timeout_ns);
  /// Interrupts park() from any thread.
  void unpark();

  /// Registers (or refreshes the waker of) a timer; true if it already fired.
  bool timer_poll(TimerEntry& e, const Waker& w);
  /// Removes a timer that has not fired (no-op otherwise).
  void timer_cancel(TimerEntry& e);
  std::size_t timer_count();

  IoEntry* io_register(int fd);
  void io_deregister(IoEntry* e);

 private:
  std::size_t fire_timers(std::int64_t now);  // returns how many timers fired
  void heap_up(std::size_t i);
  void heap_down(std::size_t i);
  void heap_remove(std::size_t i);
  static bool before(const TimerEntry* a, const TimerEntry* b) {
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
  }

  int epfd_ = -1;
  int evfd_ = -1;
  std::mutex timer_mu_;
  std::vector<TimerEntry*> heap_;
  std::uint64_t next_seq_ = 0;
  // The deadline a thread parked in epoll_wait sleeps until; min() when nobody is parked (then a
  // new timer needs no interrupt: the next park computes its timeout from the heap).
  std::int64_t parked_deadline_ = std::numeric_limits<std::int64_t>::min();
  std::atomic<std::int64_t> earliest_{std::numeric_limits<std::int64_t>::max()};
  std::vector<Waker> to_wake_;  // scratch for the parking thread

  std::mutex io_mu_;
  std::unordered_map<std::uint64_t, IoEntry*> io_;
  std::uint64_t next_token_ = 1;
  std::atomic<std::size_t> io_count_{0};
};

}  // namespace detail
}  // namespace asyncc
