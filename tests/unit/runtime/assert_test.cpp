// Panic reports as a whole, and `main` returning `Err` (expected outputs from rustc 1.95:
// `fn main() -> Result<(), MyError> { Err(MyError { code: 3 }) }` prints `Error: MyError { code: 3 }`
// to stderr and exits with status 1). Message-level conformance is in the generated tests.
#include <gtest/gtest.h>

#include <asyncc/runtime.hpp>

namespace {

using namespace asyncc;

struct MyError {
  std::int32_t code;
  friend void fmt_debug(fmt::Formatter& f, const MyError& e) { f.debug_struct("MyError").field("code", e.code).finish(); }
};

TEST(MainResult, OkIsZero) { EXPECT_EQ(main_result(Result<Unit, MyError>::ok(Unit{})), 0); }

TEST(MainResultDeath, ErrPrintsDebugAndExitsOne) {
  EXPECT_EXIT(std::exit(main_result(Result<Unit, MyError>::err(MyError{3}))), ::testing::ExitedWithCode(1),
              "^Error: MyError \\{ code: 3 \\}\n$");
}

TEST(PanicDeath, ReportFlushesStdoutAndEndsWithTheBacktraceNote) {
  EXPECT_EXIT(
      {
        fmt::print("partial line");
        panic_at(Loc{"src/main.adsl", 12, 5}, "boom");
      },
      ::testing::ExitedWithCode(101),
      "^thread 'main' panicked at src/main\\.adsl:12:5:\nboom\nnote: run with `RUST_BACKTRACE=1` environment "
      "variable to display a backtrace\n$");
}

TEST(Print, PrintlnAppendsANewline) {
  testing::internal::CaptureStdout();
  fmt::println("{} {:?}", 1, "a");
  fmt::print("{}", 2.5);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "1 \"a\"\n2.5");
  testing::internal::CaptureStderr();
  fmt::eprintln("e{}", 1);
  fmt::eprint("x");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "e1\nx");
}

// rustc: format!("{:>8.2}", 3.14159) == "    3.14", format!("{:#06x}", 255) == "0x00ff".
TEST(FmtWrite, PreParsedSpecs) {
  std::string out = "x=";
  fmt::write(out, fmt::Spec{U' ', fmt::Align::right, fmt::Kind::display, false, false, false, false, false, false, 8, 2},
             3.14159);
  fmt::Spec hex;
  hex.kind = fmt::Kind::lower_hex;
  hex.alternate = true;
  hex.zero_pad = true;
  hex.width = 6;
  fmt::write(out, hex, 255);
  EXPECT_EQ(out, "x=    3.140x00ff");
}

TEST(DebugWrite, OlderProtocolStillPrints) {
  EXPECT_EQ(debug_fmt(std::vector<SendError>{SendError{}}), "[SendError { .. }]");
  EXPECT_EQ(debug_fmt_pretty(Option<SendError>::some(SendError{})), "Some(\n    SendError { .. },\n)");
  std::string out;
  debug_write(out, std::vector<int>{1});
  EXPECT_EQ(out, "[1]");
}

}  // namespace
