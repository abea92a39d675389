#include "compiler/diag/diagnostic.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace asyncc::diag {
namespace {

TEST(Diagnostic, MakeTakesLevelAndCodeFromTheKindTable) {
  Diagnostic d = Diagnostic::make(Kind::UnterminatedString, "unterminated double quote string");
  EXPECT_EQ(d.level, Level::Error);
  EXPECT_EQ(d.code, "E0765");
  EXPECT_STREQ(kind_name(Kind::UnterminatedString), "UnterminatedString");
}

TEST(Diagnostic, KindNamesAreUnique) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < kind_count; ++i) names.insert(kind_name(static_cast<Kind>(i)));
  EXPECT_EQ(names.size(), kind_count);
}

TEST(DiagSink, CountsErrorsAndWarnings) {
  source::SourceFile f("a.adsl", "x");
  DiagSink sink(f);
  Diagnostic w;
  w.level = Level::Warning;
  sink.emit(w);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(sink.warning_count(), 1u);
  sink.set_warnings_as_errors(true);
  sink.emit(w);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.diagnostics().back().level, Level::Error);
}

TEST(Diagnostic, PrimarySpanPrefersThePrimaryLabel) {
  Diagnostic d;
  d.secondary({1, 2}, "a").primary({5, 6}, "b");
  EXPECT_EQ(d.primary_span(), (source::Span{5, 6}));
}

}  // namespace
}  // namespace asyncc::diag
