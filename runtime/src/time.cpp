#include "asyncc/time.hpp"

#include <algorithm>

namespace asyncc {

std::uint64_t now_ms() { return static_cast<std::uint64_t>(detail::now_ns() / 1000000); }

Sleep sleep(std::uint64_t ms) {
  // Clamp absurd durations (u64::MAX ms) to ~146 years instead of overflowing.
  constexpr std::uint64_t kMaxMs = std::uint64_t{1} << 42;
  if (ms > kMaxMs) ms = kMaxMs;
  return Sleep(detail::now_ns() + static_cast<std::int64_t>(ms) * 1000000);
}

Poll<Unit> Sleep::poll(Context& cx) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  if (!sched_) {
    if (detail::now_ns() >= entry_.deadline) {
      done_ = true;
      return Poll<Unit>::ready(Unit{});
    }
    sched_ = detail::current_scheduler("asyncc::sleep");
    sched_->acquire();
  }
  if (sched_->reactor().timer_poll(entry_, cx.waker())) {
    done_ = true;
    return Poll<Unit>::ready(Unit{});
  }
  return Poll<Unit>::pending();
}

}  // namespace asyncc

#include "asyncc/combinators.hpp"

namespace asyncc {
namespace detail {

namespace {
WakeSet::Slot* slot_of(const void* p) { return static_cast<WakeSet::Slot*>(const_cast<void*>(p)); }
const void* ws_clone(const void* p) {
  slot_of(p)->set->acquire();
  return p;
}
void ws_wake_by_ref(const void* p) { slot_of(p)->set->wake(slot_of(p)->index); }
void ws_drop(const void* p) { slot_of(p)->set->release(); }
void ws_wake(const void* p) {
  ws_wake_by_ref(p);
  ws_drop(p);
}
}  // namespace

const RawWakerVTable WakeSet::vtable{&ws_clone, &ws_wake, &ws_wake_by_ref, &ws_drop};

void WakeSet::wake(std::uint32_t i) {
  if (slots_[i].queued.exchange(true, std::memory_order_acq_rel)) return;
  std::lock_guard<std::mutex> g(mu_);
  ready_.push_back(i);
  parent_.wake_by_ref();
}

void WakeSet::take_ready(const Waker& parent, std::vector<std::uint32_t>& out) {
  out.clear();
  std::lock_guard<std::mutex> g(mu_);
  parent_.clone_from(parent);
  out.swap(ready_);
  std::sort(out.begin(), out.end());
}

}  // namespace detail
}  // namespace asyncc
