// The compilation pipeline behind the `asyncc` command: read, check UTF-8, parse, and print
// what was asked for, reporting every diagnostic through one sink.
#pragma once

#include "compiler/driver/options.hpp"

namespace asyncc::driver {

/// Runs one compilation. Returns the process exit status: 0 success, 1 the program has
/// errors, 2 bad usage or an I/O failure.
int compile(const Options& options);

}  // namespace asyncc::driver
