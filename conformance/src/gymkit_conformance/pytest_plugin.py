"""pytest plugin of gymkit-conformance: certify a plugin's envs with one line in its tests.

In a test module of your plugin::

    from gymkit_conformance.pytest_plugin import certify_envs

    test_conformance = certify_envs(namespace="mynamespace")

pytest then collects one test per (env, check), e.g.
``test_conformance[mynamespace/Maze-v0::step-contract]``; a failing check fails its test with
the defect and Hypothesis' shrunk counterexample, a check that does not apply is skipped.
Each env is certified once per session (its checks' tests share the run).

Options: ``--conformance-examples N`` (examples per property, default 100) and
``--conformance-seed S`` (Hypothesis seed; default: a random one, shown in the header).

This module is loaded by pytest in every test run where gymkit-conformance is installed, so it
imports nothing heavy at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import pytest

__all__ = ["certify_envs"]

_ALL: Any = object()
_SESSION_SEED: int | None = None
_CERTIFICATES: dict[tuple[str, int, int, tuple[str, ...]], Any] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gymkit-conformance")
    group.addoption(
        "--conformance-examples",
        type=int,
        default=None,
        help="Hypothesis examples per conformance property (default 100)",
    )
    group.addoption(
        "--conformance-seed",
        type=int,
        default=None,
        help="Hypothesis seed of the conformance checks (default: random, shown in the header)",
    )


def _session_seed(config: pytest.Config | None) -> int:
    global _SESSION_SEED
    if config is not None:
        chosen = config.getoption("--conformance-seed", default=None)
        if chosen is not None:
            return int(chosen)
    if _SESSION_SEED is None:
        _SESSION_SEED = int.from_bytes(os.urandom(4), "little")
    return _SESSION_SEED


def pytest_report_header(config: pytest.Config) -> str | None:
    if not _uses_conformance(config):
        return None
    return f"gymkit-conformance: Hypothesis seed {_session_seed(config)} (--conformance-seed)"


def _uses_conformance(config: pytest.Config) -> bool:
    return config.getoption("--conformance-seed", default=None) is not None or (
        config.getoption("--conformance-examples", default=None) is not None
    )


def certify_envs(
    *env_ids: str,
    namespace: str | None = _ALL,
    distribution: str | None = None,
    examples: int | None = None,
    checks: Sequence[str] | None = None,
) -> Callable[..., None]:
    """Return a pytest test function that certifies envs, one test per (env, check).

    Select envs by explicit ids / ``module:Class`` targets, or by ``namespace`` (``None`` =
    the root namespace) and/or ``distribution`` (the distribution that registered them).
    ``examples`` overrides the example count (the ``--conformance-examples`` option wins over
    both); ``checks`` restricts the checks run. Assign the result to a ``test_*`` name.
    """
    from gymkit_conformance.checks import CHECKS

    names = list(checks) if checks is not None else [c.name for c in CHECKS]
    targets = list(env_ids)
    reasons: list[str] = []
    if not targets or namespace is not _ALL or distribution is not None:
        from gymkit_conformance.cli import explain_empty_selection, select_env_ids

        selected = select_env_ids(
            namespaces=None if namespace is _ALL else [namespace or ""],
            distributions=None if distribution is None else [distribution],
        )
        targets += [env_id for env_id in selected if env_id not in targets]
        if not selected:
            reasons = explain_empty_selection(
                namespaces=None if namespace is _ALL else [namespace or ""],
                distributions=None if distribution is None else [distribution],
            )
    params = [
        pytest.param(target, name, id=f"{target}::{name}") for target in targets for name in names
    ]
    wanted = f"namespace={namespace!r}" if namespace is not _ALL else ""
    wanted += f" distribution={distribution!r}" if distribution else ""
    if not params:
        params = [pytest.param(None, None, id="no-envs")]

    @pytest.mark.parametrize(("conformance_target", "conformance_check"), params)
    def test_conformance(
        conformance_target: str | None, conformance_check: str | None, request: Any
    ) -> None:
        if conformance_target is None:
            why = ":" + "".join(f"\n  {reason}" for reason in reasons) if reasons else ""
            pytest.fail(
                f"certify_envs selected no env ({wanted.strip() or 'no selection'}){why}",
                pytrace=False,
            )
        config = request.config
        count = config.getoption("--conformance-examples", default=None) or examples or 100
        seed = _session_seed(config)
        certificate = _certificate(conformance_target, int(count), seed, names)
        result = certificate.result(conformance_check)
        if result.verdict == "skipped":
            pytest.skip(result.message or "not applicable")
        if result.verdict in ("failed", "error"):
            text = f"{conformance_target}: {result.name} {result.verdict}: {result.message}"
            if result.counterexample:
                text += f"\ncounterexample: {result.counterexample}"
            text += f"\n(reproduce with --conformance-seed {seed})"
            pytest.fail(text, pytrace=False)

    return test_conformance


def _certificate(target: str, examples: int, seed: int, names: list[str]) -> Any:
    key = (target, examples, seed, tuple(names))
    certificate = _CERTIFICATES.get(key)
    if certificate is None:
        from gymkit_conformance.certificate import certify

        certificate = certify(target, examples=examples, seed=seed, checks=names)
        _CERTIFICATES[key] = certificate
    return certificate
