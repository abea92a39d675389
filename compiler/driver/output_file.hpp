// Writes an output file atomically (a temporary file in the same folder, then rename), so an
// error never leaves a partial or stale output behind.
#pragma once

#include <string>
#include <string_view>

namespace asyncc::driver {

/// Writes `contents` to `path` (`-` = standard output). On failure returns false and sets
/// `error` to a one-line reason; the destination is then untouched.
bool write_output(const std::string& path, std::string_view contents, std::string& error);

}  // namespace asyncc::driver
