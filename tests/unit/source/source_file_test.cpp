#include "compiler/source/source_file.hpp"

#include <gtest/gtest.h>

namespace asyncc::source {
namespace {

TEST(SourceFile, LineAndColumnCountCharactersNotBytes) {
  SourceFile f("a.adsl", "ab\n\xC3\xA9x\n");  // "é" is two bytes
  EXPECT_EQ(f.line_col(0), (LineCol{1, 1}));
  EXPECT_EQ(f.line_col(1), (LineCol{1, 2}));
  EXPECT_EQ(f.line_col(3), (LineCol{2, 1}));
  EXPECT_EQ(f.line_col(5), (LineCol{2, 2}));  // `x` after the two-byte `é`
  EXPECT_EQ(f.line_col(4), (LineCol{2, 1}));  // inside `é` counts as `é`
  EXPECT_EQ(f.line_count(), 3u);
}

TEST(SourceFile, LineTextDropsLfAndCrLf) {
  SourceFile f("a.adsl", "one\r\ntwo\nthree");
  EXPECT_EQ(f.line_text(1), "one");
  EXPECT_EQ(f.line_text(2), "two");
  EXPECT_EQ(f.line_text(3), "three");
  EXPECT_EQ(f.line_col(5), (LineCol{2, 1}));
}

TEST(SourceFile, EndOfFileAfterANewlineIsOnTheLastLine) {
  // rustc reports the end of `fn main() {\n` at 1:13, just past the newline.
  SourceFile f("a.adsl", "fn main() {\n");
  EXPECT_EQ(f.line_col(12), (LineCol{1, 13}));
  SourceFile g("b.adsl", "a\n\n");
  EXPECT_EQ(g.line_col(3), (LineCol{2, 2}));
  EXPECT_EQ(g.line_col(2), (LineCol{2, 1}));
}

TEST(SourceFile, EmptyFileHasOneEmptyLine) {
  SourceFile f("e.adsl", "");
  EXPECT_EQ(f.line_count(), 1u);
  EXPECT_EQ(f.line_text(1), "");
  EXPECT_EQ(f.line_col(0), (LineCol{1, 1}));
  EXPECT_FALSE(f.first_invalid_utf8());
}

TEST(SourceFile, OffsetsPastTheEndClampToTheEnd) {
  SourceFile f("a.adsl", "ab");
  EXPECT_EQ(f.line_col(100), (LineCol{1, 3}));
  EXPECT_EQ(f.text(Span{1, 100}), "b");
}

TEST(SourceFile, ValidUtf8IsAccepted) {
  SourceFile f("u.adsl", "let s = \"\xE2\x98\xBA \xF0\x9F\x98\x80\";");
  EXPECT_FALSE(f.first_invalid_utf8());
}

TEST(SourceFile, FindsTheFirstInvalidByte) {
  EXPECT_EQ(SourceFile("a", "ab\xFF" "c").first_invalid_utf8(), 2u);
  EXPECT_EQ(SourceFile("a", "a\xC3").first_invalid_utf8(), 1u);             // truncated sequence
  EXPECT_EQ(SourceFile("a", "\xC0\xAF").first_invalid_utf8(), 0u);          // overlong
  EXPECT_EQ(SourceFile("a", "x\xED\xA0\x80").first_invalid_utf8(), 1u);     // surrogate
  EXPECT_EQ(SourceFile("a", "\xF4\x90\x80\x80").first_invalid_utf8(), 0u);  // past U+10FFFF
  EXPECT_EQ(SourceFile("a", "\x80").first_invalid_utf8(), 0u);              // lone continuation
}

TEST(SourceFile, CountChars) {
  EXPECT_EQ(count_chars("a\xC3\xA9\xF0\x9F\x98\x80"), 3u);
}

TEST(SourceFile, ReadReportsMissingFileInOneLine) {
  std::string error;
  auto f = SourceFile::read("/nonexistent/dir/x.adsl", error);
  EXPECT_FALSE(f);
  EXPECT_EQ(error, "couldn't read `/nonexistent/dir/x.adsl`: No such file or directory");
}

TEST(SourceFile, ReadRejectsADirectory) {
  std::string error;
  EXPECT_FALSE(SourceFile::read("/tmp", error));
  EXPECT_EQ(error, "couldn't read `/tmp`: it is a directory");
}

}  // namespace
}  // namespace asyncc::source
