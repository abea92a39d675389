// Combinators (RUNTIME.md §3, LANGUAGE.md §8): join, join3, join_all, select, timeout.
//
// Children are stored inline and polled in argument order. join/join3/select/timeout cannot tell
// which child a wake was for without allocating (the async machinery allocates only per spawn),
// so they poll every unfinished child; join_all gives each child its own waker (one shared
// allocation, next to the output vector it allocates anyway) and polls only the woken ones.
// select and timeout drop the losing future as soon as the winner is ready.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "asyncc/future.hpp"
#include "asyncc/time.hpp"

namespace asyncc {
namespace detail {

/// A child of a join: the future until it is ready, then its output, then nothing (taken).
template <class F>
class MaybeDone {
 public:
  using Output = typename F::Output;
  explicit MaybeDone(F f) : v_(std::in_place_index<0>, std::move(f)) {}
  /// Polls the future if it is still running; true once the output is there.
  bool poll(Context& cx) {
    if (v_.index() != 0) return true;
    auto p = std::get<0>(v_).poll(cx);
    if (p.is_pending()) return false;
    v_.template emplace<1>(std::move(p).value());
    return true;
  }
  Output take() {
    Output o = std::move(std::get<1>(v_));
    v_.template emplace<2>();
    return o;
  }

 private:
  std::variant<F, Output, std::monostate> v_;
};

}  // namespace detail

template <class A, class B>
class Join {
 public:
  using Output = std::tuple<typename A::Output, typename B::Output>;
  Join(A a, B b) : a_(std::move(a)), b_(std::move(b)) {}
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
    bool ra = a_.poll(cx);
    bool rb = b_.poll(cx);
    if (!(ra && rb)) return Poll<Output>::pending();
    done_ = true;
    return Poll<Output>::ready(Output(a_.take(), b_.take()));
  }

 private:
  detail::MaybeDone<A> a_;
  detail::MaybeDone<B> b_;
  bool done_ = false;
};

template <class A, class B, class C>
class Join3 {
 public:
  using Output = std::tuple<typename A::Output, typename B::Output, typename C::Output>;
  Join3(A a, B b, C c) : a_(std::move(a)), b_(std::move(b)), c_(std::move(c)) {}
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
    bool ra = a_.poll(cx);
    bool rb = b_.poll(cx);
    bool rc = c_.poll(cx);
    if (!(ra && rb && rc)) return Poll<Output>::pending();
    done_ = true;
    return Poll<Output>::ready(Output(a_.take(), b_.take(), c_.take()));
  }

 private:
  detail::MaybeDone<A> a_;
  detail::MaybeDone<B> b_;
  detail::MaybeDone<C> c_;
  bool done_ = false;
};

/// Polls both concurrently; ready with both outputs once both are ready.
template <class A, class B>
Join<A, B> join(A a, B b) {
  return Join<A, B>(std::move(a), std::move(b));
}
template <class A, class B, class C>
Join3<A, B, C> join3(A a, B b, C c) {
  return Join3<A, B, C>(std::move(a), std::move(b), std::move(c));
}

