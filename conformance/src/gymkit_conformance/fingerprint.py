"""Golden trajectory fingerprints (the implementation lives in :mod:`gymkit.fingerprint`, so a
Monitor can record the fingerprint of the env it watches; this module keeps the conformance
package's names)."""

from __future__ import annotations

from gymkit.fingerprint import (
    DEFAULT_AFTER_RESET,
    DEFAULT_ATOL,
    DEFAULT_MAX_STEPS,
    DEFAULT_RTOL,
    DEFAULT_SEED,
    FINGERPRINT_FORMAT,
    READABLE_FORMATS,
    compare_fingerprints,
    describe_space,
    episode_coverage_problems,
    fingerprint_filename,
    load_fingerprint,
    record_fingerprint,
    recording_settings,
    replay_fingerprint,
    verify_fingerprint,
    write_fingerprint,
)

__all__ = [
    "DEFAULT_AFTER_RESET",
    "DEFAULT_ATOL",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_RTOL",
    "DEFAULT_SEED",
    "FINGERPRINT_FORMAT",
    "READABLE_FORMATS",
    "compare_fingerprints",
    "describe_space",
    "episode_coverage_problems",
    "fingerprint_filename",
    "load_fingerprint",
    "record_fingerprint",
    "recording_settings",
    "replay_fingerprint",
    "verify_fingerprint",
    "write_fingerprint",
]
