#!/usr/bin/env python3
"""check_diag_coverage.py KINDS.def LOG: fails, naming them, when some diagnostic kind listed in
KINDS.def (compiler/diag/diagnostic_kind.def) never appears in LOG, the kinds asyncc reported
while the lit suite ran (ASYNCC_DIAG_LOG, see compiler/driver/diag_log.hpp).

The kinds are read from the .def file itself, so a kind added there must come with a test."""
import re
import sys

KIND_RE = re.compile(r"^\s*ASYNCC_DIAG\(\s*(\w+)\s*,")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    def_path, log_path = argv
    with open(def_path, encoding="utf-8") as f:
        kinds = [m.group(1) for m in map(KIND_RE.match, f) if m]
    if not kinds:
        print(f"check_diag_coverage: no ASYNCC_DIAG(...) lines in {def_path}", file=sys.stderr)
        return 2
    try:
        with open(log_path, encoding="utf-8") as f:
            seen = {line.strip() for line in f if line.strip()}
    except FileNotFoundError:
        print(f"check_diag_coverage: no log at {log_path}: did the lit suite run?", file=sys.stderr)
        return 1
    missing = [k for k in kinds if k not in seen]
    unknown = sorted(seen - set(kinds))
    if unknown:
        print(f"check_diag_coverage: kinds in the log but not in {def_path} (a stale asyncc?): {', '.join(unknown)}")
    if missing:
        print(f"check_diag_coverage: {len(missing)} of {len(kinds)} diagnostic kinds are never reported by a lit test:")
        for k in missing:
            print(f"  {k}")
        print("Add a test under tests/lit/ that produces each (asyncc --verify makes that one file),")
        print("or remove the kind from diagnostic_kind.def if nothing can report it.")
        return 1
    print(f"check_diag_coverage: all {len(kinds)} diagnostic kinds are reported by some lit test")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
