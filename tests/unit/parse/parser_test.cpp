#include <gtest/gtest.h>

#include "compiler/ast/dump.hpp"
#include "compiler/parse/parse.hpp"

namespace asyncc::parse {
namespace {

struct Parsed {
  std::string dump;
  std::vector<std::string> errors;
};

Parsed parse_text(std::string_view text) {
  source::SourceFile file("t.adsl", std::string(text));
  diag::DiagSink sink(file);
  ast::File f = parse(file, sink);
  Parsed out;
  out.dump = ast::dump(f, file);
  for (const auto& d : sink.diagnostics()) out.errors.push_back(d.message);
  return out;
}

TEST(Parser, HelloWorld) {
  Parsed p = parse_text("fn main() {\n    println!(\"hi {}\", 1);\n}\n");
  EXPECT_TRUE(p.errors.empty()) << p.errors[0];
  EXPECT_EQ(p.dump,
            "FnItem main 1:1-3:2\n"
            "  Block 1:11-3:2\n"
            "    ExprStmt semi 2:5-2:26\n"
            "      MacroExpr println! 2:5-2:25\n"
            "        StrLitExpr \"hi {}\" 2:14-2:21\n"
            "        IntLitExpr 1 2:23-2:24\n");
}

}  // namespace
}  // namespace asyncc::parse

namespace asyncc::parse {
namespace {

TEST(ParserProfile, Scratch) {
  const char* path = std::getenv("ASYNCC_PROFILE_FILE");
  if (!path) GTEST_SKIP();
  std::string error;
  auto file = source::SourceFile::read(path, error);
  ASSERT_TRUE(file);
  diag::DiagSink sink(*file);
  Options options;
  options.profile = true;
  ProfileStats stats;
  parse(*file, sink, options, &stats);
  EXPECT_EQ(sink.error_count(), 0u);
  std::printf("chunks=%zu sll_failures=%zu ll=%zu ambiguities=%zu ctx=%zu\n", stats.chunks, stats.sll_failures,
              stats.ll_decisions, stats.ambiguities, stats.context_sensitivities);
}

}  // namespace
}  // namespace asyncc::parse
