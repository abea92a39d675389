// The C++20-coroutine peer: W1-W4 and the idle test on a minimal hand-written single-thread
// scheduler (a FIFO of coroutine handles and a timer heap; it sleeps with nanosleep when idle).
// Compiled with g++ -O2 -std=c++20 by bench/CMakeLists.txt (Release).
//
//   asyncc_coro_peer w1|w2|w3|w4|idle|base
#include <coroutine>
#include <deque>
#include <exception>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "../../runtime/bench_common.hpp"

namespace {

struct Timer {
  std::int64_t deadline;
  std::uint64_t seq;
  std::coroutine_handle<> h;
  bool operator>(const Timer& o) const { return deadline != o.deadline ? deadline > o.deadline : seq > o.seq; }
};

struct Scheduler {
  std::deque<std::coroutine_handle<>> ready;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::uint64_t seq = 0;

  void run() {
    for (;;) {
      while (!ready.empty()) {
        auto h = ready.front();
        ready.pop_front();
        h.resume();
      }
      if (timers.empty()) return;
      std::int64_t now = bench::mono_ns();
      if (timers.top().deadline > now) {
        std::int64_t d = timers.top().deadline - now;
        timespec ts{static_cast<time_t>(d / 1000000000), static_cast<long>(d % 1000000000)};
        nanosleep(&ts, nullptr);
        now = bench::mono_ns();
      }
      while (!timers.empty() && timers.top().deadline <= now) {
        ready.push_back(timers.top().h);
        timers.pop();
      }
    }
  }
};

Scheduler sched;

template <class T>
struct Task {
  struct promise_type {
    std::optional<T> value;
    std::coroutine_handle<> continuation;
    bool done = false;

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto& p = h.promise();
        p.done = true;
        if (p.continuation) return p.continuation;
        return std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value.emplace(std::move(v)); }
    void unhandled_exception() { std::terminate(); }
  };

  explicit Task(std::coroutine_handle<promise_type> hh) : h(hh) {}
  Task(Task&& o) noexcept : h(std::exchange(o.h, nullptr)) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h) h.destroy();
      h = std::exchange(o.h, nullptr);
    }
    return *this;
  }
  ~Task() {
    if (h) h.destroy();
  }

  // Awaiting a spawned Task is joining it.
  bool await_ready() const { return h.promise().done; }
  void await_suspend(std::coroutine_handle<> awaiting) { h.promise().continuation = awaiting; }
  T await_resume() { return std::move(*h.promise().value); }

  std::coroutine_handle<promise_type> h;
};

/// Starts a task: it is queued and runs when the scheduler reaches it; the Task joins it.
template <class T>
Task<T> spawn(Task<T> t) {
  sched.ready.push_back(t.h);
  return t;
}

struct Yield {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) { sched.ready.push_back(h); }
  void await_resume() {}
};

struct Sleep {
  std::int64_t deadline;
  bool await_ready() { return bench::mono_ns() >= deadline; }
  void await_suspend(std::coroutine_handle<> h) { sched.timers.push(Timer{deadline, sched.seq++, h}); }
  void await_resume() {}
};
Sleep sleep_ms(std::uint64_t ms) { return Sleep{bench::mono_ns() + static_cast<std::int64_t>(ms) * 1000000}; }

/// A bounded single-thread channel.
template <class T>
struct Channel {
  explicit Channel(std::size_t c) : cap(c) {}
  std::size_t cap;
  std::deque<T> buf;
  std::coroutine_handle<> rx_waiter;
  std::deque<std::pair<std::coroutine_handle<>, T*>> tx_waiters;
  bool closed = false;

