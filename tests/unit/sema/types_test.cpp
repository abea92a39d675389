// The type table: interning makes equal types equal ids; rustc's spelling of types.
#include <gtest/gtest.h>

#include "compiler/sema/sema.hpp"

namespace asyncc::sema {
namespace {

TEST(TypeTable, InterningGivesOneIdPerType) {
  TypeTable t;
  const TypeId a = t.result(t.vec(t.int_type(IntKind::I64)), t.string);
  const TypeId b = t.result(t.vec(t.int_type(IntKind::I64)), t.string);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, t.result(t.vec(t.int_type(IntKind::I32)), t.string));
  EXPECT_EQ(t.tuple({}), t.unit);
  EXPECT_EQ(t.arg_count(a), 2u);
  EXPECT_EQ(t.arg(a, 1), t.string);
  EXPECT_EQ(t.with_args(a, {t.boolean, t.boolean}), t.result(t.boolean, t.boolean));
}

TEST(TypeTable, FuturesAreNominal) {
  TypeTable t;
  int origin_a = 0, origin_b = 0;
  const TypeId fa = t.future(FutureKind::AsyncBlock, &origin_a, {t.unit});
  EXPECT_EQ(fa, t.future(FutureKind::AsyncBlock, &origin_a, {t.unit}));
  EXPECT_NE(fa, t.future(FutureKind::AsyncBlock, &origin_b, {t.unit}));
}

TEST(TypeNames, RustcSpelling) {
  Program p;
  TypeTable& t = p.types;
  EXPECT_EQ(p.type_name(t.result(t.unit, t.opaque(OpaqueKind::IoError))), "Result<(), IoError>");
  EXPECT_EQ(p.type_name(t.tuple({t.int_type(IntKind::U8)})), "(u8,)");
  EXPECT_EQ(p.type_name(t.tuple({t.str, t.f64})), "(&str, f64)");
  EXPECT_EQ(p.type_name(t.var(TypeKind::IntVar, 0)), "{integer}");
  EXPECT_EQ(p.type_name(t.var(TypeKind::Var, 0)), "_");
  EXPECT_EQ(p.type_name(t.future(FutureKind::Sleep, nullptr, {t.unit})), "impl Future<Output = ()>");
  EXPECT_EQ(p.type_name(t.ref(t.vec(t.character), true)), "&mut Vec<char>");
}

TEST(Copy, TheRulesOfLanguageSection2) {
  Program p;
  TypeTable& t = p.types;
  EXPECT_TRUE(p.is_copy(t.int_type(IntKind::Usize)));
  EXPECT_TRUE(p.is_copy(t.tuple({t.boolean, t.character, t.f64})));
  EXPECT_TRUE(p.is_copy(t.str));
  EXPECT_FALSE(p.is_copy(t.string));
  EXPECT_FALSE(p.is_copy(t.tuple({t.boolean, t.string})));
  EXPECT_TRUE(p.is_copy(t.option(t.int_type(IntKind::I32))));  // as in Rust, so rustc's programs stay valid
  EXPECT_FALSE(p.is_copy(t.option(t.string)));
  EXPECT_FALSE(p.is_copy(t.result(t.unit, t.opaque(OpaqueKind::IoError))));
  EXPECT_FALSE(p.is_copy(t.future(FutureKind::YieldNow, nullptr, {t.unit})));
}

}  // namespace
}  // namespace asyncc::sema
