// A C++ program with its own main that uses the header generated from jobs.adsl: pub structs
// and enums as C++ types, a pub async fn's named future held by value and run with block_on.
#include <cstdio>
#include <string>
#include <type_traits>

#include "jobs.adsl.hpp"

int main() {
  jobs::FetchFuture future = jobs::fetch(20);
  static_assert(std::is_same_v<jobs::FetchFuture::Output, std::int64_t>, "fetch's Output is i64");
  const std::int64_t fetched = asyncc::block_on(std::move(future));
  const jobs::Job small = jobs::make(3);
  const jobs::Job big{jobs::LIMIT + 2, "big"};
  const jobs::Status done = jobs::status_of(small);
  std::printf("fetch(20) = %lld\n", static_cast<long long>(fetched));
  std::printf("%s %s\n", asyncc::debug_fmt(small).c_str(), asyncc::debug_fmt(done).c_str());
  std::printf("%s\n", asyncc::debug_fmt(jobs::status_of(big)).c_str());
  std::printf("equal: %d\n", static_cast<int>(done == jobs::Status{jobs::Status::Done{3}}));
  std::printf("future by value: %d\n", static_cast<int>(sizeof(jobs::FetchFuture) >= sizeof(std::int64_t)));
  // Spawned as tasks of a multi-threaded runtime, awaited through their JoinHandles.
  asyncc::Runtime runtime = asyncc::Runtime::multi_thread(2);
  auto first = runtime.spawn(jobs::fetch(1));
  auto second = runtime.spawn(jobs::fetch(2));
  const std::int64_t a = runtime.block_on(std::move(first));
  const std::int64_t b = runtime.block_on(std::move(second));
  std::printf("spawned: %lld %lld\n", static_cast<long long>(a), static_cast<long long>(b));
  return 0;
}
