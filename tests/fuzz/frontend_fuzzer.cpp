// Fuzzes the front end and sema: any bytes must give diagnostics or an AST and its types, never a crash, a hang,
// a sanitizer report or console output from ANTLR.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/ast/dump.hpp"
#include "compiler/diag/diagnostic.hpp"
#include "compiler/diag/render.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/sema/sema.hpp"
#include "compiler/source/source_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace asyncc;
  source::SourceFile file("fuzz.adsl", std::string(reinterpret_cast<const char*>(data), size));
  diag::DiagSink sink(file);
  if (auto bad = file.first_invalid_utf8()) {
    sink.emit(diag::Diagnostic::make(diag::Kind::InvalidUtf8, "stream did not contain valid UTF-8").primary({*bad, *bad + 1}));
  } else {
    ast::File tree = parse::parse(file, sink);
    if (!sink.has_errors()) {
      (void)ast::dump(tree, file);
      // Semantic analysis, with and without the error-type fallback.
      for (bool rust_compat : {false, true}) {
        diag::DiagSink sema_sink(file);
        sema::Options options;
        options.rust_compat = rust_compat;
        auto program = sema::analyze(tree, sema_sink, options);
        if (!sema_sink.has_errors()) (void)sema::dump_types(*program, tree, file);
        for (const diag::Diagnostic& d : sema_sink.diagnostics()) {
          (void)diag::render_human(d, file);
          (void)diag::render_json(d, file);
        }
      }
    }
    diag::DiagSink token_sink(file);
    (void)parse::dump_tokens(file, token_sink);
  }
  for (const diag::Diagnostic& d : sink.diagnostics()) {
    (void)diag::render_human(d, file);
    (void)diag::render_json(d, file);
  }
  return 0;
}
