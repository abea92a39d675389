#include "asyncc/detail/reactor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace asyncc {
namespace detail {

std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

namespace {
[[noreturn]] void os_fail(const char* what) {
  ASYNCC_PANIC(std::string(what) + " failed: " + std::strerror(errno));
}
constexpr std::uint64_t kWakeToken = 0;
}  // namespace

Reactor::Reactor() {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) os_fail("epoll_create1");
  evfd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (evfd_ < 0) os_fail("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeToken;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, evfd_, &ev) < 0) os_fail("epoll_ctl");
}

Reactor::~Reactor() {
  close(evfd_);
  close(epfd_);
}

void Reactor::unpark() {
  std::uint64_t one = 1;
  ssize_t r = write(evfd_, &one, sizeof one);
  (void)r;  // EAGAIN means the counter is already non-zero: the wake is pending anyway
}

void Reactor::park(std::int64_t timeout_ns) {
  // Timers that expired before we got here wake their tasks now; those tasks are runnable, so
  // this park must not block (the caller runs them when we return).
  // (With no timer at all, earliest_ is the maximum: skip reading the clock.)
  if (earliest_.load(std::memory_order_acquire) != std::numeric_limits<std::int64_t>::max() &&
      fire_timers(now_ns()) > 0)
    timeout_ns = 0;
  int timeout_ms = 0;
  if (timeout_ns == 0) {
    if (io_count_.load(std::memory_order_relaxed) == 0) return;  // nothing epoll could report
  } else {
    std::int64_t now = now_ns();
    std::int64_t until;
    {
      std::lock_guard<std::mutex> g(timer_mu_);
      until = heap_.empty() ? std::numeric_limits<std::int64_t>::max() : heap_[0]->deadline;
      if (timeout_ns > 0 && now + timeout_ns < until) until = now + timeout_ns;
      parked_deadline_ = until;
    }
    if (until == std::numeric_limits<std::int64_t>::max()) {
      timeout_ms = -1;
    } else if (until <= now) {
      timeout_ms = 0;
    } else {
      std::int64_t ms = (until - now + 999999) / 1000000;
      timeout_ms = ms > 1000000000 ? 1000000000 : static_cast<int>(ms);
    }
  }
  epoll_event events[256];
  int n = epoll_wait(epfd_, events, 256, timeout_ms);
  if (timeout_ns != 0) {
    std::lock_guard<std::mutex> g(timer_mu_);
    parked_deadline_ = std::numeric_limits<std::int64_t>::min();
  }
  if (n < 0 && errno != EINTR) os_fail("epoll_wait");
  if (n > 0) {
    std::lock_guard<std::mutex> g(io_mu_);
    for (int i = 0; i < n; ++i) {
      std::uint64_t token = events[i].data.u64;
      if (token == kWakeToken) {
        std::uint64_t v;
        ssize_t r = read(evfd_, &v, sizeof v);
        (void)r;
        continue;
      }
      auto it = io_.find(token);
      if (it == io_.end()) continue;  // deregistered meanwhile
      IoEntry* e = it->second;
      std::uint32_t ev = events[i].events;
      std::lock_guard<std::mutex> ge(e->mu);
      if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP | EPOLLPRI)) to_wake_.push_back(std::move(e->reader));
      if (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) to_wake_.push_back(std::move(e->writer));
    }
  }
  for (auto& w : to_wake_) w.wake();
  to_wake_.clear();
  fire_timers(now_ns());
}

std::size_t Reactor::fire_timers(std::int64_t now) {
  if (earliest_.load(std::memory_order_acquire) > now) return 0;
  {
    std::lock_guard<std::mutex> g(timer_mu_);
    while (!heap_.empty() && heap_[0]->deadline <= now) {
      TimerEntry* e = heap_[0];
      heap_remove(0);
      e->fired = true;
      to_wake_.push_back(std::move(e->waker));
    }
    earliest_.store(heap_.empty() ? std::numeric_limits<std::int64_t>::max() : heap_[0]->deadline,
                    std::memory_order_release);
  }
  std::size_t n = to_wake_.size();
  for (auto& w : to_wake_) w.wake();
  to_wake_.clear();
  return n;
}

bool Reactor::timer_poll(TimerEntry& e, const Waker& w) {
  bool interrupt = false;
  {
    std::lock_guard<std::mutex> g(timer_mu_);
    if (e.fired) return true;
    if (e.heap_index == TimerEntry::npos) {
      e.seq = next_seq_++;
      e.heap_index = heap_.size();
      heap_.push_back(&e);
      heap_up(e.heap_index);
      e.waker = w;
      interrupt = e.deadline < parked_deadline_;
      if (heap_[0] == &e) earliest_.store(e.deadline, std::memory_order_release);
    } else {
      e.waker.clone_from(w);
    }
  }
  if (interrupt) unpark();
  return false;
}

void Reactor::timer_cancel(TimerEntry& e) {
  Waker dropped;
  {
    std::lock_guard<std::mutex> g(timer_mu_);
    if (e.heap_index == TimerEntry::npos) return;
    heap_remove(e.heap_index);
    dropped = std::move(e.waker);
  }
}

std::size_t Reactor::timer_count() {
  std::lock_guard<std::mutex> g(timer_mu_);
  return heap_.size();
}

void Reactor::heap_up(std::size_t i) {
  TimerEntry* e = heap_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    heap_[i]->heap_index = i;
    i = parent;
  }
  heap_[i] = e;
  e->heap_index = i;
}

void Reactor::heap_down(std::size_t i) {
  TimerEntry* e = heap_[i];
  std::size_t n = heap_.size();
  for (;;) {
    std::size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(heap_[c + 1], heap_[c])) ++c;
    if (!before(heap_[c], e)) break;
    heap_[i] = heap_[c];
    heap_[i]->heap_index = i;
    i = c;
  }
  heap_[i] = e;
  e->heap_index = i;
}

void Reactor::heap_remove(std::size_t i) {
  TimerEntry* removed = heap_[i];
  removed->heap_index = TimerEntry::npos;
  TimerEntry* last = heap_.back();
  heap_.pop_back();
  if (i < heap_.size()) {
    heap_[i] = last;
    last->heap_index = i;
    if (i > 0 && before(last, heap_[(i - 1) / 2])) {
      heap_up(i);
    } else {
      heap_down(i);
    }
  }
}

IoEntry* Reactor::io_register(int fd) {
  auto* e = new IoEntry;
  e->fd = fd;
  {
    std::lock_guard<std::mutex> g(io_mu_);
    e->token = next_token_++;
    io_.emplace(e->token, e);
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = e->token;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) os_fail("epoll_ctl(ADD)");
  io_count_.fetch_add(1, std::memory_order_relaxed);
  return e;
}

void Reactor::io_deregister(IoEntry* e) {
  {
    std::lock_guard<std::mutex> g(io_mu_);
    io_.erase(e->token);
  }
  epoll_ctl(epfd_, EPOLL_CTL_DEL, e->fd, nullptr);
  io_count_.fetch_sub(1, std::memory_order_relaxed);
  delete e;
}

}  // namespace detail
}  // namespace asyncc
