// Task state transitions (the rules are in include/asyncc/detail/task.hpp) and the parts of the
// schedulers shared by both executors.
#include <thread>

#include "asyncc/detail/scheduler.hpp"

namespace asyncc {
namespace detail {

namespace {

inline std::uintptr_t load(TaskHeader* h) { return h->state.load(std::memory_order_acquire); }

const void* task_clone(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  h->state.fetch_add(REFERENCE, std::memory_order_relaxed);
  return p;
}
void task_wake(const void* p) {
  auto* h = static_cast<TaskHeader*>(const_cast<void*>(p));
  task_wake_by_ref(h);
  task_drop_ref(h);
}
void task_wake_by_ref_fn(const void* p) { task_wake_by_ref(static_cast<TaskHeader*>(const_cast<void*>(p))); }
void task_drop_fn(const void* p) { task_drop_ref(static_cast<TaskHeader*>(const_cast<void*>(p))); }

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

const RawWakerVTable task_waker_vtable{&task_clone, &task_wake, &task_wake_by_ref_fn, &task_drop_fn};

void task_wake_by_ref(TaskHeader* h) {
  ThreadContext& ctx = t_context;
  if (ctx.current_task == h) {  // woken by its own poll on this thread: no atomics
    ctx.current_woken = true;
    return;
  }
  std::uintptr_t s = h->state.load(std::memory_order_acquire);
  for (;;) {
    if (s & (COMPLETED | CLOSED | SCHEDULED)) return;
    if (h->state.compare_exchange_weak(s, s | SCHEDULED, std::memory_order_acq_rel, std::memory_order_acquire)) {
      if (!(s & RUNNING)) h->vtable->schedule(h);
      return;
    }
  }
}

void task_drop_ref(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_sub(REFERENCE, std::memory_order_acq_rel);
  if ((s & ~(REFERENCE - 1)) == REFERENCE) {
    Scheduler* sched = h->sched;
    h->vtable->destroy(h);
    sched->release();
  }
}

bool task_begin_run(TaskHeader* h) {
  std::uintptr_t s = load(h);
  for (;;) {
    if (s & (CLOSED | COMPLETED)) return false;
    if (!(s & SCHEDULED)) return true;  // re-queued by its own worker: RUNNING is still set
    if (h->state.compare_exchange_weak(s, (s & ~SCHEDULED) | RUNNING, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
      return true;
  }
}

void task_after_pending(TaskHeader* h, bool woken_locally) {
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
    if (!(s & HANDLE)) n |= CLOSED;
    if (h->state.compare_exchange_weak(s, n, std::memory_order_acq_rel, std::memory_order_acquire)) break;
  }
  if (n & CLOSED) {
    h->vtable->drop_output(h);  // nobody can take it
  } else if (n & AWAITER) {
    wake_awaiter(h);
  }
  task_drop_ref(h);  // the runtime's reference
}

void task_submit(TaskHeader* h) {
  if (h->sched->bind(h)) {
    h->vtable->schedule(h);
    return;
  }
  // The runtime is shut down: the task is cancelled at once.
  h->state.fetch_or(CLOSED, std::memory_order_acq_rel);
  h->vtable->drop_future(h);
  task_drop_ref(h);
}

void task_close(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_or(CLOSED, std::memory_order_acq_rel);
  if (!(s & (COMPLETED | CLOSED))) h->vtable->drop_future(h);
  if (s & AWAITER) wake_awaiter(h);
  task_drop_ref(h);
}

bool join_register(TaskHeader* h, const Waker& w) {
  if (load(h) & COMPLETED) return true;
  lock_awaiter(h);
  h->awaiter.clone_from(w);
  unlock_awaiter(h, true);
  std::uintptr_t s = load(h);
  return (s & COMPLETED) || (s & CLOSED);
}

bool join_take(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_or(CLOSED, std::memory_order_acq_rel);
  return (s & COMPLETED) && !(s & CLOSED);
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

void scheduler_acquire(Scheduler* s) { s->acquire(); }
void scheduler_release(Scheduler* s) { s->release(); }

// ---- Scheduler ----

bool Scheduler::bind(TaskHeader* h) {
  std::lock_guard<std::mutex> g(owned_mu_);
  if (closed_) return false;
  h->owned_prev = nullptr;
  h->owned_next = owned_;
  if (owned_) owned_->owned_prev = h;
  owned_ = h;
  ++owned_count_;
  return true;
}

void Scheduler::unbind(TaskHeader* h) {
  std::lock_guard<std::mutex> g(owned_mu_);
  if (h->owned_prev) {
    h->owned_prev->owned_next = h->owned_next;
  } else if (owned_ == h) {
    owned_ = h->owned_next;
  } else {
    return;  // already unlinked by close_all_tasks
  }
  if (h->owned_next) h->owned_next->owned_prev = h->owned_prev;
  h->owned_prev = h->owned_next = nullptr;
  --owned_count_;
}

std::size_t Scheduler::live_tasks() {
  std::lock_guard<std::mutex> g(owned_mu_);
  return owned_count_;
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
      owned_ = h->owned_next;
      if (owned_) owned_->owned_prev = nullptr;
      h->owned_prev = h->owned_next = nullptr;
      --owned_count_;
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
