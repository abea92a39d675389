// ASYNCC_DIAG_LOG: the kinds of reported diagnostics, appended to a file for the coverage check.
#include "compiler/driver/diag_log.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace asyncc::driver {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(DiagLog, AppendsOneKindNameALineWhenTheVariableIsSet) {
  std::string path = testing::TempDir() + "diag_log_test_XXXXXX";
  const int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  ::close(fd);

  source::SourceFile file("t.adsl", "fn main() {}\n");
  diag::DiagSink sink(file);
  sink.emit(diag::Diagnostic::make(diag::Kind::UnterminatedString, "a"));
  sink.emit(diag::Diagnostic::make(diag::Kind::UnknownMacro, "b"));

  ::unsetenv(diag_log_variable);
  log_diagnostic_kinds(sink);
  EXPECT_EQ(slurp(path), "");

  ::setenv(diag_log_variable, path.c_str(), 1);
  log_diagnostic_kinds(sink);
  log_diagnostic_kinds(sink);
  ::unsetenv(diag_log_variable);
  EXPECT_EQ(slurp(path), "UnterminatedString\nUnknownMacro\nUnterminatedString\nUnknownMacro\n");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace asyncc::driver
