// A hand-written future that sleeps, then sends on a channel; main receives it with block_on.
// This is the shape asyncc generates for `async fn`: a struct with a state index and a switch.
#include <asyncc/runtime.hpp>

#include <cstdio>
#include <optional>

// async fn produce(tx: Sender<i64>) { sleep(20).await; tx.send(42).await.unwrap(); }
struct Produce {
  using Output = asyncc::Unit;
  explicit Produce(asyncc::Sender<std::int64_t> sender) : tx(std::move(sender)) {}

  asyncc::Sender<std::int64_t> tx;
  int state = 0;
  std::optional<asyncc::Sleep> sleeping;
  std::optional<asyncc::SendFuture<std::int64_t>> sending;

  asyncc::Poll<asyncc::Unit> poll(asyncc::Context& cx) {
    switch (state) {
      case 0:
        sleeping.emplace(asyncc::sleep(20));
        state = 1;
        [[fallthrough]];
      case 1:
        if (sleeping->poll(cx).is_pending()) return asyncc::Poll<asyncc::Unit>::pending();
        sleeping.reset();
        sending.emplace(tx.send(42));
        state = 2;
        [[fallthrough]];
      case 2: {
        auto sent = sending->poll(cx);
        if (sent.is_pending()) return asyncc::Poll<asyncc::Unit>::pending();
        sending.reset();
        state = 3;
        return asyncc::Poll<asyncc::Unit>::ready(asyncc::Unit{});
      }
    }
    return asyncc::Poll<asyncc::Unit>::ready(asyncc::Unit{});
  }
};

// async fn main_async() -> i64 { let (tx, mut rx) = channel(1); spawn(produce(tx)); rx.recv().await.unwrap() }
struct MainAsync {
  using Output = std::int64_t;
  int state = 0;
  std::optional<asyncc::Receiver<std::int64_t>> rx;
  std::optional<asyncc::RecvFuture<std::int64_t>> receiving;

  asyncc::Poll<std::int64_t> poll(asyncc::Context& cx) {
    if (state == 0) {
      auto [tx, r] = asyncc::channel<std::int64_t>(1);
      rx.emplace(std::move(r));
      asyncc::spawn(Produce(std::move(tx)));  // the JoinHandle is dropped: detached
      receiving.emplace(rx->recv());
      state = 1;
    }
    auto got = receiving->poll(cx);
    if (got.is_pending()) return asyncc::Poll<std::int64_t>::pending();
    return asyncc::Poll<std::int64_t>::ready(got.value().value());
  }
};

int main() {
  auto start = asyncc::now_ms();
  std::int64_t v = asyncc::block_on(MainAsync{});
  std::printf("received %lld after %llu ms\n", static_cast<long long>(v),
              static_cast<unsigned long long>(asyncc::now_ms() - start));
  return v == 42 ? 0 : 1;
}
