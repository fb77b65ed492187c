"""Zero false positives: every first-party env (and the example plugin's) passes every check.

This is also the one-line usage a plugin author copies. The suite runs 25 examples per
property to stay fast; the ``conformance`` nox session certifies with the default 100.
"""

from __future__ import annotations

from gymkit_conformance.pytest_plugin import certify_envs

test_classic_envs = certify_envs(distribution="gymkit-classic", examples=25)

test_example_plugin = certify_envs(namespace="example", examples=25)
