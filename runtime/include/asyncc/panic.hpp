// Panics: Rust's report format, then exit status 101 (RUNTIME.md §7, LANGUAGE.md §4).
#pragma once

#include <string>
#include <string_view>

namespace asyncc {

/// A position in the ADSL source, for panics: `FILE.adsl:LINE:COLUMN` (1-based, as rustc
/// reports; the column counts chars). `file` must outlive the program (a string literal).
struct Loc {
  const char* file;
  unsigned line;
  unsigned column;
};

/// Prints `thread 'NAME' panicked at FILE:LINE:COLUMN:` and MESSAGE to stderr, as Rust does, then
/// exits the whole process with status 101 (panic = abort: no destructors run, stdout is flushed).
/// NAME is the current thread's name: `main` unless the thread is a runtime worker
/// (`asyncc-worker-N`, N from 0). Safe to call from any thread; the first panic wins.
[[noreturn]] void panic_at(std::string_view file, unsigned line, unsigned column,
                           std::string_view message);

/// `panic_at(loc.file, loc.line, loc.column, message)`.
[[noreturn]] void panic_at(const Loc& loc, std::string_view message);

/// A panic raised by the runtime itself (misuse of its API); reported at the runtime's own source.
[[noreturn]] void panic_here(const char* file, unsigned line, std::string_view message);

/// The name panics report for the calling thread.
const std::string& current_thread_name();
/// Sets the name panics report for the calling thread (the runtime names its workers).
void set_current_thread_name(std::string name);

}  // namespace asyncc

#define ASYNCC_PANIC(msg) ::asyncc::panic_here(__FILE__, __LINE__, (msg))
