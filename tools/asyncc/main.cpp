// `asyncc`: the command line (COMPILER.md §3). Parses options with CLI11 and hands them to
// the driver library; nothing else of substance lives here.
#include <iostream>
#include <exception>
#include <map>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "compiler/driver/driver.hpp"

#ifndef ASYNCC_VERSION
#define ASYNCC_VERSION "unknown"
#endif

namespace {

// Adds `--NAME VALUE` restricted to the keys of `choices`, storing the mapped value.
template <typename T>
void add_choice(CLI::App& app, const std::string& name, T& target, const std::map<std::string, T>& choices,
                const std::string& help) {
  std::string names;
  for (const auto& [key, _] : choices) names += (names.empty() ? "" : "|") + key;
  app.add_option_function<std::string>(
         name, [&target, choices](const std::string& value) { target = choices.at(value); }, help)
      ->check(CLI::IsMember(choices).description(""))
      ->type_name(names);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace asyncc::driver;
  Options options;
  CLI::App app{"asyncc: translates ADSL (async Rust-subset) programs to C++17 state machines", "asyncc"};
  app.set_version_flag("--version", "asyncc " ASYNCC_VERSION);
  app.add_option("INPUT", options.input, "the .adsl file to translate (`-` reads standard input)")
      ->required()
      ->type_name("FILE");
  app.add_option("-o", options.output, "output file (`-` = standard output)")->type_name("FILE");
  add_choice(app, "--emit", options.emit, {{"tokens", Emit::Tokens}, {"ast", Emit::Ast}, {"types", Emit::Types}},
             "print the tokens, the AST or the inferred types instead of translating (to standard output unless -o)");
  app.add_flag("--check", options.check, "diagnose only, write nothing");
  app.add_flag_callback(
      "--verify", [&options] { options.verify = options.check = true; },
      "check the diagnostics against the `// expected-error {{...}}` comments in INPUT (implies --check)");
  add_choice(app, "--error-format", options.error_format,
             {{"human", ErrorFormat::Human}, {"json", ErrorFormat::Json}}, "how to print diagnostics");
  app.add_flag("--rust-compat", options.rust_compat,
               "no error-type fallback: report E0282 wherever rustc 1.95 does");
  // `-Werror` is CLI11's short option `-W` with the value `error` (as in `-W error`).
  app.add_option_function<std::string>(
         "-W", [&options](const std::string&) { options.warnings_as_errors = true; },
         "-Werror: treat warnings as errors")
      ->check(CLI::IsMember({"error"}).description(""))
      ->type_name("error");
  add_choice(app, "--color", options.color,
             {{"auto", ColorWhen::Auto}, {"always", ColorWhen::Always}, {"never", ColorWhen::Never}},
             "colour diagnostics (auto: when stderr is a terminal and NO_COLOR is unset)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << "asyncc " ASYNCC_VERSION "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n\nFor more information, try `asyncc --help`.\n";
    return 2;
  }
  // Nothing may end in an abort: resource exhaustion is reported like an I/O failure.
  try {
    return compile(options);
  } catch (const std::bad_alloc&) {
    std::cerr << "error: asyncc ran out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "error: internal compiler error: " << e.what() << "\n";
  }
  return 2;
}
