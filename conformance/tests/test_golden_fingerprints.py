"""Every golden fingerprint of every plugin in the repo (``plugins/*/fingerprints/*.json``)
is in the current format and covers a whole episode: an episode end (terminated or
truncated), the reset after it, and steps after that reset. Reads the files only; each
plugin's own tests replay them."""

from __future__ import annotations

from pathlib import Path

import pytest

from gymkit_conformance.fingerprint import (
    FINGERPRINT_FORMAT,
    episode_coverage_problems,
    load_fingerprint,
)

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("plugins/*/fingerprints/*.json"))
REFRESH = "gymkit-conformance fingerprint --refresh plugins/*/fingerprints"


def test_the_golden_fingerprints_are_found() -> None:
    families = {path.parts[-3] for path in FILES}
    assert {"gymkit-classic", "gymkit-atari"} <= families, families


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_each_covers_an_episode_end_and_the_reset_after_it(path: Path) -> None:
    data = load_fingerprint(path)
    assert data["format"] == FINGERPRINT_FORMAT, (
        f"{path} is in the old format {data['format']!r}; re-record with: {REFRESH}"
    )
    problems = episode_coverage_problems(data)
    assert problems == [], f"{path}: {problems}; re-record with: {REFRESH}"