  struct Send {
    Channel* c;
    T v;
    bool await_ready() {
      if (c->buf.size() < c->cap) {
        c->buf.push_back(std::move(v));
        if (c->rx_waiter) sched.ready.push_back(std::exchange(c->rx_waiter, nullptr));
        return true;
      }
      return false;
    }
    void await_suspend(std::coroutine_handle<> h) { c->tx_waiters.emplace_back(h, &v); }
    void await_resume() {}
  };
  struct Recv {
    Channel* c;
    bool await_ready() { return !c->buf.empty() || c->closed; }
    void await_suspend(std::coroutine_handle<> h) { c->rx_waiter = h; }
    std::optional<T> await_resume() {
      if (c->buf.empty()) return std::nullopt;
      T v = std::move(c->buf.front());
      c->buf.pop_front();
      if (!c->tx_waiters.empty()) {  // hand the free slot to the first waiting sender
        auto [h, pv] = c->tx_waiters.front();
        c->tx_waiters.pop_front();
        c->buf.push_back(std::move(*pv));
        sched.ready.push_back(h);
      }
      return v;
    }
  };
  Send send(T v) { return Send{this, std::move(v)}; }
  Recv recv() { return Recv{this}; }
  void close() {
    closed = true;
    if (rx_waiter) sched.ready.push_back(std::exchange(rx_waiter, nullptr));
  }
};

Task<std::uint64_t> trivial(std::uint64_t i) { co_return i; }

Task<std::uint64_t> w1() {
  std::vector<Task<std::uint64_t>> hs;
  hs.reserve(bench::kW1Tasks);
  for (std::uint64_t i = 0; i < bench::kW1Tasks; ++i) hs.push_back(spawn(trivial(i)));
  std::uint64_t sum = 0;
  for (auto& h : hs) sum += co_await h;
  co_return sum;
}

Task<std::uint64_t> ping(Channel<std::uint64_t>* tx, Channel<std::uint64_t>* rx) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < bench::kW2Messages; ++i) {
    co_await tx->send(i);
    sum += *co_await rx->recv();
  }
  tx->close();
  co_return sum;
}

Task<std::uint64_t> pong(Channel<std::uint64_t>* rx, Channel<std::uint64_t>* tx) {
  while (auto v = co_await rx->recv()) co_await tx->send(*v);
  co_return 0;
}

Task<std::uint64_t> w2() {
  Channel<std::uint64_t> a(1), b(1);
  auto p2 = spawn(pong(&a, &b));
  auto p1 = spawn(ping(&a, &b));
  std::uint64_t sum = co_await p1;
  co_await p2;
  co_return sum;
}

Task<std::uint64_t> yielder() {
  for (std::uint64_t i = 0; i < bench::kW3Yields; ++i) co_await Yield{};
  co_return bench::kW3Yields;
}

Task<std::uint64_t> w3() { co_return co_await spawn(yielder()); }

Task<std::uint64_t> sleeper(std::uint64_t ms) {
  co_await sleep_ms(ms);
  co_return ms;
}

Task<std::uint64_t> w4() {
  std::vector<Task<std::uint64_t>> hs;
  hs.reserve(bench::kW4Tasks);
  for (std::uint64_t i = 0; i < bench::kW4Tasks; ++i) hs.push_back(spawn(sleeper(bench::w4_ms(i))));
  std::uint64_t sum = 0;
  for (auto& h : hs) sum += co_await h;
  co_return sum;
}

Task<std::uint64_t> idle() {
  co_await sleep_ms(bench::kIdleMs);
  co_return 0;
}

Task<std::uint64_t> base() { co_return 1; }

std::uint64_t run_main(Task<std::uint64_t> t) {
  auto root = spawn(std::move(t));
  sched.run();
  return *root.h.promise().value;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s w1|w2|w3|w4|idle|base\n", argv[0]);
    return 2;
  }
  std::string w = argv[1];
  bench::Measure m;
  if (w == "w1") m.report("w1", "coro", bench::kW1Tasks, run_main(w1()));
  else if (w == "w2") m.report("w2", "coro", bench::kW2Messages, run_main(w2()));
  else if (w == "w3") m.report("w3", "coro", bench::kW3Yields, run_main(w3()));
  else if (w == "w4") m.report("w4", "coro", bench::kW4Tasks, run_main(w4()));
  else if (w == "idle") m.report("idle", "coro", 1, run_main(idle()));
  else if (w == "base") m.report("base", "coro", 1, run_main(base()));
  else {
    std::fprintf(stderr, "unknown workload %s\n", w.c_str());
    return 2;
  }
  return 0;
}
