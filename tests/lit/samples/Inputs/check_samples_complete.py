#!/usr/bin/env python3
"""check_samples_complete.py ASYNCC SRC_ROOT: every samples/NAME.adsl passes `asyncc --check`
without a diagnostic, has its expected output samples/NAME.expected, and is run by the lit
test tests/lit/samples/NAME.test; and no expectation file is left without its sample."""
import pathlib
import subprocess
import sys


def main() -> int:
    asyncc, root = sys.argv[1], pathlib.Path(sys.argv[2])
    samples, tests = root / "samples", root / "tests" / "lit" / "samples"
    problems = []
    sources = sorted(samples.glob("*.adsl"))
    if not sources:
        problems.append(f"no samples found in {samples}")
    for source in sources:
        name = source.stem
        check = subprocess.run([asyncc, "--check", str(source)], capture_output=True, text=True)
        if check.returncode != 0 or check.stderr:
            problems.append(f"{source.name}: `asyncc --check` exited {check.returncode}:\n{check.stderr}")
        if not source.with_suffix(".expected").exists():
            problems.append(f"{source.name}: no {name}.expected")
        test = tests / f"{name}.test"
        if not test.exists() or f"samples/{name}.adsl" not in test.read_text(encoding="utf-8"):
            problems.append(f"{source.name}: no lit test {test.relative_to(root)} running it")
    for expectation in sorted(samples.glob("*.expected*")):
        if not (samples / (expectation.name.split(".")[0] + ".adsl")).exists():
            problems.append(f"{expectation.name}: no sample of that name")
    for problem in problems:
        print("check_samples_complete: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
