// The core protocol (RUNTIME.md §1): Poll, Waker, Context, BoxFuture, and the value types.
//
// A future is any movable class F with `using Output = T;` and `asyncc::Poll<T> poll(asyncc::Context&)`.
// It may be moved until its first poll and is never moved after (what Rust's Pin expresses).
// Polling after it returned Ready is a bug; the runtime's own futures report it in debug builds.
// Dropping a pending future cancels it: its destructor drops what it holds.
//
// Waker ownership: a Waker is a counted reference {data, vtable}. Copying calls vtable->clone,
// destroying calls vtable->drop, wake() consumes the reference (vtable->wake), wake_by_ref() keeps
// it. A moved-from Waker is the no-op waker. Every vtable the runtime defines is safe to call
// from any thread, also after the task it refers to has completed (it then does nothing).
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

#include "asyncc/debug.hpp"
#include "asyncc/panic.hpp"
#include "asyncc/values.hpp"

namespace asyncc {

namespace detail {
// Poll's storage. The ready flag is a whole word, not a bool: a Poll returned in registers is
// then written and read back with whole-word accesses (a byte flag read as part of a word, as
// std::optional's is, defeats store-to-load forwarding and stalls every pending return of a poll
// that is not inlined). Copying stays trivial when T's is (so such a Poll is returned in
// registers).
template <class T, bool = std::is_trivially_copyable<T>::value>
struct PollSlot {
  PollSlot() : ready(0) {}
  explicit PollSlot(T&& v) : value(std::move(v)), ready(1) {}
  union {
    T value;
  };
  std::size_t ready;
};
template <class T>
struct PollSlot<T, false> {
  PollSlot() : ready(0) {}
  explicit PollSlot(T&& v) : value(std::move(v)), ready(1) {}
  PollSlot(PollSlot&& o) noexcept(std::is_nothrow_move_constructible<T>::value) : ready(o.ready) {
    if (ready) ::new (static_cast<void*>(&value)) T(std::move(o.value));
  }
  PollSlot(const PollSlot& o) : ready(o.ready) {
    if (ready) ::new (static_cast<void*>(&value)) T(o.value);
  }
  PollSlot& operator=(PollSlot o) noexcept(std::is_nothrow_move_constructible<T>::value) {
    if (ready) value.~T();
    ready = o.ready;
    if (ready) ::new (static_cast<void*>(&value)) T(std::move(o.value));
    return *this;
  }
  ~PollSlot() {
    if (ready) value.~T();
  }
  union {
    T value;
  };
  std::size_t ready;
};
}  // namespace detail

/// The result of one poll: Ready with a value, or Pending (the future arranged to be woken).
template <class T>
class Poll {
 public:
  static Poll ready(T v) { return Poll(std::move(v)); }
  static Poll pending() { return Poll(); }
  bool is_ready() const { return s_.ready != 0; }
  bool is_pending() const { return s_.ready == 0; }
  T& value() & { check(); return s_.value; }
  T&& value() && { check(); return std::move(s_.value); }
  const T& value() const& { check(); return s_.value; }

 private:
  Poll() = default;
  explicit Poll(T v) : s_(std::move(v)) {}
  void check() const {
    if (s_.ready == 0) ASYNCC_PANIC("called `Poll::value()` on a `Pending` poll");
  }
  detail::PollSlot<T> s_;
};

namespace detail {
template <class T>
struct ReadyInto {
  static void move(void* slot, T&& v) { ::new (slot) T(std::move(v)); }
};
template <class T>
struct ReadyInto<Option<T>> {
  static void move(void* slot, Option<T>&& v) {
    if (v.is_some()) {
      ::new (slot) Option<T>(Option<T>::some(std::move(v).value()));
    } else {
      ::new (slot) Option<T>();
    }
  }
};
template <class T, class E>
struct ReadyInto<Result<T, E>> {
  static void move(void* slot, Result<T, E>&& v) {
    if (v.is_ok()) {
      ::new (slot) Result<T, E>(Result<T, E>::ok(std::move(v).value()));
    } else {
      ::new (slot) Result<T, E>(Result<T, E>::err(std::move(v).error()));
    }
  }
};
}  // namespace detail

/// Constructs the value of Ready poll `p` in the raw storage `slot` (what generated code does
/// with an awaited output). An Option or a Result is rebuilt from its parts, not copied whole:
/// a whole copy reads back with one wide load what the poll just wrote in narrower stores, a
/// store-forwarding stall on every such await.
template <class T>
void take_ready(T* slot, Poll<T>&& p) {
  detail::ReadyInto<T>::move(static_cast<void*>(slot), std::move(p).value());
}

/// The function table behind a Waker; `data` is the vtable's own pointer (a task, a parker, ...).
struct RawWakerVTable {
  /// Returns a new reference to the same waker target (e.g. increments a reference count).
  const void* (*clone)(const void* data);
  /// Wakes the target and releases the reference.
  void (*wake)(const void* data);
  /// Wakes the target; the reference stays.
  void (*wake_by_ref)(const void* data);
  /// Releases the reference.
  void (*drop)(const void* data);
};

class Waker {
 public:
  /// The no-op waker (also what a default-constructed or moved-from Waker is).
  Waker() noexcept : data_(nullptr), vtable_(&noop_vtable) {}
  /// Adopts one reference to `data` (does not call clone).
  Waker(const void* data, const RawWakerVTable* vtable) noexcept : data_(data), vtable_(vtable) {}
  Waker(const Waker& o) : data_(o.vtable_->clone(o.data_)), vtable_(o.vtable_) {}
  Waker(Waker&& o) noexcept : data_(o.data_), vtable_(o.vtable_) { o.reset_noop(); }
  Waker& operator=(const Waker& o) {
    if (this != &o && !will_wake(o)) {
      Waker tmp(o);
      swap(tmp);
    }
    return *this;
  }
  Waker& operator=(Waker&& o) noexcept {
    if (this != &o) {
      Waker tmp(std::move(o));
      swap(tmp);
    }
    return *this;
  }
  ~Waker() {
    if (vtable_ != &noop_vtable) vtable_->drop(data_);  // skips an indirect call for the no-op waker
  }

