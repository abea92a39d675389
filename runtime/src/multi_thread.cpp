// The multi-thread executor: N workers, work stealing, parked when idle.
//
// Ownership and state rules:
// - Each worker owns a bounded ring (LocalQueue). Only the owner pushes (at `tail`); the owner
//   and thieves take from `head` with a CAS, so a task pointer is handed to exactly one thread.
//   Slots are atomics: a thief may read a slot the owner is rewriting, but then its CAS on `head`
//   fails and it discards what it read. A full ring overflows into the injector.
// - The injector (`inj_`, under `inj_mu_`) takes wakes from non-worker threads and overflow.
// - A task is polled by one worker at a time: only the thread that popped it (or that set
//   RUNNING) polls it; see task.hpp for the state word.
// - Idle workers park. The reactor ("driver") is behind `driver_mu_`: a parking worker that gets
//   it waits in epoll_wait (so timers and sockets are served); the others wait on their condvar.
//   Each worker's Parker state is EMPTY, NOTIFIED, PARKED_CV or PARKED_DRIVER; unpark() swaps in
//   NOTIFIED and wakes the condvar or writes the eventfd, so a notification is never lost.
// - Whoever makes work available calls notify_one(): if some worker is idle and none is already
//   searching, one idle worker is unparked and becomes "searching". A worker registers as idle
//   (and stops searching) before its last look for work; both sides use seq_cst, so either the
//   notifier sees the idle worker or the worker sees the work.
// - Every 61 ticks a worker takes from the injector first (fairness) and polls the reactor
//   without blocking if the driver is free, so timers fire while all workers are busy.
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "asyncc/detail/scheduler.hpp"

namespace asyncc {
namespace detail {

namespace {

constexpr int kEventInterval = 61;

class LocalQueue {
 public:
  static constexpr std::uint32_t kCap = 256;
  static constexpr std::uint32_t kMask = kCap - 1;

  bool push(TaskHeader* t) {  // owner only
    std::uint32_t tl = tail_.load(std::memory_order_relaxed);
    std::uint32_t hd = head_.load(std::memory_order_acquire);
    if (tl - hd >= kCap) return false;
    slots_[tl & kMask].store(t, std::memory_order_relaxed);
    tail_.store(tl + 1, std::memory_order_release);
    return true;
  }
  std::uint32_t len() const {  // exact for the owner; a snapshot for others
    return tail_.load(std::memory_order_relaxed) - head_.load(std::memory_order_acquire);
  }
  /// Owner only, when the ring is full: takes the older half of it (into `out`) in one CAS, so
  /// the caller can move it to the injector under one lock.
  std::uint32_t take_half(TaskHeader** out) {
    std::uint32_t hd = head_.load(std::memory_order_acquire);
    for (;;) {
      std::uint32_t tl = tail_.load(std::memory_order_relaxed);
      std::uint32_t n = (tl - hd) / 2;
      if (n == 0) return 0;
      for (std::uint32_t i = 0; i < n; ++i) out[i] = slots_[(hd + i) & kMask].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(hd, hd + n, std::memory_order_acq_rel, std::memory_order_acquire)) return n;
    }
  }
  TaskHeader* pop() {  // owner only
    std::uint32_t hd = head_.load(std::memory_order_acquire);
    for (;;) {
      std::uint32_t tl = tail_.load(std::memory_order_relaxed);
      if (hd == tl) return nullptr;
      TaskHeader* t = slots_[hd & kMask].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(hd, hd + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return t;
    }
  }
  /// Moves about half of this queue into `dst` (owned by the calling thief, and empty); returns
  /// one of the stolen tasks to run now, or null.
  TaskHeader* steal_into(LocalQueue& dst) {
    std::uint32_t hd = head_.load(std::memory_order_acquire);
    for (;;) {
      std::uint32_t tl = tail_.load(std::memory_order_acquire);
      std::uint32_t n = tl - hd;
      if (n == 0) return nullptr;
      if (n > kCap) {  // inconsistent snapshot: retry
        hd = head_.load(std::memory_order_acquire);
        continue;
      }
      n -= n / 2;
      TaskHeader* buf[kCap];
      for (std::uint32_t i = 0; i < n; ++i) buf[i] = slots_[(hd + i) & kMask].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(hd, hd + n, std::memory_order_acq_rel, std::memory_order_acquire)) {
        for (std::uint32_t i = 1; i < n; ++i) dst.push(buf[i]);
        return buf[0];
      }
    }
  }
  bool empty() const {
    return head_.load(std::memory_order_acquire) == tail_.load(std::memory_order_acquire);
  }

