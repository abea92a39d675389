// Times the futures that asyncc generated from workloads.adsl with the harness of
// bench/runtime/runtime_bench.cpp: the same runtime, the same Measure (wall and CPU time around
// `rt.block_on(rt.spawn(workload))`) and the same RESULT line, with runtime `asyncc-gen-ct`.
//
//   asyncc_codegen_bench WORKLOAD [ct|mt]     WORKLOAD: w1 w2 w3
//
// tools/bench-codegen translates workloads.adsl to workloads.adsl.cpp in its build folder and
// compiles this file with it (ASYNCC_CODEGEN_CPP names the generated file).
#include ASYNCC_CODEGEN_CPP

#include "bench_common.hpp"

namespace {

template <class F>
void run(asyncc::Runtime& rt, const char* workload, const char* name, std::uint64_t ops, F f) {
  bench::Measure m;
  std::uint64_t check = rt.block_on(rt.spawn(std::move(f)));
  m.report(workload, name, ops, check);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s w1|w2|w3 [ct|mt]\n", argv[0]);
    return 2;
  }
  std::string w = argv[1];
  bool mt = argc > 2 && std::string(argv[2]) == "mt";
  auto rt = mt ? asyncc::Runtime::multi_thread(2) : asyncc::Runtime::current_thread();
  const char* name = mt ? "asyncc-gen-mt2" : "asyncc-gen-ct";
  if (w == "w1") run(rt, "w1", name, bench::kW1Tasks, workloads::w1());
  else if (w == "w2") run(rt, "w2", name, bench::kW2Messages, workloads::w2());
  else if (w == "w3") run(rt, "w3", name, bench::kW3Yields, workloads::w3());
  else {
    std::fprintf(stderr, "unknown workload %s\n", w.c_str());
    return 2;
  }
  return 0;
}
