#include "compiler/diag/render.hpp"

#include <gtest/gtest.h>

namespace asyncc::diag {
namespace {

using source::SourceFile;

TEST(RenderJson, HasRustcFieldsWithCharacterColumns) {
  SourceFile f("b.rs", "\tlet caf\xC3\xA9 = 1; let q: i32 = \"x\";\n");
  Diagnostic d;
  d.code = "E0308";
  d.message = "mismatched types";
  auto at = static_cast<std::uint32_t>(f.text().find("\"x\""));
  d.primary({at, at + 3}, "expected `i32`, found `&str`");
  std::string json = render_json(d, f);
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(json.find('\n'), json.size() - 1) << "one object a line";
  EXPECT_NE(json.find("\"message\":\"mismatched types\""), std::string::npos);
  EXPECT_NE(json.find("\"code\":{\"code\":\"E0308\",\"explanation\":null}"), std::string::npos);
  EXPECT_NE(json.find("\"level\":\"error\""), std::string::npos);
  EXPECT_NE(json.find("\"line_start\":1,\"line_end\":1,\"column_start\":29,\"column_end\":32"), std::string::npos) << json;
  EXPECT_NE(json.find("\"is_primary\":true"), std::string::npos);
  EXPECT_NE(json.find("\"label\":\"expected `i32`, found `&str`\""), std::string::npos);
  EXPECT_NE(json.find("\"text\":\"\\tlet caf\xC3\xA9 = 1; let q: i32 = \\\"x\\\";\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"rendered\":\"error[E0308]: mismatched types\\n"), std::string::npos);
}

TEST(RenderJson, SuggestionsAreChildrenWithReplacement) {
  SourceFile f("e.rs", "Ok(())\n");
  Diagnostic d;
  d.code = "E0282";
  d.message = "type annotations needed";
  d.primary({0, 2}, "cannot infer type");
  d.suggest("consider specifying the generic arguments", {2, 2}, "::<(), E>", Applicability::HasPlaceholders);
  std::string json = render_json(d, f);
  EXPECT_NE(json.find("\"children\":[{\"message\":\"consider specifying the generic arguments\",\"code\":null,\"level\":\"help\""),
            std::string::npos) << json;
  EXPECT_NE(json.find("\"suggested_replacement\":\"::<(), E>\",\"suggestion_applicability\":\"HasPlaceholders\""),
            std::string::npos) << json;
}

TEST(RenderJson, SummaryIsADiagnosticToo) {
  EXPECT_EQ(render_summary_json(2, 0),
            "{\"$message_type\":\"diagnostic\",\"message\":\"aborting due to 2 previous errors\",\"code\":null,"
            "\"level\":\"error\",\"spans\":[],\"children\":[],\"rendered\":\"error: aborting due to 2 previous errors\\n\\n\"}\n");
  EXPECT_EQ(render_summary_json(0, 0), "");
}

}  // namespace
}  // namespace asyncc::diag
