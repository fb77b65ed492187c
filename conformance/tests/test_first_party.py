"""Zero false positives: every first-party env (and the example plugin's) passes every check.

This is also the one-line usage a plugin author copies. The suite runs 15 examples per
property to stay fast; the ``conformance`` nox session certifies with the default 100.
"""

from __future__ import annotations

from gymkit_conformance.pytest_plugin import certify_envs

test_classic_envs = certify_envs(distribution="gymkit-classic", examples=15)

test_example_plugin = certify_envs(namespace="example", examples=15)

# The silent-corruption checks on Atari: an ALE reset(seed=...) reloads the ROM, so few
# examples (the nox conformance session certifies more ids with every check).
test_atari_silent_corruption = certify_envs(
    "ALE/Pong-v5",
    examples=3,
    checks=[
        "seed-stream",
        "pickle",
        "deepcopy",
        "no-shared-buffers",
        "passive-calls",
        "long-rollout",
    ],
)
