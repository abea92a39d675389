// Schedulers: the part of a Runtime that owns tasks, run queues and the reactor.
//
// Ownership and state rules:
// - A Scheduler is reference counted: the Runtime holds one reference, each worker thread one,
//   every cloned task waker and root waker one, every registered timer and socket one. So a
//   waker used after its runtime shut down still finds a live (closed) scheduler and does nothing.
// - Live tasks (spawned, neither completed nor closed) are linked in `owned_`; the runtime holds
//   a task reference for each. The multi-thread runtime guards the list with `owned_mu_`; the
//   current-thread runtime's list is touched only by the thread inside block_on (tasks spawned
//   from elsewhere wait in its injector until that thread links them) and by shutdown. Shutdown closes the list (`closed_`), then drops
//   the future of every task in it, on the thread that shuts down, after the workers stopped.
// - Run queues hold task pointers without references (see task.hpp: a queued task is live).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "asyncc/detail/reactor.hpp"
#include "asyncc/detail/task.hpp"

namespace asyncc {
namespace detail {

class Scheduler {
 public:
  enum class Kind { current_thread, multi_thread };
  explicit Scheduler(Kind k) : kind_(k) {}
  virtual ~Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Kind kind() const { return kind_; }
  void acquire() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  /// Puts a task whose wake is pending onto a run queue. `yielded`: the task was woken by its own
  /// poll on this thread (no other worker needs to be told).
  virtual void schedule(TaskHeader* h, bool yielded) = 0;
  /// Stops the workers (if any) and cancels every live task. Called once, by the Runtime.
  virtual void shutdown() = 0;

  /// A freshly spawned task (RUNNING: owned by its first poll): adds it to the live list and queues it, or cancels it
  /// at once if the runtime is shut down. The default takes `owned_mu_`.
  virtual void submit(TaskHeader* h);
  /// Removes a completing task from the live list (called by the thread that polled it).
  virtual void unbind(TaskHeader* h);
  std::size_t live_tasks() const { return owned_count_.load(std::memory_order_relaxed); }
  Reactor& reactor() { return reactor_; }

 protected:
  /// Cancels every live task (drops its future); the list is closed first.
  void close_all_tasks();
  /// The live list itself; callers provide the exclusion (owned_mu_, or being the only thread).
  void link_owned(TaskHeader* h);
  void unlink_owned(TaskHeader* h);
  bool owned_closed() const { return closed_; }
  std::mutex owned_mu_;

 private:
  std::atomic<std::size_t> refs_{1};
  Kind kind_;
  TaskHeader* owned_ = nullptr;
  std::atomic<std::size_t> owned_count_{0};  // written by one thread at a time (plain store)
  bool closed_ = false;
  Reactor reactor_;
};

/// A growable FIFO of task pointers used by one thread only.
class LocalRunQueue {
 public:
  LocalRunQueue() : buf_(256) {}
  bool empty() const { return head_ == tail_; }
  std::size_t size() const { return tail_ - head_; }
  void push(TaskHeader* t) {
    if (tail_ - head_ == buf_.size()) grow();
    buf_[tail_++ & (buf_.size() - 1)] = t;
  }
  TaskHeader* pop() { return head_ == tail_ ? nullptr : buf_[head_++ & (buf_.size() - 1)]; }
  void clear() { head_ = tail_ = 0; }

 private:
  void grow();
  std::vector<TaskHeader*> buf_;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

/// The current-thread runtime's run queue: a FIFO linked through TaskHeader::queue_next, so it
/// needs no memory of its own. Used only by the thread inside block_on. A popped task is marked
/// task_busy(); pushing a task whose queue_next is not null/task_busy() would corrupt the queue
/// (callers check: see CurrentThreadScheduler::wake_local).
class IntrusiveRunQueue {
 public:
  bool empty() const { return head_ == nullptr; }
  void push(TaskHeader* t) {
    t->queue_next = queue_end();
    if (tail_) {
      tail_->queue_next = t;
    } else {
      head_ = t;
    }
    tail_ = t;
  }
  TaskHeader* pop() {
    TaskHeader* t = head_;
    if (!t) return nullptr;
    TaskHeader* n = t->queue_next;
    if (n == queue_end()) {
      head_ = tail_ = nullptr;
    } else {
      head_ = n;
    }
    t->queue_next = task_busy();
    return t;
  }
  /// Forgets the queued tasks (shutdown: they are cancelled through the live list).
  void clear() { head_ = tail_ = nullptr; }

 private:
  TaskHeader* head_ = nullptr;
  TaskHeader* tail_ = nullptr;
};

/// Marks the calling thread as running `s` for the lifetime of the guard (panics if it already
/// runs a runtime: `block_on` inside a task is an error, as in tokio).
class EnterGuard {
 public:
  EnterGuard(Scheduler* s, void* core);
  ~EnterGuard();
  EnterGuard(const EnterGuard&) = delete;
  EnterGuard& operator=(const EnterGuard&) = delete;
};

/// The current-thread executor: tasks run on the thread that calls block_on, in FIFO order.
class CurrentThreadScheduler final : public Scheduler {
 public:
  CurrentThreadScheduler() : Scheduler(Kind::current_thread) {}
  void schedule(TaskHeader* h, bool yielded) override;
  void shutdown() override;
  /// A waker of one of this runtime's tasks fired (not the task that is polling right now).
  void wake_task(TaskHeader* h) {
    // Only this runtime's block_on sets core to &local_ (so sched == this too): one comparison.
    if (t_context.core == &local_) {
      wake_local(h);
    } else {
      wake_remote(h);
    }
  }
  /// A poll of `h` on the owner thread returned Pending; `woken`: it woke itself meanwhile.
  void after_pending(TaskHeader* h, bool woken) {
    if (woken) {
      local_.push(h);
    } else {
      h->queue_next = nullptr;
    }
  }
  /// On the thread inside block_on: links and queues without any lock. From anywhere else the
  /// task waits in `inj_spawned_` until that thread links it (it owns the live list).
  void submit(TaskHeader* h) override;
  void unbind(TaskHeader* h) override;

