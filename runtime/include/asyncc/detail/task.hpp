// Tasks: a spawned future and its output in one allocation (after async-task's raw.rs/state.rs).
//
// Layout: Task<F> = TaskHeader followed by storage that holds first the future F and, once it
// returned Ready, its output (they share the storage). One `new` per spawn, nothing else.
//
// The state word (`TaskHeader::state`) holds flags in its low bits and the reference count above
// them (REFERENCE is one reference). References are held by: every Waker of the task, the
// JoinHandle while it exists, the runtime from spawn until the task completes or is closed
// (so a task in a run queue is always alive; run queues hold no reference of their own), and a
// current-thread runtime's injector entry for a task woken from another thread (NOTIFIED).
// When the count reaches zero the task is destroyed (header and storage freed).
// A task does not keep its scheduler alive; each cloned Waker does (it holds a reference to the
// scheduler as well as to the task), so a waker used after its runtime is gone still finds the
// scheduler object it may have to look at. The waker the runtime lends to `poll` is borrowed.
//
// Flags and when they may be set. RUNNING and SCHEDULED are the multi-thread runtime's protocol;
// a current-thread task keeps its scheduling state in `queue_next` instead (see below) and uses
// NOTIFIED for wakes from other threads.
//   RUNNING    a worker owns the task's next poll: the task sits in a run queue or is being
//              polled. Set by whoever queues an idle task: spawn, or the waker that finds neither
//              RUNNING nor a final flag (it sets RUNNING with a CAS, then pushes the task, so the
//              queue hands the wake's effects to the poller). Cleared (CAS) when a poll returns
//              Pending and no wake is pending; the task then waits for a waker. Only the thread
//              that popped the task touches the future. (A current-thread task keeps RUNNING from
//              spawn to completion; nobody looks at it.)
//   SCHEDULED  woken while RUNNING: the poll in progress (or queued) must be followed by one
//              that sees this wake. Set by a waker (CAS) that finds RUNNING; cleared (CAS) when a
//              poll starts; if set when a poll returns Pending, the worker queues the task again
//              (RUNNING stays set). A wake while SCHEDULED is set does nothing, so a task woken
//              twice during one poll is polled exactly once more. Never set on current-thread tasks.
//   COMPLETED  the future returned Ready; it has been dropped and the output stored.
//              Set once, by the worker that polled it, together with clearing RUNNING.
//   CLOSED     nothing is left in the storage that anybody may use: the output was taken by the
//              JoinHandle or dropped (handle gone), or the task was cancelled by its runtime's
//              shutdown (the future dropped). Never cleared.
//   HANDLE     the JoinHandle exists. Cleared when it is dropped (detach) or took the output.
//   AWAITER    `awaiter` holds the waker of whoever awaits the JoinHandle.
//   LOCKED     a thread is reading or writing `awaiter` (a tiny spin lock inside the state word).
//   NOTIFIED   current-thread tasks only: a thread other than the runtime's own woke the task and
//              put it into the runtime's injector, holding one extra reference for that entry.
//              Set together with that reference by one CAS (not when COMPLETED, CLOSED or NOTIFIED
//              is already set: then the wake does nothing); cleared together with the reference by
//              the runtime's thread when it takes the entry (one fetch_sub), which then wakes the
//              task locally. So a remote wake is never lost and an injector holds a task once.
//
// Current-thread tasks: `queue_next` is touched only by the thread inside the runtime's block_on
// (the owner) and says everything about scheduling: null = idle (a wake queues it), queue_end() or
// another task = in the run queue (linked through it), task_busy() = being polled, or completed.
// A wake from the owner is therefore plain loads and stores: "if queue_next is null, link the
// task at the tail"; a Pending poll sets it back to null (or re-queues the task if it woke itself).
//
// On the common paths each step is at most one uncontended atomic operation on this word: a wake of an
// idle multi-thread task (CAS), a Pending multi-thread poll going idle (CAS), completion (CAS), the
// handle taking the output (one fetch_add); starting a poll needs none unless a wake arrived while
// the task was queued. Wakes of a current-thread task from its own thread, and its Pending polls,
// need no atomic read-modify-write at all (see above); wakes from the thread that is polling the
// task right now (yield_now, a future waking its own task) only set ThreadContext::current_woken.
#pragma once

#include <atomic>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "asyncc/future.hpp"

