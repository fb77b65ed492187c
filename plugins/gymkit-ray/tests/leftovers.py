"""Fail if a Ray process of the test run is still alive: ``python leftovers.py <venv>``.

Run by ``nox -s ray`` after the tests. A process counts as ours when its command line lives in
the session's venv (raylet, gcs_server and the other Ray services are binaries inside the
installed ``ray`` package) or its environment carries this directory on ``PYTHONPATH`` (what
conftest.py gives the cluster's nodes, inherited by every worker, whatever its process title).
Waits up to 30 s for processes that are exiting.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)


def ours(venv: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (entry / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if not cmdline.strip():
            continue  # a zombie or kernel thread
        if (venv in cmdline and "leftovers.py" not in cmdline) or (f"PYTHONPATH={HERE}" in environ):
            found.append(f"{entry.name}: {cmdline.strip()[:120]}")
    return found


def main() -> int:
    venv = str(Path(sys.argv[1]).resolve())
    deadline = time.monotonic() + 30
    left = ours(venv)
    while left and time.monotonic() < deadline:
        time.sleep(1)
        left = ours(venv)
    if left:
        print("Ray processes left running after the tests:\n  " + "\n  ".join(left))
        return 1
    print("no Ray process left running")
    return 0


if __name__ == "__main__":
    sys.exit(main())
