"""The benchmark harness is a directory of the repo, not an installed distribution: make it
importable (``import benchmarks``) from the repo root, as ``python -m benchmarks`` does."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
