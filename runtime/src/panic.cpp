#include "asyncc/panic.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

namespace asyncc {
namespace {

std::string& thread_name_slot() {
  thread_local std::string name = "main";
  return name;
}

std::atomic<bool> g_panicking{false};

}  // namespace

const std::string& current_thread_name() { return thread_name_slot(); }

void set_current_thread_name(std::string name) { thread_name_slot() = std::move(name); }

void panic_at(std::string_view file, unsigned line, unsigned column, std::string_view message) {
  if (g_panicking.exchange(true)) {
    // Another thread is already reporting; it will end the process.
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  std::cout.flush();
  std::fflush(stdout);
  std::string text = "thread '" + current_thread_name() + "' panicked at ";
  text.append(file);
  text += ':' + std::to_string(line) + ':' + std::to_string(column) + ":\n";
  text.append(message);
  text += "\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::_Exit(101);
}

void panic_at(const Loc& loc, std::string_view message) {
  panic_at(loc.file, loc.line, loc.column, message);
}

void panic_here(const char* file, unsigned line, std::string_view message) {
  panic_at(file, line, 1, message);
}

}  // namespace asyncc
