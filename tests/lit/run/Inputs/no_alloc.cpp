// Harness for no_alloc_await.adsl: counts every allocation while a generated future that
// awaits other generated futures (and suspends) is created and polled to completion.
#include ASYNCC_GENERATED

#include <cstdio>
#include <cstdlib>
#include <new>

namespace {
bool counting = false;
std::size_t allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int main() {
  asyncc::Waker waker = asyncc::Waker::noop();
  asyncc::Context cx(waker);
  counting = true;
  {
    auto fut = noalloc::outer(5);
    int polls = 1;
    auto result = fut.poll(cx);
    while (result.is_pending()) {
      result = fut.poll(cx);
      ++polls;
    }
    counting = false;
    std::printf("result %lld after %d polls\n", static_cast<long long>(result.value()), polls);
  }
  std::printf("allocations %zu\n", allocations);
  return 0;
}
