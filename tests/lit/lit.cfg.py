# lit configuration for asyncc's golden-file tests (after clang's test/lit.cfg.py).
# Substitutions: %asyncc (the driver under test), FileCheck, not, count from LLVM 14.
import os
import lit.formats

config.name = "asyncc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".adsl", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.asyncc_obj_root, "tests", "lit")

# Tools resolve to this build and to LLVM 14's FileCheck/not/count, never to whatever is on PATH.
config.environment["PATH"] = os.pathsep.join([config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.substitutions.append(("%asyncc", config.asyncc_path))
config.substitutions.append(("%src_root", config.asyncc_src_root))
# `%expect_exit N cmd...`: cmd must exit with exactly N (0 ok, 1 program errors, 2 usage/I-O).
config.substitutions.append(("%expect_exit", "python3 " + os.path.join(config.test_source_root, "Inputs", "expect_exit.py")))
# Diagnostics must not depend on the terminal the suite runs in.
config.environment["NO_COLOR"] = "1"
# Every diagnostic asyncc reports is logged by kind, so that ctest's `diag_kinds_covered` can
# check that each kind in diagnostic_kind.def is produced by some test (ctest empties the log
# before the suite runs).
if getattr(config, "diag_log", ""):
    config.environment["ASYNCC_DIAG_LOG"] = config.diag_log
if config.sanitize:
    config.available_features.add("sanitizer")

# Compiling and running generated C++ (tests/lit/run): both compilers, warnings as errors.
# `%gxx`/`%clangxx` are the compilers, `%cxxflags` the flags every generated file must pass
# (plus the sanitizers of a sanitizer build, whose runtime library needs them), `%cxxflags20`
# the same at -std=c++20, `%runtime_lib` the runtime to link, `%runtime_include` its headers.
# The matrix rule (issue 5): every run test is built with both compilers, one of them at C++17
# and the other at C++20, so the suite covers both standards without doubling its time.
import shutil
_cxxflags = "-std=c++17 -Wall -Wextra -Wpedantic -Werror -I" + config.runtime_include
if config.sanitize:
    _cxxflags += " -fsanitize=" + config.sanitize + " -fno-omit-frame-pointer"
config.substitutions.append(("%gxx", shutil.which("g++") or "g++"))
config.substitutions.append(("%clangxx", shutil.which("clang++") or "clang++"))
config.substitutions.append(("%cxxflags20", _cxxflags.replace("-std=c++17", "-std=c++20")))
config.substitutions.append(("%cxxflags", _cxxflags))
config.substitutions.append(("%runtime_lib", config.runtime_lib + " -pthread"))
config.substitutions.append(("%runtime_include", config.runtime_include))
if shutil.which("clang++"):
    config.available_features.add("clang")
