// Bounded multi-producer single-consumer channels (RUNTIME.md §4).
//
// Ownership and state rules:
// - One Chan<T> is shared by every Sender and the Receiver (reference count `refs`); it is freed
//   when the last of them is gone. `senders` counts live Senders (a moved-from Sender is not
//   one); the channel is closed for the receiver when it reaches zero and the buffer is drained.
// - Everything else in Chan is guarded by `lock` (a ChanLock, held for a few instructions, never
//   across a poll). Wakers are called with the lock held: waking only queues a task, it never
//   runs one, so this cannot re-enter the channel.
// - ChanLock is a spin lock with a biased mode (after biased locking in JVMs, with the asymmetric
//   fences of Linux's membarrier(2), as folly's hazard pointers use them). A channel created on
//   the thread of a current-thread runtime (inside its block_on) is *owned* by that thread
//   (`owner_` = the thread's never-reused id), which will almost always be the only one using it.
//   The owner enters with plain stores and loads only: it sets `owner_in_`, then (a compiler
//   barrier only) reads `owner_` again, and leaves by clearing `owner_in_` (release). Any other
//   thread that locks a biased channel first takes the spin lock, then *revokes* the bias for
//   good: it sets `owner_` to kNoOwner (final), runs membarrier(PRIVATE_EXPEDITED) - a full
//   barrier on every thread of the process, so either the owner's `owner_in_` store is visible
//   to it or the owner's re-read sees kNoOwner - and waits until `owner_in_` is clear
//   (acquire: the owner's critical sections happen before its own). From then on everybody,
//   the owner included, uses the spin lock. Channels created anywhere else start unbiased
//   (`owner_` = kNoOwner), and so does every channel if membarrier is unavailable.
// - A send future that finds the buffer full (or other senders already waiting) links its
//   SendWaiter node (inside the future, which no longer moves) into a FIFO list; the receiver
//   wakes the first waiter whenever it frees a slot, and a waiter that leaves (sent, or dropped
//   while still linked) passes the wake on if a slot is free. So senders get slots in FIFO order
//   and no wake-up is lost.
// - The receiver's waker stays stored between polls (re-registered only if it changes);
//   `rx_waiting` says whether the receiver is actually waiting and must be woken.
// - The futures borrow their Sender/Receiver: they must not outlive it (as in Rust).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "asyncc/detail/inlining.hpp"
#include "asyncc/future.hpp"

namespace asyncc {

/// The error of `send` when the Receiver is gone. Debug: `SendError { .. }`.
struct SendError {
  friend bool operator==(SendError, SendError) { return true; }
  friend bool operator!=(SendError, SendError) { return false; }
  friend void debug_write(std::string& out, SendError) { out += "SendError { .. }"; }
};

namespace detail {

class SpinLock {
 public:
  /// One exchange when free (the common case); spinning and yielding are out of line.
  void lock() {
    if (__builtin_expect(flag_.exchange(true, std::memory_order_acquire), false)) lock_contended();
  }
  void unlock() { flag_.store(false, std::memory_order_release); }

 private:
  ASYNCC_NOINLINE void lock_contended() {
    unsigned spins = 0;
    do {
      while (flag_.load(std::memory_order_relaxed)) {
        if (++spins > 64) {
          std::this_thread::yield();
        } else {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        }
      }
    } while (flag_.exchange(true, std::memory_order_acquire));
  }
  std::atomic<bool> flag_{false};
};

/// A number for the calling thread, never reused; 0 until the thread asks for one (see below).
inline thread_local std::uint64_t t_thread_id = 0;
/// The calling thread's id (assigns one on first use; ids start at 1).
std::uint64_t this_thread_id();
/// ChanLock::owner_ of a channel that is not biased (or no longer): no thread has this id.
constexpr std::uint64_t kNoOwner = ~std::uint64_t{0};
/// The owner a new channel gets: this thread's id inside a current-thread runtime's block_on
/// (once membarrier is registered for the process), else kNoOwner.
std::uint64_t new_channel_owner();
/// membarrier(PRIVATE_EXPEDITED): a full memory barrier on every running thread of the process.
void heavy_barrier();

/// The channel's lock: a SpinLock, plus a biased mode for the owner thread (see the top of the
/// file). lock() returns whether the caller entered biased; pass that to unlock().
class ChanLock {
 public:
  explicit ChanLock(std::uint64_t owner) : owner_(owner) {}

