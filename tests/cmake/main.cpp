// Calls `pub async fn`s of jobs.adsl and stats.adsl through their generated headers.
#include <cstdio>

#include "jobs.adsl.hpp"
#include "stats.adsl.hpp"

int main() {
  std::printf("fetch(1) = %d\n", static_cast<int>(asyncc::block_on(jobs::fetch(1))));
  std::printf("sum_to(10) = %d\n", static_cast<int>(asyncc::block_on(numbers::sum_to(10))));
  return 0;
}
