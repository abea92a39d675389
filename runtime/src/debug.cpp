#include "asyncc/debug.hpp"

#include "asyncc/detail/utf8.hpp"

namespace asyncc {

std::string debug_fmt_f64(double v) { return fmt::to_debug(v); }

void debug_escape(std::string& out, std::string_view s, char quote) {
  std::string q;
  if (quote == '\'') {
    for (std::size_t i = 0; i < s.size();) {
      std::size_t len = 1;
      char32_t c = ::asyncc::detail::utf8_decode(s, i, len);
      q = fmt::to_debug(c);
      out.append(q, 1, q.size() - 2);
      i += len;
    }
    return;
  }
  q = fmt::to_debug(s);
  out.append(q, 1, q.size() - 2);
}

}  // namespace asyncc
