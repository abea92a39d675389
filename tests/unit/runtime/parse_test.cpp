// `parse::<T>()` with Rust's results and error kinds.
#include <gtest/gtest.h>

#include <cmath>

#include <asyncc/runtime.hpp>

namespace {

using namespace asyncc;

TEST(ParseInt, ValuesAndErrorsLikeRust) {
  EXPECT_EQ(parse_int<std::int64_t>("42"), (Result<std::int64_t, ParseIntError>::ok(42)));
  EXPECT_EQ(parse_int<std::int64_t>("-42").value(), -42);
  EXPECT_EQ(parse_int<std::int64_t>("+7").value(), 7);
  EXPECT_EQ(parse_int<std::int64_t>("-0").value(), 0);
  EXPECT_EQ(parse_int<std::int64_t>("-9223372036854775808").value(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parse_int<std::uint64_t>("18446744073709551615").value(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(parse_int<std::int8_t>("-128").value(), -128);
  EXPECT_EQ(debug_fmt(parse_int<std::int32_t>("")), "Err(ParseIntError { kind: Empty })");
  EXPECT_EQ(debug_fmt(parse_int<std::int32_t>("12a")), "Err(ParseIntError { kind: InvalidDigit })");
  EXPECT_EQ(debug_fmt(parse_int<std::int32_t>(" 1")), "Err(ParseIntError { kind: InvalidDigit })");
  EXPECT_EQ(debug_fmt(parse_int<std::int32_t>("-")), "Err(ParseIntError { kind: InvalidDigit })");
  EXPECT_EQ(debug_fmt(parse_int<std::uint32_t>("-1")), "Err(ParseIntError { kind: InvalidDigit })");
  EXPECT_EQ(debug_fmt(parse_int<std::int8_t>("128")), "Err(ParseIntError { kind: PosOverflow })");
  EXPECT_EQ(debug_fmt(parse_int<std::int8_t>("-129")), "Err(ParseIntError { kind: NegOverflow })");
  EXPECT_EQ(debug_fmt(parse_int<std::int32_t>("99999999999x")), "Err(ParseIntError { kind: PosOverflow })");
  EXPECT_EQ(parse_int<std::int32_t>("x").error().to_string(), "invalid digit found in string");
}

TEST(ParseFloat, ValuesAndErrorsLikeRust) {
  EXPECT_EQ(parse_f64("1.5").value(), 1.5);
  EXPECT_EQ(parse_f64("-.5").value(), -0.5);
  EXPECT_EQ(parse_f64("5.").value(), 5.0);
  EXPECT_EQ(parse_f64("1e3").value(), 1000.0);
  EXPECT_EQ(parse_f64("+2E-1").value(), 0.2);
  EXPECT_TRUE(std::isinf(parse_f64("-inf").value()));
  EXPECT_TRUE(std::isinf(parse_f64("Infinity").value()));
  EXPECT_TRUE(std::isnan(parse_f64("NaN").value()));
  EXPECT_EQ(debug_fmt(parse_f64("")), "Err(ParseFloatError { kind: Empty })");
  EXPECT_EQ(debug_fmt(parse_f64("1.2.3")), "Err(ParseFloatError { kind: Invalid })");
  EXPECT_EQ(debug_fmt(parse_f64(".")), "Err(ParseFloatError { kind: Invalid })");
  EXPECT_EQ(debug_fmt(parse_f64("1e")), "Err(ParseFloatError { kind: Invalid })");
  EXPECT_EQ(debug_fmt(parse_f64(" 1")), "Err(ParseFloatError { kind: Invalid })");
  EXPECT_EQ(debug_fmt(parse_f64("0x10")), "Err(ParseFloatError { kind: Invalid })");
}

}  // namespace
