// A minimal JSON writer for rustc-shaped diagnostics (strings escaped per RFC 8259).
#pragma once

#include <string>
#include <string_view>

namespace asyncc::diag {

/// Appends `text` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);

}  // namespace asyncc::diag
