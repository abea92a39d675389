// Fuzzes the front end: any bytes must give diagnostics or an AST, never a crash, a hang,
// a sanitizer report or console output from ANTLR.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/ast/dump.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/diag/render.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/source/source_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace asyncc;
  source::SourceFile file("fuzz.adsl", std::string(reinterpret_cast<const char*>(data), size));
  diag::DiagSink sink(file);
  if (auto bad = file.first_invalid_utf8()) {
    sink.emit(diag::Diagnostic::make(diag::Kind::InvalidUtf8, "stream did not contain valid UTF-8").primary({*bad, *bad + 1}));
  } else {
    ast::File tree = parse::parse(file, sink);
    if (!sink.has_errors()) (void)ast::dump(tree, file);
    diag::DiagSink token_sink(file);
    (void)parse::dump_tokens(file, token_sink);
  }
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    (void)diag::render_human(d, file);
    (void)diag::render_json(d, file);
  }
  return 0;
}
