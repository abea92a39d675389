// The current-thread executor.
//
// Ownership and state rules:
// - `local_` and `root_woken_local_` are touched only by the thread inside block_on (the owner:
//   t_context.sched == this && t_context.core == &local_). Wakes from the owner go there with no
//   atomic operation on the queue.
// - Wakes from other threads push onto the injector (`inj_`, under `inj_mu_`) or set
//   `root_woken_`, then write the reactor's eventfd if the owner is parked (`parked_`). The
//   owner sets `parked_` before its last look at the injector and root flag (all seq_cst), so
//   one side always sees the other: no lost wake-up.
// - Order: tasks run in FIFO order of their wakes; the block_on future is polled (when woken)
//   after at most 61 tasks, as tokio's current_thread scheduler does.
#include "asyncc/detail/scheduler.hpp"

namespace asyncc {
namespace detail {

namespace {
constexpr int kEventInterval = 61;

const void* root_clone(const void* p) {
  static_cast<Scheduler*>(const_cast<void*>(p))->acquire();
  return p;
}
void root_wake_by_ref(const void* p) {
  static_cast<CurrentThreadScheduler*>(const_cast<void*>(p))->wake_root();
}
void root_drop(const void* p) { static_cast<Scheduler*>(const_cast<void*>(p))->release(); }
void root_wake(const void* p) {
  root_wake_by_ref(p);
  root_drop(p);
}
const RawWakerVTable root_vtable{&root_clone, &root_wake, &root_wake_by_ref, &root_drop};
}  // namespace

CurrentThreadScheduler::BlockOnScope::BlockOnScope(CurrentThreadScheduler* sch)
    : s(sch), guard(sch, &sch->local_) {
  if (s->in_block_on_.exchange(true))
    ASYNCC_PANIC("block_on called on a current_thread runtime that another thread is running");
}

CurrentThreadScheduler::BlockOnScope::~BlockOnScope() { s->in_block_on_.store(false); }

Waker CurrentThreadScheduler::root_waker() {
  acquire();
  return Waker(static_cast<Scheduler*>(this), &root_vtable);
}

void CurrentThreadScheduler::wake_root() {
  ThreadContext& ctx = t_context;
  if (ctx.sched == this && ctx.core == &local_) {
    root_woken_local_ = true;
    return;
  }
  root_woken_.store(true, std::memory_order_seq_cst);
  if (parked_.load(std::memory_order_seq_cst)) reactor().unpark();
}

void CurrentThreadScheduler::schedule(TaskHeader* h, bool) {
  ThreadContext& ctx = t_context;
  if (ctx.sched == this && ctx.core == &local_) {
    local_.push(h);
    return;
  }
  {
    std::lock_guard<std::mutex> g(inj_mu_);
    if (inj_closed_) return;  // shut down: the task is (being) cancelled
    inj_.push(h);
    inj_len_.store(inj_.size() + inj_spawned_.size(), std::memory_order_seq_cst);
  }
  if (parked_.load(std::memory_order_seq_cst)) reactor().unpark();
}

void CurrentThreadScheduler::submit(TaskHeader* h) {
  ThreadContext& ctx = t_context;
  if (ctx.sched == this && ctx.core == &local_) {
    if (owned_closed()) {
      cancel_unbound(h);
      return;
    }
    link_owned(h);
    local_.push(h);
    return;
  }
  {
    std::lock_guard<std::mutex> g(inj_mu_);
    if (!inj_closed_) {
      inj_spawned_.push(h);
      inj_len_.store(inj_.size() + inj_spawned_.size(), std::memory_order_seq_cst);
      h = nullptr;
    }
  }
  if (h) {
    cancel_unbound(h);
    return;
  }
  if (parked_.load(std::memory_order_seq_cst)) reactor().unpark();
}

void CurrentThreadScheduler::unbind(TaskHeader* h) { unlink_owned(h); }

void CurrentThreadScheduler::drain_injector() {
  if (inj_len_.load(std::memory_order_relaxed) == 0) return;
  std::lock_guard<std::mutex> g(inj_mu_);
  while (TaskHeader* h = inj_spawned_.pop()) {
    link_owned(h);
    local_.push(h);
  }
  while (TaskHeader* h = inj_.pop()) local_.push(h);
  inj_len_.store(0, std::memory_order_relaxed);
}

void CurrentThreadScheduler::park(bool block) {
  drain_injector();
  if (!block || !local_.empty() || root_is_woken()) {
    reactor().park(0);
    drain_injector();
    return;
  }
  parked_.store(true, std::memory_order_seq_cst);
  if (inj_len_.load(std::memory_order_seq_cst) == 0 && !root_woken_.load(std::memory_order_seq_cst)) {
    reactor().park(-1);
  }
  parked_.store(false, std::memory_order_relaxed);
  drain_injector();
}

void CurrentThreadScheduler::run_until_root_woken() {
  for (;;) {
    for (int i = 0; i < kEventInterval; ++i) {
      TaskHeader* t = local_.pop();
      if (!t) {
        drain_injector();
        t = local_.pop();
      }
      if (!t) {
        if (root_is_woken()) return;
        park(true);
        if (root_is_woken()) return;
        i = -1;
        continue;
      }
      t->vtable->run(t);
    }
    park(false);
    if (root_is_woken()) return;
  }
}

void CurrentThreadScheduler::shutdown() {
  LocalRunQueue unbound;
  {
    std::lock_guard<std::mutex> g(inj_mu_);
    inj_closed_ = true;
    inj_.clear();
    while (TaskHeader* h = inj_spawned_.pop()) unbound.push(h);
    inj_len_.store(0);
  }
  local_.clear();
  while (TaskHeader* h = unbound.pop()) cancel_unbound(h);
  close_all_tasks();
  local_.clear();
}

}  // namespace detail
}  // namespace asyncc