 private:
  std::atomic<std::uint32_t> head_{0};
  std::atomic<std::uint32_t> tail_{0};
  std::atomic<TaskHeader*> slots_[kCap] = {};
};

#if defined(__SANITIZE_THREAD__)
#define ASYNCC_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ASYNCC_TSAN 1
#endif
#endif

/// A load ordered after every earlier store of this thread (the notifier's half of the
/// idle/notify handshake). ThreadSanitizer does not model fences, so there it is an RMW, which
/// gives the same guarantee for this handshake (both sides then RMW the same counter).
inline std::size_t load_after_stores(std::atomic<std::size_t>& a) {
#ifdef ASYNCC_TSAN
  return a.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return a.load(std::memory_order_seq_cst);
#endif
}

enum ParkState : int { kEmpty = 0, kNotified = 1, kParkedCv = 2, kParkedDriver = 3 };

}  // namespace

class MultiThreadScheduler final : public Scheduler {
 public:
  explicit MultiThreadScheduler(std::size_t n) : Scheduler(Kind::multi_thread) {
    for (std::size_t i = 0; i < n; ++i) workers_.push_back(std::make_unique<Worker>());
    for (std::size_t i = 0; i < n; ++i) {
      acquire();  // each worker thread holds a reference until it exits
      workers_[i]->thread = std::thread([this, i] { worker_main(i); });
    }
  }

  void schedule(TaskHeader* h, bool yielded) override {
    ThreadContext& ctx = t_context;
    if (ctx.sched == this && ctx.core) {
      auto* w = static_cast<Worker*>(ctx.core);
      if (w->queue.push(h)) {
        // One queued task is what this worker runs next; wake a sleeping worker only when there
        // is more than that (like tokio's LIFO slot: a ping-pong pair stays on one worker
        // instead of bouncing between two that keep parking and unparking).
        if (!yielded && w->queue.len() > 1) notify_one();
        return;
      }
      // Full: move the older half to the injector in one go, then queue this one locally.
      TaskHeader* batch[LocalQueue::kCap];
      std::uint32_t n = w->queue.take_half(batch);
      {
        std::lock_guard<std::mutex> g(inj_mu_);
        if (inj_closed_) return;
        for (std::uint32_t i = 0; i < n; ++i) inj_.push(batch[i]);
        inj_len_.store(inj_.size(), std::memory_order_seq_cst);
      }
      if (w->queue.push(h)) {
        notify_one();
        return;
      }
    }
    {
      std::lock_guard<std::mutex> g(inj_mu_);
      if (inj_closed_) return;
      inj_.push(h);
      inj_len_.store(inj_.size(), std::memory_order_seq_cst);
    }
    notify_one();
  }

  void shutdown() override {
    shutdown_.store(true, std::memory_order_seq_cst);
    for (auto& w : workers_) unpark(*w);
    for (auto& w : workers_) w->thread.join();
    {
      std::lock_guard<std::mutex> g(inj_mu_);
      inj_closed_ = true;
      inj_.clear();
      inj_len_.store(0);
    }
    close_all_tasks();
  }

 private:
  struct Worker {
    LocalQueue queue;
    std::thread thread;
    std::atomic<int> park_state{kEmpty};
    std::mutex m;
    std::condition_variable cv;
    bool searching = false;  // guarded by idle_mu_ when set by a notifier
    bool idle = false;       // guarded by idle_mu_
  };

  void worker_main(std::size_t index) {
    set_current_thread_name("asyncc-worker-" + std::to_string(index));
    Worker& w = *workers_[index];
    {
      EnterGuard guard(this, &w);
      std::uint32_t tick = 0;
      while (!shutdown_.load(std::memory_order_acquire)) {
        ++tick;
        TaskHeader* t = nullptr;
        if (tick % kEventInterval == 0) {
          t = pop_injector();
          if (driver_mu_.try_lock()) {
            reactor().park(0);
            driver_mu_.unlock();
          }
        }
        if (!t) t = w.queue.pop();
        if (!t) t = pop_injector();
        if (!t) t = steal(index);
        if (t) {
          if (w.searching) {
            end_searching(w);
            // The last searcher found work; if more is waiting, another worker may take it.
            if (num_searching_.load(std::memory_order_relaxed) == 0 && has_work()) notify_one();
          }
          t->vtable->run(t);
          continue;
        }
        park_worker(index);
      }
    }
    release();
  }

