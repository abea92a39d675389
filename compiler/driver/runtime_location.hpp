// Where `asyncc build`/`run` find the runtime's headers and library (COMPILER.md §3, §8).
#pragma once

#include <string>

namespace asyncc::driver {

struct RuntimeLocation {
  std::string include_dir;  // holds asyncc/runtime.hpp
  std::string library;      // the static runtime library
};

/// An installed asyncc finds the runtime relative to its own executable (so the install prefix
/// can be moved); an asyncc in its build tree, where those relative paths lead nowhere, uses the
/// build tree's runtime, whose paths CMake baked in.
const RuntimeLocation& runtime_location();

}  // namespace asyncc::driver
