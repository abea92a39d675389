// asyncc's runtime on the benchmark workloads W1-W5 and the idle test.
// The futures are written by hand in the shape asyncc emits for `async fn`: a struct, a state
// index and a switch in poll, awaited futures stored inline. The ADSL each one stands for is in
// its comment.
//
//   asyncc_runtime_bench WORKLOAD [ct|mt]     WORKLOAD: w1 w2 w3 w4 w5 idle base
#include <asyncc/runtime.hpp>

#include <optional>
#include <vector>

#include "bench_common.hpp"

namespace {

using asyncc::Context;
using asyncc::Poll;
using asyncc::Unit;

// async move { i }
struct Trivial {
  using Output = std::uint64_t;
  std::uint64_t i;
  Poll<std::uint64_t> poll(Context&) { return Poll<std::uint64_t>::ready(i); }
};

// async fn w1() -> u64 {
//   let mut hs = Vec::new(); for i in 0..N { hs.push(spawn(async move { i })); }
//   let mut sum = 0; for h in hs { sum += h.await; } sum }
struct W1 {
  using Output = std::uint64_t;
  int state = 0;
  std::vector<asyncc::JoinHandle<std::uint64_t>> hs;
  std::size_t next = 0;
  std::uint64_t sum = 0;
  Poll<std::uint64_t> poll(Context& cx) {
    switch (state) {
      case 0:
        hs.reserve(bench::kW1Tasks);
        for (std::uint64_t i = 0; i < bench::kW1Tasks; ++i) hs.push_back(asyncc::spawn(Trivial{i}));
        state = 1;
        [[fallthrough]];
      case 1:
        while (next < hs.size()) {
          auto p = hs[next].poll(cx);
          if (p.is_pending()) return Poll<std::uint64_t>::pending();
          sum += p.value();
          ++next;
        }
        hs.clear();
        return Poll<std::uint64_t>::ready(sum);
    }
    return Poll<std::uint64_t>::pending();
  }
};

// W2's futures are laid out as asyncc emits them (COMPILER.md §5): values live across a suspension
// point are members, the awaited futures of different suspension points share one union
// (placement-new into it when the await starts, an explicit destructor call when it ends), and
// the destructor drops what the current state holds.

// async fn ping(tx: Sender<u64>, mut rx: Receiver<u64>) -> u64 {
//   let mut sum = 0;
//   for i in 0..N { tx.send(i).await.unwrap(); sum += rx.recv().await.unwrap(); } sum }
struct Ping {
  using Output = std::uint64_t;
  asyncc::Sender<std::uint64_t> tx;
  asyncc::Receiver<std::uint64_t> rx;
  int state = 0;  // 0 at the loop head, 3 awaiting send, 4 awaiting recv, 1 returned
  std::uint64_t sum = 0;
  std::uint64_t range_start = 0;  // the `0..N` iterator (`i` itself lives across no await)
  union {
    asyncc::SendFuture<std::uint64_t> send_fut;  // state 3
    asyncc::RecvFuture<std::uint64_t> recv_fut;  // state 4
  };
  Ping(asyncc::Sender<std::uint64_t> t, asyncc::Receiver<std::uint64_t> r) : tx(std::move(t)), rx(std::move(r)) {}
  Ping(Ping&& o) noexcept : tx(std::move(o.tx)), rx(std::move(o.rx)) {}  // before the first poll only
  Ping& operator=(Ping&&) = delete;
  ~Ping() {
    if (state == 3) send_fut.~SendFuture();
    if (state == 4) recv_fut.~RecvFuture();
  }
  Poll<std::uint64_t> poll(Context& cx) {
    for (;;) {
      switch (state) {
        case 0: {
          if (range_start == bench::kW2Messages) {  // Range::next() is None
            state = 1;
            return Poll<std::uint64_t>::ready(sum);
          }
          std::uint64_t i = range_start++;
          ::new (static_cast<void*>(&send_fut)) asyncc::SendFuture<std::uint64_t>(tx.send(i));
          state = 3;
          [[fallthrough]];
        }
        case 3: {
          auto p = send_fut.poll(cx);
          if (p.is_pending()) return Poll<std::uint64_t>::pending();
          send_fut.~SendFuture();
          if (p.value().is_err()) ASYNCC_PANIC("called `Result::unwrap()` on an `Err` value: SendError { .. }");
          ::new (static_cast<void*>(&recv_fut)) asyncc::RecvFuture<std::uint64_t>(rx.recv());
          state = 4;
          [[fallthrough]];
        }
        case 4: {
          auto p = recv_fut.poll(cx);
          if (p.is_pending()) return Poll<std::uint64_t>::pending();
          recv_fut.~RecvFuture();
          state = 0;
          sum += p.value().value();
          break;
        }
        default:
          asyncc::detail::polled_after_ready(__FILE__, __LINE__);
      }
    }
  }
};

// async fn pong(mut rx: Receiver<u64>, tx: Sender<u64>) {
//   while let Some(v) = rx.recv().await { tx.send(v).await.unwrap(); } }
struct Pong {
  using Output = Unit;
  asyncc::Receiver<std::uint64_t> rx;
  asyncc::Sender<std::uint64_t> tx;
  int state = 0;  // 0 at the loop head, 3 awaiting recv, 4 awaiting send, 1 returned
  union {
    asyncc::RecvFuture<std::uint64_t> recv_fut;  // state 3
    asyncc::SendFuture<std::uint64_t> send_fut;  // state 4
  };
  Pong(asyncc::Receiver<std::uint64_t> r, asyncc::Sender<std::uint64_t> t) : rx(std::move(r)), tx(std::move(t)) {}
  Pong(Pong&& o) noexcept : rx(std::move(o.rx)), tx(std::move(o.tx)) {}  // before the first poll only
  Pong& operator=(Pong&&) = delete;
  ~Pong() {
    if (state == 3) recv_fut.~RecvFuture();
    if (state == 4) send_fut.~SendFuture();
  }
  Poll<Unit> poll(Context& cx) {
    for (;;) {
      switch (state) {
        case 0:
          ::new (static_cast<void*>(&recv_fut)) asyncc::RecvFuture<std::uint64_t>(rx.recv());
          state = 3;
          [[fallthrough]];
        case 3: {
          auto p = recv_fut.poll(cx);
          if (p.is_pending()) return Poll<Unit>::pending();
          recv_fut.~RecvFuture();
          if (p.value().is_none()) {
            state = 1;
            return Poll<Unit>::ready(Unit{});
          }
          ::new (static_cast<void*>(&send_fut)) asyncc::SendFuture<std::uint64_t>(tx.send(p.value().value()));
          state = 4;
          [[fallthrough]];
        }
        case 4: {
          auto p = send_fut.poll(cx);
          if (p.is_pending()) return Poll<Unit>::pending();
          send_fut.~SendFuture();
          if (p.value().is_err()) ASYNCC_PANIC("called `Result::unwrap()` on an `Err` value: SendError { .. }");
          state = 0;
          break;
        }
        default:
          asyncc::detail::polled_after_ready(__FILE__, __LINE__);
      }
    }
  }
};

// async fn w2() -> u64 { let (tx1, rx1) = channel(1); let (tx2, rx2) = channel(1);
//   spawn(pong(rx1, tx2)); spawn(ping(tx1, rx2)).await }
struct W2 {
  using Output = std::uint64_t;
  int state = 0;
  std::optional<asyncc::JoinHandle<std::uint64_t>> h;
  Poll<std::uint64_t> poll(Context& cx) {
    if (state == 0) {
      auto [tx1, rx1] = asyncc::channel<std::uint64_t>(1);
      auto [tx2, rx2] = asyncc::channel<std::uint64_t>(1);
      asyncc::spawn(Pong(std::move(rx1), std::move(tx2)));
      h.emplace(asyncc::spawn(Ping(std::move(tx1), std::move(rx2))));
      state = 1;
    }
    return h->poll(cx);
  }
};

// async fn yielder() -> u64 { for i in 0..N { yield_now().await; } N }
struct Yielder {
  using Output = std::uint64_t;
  int state = 0;
  std::uint64_t i = 0;
  std::optional<asyncc::YieldNow> y;
  Poll<std::uint64_t> poll(Context& cx) {
    for (;;) {
      switch (state) {
        case 0:
          if (i == bench::kW3Yields) return Poll<std::uint64_t>::ready(i);
          y.emplace(asyncc::yield_now());
          state = 1;
          [[fallthrough]];
        case 1:
          if (y->poll(cx).is_pending()) return Poll<std::uint64_t>::pending();
          y.reset();
          ++i;
          state = 0;
          break;
      }
    }
  }
};

// async fn w3() -> u64 { spawn(yielder()).await }
struct W3 {
  using Output = std::uint64_t;
  std::optional<asyncc::JoinHandle<std::uint64_t>> h;
  Poll<std::uint64_t> poll(Context& cx) {
    if (!h) h.emplace(asyncc::spawn(Yielder{}));
    return h->poll(cx);
  }
};

// async move { sleep(ms).await; ms }
struct Sleeper {
  using Output = std::uint64_t;
  explicit Sleeper(std::uint64_t m) : ms(m) {}
  std::uint64_t ms;
  int state = 0;
  std::optional<asyncc::Sleep> s;
  Poll<std::uint64_t> poll(Context& cx) {
    if (state == 0) {
      s.emplace(asyncc::sleep(ms));
      state = 1;
    }
    if (s->poll(cx).is_pending()) return Poll<std::uint64_t>::pending();
    s.reset();
    return Poll<std::uint64_t>::ready(ms);
  }
};

// async fn w4() -> u64 { spawn N sleepers with pseudo-random 0..=50 ms; await all; sum }
struct W4 {
  using Output = std::uint64_t;
  int state = 0;
  std::vector<asyncc::JoinHandle<std::uint64_t>> hs;
  std::size_t next = 0;
  std::uint64_t sum = 0;
  Poll<std::uint64_t> poll(Context& cx) {
    if (state == 0) {
      hs.reserve(bench::kW4Tasks);
      for (std::uint64_t i = 0; i < bench::kW4Tasks; ++i) hs.push_back(asyncc::spawn(Sleeper(bench::w4_ms(i))));
      state = 1;
    }
    while (next < hs.size()) {
      auto p = hs[next].poll(cx);
      if (p.is_pending()) return Poll<std::uint64_t>::pending();
      sum += p.value();
      ++next;
    }
    hs.clear();
    return Poll<std::uint64_t>::ready(sum);
  }
};

// async move { work(seed) }  (CPU-bound, no await)
struct Work {
  using Output = std::uint64_t;
  std::uint64_t seed;
  Poll<std::uint64_t> poll(Context&) { return Poll<std::uint64_t>::ready(bench::w5_work(seed)); }
};

struct W5 {
  using Output = std::uint64_t;
  int state = 0;
  std::vector<asyncc::JoinHandle<std::uint64_t>> hs;
  std::size_t next = 0;
  std::uint64_t x = 0;
  Poll<std::uint64_t> poll(Context& cx) {
    if (state == 0) {
      for (std::uint64_t i = 0; i < bench::kW5Tasks; ++i) hs.push_back(asyncc::spawn(Work{i}));
      state = 1;
    }
    while (next < hs.size()) {
      auto p = hs[next].poll(cx);
      if (p.is_pending()) return Poll<std::uint64_t>::pending();
      x ^= p.value();
      ++next;
    }
    return Poll<std::uint64_t>::ready(x);
  }
};

template <class F>
void run(asyncc::Runtime& rt, const char* workload, const char* name, std::uint64_t ops, F f) {
  bench::Measure m;
  std::uint64_t check = rt.block_on(rt.spawn(std::move(f)));
  m.report(workload, name, ops, check);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s w1|w2|w3|w4|w5|idle|base [ct|mt]\n", argv[0]);
    return 2;
  }
  std::string w = argv[1];
  bool mt = argc > 2 && std::string(argv[2]) == "mt";
  auto rt = mt ? asyncc::Runtime::multi_thread(2) : asyncc::Runtime::current_thread();
  const char* name = mt ? "asyncc-mt2" : "asyncc-ct";
  if (w == "w1") run(rt, "w1", name, bench::kW1Tasks, W1{});
  else if (w == "w2") run(rt, "w2", name, bench::kW2Messages, W2{});
  else if (w == "w3") run(rt, "w3", name, bench::kW3Yields, W3{});
  else if (w == "w4") run(rt, "w4", name, bench::kW4Tasks, W4{});
  else if (w == "w5") run(rt, "w5", name, bench::kW5Tasks, W5{});
  else if (w == "idle") {
    bench::Measure m;
    rt.block_on(asyncc::sleep(bench::kIdleMs));
    m.report("idle", name, 1, 0);
  } else if (w == "base") {
    bench::Measure m;
    m.report("base", name, 1, rt.block_on(Trivial{1}));
  } else {
    std::fprintf(stderr, "unknown workload %s\n", w.c_str());
    return 2;
  }
  return 0;
}