  static Waker noop() { return Waker(); }

  /// Wakes the target and releases this reference (the Waker becomes the no-op waker).
  void wake() {
    auto d = data_;
    auto v = vtable_;
    reset_noop();
    v->wake(d);
  }
  void wake_by_ref() const { vtable_->wake_by_ref(data_); }
  /// True when both wake the same target (same data and vtable); lets futures skip a clone.
  bool will_wake(const Waker& o) const { return data_ == o.data_ && vtable_ == o.vtable_; }
  /// Stores a copy of `o` unless this Waker already wakes the same target.
  void clone_from(const Waker& o) {
    if (!will_wake(o)) *this = Waker(o);
  }
  void swap(Waker& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(vtable_, o.vtable_);
  }
  const void* data() const { return data_; }
  const RawWakerVTable* vtable() const { return vtable_; }
  /// Gives up the reference without dropping it (for code that borrowed it).
  void release_raw() noexcept { reset_noop(); }

 private:
  void reset_noop() noexcept {
    data_ = nullptr;
    vtable_ = &noop_vtable;
  }
  static const void* noop_clone(const void* d) { return d; }
  static void noop_fn(const void*) {}
  static constexpr RawWakerVTable noop_vtable{&noop_clone, &noop_fn, &noop_fn, &noop_fn};

  const void* data_;
  const RawWakerVTable* vtable_;
};

/// What `poll` receives: the waker of the task being polled.
class Context {
 public:
  /// The waker must outlive the Context (a Context is made for one poll call).
  explicit Context(const Waker& w) noexcept : waker_(&w) {}
  explicit Context(Waker&&) = delete;  // would dangle
  const Waker& waker() const { return *waker_; }

 private:
  const Waker* waker_;
};

namespace detail {
template <class F, class = void>
struct is_future : std::false_type {};
template <class F>
struct is_future<F, std::void_t<typename F::Output,
                                decltype(std::declval<F&>().poll(std::declval<Context&>()))>>
    : std::true_type {};

/// Reports a poll after Ready in debug builds (the futures of the runtime call it).
[[noreturn]] inline void polled_after_ready(const char* file, unsigned line) {
  panic_here(file, line, "`async fn` resumed after completion");
}
}  // namespace detail

#ifdef NDEBUG
#define ASYNCC_DEBUG_CHECK_NOT_DONE(done) ((void)0)
#else
#define ASYNCC_DEBUG_CHECK_NOT_DONE(done) \
  ((done) ? ::asyncc::detail::polled_after_ready(__FILE__, __LINE__) : (void)0)
#endif

template <class F>
constexpr bool is_future_v = detail::is_future<F>::value;

/// A type-erased future of T on the heap: one allocation holding the future itself.
template <class T>
class BoxFuture {
  struct Base {
    virtual ~Base() = default;
    virtual Poll<T> poll(Context& cx) = 0;
  };
  template <class F>
  struct Model final : Base {
    explicit Model(F&& f) : fut(std::move(f)) {}
    Poll<T> poll(Context& cx) override { return fut.poll(cx); }
    F fut;
  };

 public:
  using Output = T;
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, BoxFuture> &&
                                              is_future_v<std::decay_t<F>>>>
  BoxFuture(F f) : p_(new Model<F>(std::move(f))) {}  // NOLINT: implicit on purpose
  BoxFuture(BoxFuture&&) noexcept = default;
  BoxFuture& operator=(BoxFuture&&) noexcept = default;
  Poll<T> poll(Context& cx) { return p_->poll(cx); }

 private:
  std::unique_ptr<Base> p_;
};

}  // namespace asyncc
