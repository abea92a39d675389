// `asyncc build` and `asyncc run` (COMPILER.md §3): translate, compile and link against the
// runtime this asyncc was built with, and run (with a cache keyed by the content).
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/options.hpp"

namespace asyncc::driver {

struct BuildOptions {
  Options translate;                    // input, diagnostics options (output and emit are set here)
  std::string executable;               // -o EXE ("" = the input without its extension)
  std::vector<std::string> cxx_flags;   // after `--` for build
  std::vector<std::string> program_args;  // after `--` for run
};

/// Translates and compiles `options.translate.input` into an executable. Returns the exit
/// status: 0, 1 (the program has errors or the C++ compiler failed), 2 (usage or I/O).
int build(const BuildOptions& options);

/// Builds into the cache (unless an executable for the same content is already there) and runs
/// it with the program arguments; returns the program's exit status.
int run(const BuildOptions& options);

}  // namespace asyncc::driver
