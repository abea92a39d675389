#include "compiler/driver/diag_log.hpp"

#include <cstdlib>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace asyncc::driver {

void log_diagnostic_kinds(const diag::DiagSink& sink) {
  const char* path = std::getenv(diag_log_variable);
  if (path == nullptr || *path == '\0' || sink.diagnostics().empty()) return;
  std::string lines;
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    lines += diag::kind_name(d.kind);
    lines += '\n';
  }
  const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  // O_APPEND puts each write() at the end atomically; a short write is retried for the rest.
  std::size_t done = 0;
  while (done < lines.size()) {
    const ssize_t n = ::write(fd, lines.data() + done, lines.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace asyncc::driver