namespace asyncc {
namespace detail {

class Scheduler;
struct TaskHeader;

/// Per-thread runtime context: which scheduler this thread serves and which task it polls.
struct ThreadContext {
  Scheduler* sched = nullptr;       // the runtime this thread is running (block_on or worker)
  void* core = nullptr;             // the run queue this thread owns for `sched` (null: none)
  TaskHeader* current_task = nullptr;
  bool current_woken = false;       // current_task was woken by this thread during its poll
};
inline thread_local ThreadContext t_context;

constexpr std::uintptr_t SCHEDULED = 1u << 0;
constexpr std::uintptr_t RUNNING = 1u << 1;
constexpr std::uintptr_t COMPLETED = 1u << 2;
constexpr std::uintptr_t CLOSED = 1u << 3;
constexpr std::uintptr_t HANDLE = 1u << 4;
constexpr std::uintptr_t AWAITER = 1u << 5;
constexpr std::uintptr_t LOCKED = 1u << 6;
constexpr std::uintptr_t NOTIFIED = 1u << 7;
constexpr std::uintptr_t REFERENCE = 1u << 8;

struct TaskVTable {
  void (*schedule)(TaskHeader*);     // push onto a run queue of the task's runtime
  void (*drop_future)(TaskHeader*);  // destroy the future in the storage
  void (*drop_output)(TaskHeader*);  // destroy the output in the storage
  void (*destroy)(TaskHeader*);      // free the allocation (count reached zero)
  void (*run)(TaskHeader*);          // poll the future once (the caller popped it from a queue)
  std::size_t storage_offset;        // where the future/output storage starts, from the header
};

struct TaskHeader {
  std::atomic<std::uintptr_t> state;
  const TaskVTable* vtable;
  Scheduler* sched;                   // the runtime the task belongs to (no reference)
  TaskHeader* queue_next = nullptr;   // current-thread tasks: run queue link and state (above)
  TaskHeader* owned_prev = nullptr;   // the runtime's list of live tasks (guarded by its mutex)
  TaskHeader* owned_next = nullptr;
  Waker awaiter;                      // guarded by LOCKED
};

/// Marks in TaskHeader::queue_next of a current-thread task (see above).
inline TaskHeader* queue_end() { return reinterpret_cast<TaskHeader*>(std::uintptr_t{1}); }
inline TaskHeader* task_busy() { return reinterpret_cast<TaskHeader*>(std::uintptr_t{2}); }

extern const RawWakerVTable task_waker_vtable;     // tasks of a multi-thread runtime
extern const RawWakerVTable ct_task_waker_vtable;  // tasks of a current-thread runtime

void task_wake_by_ref(TaskHeader* h);
void task_drop_ref(TaskHeader* h);
/// Before a poll: clears SCHEDULED if a wake arrived while queued; false if the task was closed.
bool task_begin_run(TaskHeader* h);
/// After a Pending poll: re-queue if woken during the poll, else become idle.
void task_after_pending(TaskHeader* h, bool woken_locally);
/// After Ready (output stored): publish COMPLETED, wake the awaiter, release the runtime's ref.
void task_complete(TaskHeader* h);
/// Spawn bookkeeping: the scheduler links it into its live list and queues it (or cancels it).
void task_submit(TaskHeader* h);
/// Cancels a task that never reached a live list (spawned after shutdown).
void cancel_unbound(TaskHeader* h);
/// Shutdown: drop the future, mark CLOSED, wake the awaiter (the caller unbound it).
void task_close(TaskHeader* h);
/// JoinHandle support.
/// True once the task completed or was cancelled (else the waker is registered as awaiter).
bool join_register(TaskHeader* h, const Waker& w);
/// After the handle moved the output out: release the handle (one atomic operation).
void join_release_taken(TaskHeader* h);
void join_detach(TaskHeader* h);
[[noreturn]] void join_cancelled();

/// The allocation of a task running F: a TaskHeader at offset 0, then (at kOffset, aligned for
/// both) the storage the future and then its output share. Laid out by hand so that the offset
/// is a constant the vtable can carry (a JoinHandle is then one pointer, like Rust's).
template <class F>
struct Task {
  using Output = typename F::Output;
  static constexpr std::size_t kSize = sizeof(F) > sizeof(Output) ? sizeof(F) : sizeof(Output);
  static constexpr std::size_t kAlign = alignof(F) > alignof(Output) ? alignof(F) : alignof(Output);
  static constexpr std::size_t kOffset = (sizeof(TaskHeader) + kAlign - 1) / kAlign * kAlign;
  static constexpr std::size_t kAllocAlign = kAlign > alignof(TaskHeader) ? kAlign : alignof(TaskHeader);
  static constexpr bool kOverAligned = kAllocAlign > __STDCPP_DEFAULT_NEW_ALIGNMENT__;

