// The C++ side of extern_types.adsl: it includes the generated header for the pub struct Msg
// and defines the `extern "C++"` functions in the translation's namespace.
#include "extern_types.hpp"

#include <cstdio>

namespace extern_types {

void log(std::string_view s) { std::printf("log: %.*s\n", static_cast<int>(s.size()), s.data()); }

Msg make_msg(std::int64_t id) { return Msg{id, "m" + std::to_string(id)}; }

namespace {

// Ready (with `()`) when its timer fires.
struct Tick {
  using Output = asyncc::Unit;
  asyncc::Sleep sleep;
  asyncc::Poll<asyncc::Unit> poll(asyncc::Context& cx) { return sleep.poll(cx); }
};

// After a short sleep: Ok(the message's text), or Err for a negative id.
struct Fetch {
  using Output = asyncc::Result<std::string, std::string>;
  asyncc::Sleep sleep;
  Msg msg;
  asyncc::Poll<Output> poll(asyncc::Context& cx) {
    if (sleep.poll(cx).is_pending()) return asyncc::Poll<Output>::pending();
    if (msg.id < 0) return asyncc::Poll<Output>::ready(Output::err("negative"));
    return asyncc::Poll<Output>::ready(Output::ok(msg.text));
  }
};

}  // namespace

asyncc::BoxFuture<asyncc::Unit> tick(std::uint64_t ms) { return Tick{asyncc::sleep(ms)}; }

asyncc::BoxFuture<asyncc::Result<std::string, std::string>> fetch(Msg m) {
  return Fetch{asyncc::sleep(3), std::move(m)};
}

}  // namespace extern_types
