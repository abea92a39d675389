// Bounded multi-producer single-consumer channels (RUNTIME.md §4).
//
// Ownership and state rules:
// - One Chan<T> is shared by every Sender and the Receiver (reference count `refs`); it is freed
//   when the last of them is gone. `senders` counts live Senders (a moved-from Sender is not
//   one); the channel is closed for the receiver when it reaches zero and the buffer is drained.
// - Everything else in Chan is guarded by `lock` (a spin lock: it is held for a few instructions,
//   never across a poll). Wakers are called with the lock held: waking only queues a task, it
//   never runs one, so this cannot re-enter the channel.
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
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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
  void lock() {
    unsigned spins = 0;
    while (flag_.exchange(true, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) {
        if (++spins > 64) {
          std::this_thread::yield();
        } else {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        }
      }
    }
  }
  void unlock() { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

struct SendWaiter {
  SendWaiter* prev = nullptr;
  SendWaiter* next = nullptr;
  bool linked = false;
  Waker waker;
};

template <class T>
struct Chan {
  explicit Chan(std::size_t cap) : cap(cap), buf(cap < 16 ? cap : 16) {}

  void acquire() { refs.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // Guarded by lock:
  void push(T v) {
    if (len == buf.size()) grow();
    std::size_t i = head + len;  // < 2 * buf.size(): wrap without a division
    if (i >= buf.size()) i -= buf.size();
    buf[i].emplace(std::move(v));
    ++len;
  }
  T pop() {
    auto& slot = buf[head];
    T v = std::move(*slot);
    slot.reset();
    if (++head == buf.size()) head = 0;
    --len;
    return v;
  }
  void grow() {
    std::size_t n = buf.size() * 2;
    if (n > cap) n = cap;
    std::vector<std::optional<T>> bigger(n);
    for (std::size_t i = 0; i < len; ++i) bigger[i] = std::move(buf[(head + i) % buf.size()]);
    buf.swap(bigger);
    head = 0;
  }
  void link(SendWaiter* w) {
    w->prev = wait_tail;
    w->next = nullptr;
    if (wait_tail) {
      wait_tail->next = w;
    } else {
      wait_head = w;
    }
    wait_tail = w;
    w->linked = true;
  }
  void unlink(SendWaiter* w) {
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
    w->prev = w->next = nullptr;
    w->linked = false;
  }
  void wake_first_sender() {
    if (wait_head && len < cap) wait_head->waker.wake_by_ref();
  }

  std::atomic<std::size_t> refs{2};
  SpinLock lock;
  const std::size_t cap;
  std::vector<std::optional<T>> buf;
  std::size_t head = 0;
  std::size_t len = 0;
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
    if (chan_ && node_.linked) {
      chan_->lock.lock();
      bool first = chan_->wait_head == &node_;
      chan_->unlink(&node_);
      if (first) chan_->wake_first_sender();  // pass the free slot on
      chan_->lock.unlock();
    }
  }

  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(!value_);
    auto* c = chan_;
    c->lock.lock();
    // The common case stays small enough to inline into the caller's poll: a free slot, nobody
    // queued before us, the receiver alive.
    if (c->rx_alive && !node_.linked && c->wait_head == nullptr && c->len < c->cap) {
      c->push(std::move(*value_));
      if (c->rx_waiting) {
        c->rx_waiting = false;
        c->rx_waker.wake_by_ref();
      }
      c->lock.unlock();  // no waiting sender to pass a free slot to (wait_head is null)
      value_.reset();
      return Poll<Output>::ready(Output::ok(Unit{}));
    }
    return poll_locked(cx);
  }

 private:
  // With the lock held: pushes our value, wakes the receiver if it waits and the next sender if
  // a slot is still free, unlocks.
  void send_locked(detail::Chan<T>* c) {
    c->push(std::move(*value_));
    if (c->rx_waiting) {
      c->rx_waiting = false;
      c->rx_waker.wake_by_ref();
    }
    c->wake_first_sender();
    c->lock.unlock();
    value_.reset();
  }
#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  Poll<Output> poll_locked(Context& cx) {
    auto* c = chan_;
    if (!c->rx_alive) {
      if (node_.linked) c->unlink(&node_);
      c->lock.unlock();
      value_.reset();
      return Poll<Output>::ready(Output::err(SendError{}));
    }
    if (c->len < c->cap && (c->wait_head == nullptr || c->wait_head == &node_)) {
      if (node_.linked) c->unlink(&node_);
      send_locked(c);
      return Poll<Output>::ready(Output::ok(Unit{}));
    }
    if (!node_.linked) {
      c->link(&node_);
      node_.waker = cx.waker();
    } else {
      node_.waker.clone_from(cx.waker());
    }
    c->lock.unlock();
    return Poll<Output>::pending();
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
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
    auto* c = chan_;
    c->lock.lock();
    if (c->len > 0) {  // the common case, small enough to inline into the caller
      T v = c->pop();
      c->wake_first_sender();
      c->lock.unlock();
      done_ = true;
      return Poll<Output>::ready(Output::some(std::move(v)));
    }
    return poll_empty(cx);
  }

 private:
  // With the lock held and the buffer empty: none if every Sender is gone, else wait. Unlocks.
  Poll<Output> poll_empty(Context& cx) {
    auto* c = chan_;
    if (c->senders == 0) {
      c->lock.unlock();
      done_ = true;
      return Poll<Output>::ready(Output::none());
    }
    c->rx_waker.clone_from(cx.waker());
    c->rx_waiting = true;
    c->lock.unlock();
    return Poll<Output>::pending();
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
      c_->lock.lock();
      ++c_->senders;
      c_->lock.unlock();
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
    c_->lock.lock();
    if (--c_->senders == 0 && c_->rx_waiting) {
      c_->rx_waiting = false;
      c_->rx_waker.wake_by_ref();
    }
    c_->lock.unlock();
    c_->release();
  }
  /// Sends `v`, waiting while the buffer is full. The future must not outlive this Sender.
  SendFuture<T> send(T v) const { return SendFuture<T>(c_, std::move(v)); }
  Sender clone() const { return Sender(*this); }
  /// True when the Receiver has been dropped.
  bool is_closed() const {
    c_->lock.lock();
    bool closed = !c_->rx_alive;
    c_->lock.unlock();
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
    std::vector<std::optional<T>> drained;
    c_->lock.lock();
    c_->rx_alive = false;
    drained.swap(c_->buf);
    c_->len = 0;
    c_->head = 0;
    Waker rx = std::move(c_->rx_waker);
    for (auto* w = c_->wait_head; w; w = w->next) w->waker.wake_by_ref();  // they see Err
    c_->lock.unlock();
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
  auto* c = new detail::Chan<T>(capacity);
  return {Sender<T>(c), Receiver<T>(c)};
}

}  // namespace asyncc
