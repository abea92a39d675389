#include "compiler/driver/runtime_location.hpp"

#include <climits>

#include <unistd.h>

#include "compiler/driver/build_config.hpp"

namespace asyncc::driver {

namespace {

std::string executable_dir() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "";
  const std::string exe(path, static_cast<std::size_t>(n));
  return exe.substr(0, exe.find_last_of('/'));
}

// `relative` is either relative to the executable's folder or, when the install layout was
// given absolute directories, absolute.
std::string beside_executable(const std::string& dir, const std::string& relative) {
  return relative.front() == '/' ? relative : dir + "/" + relative;
}

RuntimeLocation locate() {
  const std::string dir = executable_dir();
  if (!dir.empty()) {
    RuntimeLocation installed{beside_executable(dir, ASYNCC_INSTALLED_INCLUDE_DIR),
                              beside_executable(dir, ASYNCC_INSTALLED_RUNTIME_LIBRARY)};
    if (::access((installed.include_dir + "/asyncc/runtime.hpp").c_str(), R_OK) == 0 &&
        ::access(installed.library.c_str(), R_OK) == 0) {
      return installed;
    }
  }
  return {ASYNCC_RUNTIME_INCLUDE_DIR, ASYNCC_RUNTIME_LIBRARY};
}

}  // namespace

const RuntimeLocation& runtime_location() {
  static const RuntimeLocation location = locate();
  return location;
}

}  // namespace asyncc::driver