namespace detail {

/// The wakers of join_all's children: child i's waker queues i and wakes the parent.
/// Reference counted (the JoinAll holds one reference, every child waker clone another).
class WakeSet {
 public:
  struct Slot {
    WakeSet* set;
    std::uint32_t index;
    std::atomic<bool> queued{true};
  };
  explicit WakeSet(std::size_t n) : slots_(n) {
    ready_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      slots_[i].set = this;
      slots_[i].index = static_cast<std::uint32_t>(i);
      ready_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  /// Records the parent's waker and moves the woken indices into `out` (ascending).
  void take_ready(const Waker& parent, std::vector<std::uint32_t>& out);
  Slot& slot(std::size_t i) { return slots_[i]; }
  void acquire() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  void wake(std::uint32_t i);
  static const RawWakerVTable vtable;

 private:
  std::atomic<std::size_t> refs_{1};
  std::mutex mu_;
  Waker parent_;                      // guarded by mu_
  std::vector<std::uint32_t> ready_;  // guarded by mu_
  std::vector<Slot> slots_;
};

}  // namespace detail

template <class F>
class JoinAll {
 public:
  using T = typename F::Output;
  using Output = std::vector<T>;
  explicit JoinAll(std::vector<F> futs) {
    children_.reserve(futs.size());
    for (auto& f : futs) children_.emplace_back(std::move(f));
  }
  JoinAll(JoinAll&& o) noexcept : children_(std::move(o.children_)), done_(o.done_) {}
  JoinAll& operator=(JoinAll&&) = delete;
  ~JoinAll() {
    if (set_) set_->release();
  }
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
    if (!set_) {
      set_ = new detail::WakeSet(children_.size());
      remaining_ = children_.size();
    }
    set_->take_ready(cx.waker(), scratch_);
    for (std::uint32_t i : scratch_) {
      auto& slot = set_->slot(i);
      slot.queued.store(false, std::memory_order_release);
      Waker w(&slot, &detail::WakeSet::vtable);  // borrowed from the set's own reference
      Context child_cx(w);
      bool ready = children_[i].poll(child_cx);
      w.release_raw();
      if (ready) {
        slot.queued.store(true, std::memory_order_relaxed);  // never queue a finished child again
        --remaining_;
      }
    }
    if (remaining_ != 0) return Poll<Output>::pending();
    done_ = true;
    Output out;
    out.reserve(children_.size());
    for (auto& c : children_) out.push_back(c.take());
    return Poll<Output>::ready(std::move(out));
  }

 private:
  std::vector<detail::MaybeDone<F>> children_;
  detail::WakeSet* set_ = nullptr;
  std::vector<std::uint32_t> scratch_;
  std::size_t remaining_ = 0;
  bool done_ = false;
};

/// Polls every future concurrently; ready with their outputs in order once all are ready.
template <class F>
JoinAll<F> join_all(std::vector<F> futs) {
  return JoinAll<F>(std::move(futs));
}

template <class A, class B>
class Select {
 public:
  using Output = Either<typename A::Output, typename B::Output>;
  Select(A a, B b) : a_(std::move(a)), b_(std::move(b)) {}
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(!a_ || !b_);
    auto pa = a_->poll(cx);
    if (pa.is_ready()) {
      b_.reset();
      a_.reset();
      return Poll<Output>::ready(Output::make_left(std::move(pa).value()));
    }
    auto pb = b_->poll(cx);
    if (pb.is_ready()) {
      a_.reset();
      b_.reset();
      return Poll<Output>::ready(Output::make_right(std::move(pb).value()));
    }
    return Poll<Output>::pending();
  }

 private:
  std::optional<A> a_;
  std::optional<B> b_;
};

/// Polls both in order; the first found ready wins and the other is dropped at once.
template <class A, class B>
Select<A, B> select(A a, B b) {
  return Select<A, B>(std::move(a), std::move(b));
}

template <class F>
class Timeout {
 public:
  using Output = Result<typename F::Output, Elapsed>;
  Timeout(Sleep s, F f) : f_(std::move(f)), sleep_(std::move(s)) {}
  Poll<Output> poll(Context& cx) {
    ASYNCC_DEBUG_CHECK_NOT_DONE(!f_);
    auto p = f_->poll(cx);
    if (p.is_ready()) {
      sleep_.reset();
      f_.reset();
      return Poll<Output>::ready(Output::ok(std::move(p).value()));
    }
    if (sleep_->poll(cx).is_ready()) {
      f_.reset();
      sleep_.reset();
      return Poll<Output>::ready(Output::err(Elapsed{}));
    }
    return Poll<Output>::pending();
  }

 private:
  std::optional<F> f_;
  std::optional<Sleep> sleep_;
};

/// `f`'s output, or Err(Elapsed) if `ms` milliseconds (from this call) pass first; `f` is polled
/// first, and dropped when the time is up.
template <class F>
Timeout<F> timeout(std::uint64_t ms, F f) {
  return Timeout<F>(sleep(ms), std::move(f));
}

}  // namespace asyncc