  static unsigned char* storage(TaskHeader* h) { return reinterpret_cast<unsigned char*>(h) + kOffset; }
  static F& future(TaskHeader* h) { return *std::launder(reinterpret_cast<F*>(storage(h))); }
  static Output& output(TaskHeader* h) { return *std::launder(reinterpret_cast<Output*>(storage(h))); }

  /// The one allocation of a spawn.
  static TaskHeader* create(Scheduler* s, F&& f) {
    void* mem = kOverAligned ? ::operator new(kOffset + kSize, std::align_val_t(kAllocAlign))
                             : ::operator new(kOffset + kSize);
    auto* h = ::new (mem) TaskHeader;
    h->state.store(RUNNING | HANDLE | 2 * REFERENCE, std::memory_order_relaxed);
    h->vtable = &vtable_v;
    h->sched = s;
    ::new (static_cast<void*>(storage(h))) F(std::move(f));
    return h;
  }

  static void drop_future_fn(TaskHeader* h) { future(h).~F(); }
  static void drop_output_fn(TaskHeader* h) { output(h).~Output(); }
  static void destroy_fn(TaskHeader* h) {
    h->~TaskHeader();
    if constexpr (kOverAligned) {
      ::operator delete(static_cast<void*>(h), std::align_val_t(kAllocAlign));
    } else {
      ::operator delete(static_cast<void*>(h));
    }
  }
  static void schedule_fn(TaskHeader* h);
  /// Polls once (defined in scheduler.hpp, where the current-thread runtime's inline paths are).
  static void run_fn(TaskHeader* h);
  static constexpr TaskVTable vtable_v{&schedule_fn, &drop_future_fn, &drop_output_fn,
                                       &destroy_fn,  &run_fn,         kOffset};
};

void schedule_task(TaskHeader* h);
template <class F>
void Task<F>::schedule_fn(TaskHeader* h) {
  schedule_task(h);
}

}  // namespace detail

/// A future of a spawned task's output. Dropping it detaches the task (it keeps running).
template <class T>
class JoinHandle {
 public:
  using Output = T;
  JoinHandle() = default;
  explicit JoinHandle(detail::TaskHeader* h) : h_(h) {}
  JoinHandle(JoinHandle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  JoinHandle& operator=(JoinHandle&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  JoinHandle(const JoinHandle&) = delete;
  JoinHandle& operator=(const JoinHandle&) = delete;
  ~JoinHandle() { reset(); }

  Poll<T> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(h_ == nullptr);
    if (!detail::join_register(h_, cx.waker())) return Poll<T>::pending();
    if (!(h_->state.load(std::memory_order_acquire) & detail::COMPLETED)) detail::join_cancelled();
    // COMPLETED and HANDLE set: the output is ours alone (nobody else may touch it).
    T* storage = std::launder(
        reinterpret_cast<T*>(reinterpret_cast<unsigned char*>(h_) + h_->vtable->storage_offset));
    Poll<T> out = Poll<T>::ready(std::move(*storage));
    storage->~T();
    detail::join_release_taken(std::exchange(h_, nullptr));
    return out;
  }
  /// True once the task has finished (its output may be taken without waiting).
  bool is_finished() const {
    return h_ && (h_->state.load(std::memory_order_acquire) & detail::COMPLETED);
  }

 private:
  void reset() {
    if (h_) detail::join_detach(std::exchange(h_, nullptr));
  }
  detail::TaskHeader* h_ = nullptr;  // holds one task reference (and the HANDLE flag)
};

/// Spawns `f` onto `s` (the bookkeeping shared by Runtime::spawn and asyncc::spawn).
template <class F>
JoinHandle<typename F::Output> spawn_task(detail::Scheduler* s, F f) {
  static_assert(is_future_v<F>, "spawn needs a future: a class with Output and poll(Context&)");
  detail::TaskHeader* t = detail::Task<F>::create(s, std::move(f));
  JoinHandle<typename F::Output> jh(t);
  detail::task_submit(t);
  return jh;
}

}  // namespace asyncc
