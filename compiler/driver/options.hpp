// What the command line asked for, after CLI11 has parsed it (tools/asyncc/main.cpp).
#pragma once

#include <string>

namespace asyncc::driver {

enum class Emit { Cpp, Tokens, Ast, Types, Ir, StateGraph };
enum class ErrorFormat { Human, Json };
enum class ColorWhen { Auto, Always, Never };

struct Options {
  std::string input;   // a path, or "-" for standard input
  std::string output;  // "" = the default for the emit kind, "-" = standard output
  Emit emit = Emit::Cpp;
  bool check = false;  // diagnose only, write nothing
  bool verify = false;  // compare diagnostics with the file's `expected-*` comments (verify.hpp); set with check
  ErrorFormat error_format = ErrorFormat::Human;
  ColorWhen color = ColorWhen::Auto;
  bool rust_compat = false;         // no error-type fallback (LANGUAGE.md §6)
  bool warnings_as_errors = false;  // -Werror
  std::string header;               // --header: also write the header of the pub items ("" = none)
  std::string ns;                   // --namespace ("" = the input's stem)
  bool line_directives = true;      // --no-line-directives turns them off
};

}  // namespace asyncc::driver
