// The core protocol: Poll, Unit, Option/Result/Either, debug_fmt, BoxFuture, panics.
#include <gtest/gtest.h>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

TEST(Poll, ReadyAndPending) {
  auto r = Poll<int>::ready(3);
  EXPECT_TRUE(r.is_ready());
  EXPECT_EQ(r.value(), 3);
  auto p = Poll<int>::pending();
  EXPECT_FALSE(p.is_ready());
}

TEST(Poll, OwnsANonTrivialValue) {
  // Copies, moves and assignments construct and destroy the value exactly when it is there
  // (the sanitizer builds check the leaks and double frees).
  auto a = Poll<std::string>::pending();
  a = Poll<std::string>::ready(std::string(40, 'x'));
  auto b = a;
  EXPECT_EQ(b.value(), a.value());
  b = Poll<std::string>::pending();
  EXPECT_TRUE(b.is_pending());
  auto c = std::move(a);
  EXPECT_EQ(c.value(), std::string(40, 'x'));
  b = c;
  EXPECT_EQ(b.value().size(), 40u);
  static_assert(std::is_trivially_copyable<Poll<std::uint64_t>>::value, "returned in registers");
}

TEST(Values, OptionResultEither) {
  EXPECT_EQ(Option<int>::some(1), Option<int>::some(1));
  EXPECT_NE(Option<int>::some(1), Option<int>::none());
  EXPECT_TRUE(Option<int>::none().is_none());
  auto ok = Result<int, std::string>::ok(3);
  auto err = Result<int, std::string>::err("x");
  EXPECT_TRUE(ok.is_ok());
  EXPECT_TRUE(err.is_err());
  EXPECT_EQ(ok.value(), 3);
  EXPECT_EQ(err.error(), "x");
  EXPECT_NE(ok, err);
  // Same type on both sides still keeps the alternatives apart.
  EXPECT_NE((Result<int, int>::ok(1)), (Result<int, int>::err(1)));
  auto l = Either<int, std::string>::make_left(1);
  EXPECT_TRUE(l.is_left());
  EXPECT_EQ(l.left(), 1);
  EXPECT_EQ(Unit{}, Unit{});
}

TEST(DebugFmt, ScalarsAndStrings) {
  EXPECT_EQ(debug_fmt(3), "3");
  EXPECT_EQ(debug_fmt(-7L), "-7");
  EXPECT_EQ(debug_fmt(std::int8_t{-5}), "-5");
  EXPECT_EQ(debug_fmt(std::uint8_t{200}), "200");
  EXPECT_EQ(debug_fmt(true), "true");
  EXPECT_EQ(debug_fmt(Unit{}), "()");
  EXPECT_EQ(debug_fmt(std::string("a\"b\\c\n\t\r\x01")), "\"a\\\"b\\\\c\\n\\t\\r\\u{1}\"");
  EXPECT_EQ(debug_fmt(std::string("it's é")), "\"it's é\"");
  EXPECT_EQ(debug_fmt(U'\''), "'\\''");
  EXPECT_EQ(debug_fmt(U'"'), "'\"'");
  EXPECT_EQ(debug_fmt(U'é'), "'é'");
  EXPECT_EQ(debug_fmt(std::string_view("x")), "\"x\"");
}

