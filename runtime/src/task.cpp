// Task state transitions (the rules are in include/asyncc/detail/task.hpp) and the parts of the
// schedulers shared by both executors.
#include <thread>

#include "asyncc/detail/scheduler.hpp"

namespace asyncc {
namespace detail {

namespace {

inline std::uintptr_t load(TaskHeader* h) { return h->state.load(std::memory_order_acquire); }

// A cloned waker holds a reference to the task and one to its scheduler.
const void* task_clone(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  h->state.fetch_add(REFERENCE, std::memory_order_relaxed);
  h->sched->acquire();
  return p;
}
void task_wake(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  Scheduler* s = h->sched;
  task_wake_by_ref(h);
  task_drop_ref(h);
  s->release();
}
void task_wake_by_ref_fn(const void* p) { task_wake_by_ref(static_cast<TaskHeader*>(const_cast<void*>(p))); }
void task_drop_fn(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  Scheduler* s = h->sched;
  task_drop_ref(h);
  s->release();
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Takes the LOCKED bit (spinning briefly; the holders keep it for a few instructions).
std::uintptr_t lock_awaiter(TaskHeader* h) {
  unsigned spins = 0;
  for (;;) {
    std::uintptr_t s = h->state.load(std::memory_order_relaxed);
    if (!(s & LOCKED) &&
        h->state.compare_exchange_weak(s, s | LOCKED, std::memory_order_acquire, std::memory_order_relaxed))
      return s | LOCKED;
    if (++spins > 64) {
      std::this_thread::yield();
    } else {
      cpu_relax();
    }
  }
}

/// Releases LOCKED, setting or clearing AWAITER.
void unlock_awaiter(TaskHeader* h, bool has_awaiter) {
  std::uintptr_t s = h->state.load(std::memory_order_relaxed);
  for (;;) {
    std::uintptr_t n = (s & ~(LOCKED | AWAITER)) | (has_awaiter ? AWAITER : 0);
    if (h->state.compare_exchange_weak(s, n, std::memory_order_release, std::memory_order_relaxed)) return;
  }
}

void wake_awaiter(TaskHeader* h) {
  lock_awaiter(h);
  Waker w = std::move(h->awaiter);
  unlock_awaiter(h, false);
  w.wake();
}

}  // namespace

namespace {
// Current-thread tasks get their own vtable, so their wakes skip the scheduler-kind test.
void ct_task_wake_by_ref(TaskHeader* h) {
  ThreadContext& ctx = t_context;
  if (ctx.current_task == h) {  // woken by its own poll on this thread
    ctx.current_woken = true;
    return;
  }
  static_cast<CurrentThreadScheduler*>(h->sched)->wake_task(h);
}
void ct_task_wake_by_ref_fn(const void* p) { ct_task_wake_by_ref(static_cast<TaskHeader*>(const_cast<void*>(p))); }
void ct_task_wake(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  Scheduler* s = h->sched;
  ct_task_wake_by_ref(h);
  task_drop_ref(h);
  s->release();
}

}  // namespace

const RawWakerVTable task_waker_vtable{&task_clone, &task_wake, &task_wake_by_ref_fn, &task_drop_fn};
const RawWakerVTable ct_task_waker_vtable{&task_clone, &ct_task_wake, &ct_task_wake_by_ref_fn, &task_drop_fn};

void task_wake_by_ref(TaskHeader* h) {
  ThreadContext& ctx = t_context;
  if (ctx.current_task == h) {  // woken by its own poll on this thread: no atomics
    ctx.current_woken = true;
    return;
  }
  if (h->sched->kind() == Scheduler::Kind::current_thread) {
    static_cast<CurrentThreadScheduler*>(h->sched)->wake_task(h);
    return;
  }
  std::uintptr_t s = h->state.load(std::memory_order_acquire);
  for (;;) {
    if (s & (COMPLETED | CLOSED | SCHEDULED)) return;
    std::uintptr_t n = (s & RUNNING) ? (s | SCHEDULED) : (s | RUNNING);
    if (h->state.compare_exchange_weak(s, n, std::memory_order_acq_rel, std::memory_order_acquire)) {
      if (!(s & RUNNING)) h->vtable->schedule(h);  // it was idle: we queue it
      return;
    }
  }
}

void task_drop_ref(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_sub(REFERENCE, std::memory_order_acq_rel);
  if ((s & ~(REFERENCE - 1)) == REFERENCE) h->vtable->destroy(h);
}

bool task_begin_run(TaskHeader* h) {
  std::uintptr_t s = load(h);
  for (;;) {
    if (s & (CLOSED | COMPLETED)) return false;
    if (!(s & SCHEDULED)) return true;  // RUNNING was set by whoever queued it
    if (h->state.compare_exchange_weak(s, s & ~SCHEDULED, std::memory_order_acq_rel, std::memory_order_acquire))
      return true;
  }
}

void task_after_pending(TaskHeader* h, bool woken_locally) {
  if (h->sched->kind() == Scheduler::Kind::current_thread) {  // on the owner thread: no atomics
    static_cast<CurrentThreadScheduler*>(h->sched)->after_pending(h, woken_locally);
    return;
  }
  if (woken_locally) {  // keep RUNNING: the task goes straight back to a queue
    h->sched->schedule(h, true);
    return;
  }
  std::uintptr_t s = load(h);
  for (;;) {
    if (s & SCHEDULED) {  // woken from elsewhere during the poll: poll once more
      h->sched->schedule(h, true);
      return;
    }
    if (h->state.compare_exchange_weak(s, s & ~RUNNING, std::memory_order_acq_rel, std::memory_order_acquire))
      return;
  }
}

void task_complete(TaskHeader* h) {
  // Leave the live list first, so whoever sees COMPLETED also sees the task gone from it.
  // (Shutdown never runs while a task is being polled, so nobody else unlinks it meanwhile.)
  h->sched->unbind(h);
  std::uintptr_t s = load(h);
  std::uintptr_t n;
  for (;;) {
    n = (s & ~(RUNNING | SCHEDULED)) | COMPLETED;
    if (!(s & HANDLE)) {
      n |= CLOSED;  // nobody can take the output: we drop it, then our reference
    } else if (!(s & AWAITER)) {
      n -= REFERENCE;  // the common case: publish and release the runtime's reference at once
    }
    if (h->state.compare_exchange_weak(s, n, std::memory_order_acq_rel, std::memory_order_acquire)) break;
  }
  if (n & CLOSED) {
    h->vtable->drop_output(h);
  } else if (s & AWAITER) {
    wake_awaiter(h);
  } else {
    return;  // reference already released (the handle still holds one, so no destroy here)
  }
  task_drop_ref(h);  // the runtime's reference
}

void task_submit(TaskHeader* h) { h->sched->submit(h); }

void cancel_unbound(TaskHeader* h) {
  h->state.fetch_or(CLOSED, std::memory_order_acq_rel);
  h->vtable->drop_future(h);
  task_drop_ref(h);  // the runtime's reference
}

void task_close(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_or(CLOSED, std::memory_order_acq_rel);
  if (!(s & (COMPLETED | CLOSED))) h->vtable->drop_future(h);
  if (s & AWAITER) wake_awaiter(h);
  task_drop_ref(h);
}

bool join_register(TaskHeader* h, const Waker& w) {
  if (load(h) & (COMPLETED | CLOSED)) return true;
  lock_awaiter(h);
  h->awaiter.clone_from(w);
  unlock_awaiter(h, true);
  return (load(h) & (COMPLETED | CLOSED)) != 0;
}

void join_release_taken(TaskHeader* h) {
  std::uintptr_t s = load(h);
  if (s & AWAITER) {  // drop our registered waker first (rare: we registered, then saw COMPLETED)
    lock_awaiter(h);
    Waker w = std::move(h->awaiter);
    unlock_awaiter(h, false);
  }
  // COMPLETED, HANDLE set, CLOSED clear: set CLOSED, clear HANDLE, drop our reference, at once.
  s = h->state.fetch_add(CLOSED - HANDLE - REFERENCE, std::memory_order_acq_rel);
  if ((s & ~(REFERENCE - 1)) == REFERENCE) h->vtable->destroy(h);
}

void join_detach(TaskHeader* h) {
  std::uintptr_t s = load(h);
  std::uintptr_t n;
  for (;;) {
    n = s & ~HANDLE;
    if ((s & COMPLETED) && !(s & CLOSED)) n |= CLOSED;
    if (h->state.compare_exchange_weak(s, n, std::memory_order_acq_rel, std::memory_order_acquire)) break;
  }
  if ((n & CLOSED) && !(s & CLOSED)) h->vtable->drop_output(h);
  if (s & AWAITER) {
    lock_awaiter(h);
    Waker w = std::move(h->awaiter);
    unlock_awaiter(h, false);
  }
  task_drop_ref(h);
}

void join_cancelled() { ASYNCC_PANIC("task was cancelled: its runtime shut down before it finished"); }

void schedule_task(TaskHeader* h) { h->sched->schedule(h, false); }


// ---- Scheduler ----

void Scheduler::link_owned(TaskHeader* h) {
  h->owned_prev = nullptr;
  h->owned_next = owned_;
  if (owned_) owned_->owned_prev = h;
  owned_ = h;
  owned_count_.store(owned_count_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void Scheduler::unlink_owned(TaskHeader* h) {
  if (h->owned_prev) {
    h->owned_prev->owned_next = h->owned_next;
  } else if (owned_ == h) {
    owned_ = h->owned_next;
  } else {
    return;  // already unlinked by close_all_tasks
  }
  if (h->owned_next) h->owned_next->owned_prev = h->owned_prev;
  h->owned_prev = h->owned_next = nullptr;
  owned_count_.store(owned_count_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

void Scheduler::submit(TaskHeader* h) {
  bool linked = false;
  {
    std::lock_guard<std::mutex> g(owned_mu_);
    if (!closed_) {
      link_owned(h);
      linked = true;
    }
  }
  if (linked) {
    schedule(h, false);
  } else {
    cancel_unbound(h);
  }
}

void Scheduler::unbind(TaskHeader* h) {
  std::lock_guard<std::mutex> g(owned_mu_);
  unlink_owned(h);
}

void Scheduler::close_all_tasks() {
  {
    std::lock_guard<std::mutex> g(owned_mu_);
    closed_ = true;
  }
  for (;;) {
    TaskHeader* h;
    {
      std::lock_guard<std::mutex> g(owned_mu_);
      h = owned_;
      if (!h) break;
      unlink_owned(h);
    }
    task_close(h);  // may run destructors that wake or drop other tasks
  }
}

void LocalRunQueue::grow() {
  std::vector<TaskHeader*> bigger(buf_.size() * 2);
  std::size_t n = 0;
  while (TaskHeader* t = pop()) bigger[n++] = t;
  buf_.swap(bigger);
  head_ = 0;
  tail_ = n;
}

EnterGuard::EnterGuard(Scheduler* s, void* core) {
  ThreadContext& ctx = t_context;
  if (ctx.sched != nullptr)
    ASYNCC_PANIC(
        "Cannot start a runtime from within a runtime. This happens because a function (like "
        "`block_on`) attempted to block the current thread while the thread is being used to "
        "drive asynchronous tasks.");
  ctx.sched = s;
  ctx.core = core;
}

EnterGuard::~EnterGuard() {
  ThreadContext& ctx = t_context;
  ctx.sched = nullptr;
  ctx.core = nullptr;
}

Scheduler* current_scheduler(const char* what) {
  Scheduler* s = t_context.sched;
  if (!s)
    ASYNCC_PANIC(std::string(what) +
                 " must be called from the context of an asyncc runtime (inside block_on or a task)");
  return s;
}

// ---- ThreadParker ----

namespace {
const void* parker_clone(const void* p) {
  static_cast<ThreadParker*>(const_cast<void*>(p))->acquire();
  return p;
}
void parker_wake_by_ref(const void* p) { static_cast<ThreadParker*>(const_cast<void*>(p))->unpark(); }
void parker_drop(const void* p) { static_cast<ThreadParker*>(const_cast<void*>(p))->release(); }
void parker_wake(const void* p) {
  parker_wake_by_ref(p);
  parker_drop(p);
}
const RawWakerVTable parker_vtable{&parker_clone, &parker_wake, &parker_wake_by_ref, &parker_drop};
}  // namespace

ThreadParker* ThreadParker::create() { return new ThreadParker(); }

Waker ThreadParker::waker() {
  acquire();
  return Waker(this, &parker_vtable);
}

void ThreadParker::park() {
  std::unique_lock<std::mutex> lk(m_);
  cv_.wait(lk, [this] { return notified_; });
  notified_ = false;
}

void ThreadParker::unpark() {
  {
    std::lock_guard<std::mutex> g(m_);
    notified_ = true;
  }
  cv_.notify_one();
}

}  // namespace detail
}  // namespace asyncc