  bool lock() {
    // Only the owner passes this test (a thread without an id has 0, which is never an owner),
    // so only the owner writes owner_in_.
    if (owner_.load(std::memory_order_relaxed) == t_thread_id) {
      owner_in_.store(true, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // the other half is heavy_barrier()
      if (__builtin_expect(owner_.load(std::memory_order_acquire) != kNoOwner, true)) return true;
      owner_in_.store(false, std::memory_order_release);  // revoked meanwhile
    }
    spin_.lock();
    if (__builtin_expect(owner_.load(std::memory_order_relaxed) != kNoOwner, false)) revoke();
    return false;
  }
  void unlock(bool biased) {
    if (biased) {
      owner_in_.store(false, std::memory_order_release);
    } else {
      spin_.unlock();
    }
  }

 private:
  // With spin_ held, by a thread that found the channel still biased (never the owner: it only
  // gets here once owner_ is kNoOwner).
  ASYNCC_NOINLINE void revoke() {
    owner_.store(kNoOwner, std::memory_order_relaxed);
    heavy_barrier();
    while (owner_in_.load(std::memory_order_acquire)) std::this_thread::yield();
  }

  std::atomic<std::uint64_t> owner_;  // an owner thread's id, or kNoOwner (final)
  std::atomic<bool> owner_in_{false};  // written by the owner only: it is inside, biased
  SpinLock spin_;
};

/// A waiting send future's node in its channel's FIFO list. Only `linked` is set while it is not
/// in the list; `prev`, `next` and `waker` exist (are set, or constructed) while it is.
struct SendWaiter {
  SendWaiter() noexcept {}
  SendWaiter(const SendWaiter&) = delete;
  SendWaiter& operator=(const SendWaiter&) = delete;
  ~SendWaiter() {}  // never destroyed while linked (the send future unlinks it first)

  bool linked = false;
  SendWaiter* prev;
  SendWaiter* next;
  union {
    Waker waker;
  };
};

/// The values in a channel: a ring of `mask + 1` (a power of two) slots, of which `len` from
/// `head` (wrapping) hold a constructed T; the others are raw storage. Grows by doubling while
/// the channel's capacity needs more room.
template <class T>
struct Ring {
  /// A ring of the smallest power of two >= n slots (n > 0).
  explicit Ring(std::size_t n) {
    std::size_t size = 1;
    while (size < n) size *= 2;
    slots = allocate(size);
    mask = size - 1;
  }
  Ring(Ring&& o) noexcept
      : slots(std::exchange(o.slots, nullptr)), mask(std::exchange(o.mask, 0)),
        head(std::exchange(o.head, 0)), len(std::exchange(o.len, 0)) {}
  Ring& operator=(Ring&&) = delete;
  ~Ring() {
    while (len > 0) pop_drop();
    deallocate(slots);
  }

  void push(T v) {
    if (len > mask) grow();
    ::new (static_cast<void*>(slots + ((head + len) & mask))) T(std::move(v));
    ++len;
  }
  T pop() {
    T* slot = std::launder(slots + head);
    T v = std::move(*slot);
    slot->~T();
    head = (head + 1) & mask;
    --len;
    return v;
  }
  void pop_drop() {
    std::launder(slots + head)->~T();
    head = (head + 1) & mask;
    --len;
  }
  ASYNCC_NOINLINE void grow() {
    const std::size_t size = mask + 1;
    T* bigger = allocate(2 * size);
    for (std::size_t i = 0; i < len; ++i) {
      T* from = std::launder(slots + ((head + i) & mask));
      ::new (static_cast<void*>(bigger + i)) T(std::move(*from));
      from->~T();
    }
    deallocate(slots);
    slots = bigger;
    mask = 2 * size - 1;
    head = 0;
  }

  static T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
  }
  static void deallocate(T* p) {
    if (p) ::operator delete(static_cast<void*>(p), std::align_val_t(alignof(T)));
  }

  T* slots = nullptr;
  std::size_t mask = 0;
  std::size_t head = 0;
  std::size_t len = 0;
};

template <class T>
struct Chan {
  Chan(std::size_t cap, std::uint64_t owner)
      : lock(owner), cap(cap), send_cap(cap), ring(cap < 16 ? cap : 16) {}

