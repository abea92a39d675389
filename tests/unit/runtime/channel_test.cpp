// Bounded MPSC channels: FIFO, back-pressure, close on the last Sender, SendError, threads.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

/// Sends `values` in order, then drops its Sender.
struct Producer {
  using Output = int;  // number sent
  Sender<int> tx;
  std::vector<int> values;
  std::size_t i = 0;
  std::optional<SendFuture<int>> f;
  Producer(Sender<int> t, std::vector<int> v) : tx(std::move(t)), values(std::move(v)) {}
  Producer(Producer&& o) noexcept : tx(std::move(o.tx)), values(std::move(o.values)) {}
  Poll<int> poll(Context& cx) {
    while (i < values.size()) {
      if (!f) f.emplace(tx.send(values[i]));
      auto p = f->poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      f.reset();
      if (p.value().is_err()) break;
      ++i;
    }
    f.reset();
    { Sender<int> drop_me(std::move(tx)); }
    return Poll<int>::ready(static_cast<int>(i));
  }
};

/// Receives until None; returns what it got.
struct Consumer {
  using Output = std::vector<int>;
  Receiver<int> rx;
  std::vector<int> got;
  std::optional<RecvFuture<int>> f;
  explicit Consumer(Receiver<int> r) : rx(std::move(r)) {}
  Consumer(Consumer&& o) noexcept : rx(std::move(o.rx)) {}
  Poll<std::vector<int>> poll(Context& cx) {
    for (;;) {
      if (!f) f.emplace(rx.recv());
      auto p = f->poll(cx);
      if (p.is_pending()) return Poll<std::vector<int>>::pending();
      f.reset();
      if (p.value().is_none()) return Poll<std::vector<int>>::ready(std::move(got));
      got.push_back(p.value().value());
    }
  }
};

std::vector<int> range(int a, int b) {
  std::vector<int> v;
  for (int i = a; i < b; ++i) v.push_back(i);
  return v;
}

TEST(Channel, FifoAndCloseWhenTheLastSenderDrops) {
  auto [tx, rx] = channel<int>(4);
  auto rt = Runtime::current_thread();
  auto p = rt.spawn(Producer(std::move(tx), range(0, 100)));
  auto got = rt.block_on(Consumer(std::move(rx)));
  EXPECT_EQ(got, range(0, 100));
  EXPECT_EQ(rt.block_on(std::move(p)), 100);
}

