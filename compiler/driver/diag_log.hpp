// The test suite's record of which diagnostic kinds it has seen: with ASYNCC_DIAG_LOG=FILE in
// the environment, asyncc appends the kind name (`UnterminatedString`, diagnostic_kind.def) of
// every diagnostic it reports to FILE, one a line. The lit suite sets it, and the ctest test
// `diag_kinds_covered` then fails for every kind in diagnostic_kind.def that no test produced.
#pragma once

#include "compiler/diag/diagnostic.hpp"

namespace asyncc::driver {

/// The environment variable naming the log.
inline constexpr const char* diag_log_variable = "ASYNCC_DIAG_LOG";

/// Appends the kinds of `sink`'s diagnostics to the file named by $ASYNCC_DIAG_LOG, if set, in
/// one append-mode write so that parallel compilations do not interleave lines. Failing to
/// write is not an error of the compilation: the coverage check will miss the kinds instead.
void log_diagnostic_kinds(const diag::DiagSink& sink);

}  // namespace asyncc::driver