TEST(DebugFmt, FloatsLikeRust) {
  EXPECT_EQ(debug_fmt(1.0), "1.0");
  EXPECT_EQ(debug_fmt(0.1), "0.1");
  EXPECT_EQ(debug_fmt(-2.5), "-2.5");
  EXPECT_EQ(debug_fmt(1e15), "1000000000000000.0");
  EXPECT_EQ(debug_fmt(1e16), "1e16");
  EXPECT_EQ(debug_fmt(1.5e-7), "1.5e-7");
  EXPECT_EQ(debug_fmt(0.0001), "0.0001");
  EXPECT_EQ(debug_fmt(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(debug_fmt(0.0 / 0.0), "NaN");
  EXPECT_EQ(debug_fmt(1.0 / 0.0), "inf");
}

TEST(DebugFmt, Compound) {
  EXPECT_EQ(debug_fmt(Result<int, std::string>::ok(3)), "Ok(3)");
  EXPECT_EQ(debug_fmt(Result<int, std::string>::err("NotFound")), "Err(\"NotFound\")");
  EXPECT_EQ(debug_fmt(Option<std::string>::some("a")), "Some(\"a\")");
  EXPECT_EQ(debug_fmt(Option<int>::none()), "None");
  EXPECT_EQ(debug_fmt(Either<int, int>::make_left(1)), "Left(1)");
  EXPECT_EQ(debug_fmt(Either<int, int>::make_right(2)), "Right(2)");
  EXPECT_EQ(debug_fmt(std::make_tuple(1, 2)), "(1, 2)");
  EXPECT_EQ(debug_fmt(std::make_tuple(1)), "(1,)");
  EXPECT_EQ(debug_fmt(std::vector<int>{1, 2}), "[1, 2]");
  EXPECT_EQ(debug_fmt(std::vector<int>{}), "[]");
  EXPECT_EQ(debug_fmt(std::vector<Option<std::tuple<int, std::string>>>{
                Option<std::tuple<int, std::string>>::some({1, "x"})}),
            "[Some((1, \"x\"))]");
  EXPECT_EQ(debug_fmt(Elapsed{}), "Elapsed(())");
  EXPECT_EQ(debug_fmt(SendError{}), "SendError { .. }");
  EXPECT_EQ(debug_fmt(Result<Unit, SendError>::err(SendError{})), "Err(SendError { .. })");
}

}  // namespace

namespace user {
struct Point {
  int x;
  int y;
};
// The extension hook: found by argument-dependent lookup, also inside the runtime's templates.
void debug_write(std::string& out, const Point& p) {
  out += "Point { x: ";
  asyncc::debug_write(out, p.x);
  out += ", y: ";
  asyncc::debug_write(out, p.y);
  out += " }";
}
}  // namespace user

namespace {

TEST(DebugFmt, UserTypesThroughAdl) {
  EXPECT_EQ(debug_fmt(user::Point{1, 2}), "Point { x: 1, y: 2 }");
  EXPECT_EQ(debug_fmt(std::vector<Option<user::Point>>{Option<user::Point>::some({3, 4})}),
            "[Some(Point { x: 3, y: 4 })]");
}

TEST(BoxFuture, ErasesTheTypeAndPolls) {
  int polls = 0;
  BoxFuture<int> b(poll_fn<int>([&polls, n = 0](Context& cx) mutable {
    ++polls;
    if (++n < 3) {
      cx.waker().wake_by_ref();
      return Poll<int>::pending();
    }
    return Poll<int>::ready(42);
  }));
  EXPECT_EQ(polls, 0);  // lazy
  EXPECT_EQ(block_on(std::move(b)), 42);
  EXPECT_EQ(polls, 3);
}

TEST(BoxFuture, DroppingItRunsTheDestructor) {
  auto drops = std::make_shared<std::atomic<int>>(0);
  {
    BoxFuture<Unit> b(poll_fn<Unit>([d = DropCounter(drops)](Context&) { return Poll<Unit>::pending(); }));
    EXPECT_EQ(*drops, 0);
  }
  EXPECT_EQ(*drops, 1);
}

using PanicDeathTest = ::testing::Test;

TEST(PanicDeathTest, PanicAtPrintsRustFormatAndExits101) {
  EXPECT_EXIT(panic_at("src/main.adsl", 3, 5, "boom"), ::testing::ExitedWithCode(101),
              "thread 'main' panicked at src/main.adsl:3:5:\nboom\n");
}

TEST(PanicDeathTest, WrongAlternativePanics) {
  EXPECT_EXIT((void)Option<int>::none().value(), ::testing::ExitedWithCode(101),
              "called `Option::unwrap\\(\\)` on a `None` value");
  EXPECT_EXIT((void)(Result<int, std::string>::err("bad").value()), ::testing::ExitedWithCode(101),
              "called `Result::unwrap\\(\\)` on an `Err` value: \"bad\"");
  EXPECT_EXIT((void)(Either<int, int>::make_left(1).right()), ::testing::ExitedWithCode(101), "Either");
}

}  // namespace
