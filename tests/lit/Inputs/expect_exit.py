#!/usr/bin/env python3
"""expect_exit.py CODE COMMAND...: runs COMMAND and succeeds only if it exits with CODE
(lit's `not` accepts any non-zero status; asyncc's 1 and 2 mean different things)."""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    print(f"expect_exit: `{' '.join(sys.argv[2:])}` exited {got}, expected {want}", file=sys.stderr)
    sys.exit(1)
