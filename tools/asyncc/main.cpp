// `asyncc`: the command line (COMPILER.md §3). Parses options with CLI11 and hands them to
// the driver library; nothing else of substance lives here.
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "compiler/driver/driver.hpp"

#ifndef ASYNCC_VERSION
#define ASYNCC_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace asyncc::driver;
  Options options;
  CLI::App app{"asyncc: translates ADSL (async Rust-subset) programs to C++17 state machines", "asyncc"};
  app.set_version_flag("--version", "asyncc " ASYNCC_VERSION);
  app.add_option("INPUT", options.input, "the .adsl file to translate (`-` reads standard input)")->required();
  app.add_option("-o", options.output, "output file (`-` = standard output)");
  const std::map<std::string, Emit> emits{{"cpp", Emit::Cpp}, {"tokens", Emit::Tokens}, {"ast", Emit::Ast}};
  app.add_option("--emit", options.emit, "what to write: cpp | tokens | ast")
      ->transform(CLI::CheckedTransformer(emits, CLI::ignore_case));
  app.add_flag("--check", options.check, "diagnose only, write nothing");
  const std::map<std::string, ErrorFormat> formats{{"human", ErrorFormat::Human}, {"json", ErrorFormat::Json}};
  app.add_option("--error-format", options.error_format, "human | json")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  const std::map<std::string, ColorWhen> colors{
      {"auto", ColorWhen::Auto}, {"always", ColorWhen::Always}, {"never", ColorWhen::Never}};
  app.add_option("--color", options.color, "auto | always | never")
      ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 returns 0 for --help/--version and non-zero for usage errors; ours are all 2.
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  return compile(options);
}
