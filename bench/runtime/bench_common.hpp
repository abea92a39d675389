// Shared by the C++ benchmark programs: the result line every peer prints, and the workloads'
// parameters (the tokio peer, bench/peers/tokio/src/main.rs, uses the same ones).
#pragma once

#include <sys/resource.h>
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace bench {

constexpr std::uint64_t kW1Tasks = 1000000;
constexpr std::uint64_t kW2Messages = 1000000;
constexpr std::uint64_t kW3Yields = 10000000;
constexpr std::uint64_t kW4Tasks = 100000;
constexpr std::uint64_t kW4MaxMs = 50;
constexpr std::uint64_t kW5Tasks = 8;
constexpr std::uint64_t kW5Iterations = 60000000;
constexpr std::uint64_t kIdleMs = 2000;

/// The pseudo-random sleep of W4 task i (0..=50 ms), identical in every peer.
inline std::uint64_t w4_ms(std::uint64_t i) {
  std::uint64_t x = i * 6364136223846793005ULL + 1442695040888963407ULL;
  x ^= x >> 33;
  return x % (kW4MaxMs + 1);
}

/// W5's unit of CPU work (xorshift steps); returns something so it is not optimised away.
inline std::uint64_t w5_work(std::uint64_t seed) {
  std::uint64_t x = seed * 2654435761ULL + 1;
  for (std::uint64_t i = 0; i < kW5Iterations; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

inline std::int64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline std::int64_t cpu_ns() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (static_cast<std::int64_t>(ru.ru_utime.tv_sec) + ru.ru_stime.tv_sec) * 1000000000 +
         (static_cast<std::int64_t>(ru.ru_utime.tv_usec) + ru.ru_stime.tv_usec) * 1000;
}

inline long maxrss_kb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/// Measures from construction to report(): wall and CPU time.
struct Measure {
  std::int64_t wall0 = mono_ns();
  std::int64_t cpu0 = cpu_ns();
  void report(const char* workload, const char* runtime, std::uint64_t ops, std::uint64_t check) const {
    std::int64_t wall = mono_ns() - wall0;
    std::int64_t cpu = cpu_ns() - cpu0;
    std::printf("RESULT workload=%s runtime=%s ops=%llu wall_ns=%lld cpu_ns=%lld maxrss_kb=%ld check=%llu\n",
                workload, runtime, static_cast<unsigned long long>(ops), static_cast<long long>(wall),
                static_cast<long long>(cpu), maxrss_kb(), static_cast<unsigned long long>(check));
    std::fflush(stdout);
  }
};

}  // namespace bench
