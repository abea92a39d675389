// The C++ definitions of extern_cpp.adsl's `extern "C++"` block (RUNTIME.md §6), in the
// translation's namespace: a sync function, and async ones returning a BoxFuture of a
// hand-written future on the runtime's timer.
#include <asyncc/runtime.hpp>

#include <cstdint>
#include <string>

namespace extern_cpp {

std::int64_t add_one(std::int64_t x) { return x + 1; }

std::string greet(std::string name) { return "hello, " + name; }

namespace {

// Sleeps `ms`, then yields twice its input.
struct SlowDouble {
  using Output = std::int64_t;
  asyncc::Sleep sleep;
  std::int64_t x;
  asyncc::Poll<std::int64_t> poll(asyncc::Context& cx) {
    if (sleep.poll(cx).is_pending()) return asyncc::Poll<std::int64_t>::pending();
    return asyncc::Poll<std::int64_t>::ready(x * 2);
  }
};

}  // namespace

asyncc::BoxFuture<std::int64_t> slow_double(std::int64_t x, std::uint64_t ms) {
  return SlowDouble{asyncc::sleep(ms), x};
}

}  // namespace extern_cpp