  template <class F>
  typename F::Output block_on(F& fut) {
    BlockOnScope scope(this);
    Waker w = root_waker();
    Context cx(w);
    root_woken_local_ = true;
    for (;;) {
      if (take_root_woken()) {
        auto p = fut.poll(cx);
        if (p.is_ready()) return std::move(p).value();
      }
      run_until_root_woken();
    }
  }

  void wake_root();

 private:
  struct BlockOnScope {
    explicit BlockOnScope(CurrentThreadScheduler* s);
    ~BlockOnScope();
    CurrentThreadScheduler* s;
    EnterGuard guard;
  };
  Waker root_waker();
  bool take_root_woken() {
    if (root_woken_local_) {
      root_woken_local_ = false;
      return true;
    }
    return root_woken_.load(std::memory_order_relaxed) &&
           root_woken_.exchange(false, std::memory_order_acquire);
  }
  bool root_is_woken() const {
    return root_woken_local_ || root_woken_.load(std::memory_order_relaxed);
  }
  void run_until_root_woken();
  /// Moves remote wakes into the local queue; if `block`, waits in the reactor when idle.
  void park(bool block);
  void drain_injector() {
    if (inj_len_.load(std::memory_order_relaxed) != 0) drain_injector_slow();
  }
  void drain_injector_slow();
  /// On the owner thread: queue `h` unless it is queued, being polled or completed (no atomics).
  void wake_local(TaskHeader* h) {
    if (h->queue_next == nullptr) local_.push(h);
  }
  /// From any other thread: NOTIFIED plus a reference, then the injector (task.hpp).
  void wake_remote(TaskHeader* h);

  IntrusiveRunQueue local_;  // only touched by the thread inside block_on
  bool root_woken_local_ = false;  // set by wakes from that thread
  std::atomic<bool> root_woken_{false};  // set by wakes from other threads
  std::atomic<bool> parked_{false};
  std::atomic<bool> in_block_on_{false};
  std::mutex inj_mu_;
  LocalRunQueue inj_;  // guarded by inj_mu_: woken elsewhere (NOTIFIED, one reference each)
  LocalRunQueue inj_spawned_;  // guarded by inj_mu_: spawned elsewhere, not yet in the live list
  bool inj_closed_ = false;
  std::atomic<std::size_t> inj_len_{0};  // both injector queues
};

template <class F>
void Task<F>::run_fn(TaskHeader* h) {
  // A current-thread task runs on its runtime's own thread: it is never SCHEDULED (task.hpp),
  // and going idle after Pending is a plain store to queue_next.
  Scheduler* s = h->sched;
  const bool local = s->kind() == Scheduler::Kind::current_thread;
  if (local) {
    if (h->state.load(std::memory_order_acquire) & (CLOSED | COMPLETED)) return;
  } else if (!task_begin_run(h)) {
    return;
  }
  // Only a runtime's run loop polls tasks, never from inside another task's poll (a nested
  // runtime panics in EnterGuard), so there is no outer current_task to restore afterwards.
  ThreadContext& ctx = t_context;
  ctx.current_task = h;
  ctx.current_woken = false;
  Waker w(h, local ? &ct_task_waker_vtable : &task_waker_vtable);  // borrowed: backed by the runtime's reference
  Context cx(w);
  Poll<Output> p = future(h).poll(cx);
  w.release_raw();
  bool woken = ctx.current_woken;
  ctx.current_task = nullptr;
  if (p.is_ready()) {
    future(h).~F();
    ::new (static_cast<void*>(storage(h))) Output(std::move(p).value());
    task_complete(h);
  } else if (local) {
    static_cast<CurrentThreadScheduler*>(s)->after_pending(h, woken);
  } else {
    task_after_pending(h, woken);
  }
}

/// Blocks a thread that is not a worker until its waker is used (multi-thread block_on).
class ThreadParker {
 public:
  static ThreadParker* create();
  Waker waker();
  void park();
  void unpark();
  void acquire() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  ThreadParker() = default;
  std::atomic<std::size_t> refs_{1};
  std::mutex m_;
  std::condition_variable cv_;
  bool notified_ = false;
};

/// The multi-thread executor (work stealing); defined in src/multi_thread.cpp.
Scheduler* make_multi_thread(std::size_t workers);

template <class F>
typename F::Output block_on_parked(Scheduler* s, F& fut) {
  EnterGuard guard(s, nullptr);
  struct Holder {
    ThreadParker* p = ThreadParker::create();
    ~Holder() { p->release(); }
  } h;
  Waker w = h.p->waker();
  Context cx(w);
  for (;;) {
    auto r = fut.poll(cx);
    if (r.is_ready()) return std::move(r).value();
    h.p->park();
  }
}

/// The scheduler of the runtime the calling thread runs, or a panic naming `what`.
Scheduler* current_scheduler(const char* what);

}  // namespace detail
}  // namespace asyncc
