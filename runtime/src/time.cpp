#include "asyncc/time.hpp"

namespace asyncc {

std::uint64_t now_ms() { return static_cast<std::uint64_t>(detail::now_ns() / 1000000); }

Sleep sleep(std::uint64_t ms) {
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
