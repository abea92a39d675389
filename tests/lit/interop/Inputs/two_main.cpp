// Uses two generated libraries with the same item names in different namespaces.
#include <cstdio>

#include "disk.adsl.hpp"
#include "net.adsl.hpp"

int main() {
  const std::int64_t a = asyncc::block_on(net::work(2));
  const std::int64_t b = asyncc::block_on(disk::work(3));
  std::printf("%lld %lld %s%s\n", static_cast<long long>(a), static_cast<long long>(b), net::name().c_str(),
              disk::name().c_str());
  return 0;
}
