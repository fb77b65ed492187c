"""The pytest plugin: one line certifies envs, one test per (env, check)."""

from __future__ import annotations

import pytest


@pytest.fixture
def plugin_args(request: pytest.FixtureRequest) -> list[str]:
    """Arguments loading the plugin in the inner run: nothing when installed (entry point)."""
    if request.config.pluginmanager.has_plugin("gymkit_conformance"):
        return ["-p", "no:cacheprovider"]
    return ["-p", "no:cacheprovider", "-p", "gymkit_conformance.pytest_plugin"]


def test_certify_envs_makes_one_passing_test_per_check(
    pytester: pytest.Pytester, plugin_args: list[str]
) -> None:
    pytester.makepyfile(
        """
        from gymkit_conformance.pytest_plugin import certify_envs

        test_conformance = certify_envs("gymkit_conformance.zoo:NoisyWalk", examples=10)
        """
    )
    result = pytester.runpytest(*plugin_args, "--conformance-seed", "4")
    result.assert_outcomes(passed=11)
    assert any("Hypothesis seed 4" in line for line in result.outlines)


def test_a_broken_env_fails_the_test_of_its_check(
    pytester: pytest.Pytester, plugin_args: list[str]
) -> None:
    pytester.makepyfile(
        """
        from gymkit_conformance.pytest_plugin import certify_envs

        test_conformance = certify_envs(
            "gymkit_conformance.zoo:InfoNotDict", checks=["reset-contract", "step-contract"]
        )
        """
    )
    result = pytester.runpytest("-q", *plugin_args, "--conformance-examples", "10")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*step-contract failed*info of type list*"])


def test_an_empty_selection_fails_loudly(pytester: pytest.Pytester, plugin_args: list[str]) -> None:
    pytester.makepyfile(
        """
        from gymkit_conformance.pytest_plugin import certify_envs

        test_conformance = certify_envs(namespace="no-such-namespace")
        """
    )
    result = pytester.runpytest("-q", *plugin_args)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*selected no env*no-such-namespace*"])
