// Harness for cancel_order.adsl: drops a pending generated future and records, through the
// receivers' wakers, the order in which the senders it held were dropped.
#include ASYNCC_GENERATED

#include <cstdio>
#include <vector>

namespace {

std::vector<int> woken;

const void* clone_waker(const void* data) { return data; }
void wake(const void* data) { woken.push_back(static_cast<int>(reinterpret_cast<std::intptr_t>(data))); }
void drop_waker(const void*) {}
const asyncc::RawWakerVTable logging_vtable{&clone_waker, &wake, &wake, &drop_waker};

// In one poll: start both receivers (with wakers 1 and 2), poll the ADSL future once
// (it suspends on its sleep), drop it, and report what the drop woke.
struct Scenario {
  using Output = asyncc::Unit;
  asyncc::Poll<asyncc::Unit> poll(asyncc::Context& cx) {
    auto [tx1, rx1] = asyncc::channel<std::int32_t>(1);
    auto [tx2, rx2] = asyncc::channel<std::int32_t>(1);
    auto recv1 = rx1.recv();
    auto recv2 = rx2.recv();
    asyncc::Waker w1(reinterpret_cast<const void*>(std::intptr_t{1}), &logging_vtable);
    asyncc::Waker w2(reinterpret_cast<const void*>(std::intptr_t{2}), &logging_vtable);
    asyncc::Context c1(w1), c2(w2);
    std::printf("recv pending: %d %d\n", recv1.poll(c1).is_pending(), recv2.poll(c2).is_pending());
    {
      auto fut = cancel::hold(std::move(tx1), std::move(tx2));
      std::printf("hold pending: %d\n", fut.poll(cx).is_pending());
      std::printf("woken before drop: %zu\n", woken.size());
    }  // cancellation: the future is dropped while suspended
    for (int id : woken) std::printf("woken %d\n", id);
    std::printf("recv1 closed: %d\n", recv1.poll(c1).is_ready());
    std::printf("recv2 closed: %d\n", recv2.poll(c2).is_ready());
    return asyncc::Poll<asyncc::Unit>::ready(asyncc::Unit{});
  }
};

}  // namespace

int main() {
  asyncc::block_on(Scenario{});
  return 0;
}