  TaskHeader* pop_injector() {
    if (inj_len_.load(std::memory_order_relaxed) == 0) return nullptr;
    std::lock_guard<std::mutex> g(inj_mu_);
    TaskHeader* t = inj_.pop();
    inj_len_.store(inj_.size(), std::memory_order_relaxed);
    return t;
  }

  TaskHeader* steal(std::size_t self) {
    std::size_t n = workers_.size();
    for (std::size_t k = 1; k < n; ++k) {
      std::size_t j = (self + k) % n;
      if (TaskHeader* t = workers_[j]->queue.steal_into(workers_[self]->queue)) return t;
    }
    return nullptr;
  }

  bool has_work() {
    if (inj_len_.load(std::memory_order_seq_cst) != 0) return true;
    for (auto& w : workers_)
      if (!w->queue.empty()) return true;
    return false;
  }

  void end_searching(Worker& w) {
    w.searching = false;
    num_searching_.fetch_sub(1, std::memory_order_seq_cst);
  }

  void park_worker(std::size_t index) {
    Worker& w = *workers_[index];
    {
      std::lock_guard<std::mutex> g(idle_mu_);
      w.idle = true;
      idle_.push_back(index);
      num_idle_.fetch_add(1, std::memory_order_seq_cst);
      if (w.searching) end_searching(w);
    }
#ifndef ASYNCC_TSAN
    std::atomic_thread_fence(std::memory_order_seq_cst);  // the RMWs above already order it under TSan
#endif
    if (!has_work() && !shutdown_.load(std::memory_order_seq_cst)) park(w);
    std::lock_guard<std::mutex> g(idle_mu_);
    if (w.idle) {
      w.idle = false;
      for (std::size_t i = 0; i < idle_.size(); ++i) {
        if (idle_[i] == index) {
          idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
      }
      num_idle_.fetch_sub(1, std::memory_order_seq_cst);
    }
  }

  void notify_one() {
    if (load_after_stores(num_idle_) == 0) return;
    if (load_after_stores(num_searching_) != 0) return;
    Worker* target = nullptr;
    {
      std::lock_guard<std::mutex> g(idle_mu_);
      if (idle_.empty()) return;
      std::size_t j = idle_.back();
      idle_.pop_back();
      target = workers_[j].get();
      target->idle = false;
      target->searching = true;
      num_idle_.fetch_sub(1, std::memory_order_seq_cst);
      num_searching_.fetch_add(1, std::memory_order_seq_cst);
    }
    unpark(*target);
  }

  void park(Worker& w) {
    int expected = kNotified;
    if (w.park_state.compare_exchange_strong(expected, kEmpty)) return;
    if (driver_mu_.try_lock()) {
      expected = kEmpty;
      if (w.park_state.compare_exchange_strong(expected, kParkedDriver)) {
        reactor().park(-1);
        w.park_state.exchange(kEmpty);
      } else {
        w.park_state.store(kEmpty);
      }
      driver_mu_.unlock();
      return;
    }
    std::unique_lock<std::mutex> lk(w.m);
    expected = kEmpty;
    if (!w.park_state.compare_exchange_strong(expected, kParkedCv)) {
      w.park_state.store(kEmpty);
      return;
    }
    for (;;) {
      w.cv.wait(lk);
      expected = kNotified;
      if (w.park_state.compare_exchange_strong(expected, kEmpty)) return;
    }
  }

  void unpark(Worker& w) {
    switch (w.park_state.exchange(kNotified)) {
      case kParkedCv: {
        { std::lock_guard<std::mutex> g(w.m); }
        w.cv.notify_one();
        break;
      }
      case kParkedDriver:
        reactor().unpark();
        break;
      default:
        break;
    }
  }

  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> shutdown_{false};
  std::mutex inj_mu_;
  LocalRunQueue inj_;  // guarded by inj_mu_
  bool inj_closed_ = false;
  std::atomic<std::size_t> inj_len_{0};
  std::mutex idle_mu_;
  std::vector<std::size_t> idle_;
  std::atomic<std::size_t> num_idle_{0};
  std::atomic<std::size_t> num_searching_{0};
  std::mutex driver_mu_;
};

Scheduler* make_multi_thread(std::size_t workers) {
  if (workers == 0) ASYNCC_PANIC("Worker threads cannot be set to 0");
  return new MultiThreadScheduler(workers);
}

}  // namespace detail
}  // namespace asyncc
