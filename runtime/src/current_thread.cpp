// The current-thread executor.
//
// Ownership and state rules:
// - `local_`, `root_woken_local_` and every task's `queue_next` are touched only by the thread
//   inside block_on (the owner: t_context.core == &local_, which implies t_context.sched == this). `local_`
//   is linked through the tasks (no memory of its own). Wakes from the owner go there with no
//   atomic read-modify-write at all (task.hpp: queue_next is the task's scheduling state).
// - Wakes from other threads set the task's NOTIFIED flag and take a reference (one CAS), push it
//   onto the injector (`inj_`, under `inj_mu_`) or set `root_woken_`, then write the reactor's
//   eventfd if the owner is parked (`parked_`). The owner drains the injector between polls:
//   it clears NOTIFIED and drops that reference (one fetch_sub) and wakes the task locally. The
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
  if (ctx.core == &local_) {
    root_woken_local_ = true;
    return;
  }
  root_woken_.store(true, std::memory_order_seq_cst);
  if (parked_.load(std::memory_order_seq_cst)) reactor().unpark();
}

namespace {
/// Drops the reference a NOTIFIED injector entry held, clearing NOTIFIED; returns the state before.
std::uintptr_t release_notified(TaskHeader* h) {
  std::uintptr_t s = h->state.fetch_sub(NOTIFIED + REFERENCE, std::memory_order_acq_rel);
  if ((s & ~(REFERENCE - 1)) == REFERENCE) h->vtable->destroy(h);
  return s;
}
}  // namespace

void CurrentThreadScheduler::schedule(TaskHeader* h, bool) { wake_task(h); }

void CurrentThreadScheduler::wake_remote(TaskHeader* h) {
  std::uintptr_t s = h->state.load(std::memory_order_acquire);
  for (;;) {
    if (s & (COMPLETED | CLOSED | NOTIFIED)) return;
    if (h->state.compare_exchange_weak(s, (s | NOTIFIED) + REFERENCE, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
      break;
  }
  {
    std::lock_guard<std::mutex> g(inj_mu_);
    if (!inj_closed_) {
      inj_.push(h);
      inj_len_.store(inj_.size() + inj_spawned_.size(), std::memory_order_seq_cst);
      h = nullptr;
    }
  }
  if (h) {  // shut down: the task is (being) cancelled
    release_notified(h);
    return;
  }
  if (parked_.load(std::memory_order_seq_cst)) reactor().unpark();
}

void CurrentThreadScheduler::submit(TaskHeader* h) {
  ThreadContext& ctx = t_context;
  if (ctx.core == &local_) {
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

void CurrentThreadScheduler::drain_injector_slow() {
  std::lock_guard<std::mutex> g(inj_mu_);
  while (TaskHeader* h = inj_spawned_.pop()) {
    link_owned(h);
    local_.push(h);
  }
  while (TaskHeader* h = inj_.pop()) {
    if (!(release_notified(h) & (COMPLETED | CLOSED))) wake_local(h);
  }
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
      // Remote wakes are taken in before every poll (one relaxed load when there are none), so a
      // task woken from elsewhere while it ran, and queued again, is not polled a third time.
      drain_injector();
      TaskHeader* t = local_.pop();
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
  LocalRunQueue notified;
  {
    std::lock_guard<std::mutex> g(inj_mu_);
    inj_closed_ = true;
    while (TaskHeader* h = inj_.pop()) notified.push(h);
    while (TaskHeader* h = inj_spawned_.pop()) unbound.push(h);
    inj_len_.store(0);
  }
  local_.clear();
  // Each entry's reference is its own; a live task also has the runtime's, so none is freed early.
  while (TaskHeader* h = notified.pop()) release_notified(h);
  while (TaskHeader* h = unbound.pop()) cancel_unbound(h);
  close_all_tasks();
  local_.clear();
}

}  // namespace detail
}  // namespace asyncc