  void acquire() { refs.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // Guarded by lock:
  std::size_t len() const { return ring.len; }
  void push(T v) { ring.push(std::move(v)); }
  T pop() { return ring.pop(); }
  void link(SendWaiter* w, const Waker& waker) {
    w->prev = wait_tail;
    w->next = nullptr;
    if (wait_tail) {
      wait_tail->next = w;
    } else {
      wait_head = w;
    }
    wait_tail = w;
    ::new (static_cast<void*>(&w->waker)) Waker(waker);
    w->linked = true;
  }
  /// Takes `w` out of the list; returns its waker for the caller to drop after unlocking.
  [[nodiscard]] Waker unlink(SendWaiter* w) {
    if (w->prev) {
      w->prev->next = w->next;
    } else {
      wait_head = w->next;
    }
    if (w->next) {
      w->next->prev = w->prev;
    } else {
      wait_tail = w->prev;
    }
    w->linked = false;
    Waker out(std::move(w->waker));
    w->waker.~Waker();
    return out;
  }
  void wake_first_sender() {
    if (wait_head && ring.len < cap) wait_head->waker.wake_by_ref();
  }

  std::atomic<std::size_t> refs{2};
  ChanLock lock;
  const std::size_t cap;
  std::size_t send_cap;  // cap while the receiver is alive, then 0 (one test in the send fast path)
  Ring<T> ring;
  std::size_t senders = 1;
  bool rx_alive = true;
  bool rx_waiting = false;
  Waker rx_waker;
  SendWaiter* wait_head = nullptr;
  SendWaiter* wait_tail = nullptr;
};

}  // namespace detail

template <class T>
class Sender;
template <class T>
class Receiver;

/// The future of `Sender::send(v)`: waits while the buffer is full; Err(SendError) once the
/// Receiver is gone (the value is then dropped).
template <class T>
class SendFuture {
 public:
  using Output = Result<Unit, SendError>;
  SendFuture(detail::Chan<T>* c, T v) : chan_(c), value_(std::move(v)) {}
  SendFuture(SendFuture&& o) noexcept : chan_(o.chan_), value_(std::move(o.value_)) { o.chan_ = nullptr; }
  SendFuture& operator=(SendFuture&&) = delete;
  ~SendFuture() {
    if (node_.linked) leave_queue();  // (only a polled future is linked; it has its channel)
  }

  ASYNCC_ALWAYS_INLINE Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(!value_);
    auto* c = chan_;
    bool biased = c->lock.lock();
    // The common case stays small enough to inline into the caller's poll: a free slot, nobody
    // queued (so neither are we: a linked node makes wait_head non-null), the receiver alive
    // (else send_cap is 0).
    if (c->wait_head == nullptr && c->len() < c->send_cap) {
      c->push(std::move(*value_));
      if (c->rx_waiting) {
        c->rx_waiting = false;
        c->rx_waker.wake_by_ref();
      }
      c->lock.unlock(biased);  // no waiting sender to pass a free slot to (wait_head is null)
      value_.reset();
      return Poll<Output>::ready(Output::ok(Unit{}));
    }
    // The slow path answers with a byte; the Poll is built here, where it is consumed (a Poll
    // returned from an out-of-line call is taken apart through memory, which stalls).
    switch (poll_locked(cx, biased)) {
      case SlowOutcome::sent: return Poll<Output>::ready(Output::ok(Unit{}));
      case SlowOutcome::closed: return Poll<Output>::ready(Output::err(SendError{}));
      default: return Poll<Output>::pending();
    }
  }

 private:
  // With the lock held: pushes our value, wakes the receiver if it waits and the next sender if
  // a slot is still free, unlocks.
  void send_locked(detail::Chan<T>* c, bool biased) {
    c->push(std::move(*value_));
    if (c->rx_waiting) {
      c->rx_waiting = false;
      c->rx_waker.wake_by_ref();
    }
    c->wake_first_sender();
    c->lock.unlock(biased);
    value_.reset();
  }
  // Dropped while waiting for a slot: unlinks our node, passing the free slot on if we were first.
  ASYNCC_NOINLINE void leave_queue() {
    bool biased = chan_->lock.lock();
    bool first = chan_->wait_head == &node_;
    Waker ours = chan_->unlink(&node_);
    if (first) chan_->wake_first_sender();
    chan_->lock.unlock(biased);
  }  // `ours` is dropped outside the lock
  enum class SlowOutcome : unsigned char { pending, sent, closed };
  // With the lock held, when the fast path does not apply: sends, fails, or queues us. Unlocks.
  ASYNCC_NOINLINE SlowOutcome poll_locked(Context& cx, bool biased) {
    auto* c = chan_;
    Waker ours;  // our waker once unlinked, dropped after unlocking
    if (!c->rx_alive) {
      if (node_.linked) ours = c->unlink(&node_);
      c->lock.unlock(biased);
      value_.reset();
      return SlowOutcome::closed;
    }
    if (c->len() < c->cap && (c->wait_head == nullptr || c->wait_head == &node_)) {
      if (node_.linked) ours = c->unlink(&node_);
      send_locked(c, biased);
      return SlowOutcome::sent;
    }
    if (!node_.linked) {
      c->link(&node_, cx.waker());
    } else {
      node_.waker.clone_from(cx.waker());
    }
    c->lock.unlock(biased);
    return SlowOutcome::pending;
  }

