#!/usr/bin/env python3
"""check_sample.py SAMPLE.adsl EXE: runs EXE (the compiled sample) and checks it against the
sample's expectations, which live next to SAMPLE.adsl (format: samples/README.md):
  SAMPLE.expected         its exact standard output;
  SAMPLE.expected-stderr  its exact standard error, if that file exists;
  `// expect-exit: N`     a comment among the first lines of SAMPLE.adsl giving the exit
                          status (0 when there is none).
A sample that runs longer than the time limit fails instead of hanging the suite."""
import difflib
import pathlib
import re
import subprocess
import sys

TIME_LIMIT_S = 60
HEADER_LINES = 5


def expected_exit(source: pathlib.Path) -> int:
    for line in source.read_text(encoding="utf-8").splitlines()[:HEADER_LINES]:
        m = re.fullmatch(r"//\s*expect-exit:\s*(\d+)\s*", line)
        if m:
            return int(m.group(1))
    return 0


def diff(name: str, want: str, got: str) -> str:
    return "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                        f"{name} (expected)", f"{name} (actual)"))


def main() -> int:
    source, exe = pathlib.Path(sys.argv[1]), sys.argv[2]
    try:
        run = subprocess.run([exe], capture_output=True, timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        print(f"check_sample: {exe} ran longer than {TIME_LIMIT_S} s", file=sys.stderr)
        return 1
    stdout, stderr = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    failures = []
    want_exit = expected_exit(source)
    if run.returncode != want_exit:
        failures.append(f"exit status {run.returncode}, expected {want_exit}")
    want_out = source.with_suffix(".expected").read_text(encoding="utf-8")
    if stdout != want_out:
        failures.append("standard output differs:\n" + diff("stdout", want_out, stdout))
    stderr_file = source.with_suffix(".expected-stderr")
    if stderr_file.exists():
        want_err = stderr_file.read_text(encoding="utf-8")
        if stderr != want_err:
            failures.append("standard error differs:\n" + diff("stderr", want_err, stderr))
    if failures:
        print(f"check_sample: {source.name}: " + "\n".join(failures), file=sys.stderr)
        if stderr and not stderr_file.exists():
            print("its standard error was:\n" + stderr, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
