// `asyncc`: the command line (COMPILER.md §3). Parses options with CLI11 and hands them to
// the driver library; nothing else of substance lives here.
#include <algorithm>
#include <iostream>
#include <vector>
#include <exception>
#include <map>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "compiler/driver/build.hpp"
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

// `asyncc build INPUT [-o EXE] [-- C++ flags]` and `asyncc run INPUT [-- program args]`.
int build_or_run(bool is_run, int argc, char** argv) {
  using namespace asyncc::driver;
  BuildOptions options;
  std::vector<std::string> args;
  int i = 2;
  for (; i < argc && std::string(argv[i]) != "--"; ++i) args.emplace_back(argv[i]);
  std::vector<std::string> rest;
  for (++i; i < argc; ++i) rest.emplace_back(argv[i]);
  (is_run ? options.program_args : options.cxx_flags) = rest;
  const std::string name = is_run ? "run" : "build";
  CLI::App app{is_run ? "asyncc run: translate, compile (cached by content) and run an ADSL program"
                      : "asyncc build: translate an ADSL program and compile it into an executable; what follows "
                        "`--` goes to the C++ compiler (flags, and C++ files to link, e.g. extern \"C++\" definitions)",
               "asyncc " + name};
  app.add_option("INPUT", options.translate.input, "the .adsl file")->required()->type_name("FILE");
  if (!is_run) app.add_option("-o", options.executable, "the executable (default: INPUT without .adsl)")->type_name("EXE");
  app.add_flag("--no-line-directives", [&options](std::int64_t) { options.translate.line_directives = false; },
               "no #line directives in the generated C++");
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n\nFor more information, try `asyncc " << name << " --help`.\n";
    return 2;
  }
  try {
    return is_run ? run(options) : build(options);
  } catch (const std::exception& e) {
    std::cerr << "error: internal compiler error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace asyncc::driver;
  if (argc >= 2 && (std::string(argv[1]) == "build" || std::string(argv[1]) == "run")) {
    return build_or_run(std::string(argv[1]) == "run", argc, argv);
  }
  Options options;
  CLI::App app{"asyncc: translates ADSL (async Rust-subset) programs to C++17 state machines", "asyncc"};
  app.footer(
      "Outputs are written atomically. When the translation fails (exit status 1 or 2), nothing is written and "
      "any earlier -o/--header files at those paths are removed, so a build never compiles stale output.");
  app.set_version_flag("--version", "asyncc " ASYNCC_VERSION);
  app.add_option("INPUT", options.input, "the .adsl file to translate (`-` reads standard input)")
      ->required()
      ->type_name("FILE");
  app.add_option("-o", options.output, "output file (`-` = standard output)")->type_name("FILE");
  app.add_option("--header", options.header,
                 "also write a header with every pub item to FILE; the output includes it (by its path "
                 "relative to the output's folder)")
      ->type_name("FILE");
  add_choice(app, "--emit", options.emit,
             {{"cpp", Emit::Cpp}, {"tokens", Emit::Tokens}, {"ast", Emit::Ast}, {"types", Emit::Types}, {"ir", Emit::Ir},
              {"state-graph", Emit::StateGraph}},
             "cpp (default), or print the tokens, the AST, the inferred types, the lowered IR or the state graph "
             "(Graphviz dot) instead (to standard output unless -o)");
  app.add_option("--namespace", options.ns, "C++ namespace of the translated items (default: the file stem)")
      ->type_name("NS");
  app.add_flag("--no-line-directives", [&options](std::int64_t) { options.line_directives = false; },
               "no #line directives in the generated C++");
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