 private:
  detail::Chan<T>* chan_;
  std::optional<T> value_;
  detail::SendWaiter node_;
};

/// The future of `Receiver::recv()`: the next value, or none once every Sender is gone and the
/// buffer is empty.
template <class T>
class RecvFuture {
 public:
  using Output = Option<T>;
  explicit RecvFuture(detail::Chan<T>* c) : chan_(c) {}
  ASYNCC_ALWAYS_INLINE Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
    auto* c = chan_;
    bool biased = c->lock.lock();
    if (c->len() > 0) {  // the common case, small enough to inline into the caller
      T v = c->pop();
      c->wake_first_sender();
      c->lock.unlock(biased);
      done_ = true;
      return Poll<Output>::ready(Output::some(std::move(v)));
    }
    // (as in SendFuture::poll, the slow path answers with a bool, the Poll is built here)
    if (poll_empty(cx, biased)) return Poll<Output>::ready(Output::none());
    return Poll<Output>::pending();
  }

 private:
  // With the lock held and the buffer empty: true (closed) if every Sender is gone, else false
  // after registering to wait. Unlocks. Not kept out of line: in a ping-pong it is the common
  // path (every recv waits once).
  bool poll_empty(Context& cx, bool biased) {
    auto* c = chan_;
    if (c->senders == 0) {
      c->lock.unlock(biased);
      done_ = true;
      return true;
    }
    c->rx_waker.clone_from(cx.waker());
    c->rx_waiting = true;
    c->lock.unlock(biased);
    return false;
  }

  detail::Chan<T>* chan_;
  bool done_ = false;
};

template <class T>
class Sender {
 public:
  Sender(const Sender& o) : c_(o.c_) {
    if (c_) {
      c_->acquire();
      bool biased = c_->lock.lock();
      ++c_->senders;
      c_->lock.unlock(biased);
    }
  }
  Sender(Sender&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Sender& operator=(const Sender& o) {
    if (this != &o) {
      Sender tmp(o);
      std::swap(c_, tmp.c_);
    }
    return *this;
  }
  Sender& operator=(Sender&& o) noexcept {
    if (this != &o) {
      Sender tmp(std::move(o));
      std::swap(c_, tmp.c_);
    }
    return *this;
  }
  ~Sender() {
    if (!c_) return;
    bool biased = c_->lock.lock();
    if (--c_->senders == 0 && c_->rx_waiting) {
      c_->rx_waiting = false;
      c_->rx_waker.wake_by_ref();
    }
    c_->lock.unlock(biased);
    c_->release();
  }
  /// Sends `v`, waiting while the buffer is full. The future must not outlive this Sender.
  SendFuture<T> send(T v) const { return SendFuture<T>(c_, std::move(v)); }
  Sender clone() const { return Sender(*this); }
  /// True when the Receiver has been dropped.
  bool is_closed() const {
    bool biased = c_->lock.lock();
    bool closed = !c_->rx_alive;
    c_->lock.unlock(biased);
    return closed;
  }

 private:
  explicit Sender(detail::Chan<T>* c) : c_(c) {}
  template <class U>
  friend std::pair<Sender<U>, Receiver<U>> channel(std::size_t);
  detail::Chan<T>* c_;
};

template <class T>
class Receiver {
 public:
  Receiver(Receiver&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Receiver& operator=(Receiver&& o) noexcept {
    if (this != &o) {
      Receiver tmp(std::move(o));
      std::swap(c_, tmp.c_);
    }
    return *this;
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  ~Receiver() {
    if (!c_) return;
    bool biased = c_->lock.lock();
    c_->rx_alive = false;
    c_->send_cap = 0;
    detail::Ring<T> drained(std::move(c_->ring));
    Waker rx = std::move(c_->rx_waker);
    for (auto* w = c_->wait_head; w; w = w->next) w->waker.wake_by_ref();  // they see Err
    c_->lock.unlock(biased);
    c_->release();
    // `drained` (values never received) and `rx` are dropped here, outside the lock.
  }
  /// Receives the next value. The future must not outlive this Receiver.
  RecvFuture<T> recv() { return RecvFuture<T>(c_); }

 private:
  explicit Receiver(detail::Chan<T>* c) : c_(c) {}
  template <class U>
  friend std::pair<Sender<U>, Receiver<U>> channel(std::size_t);
  detail::Chan<T>* c_;
};

/// A bounded MPSC channel holding at most `capacity` (> 0) values.
template <class T>
std::pair<Sender<T>, Receiver<T>> channel(std::size_t capacity) {
  if (capacity == 0) ASYNCC_PANIC("mpsc bounded channel requires buffer > 0");
  auto* c = new detail::Chan<T>(capacity, detail::new_channel_owner());
  return {Sender<T>(c), Receiver<T>(c)};
}

}  // namespace asyncc