TEST(Channel, BackPressureWaitsWhileFull) {
  auto rt = Runtime::current_thread();
  auto [tx, rx] = channel<int>(2);
  Receiver<int> r = std::move(rx);
  JoinHandle<int> h;
  rt.block_on(Steps{{
      [&, t = &tx] { h = rt.spawn(Producer(std::move(*t), range(0, 5))); },
      [&] {
        EXPECT_FALSE(h.is_finished());  // two sent, the third waits for room
      },
      [&] {
        // Take one value by hand: that frees one slot, so exactly one more send completes.
        Waker noop = Waker::noop();
    Context cx(noop);
        auto f = r.recv();
        auto v = f.poll(cx);
        ASSERT_TRUE(v.is_ready());
        EXPECT_EQ(v.value().value(), 0);
      },
      [&] { EXPECT_FALSE(h.is_finished()); },
  }});
  auto rest = rt.block_on(Consumer(std::move(r)));
  EXPECT_EQ(rest, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(rt.block_on(std::move(h)), 5);
}

TEST(Channel, AMovedFromSenderIsNotALiveSender) {
  auto [tx, rx] = channel<int>(1);
  Sender<int> moved = std::move(tx);
  { Sender<int> gone = std::move(moved); }
  auto got = block_on(Consumer(std::move(rx)));
  EXPECT_TRUE(got.empty());  // None at once: every Sender is gone
}

TEST(Channel, ClonedSendersKeepItOpen) {
  auto [tx, rx] = channel<int>(8);
  auto rt = Runtime::current_thread();
  auto tx2 = tx.clone();
  auto a = rt.spawn(Producer(std::move(tx), range(0, 3)));
  auto b = rt.spawn(Producer(std::move(tx2), range(10, 13)));
  auto got = rt.block_on(Consumer(std::move(rx)));
  EXPECT_EQ(got.size(), 6u);
  // FIFO per sender.
  std::vector<int> from_a, from_b;
  for (int v : got) (v < 10 ? from_a : from_b).push_back(v);
  EXPECT_EQ(from_a, range(0, 3));
  EXPECT_EQ(from_b, range(10, 13));
}

TEST(Channel, SendAfterTheReceiverDroppedIsSendError) {
  auto [tx, rx] = channel<int>(1);
  { Receiver<int> gone = std::move(rx); }
  auto out = block_on(tx.send(1));
  EXPECT_TRUE(out.is_err());
  EXPECT_EQ(debug_fmt(out), "Err(SendError { .. })");
}

TEST(Channel, ABlockedSenderGetsSendErrorWhenTheReceiverDrops) {
  auto rt = Runtime::current_thread();
  auto [tx, rx] = channel<int>(1);
  std::optional<Receiver<int>> r(std::move(rx));
  auto h = rt.spawn(Producer(std::move(tx), range(0, 3)));
  rt.block_on(Steps{{[] {}, [&] { r.reset(); }}});
  EXPECT_EQ(rt.block_on(std::move(h)), 1);  // the first fit; the second got SendError
}

TEST(Channel, UnreceivedValuesAreDroppedWithTheReceiver) {
  auto drops = std::make_shared<std::atomic<int>>(0);
  {
    auto [tx, rx] = channel<DropCounter>(4);
    block_on(tx.send(DropCounter(drops)));
    block_on(tx.send(DropCounter(drops)));
    EXPECT_EQ(*drops, 0);
  }
  EXPECT_EQ(*drops, 2);
}

// The buffer starts small and grows (up to the capacity) while its contents wrap around the end;
// the values keep their order and each is dropped exactly once (received or left in the buffer).
TEST(Channel, TheBufferGrowsAcrossTheWrapKeepingOrderAndDrops) {
  auto [tx, rx] = channel<std::string>(40);
  Waker noop = Waker::noop();
  Context cx(noop);
  auto send = [&](int v) {
    auto f = tx.send(std::to_string(v));
    ASSERT_TRUE(f.poll(cx).is_ready());
  };
  auto recv = [&]() {
    auto f = rx.recv();
    auto p = f.poll(cx);
    EXPECT_TRUE(p.is_ready());
    return p.value().value();
  };
  for (int i = 0; i < 10; ++i) send(i);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(recv(), std::to_string(i));
  for (int i = 10; i < 47; ++i) send(i);  // 40 queued: wrapped, then grown twice
  {
    auto f = tx.send("full");
    EXPECT_TRUE(f.poll(cx).is_pending());
  }
  for (int i = 7; i < 47; ++i) EXPECT_EQ(recv(), std::to_string(i));

  auto drops = std::make_shared<std::atomic<int>>(0);
  {
    auto [dtx, drx] = channel<DropCounter>(64);
    auto dsend = [&, t = &dtx]() {
      auto f = t->send(DropCounter(drops));
      ASSERT_TRUE(f.poll(cx).is_ready());
    };
    auto drecv = [&, r = &drx]() {
      auto f = r->recv();
      ASSERT_TRUE(f.poll(cx).is_ready());
    };
    for (int i = 0; i < 12; ++i) dsend();
    for (int i = 0; i < 9; ++i) drecv();
    EXPECT_EQ(*drops, 9);
    for (int i = 0; i < 30; ++i) dsend();  // wraps, grows to 32 and 64
    for (int i = 0; i < 5; ++i) drecv();
    EXPECT_EQ(*drops, 14);
  }
  EXPECT_EQ(*drops, 42);  // the 28 left in the buffer went with the channel
}

TEST(Channel, ProducersOnOtherThreads) {
  auto [tx, rx] = channel<int>(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([t, s = tx.clone()]() mutable {
      block_on(Producer(std::move(s), range(t * 1000, t * 1000 + 500)));
    });
  }
  { Sender<int> drop_me(std::move(tx)); }
  auto got = block_on(Consumer(std::move(rx)));
  for (auto& th : threads) th.join();
  EXPECT_EQ(got.size(), 1500u);
  for (int t = 0; t < 3; ++t) {
    std::vector<int> mine;
    for (int v : got)
      if (v / 1000 == t) mine.push_back(v);
    EXPECT_EQ(mine, range(t * 1000, t * 1000 + 500));
  }
}

/// Forwards everything from `rx` to `tx` until `rx` closes; returns the count.
struct Relay {
  using Output = int;
  Receiver<int> rx;
  Sender<int> tx;
  int n = 0;
  std::optional<RecvFuture<int>> r;
  std::optional<SendFuture<int>> s;
  Relay(Receiver<int> a, Sender<int> b) : rx(std::move(a)), tx(std::move(b)) {}
  Relay(Relay&& o) noexcept : rx(std::move(o.rx)), tx(std::move(o.tx)) {}
  Poll<int> poll(Context& cx) {
    for (;;) {
      if (s) {
        if (s->poll(cx).is_pending()) return Poll<int>::pending();
        s.reset();
        ++n;
      }
      if (!r) r.emplace(rx.recv());
      auto p = r->poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      r.reset();
      if (p.value().is_none()) {
        { Sender<int> drop_me(std::move(tx)); }
        return Poll<int>::ready(n);
      }
      s.emplace(tx.send(p.value().value()));
    }
  }
};

// Spawned tasks of a current-thread runtime woken over and over from other threads (through the
// runtime's injector) while they also wake each other on the runtime's thread.
TEST(Channel, CurrentThreadTasksFedFromOtherThreads) {
  auto rt = Runtime::current_thread();
  auto [tx, rx] = channel<int>(1);
  auto [tx2, rx2] = channel<int>(1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([t, s = tx.clone()]() mutable {
      block_on(Producer(std::move(s), range(t * 10000, t * 10000 + 3000)));
    });
  }
  { Sender<int> drop_me(std::move(tx)); }
  auto relay = rt.spawn(Relay(std::move(rx), std::move(tx2)));
  auto got = rt.block_on(rt.spawn(Consumer(std::move(rx2))));
  for (auto& th : threads) th.join();
  EXPECT_EQ(rt.block_on(std::move(relay)), 6000);
  EXPECT_EQ(got.size(), 6000u);
  for (int t = 0; t < 2; ++t) {
    std::vector<int> mine;
    for (int v : got)
      if (v / 10000 == t) mine.push_back(v);
    EXPECT_EQ(mine, range(t * 10000, t * 10000 + 3000));
  }
}

// Channels made on a current-thread runtime's thread are biased to it (channel.hpp: the owner
// locks with plain loads and stores); channels made anywhere else are not.
TEST(Channel, OnlyChannelsMadeInsideACurrentThreadRuntimeAreBiased) {
  EXPECT_EQ(detail::new_channel_owner(), detail::kNoOwner);
  std::uint64_t inside = block_on(poll_fn<std::uint64_t>(
      [](Context&) { return Poll<std::uint64_t>::ready(detail::new_channel_owner()); }));
  EXPECT_EQ(inside, detail::this_thread_id());  // (kNoOwner only without membarrier)
  auto mt = Runtime::multi_thread(2);
  std::uint64_t in_worker = mt.block_on(mt.spawn(poll_fn<std::uint64_t>(
      [](Context&) { return Poll<std::uint64_t>::ready(detail::new_channel_owner()); })));
  EXPECT_EQ(in_worker, detail::kNoOwner);
}

/// Makes a channel where it is first polled (inside block_on: a biased one).
struct MakeChannel {
  using Output = std::pair<Sender<int>, Receiver<int>>;
  std::size_t cap;
  Poll<Output> poll(Context&) { return Poll<Output>::ready(channel<int>(cap)); }
};

// A biased channel in full use by its owner's tasks when other threads start sending on it: the
// first of them revokes the bias while the owner may be inside; nothing is lost or reordered.
TEST(Channel, ABiasedChannelStaysCorrectWhenOtherThreadsJoinIn) {
  for (int round = 0; round < 20; ++round) {
    auto rt = Runtime::current_thread();
    auto [tx, rx] = rt.block_on(MakeChannel{2});
    auto [tx2, rx2] = rt.block_on(MakeChannel{1});
    std::vector<std::thread> threads;
    for (int t = 1; t <= 2; ++t) {
      threads.emplace_back([t, s = tx.clone()]() mutable {
        block_on(Producer(std::move(s), range(t * 100000, t * 100000 + 500)));
      });
    }
    auto local = rt.spawn(Producer(tx.clone(), range(0, 2000)));
    { Sender<int> drop_me(std::move(tx)); }
    auto relay = rt.spawn(Relay(std::move(rx), std::move(tx2)));
    auto got = rt.block_on(rt.spawn(Consumer(std::move(rx2))));
    for (auto& th : threads) th.join();
    EXPECT_EQ(rt.block_on(std::move(local)), 2000);
    EXPECT_EQ(rt.block_on(std::move(relay)), 3000);
    ASSERT_EQ(got.size(), 3000u);
    for (int t = 0; t <= 2; ++t) {
      std::vector<int> mine;
      for (int v : got)
        if (v / 100000 == t) mine.push_back(v);
      EXPECT_EQ(mine, t == 0 ? range(0, 2000) : range(t * 100000, t * 100000 + 500));
    }
  }
}

using ChannelDeathTest = ::testing::Test;
TEST(ChannelDeathTest, CapacityZeroPanics) {
  EXPECT_EXIT(channel<int>(0), ::testing::ExitedWithCode(101), "mpsc bounded channel requires buffer > 0");
}

}  // namespace
