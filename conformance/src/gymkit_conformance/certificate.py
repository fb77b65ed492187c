"""Run the checks on one env and record the verdicts as a JSON certificate."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from gymkit_conformance.checks import CHECKS, Check, CheckSettings, Skip, Violation
from gymkit_conformance.subject import Subject, resolve_target

__all__ = ["CERTIFICATE_FORMAT", "Certificate", "CheckResult", "certify", "write_certificates"]

CERTIFICATE_FORMAT = "gymkit-conformance-certificate/1"

PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"
BLOCKED = "blocked"  # internal: skipped because a prerequisite did not pass


@dataclass
class CheckResult:
    """The verdict of one check: ``passed``, ``failed``, ``skipped`` or ``error``.

    ``error`` means the check could not run at all (e.g. the env could not be built);
    ``message`` names the defect (failed), the reason (skipped) or the error;
    ``counterexample`` is Hypothesis' shrunk failing input.
    """

    name: str
    explanation: str
    verdict: str
    examples: int = 0
    seconds: float = 0.0
    message: str | None = None
    counterexample: str | None = None


@dataclass
class Certificate:
    """Every check's verdict for one env, with what is needed to reproduce them."""

    env_id: str
    target: str
    distribution: str | None
    distribution_version: str | None
    gymkit_version: str
    conformance_version: str
    hypothesis_version: str
    hypothesis_seed: int
    examples: int
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No check failed or errored (skipped checks do not count against the env)."""
        return all(c.verdict in (PASSED, SKIPPED) for c in self.checks)

    def result(self, name: str) -> CheckResult:
        """The result of the check called ``name`` (``KeyError`` if it did not run)."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no result for check {name!r} in the certificate of {self.env_id}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: the fields plus ``format`` and the overall ``passed``."""
        data = asdict(self)
        data["format"] = CERTIFICATE_FORMAT
        data["passed"] = self.passed
        return data


def certify(
    target: str | Subject,
    *,
    examples: int = 100,
    seed: int | None = None,
    checks: Iterable[str] | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> Certificate:
    """Run the conformance checks on ``target`` (an id, ``module:Class`` or a Subject).

    ``seed`` fixes the Hypothesis seed (a random one is drawn and recorded when ``None``);
    ``checks`` restricts the run to those names (prerequisites are not added). ``on_check`` is
    called after each check (progress reporting).
    """
    import hypothesis

    import gymkit
    import gymkit_conformance

    subject = target if isinstance(target, Subject) else resolve_target(target)
    if seed is None:
        import secrets

        seed = secrets.randbelow(2**32)
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise ValueError(f"examples must be a positive int, got {examples!r}")
    settings = CheckSettings(examples=examples, seed=seed)
    selected = _select(checks)
    certificate = Certificate(
        env_id=subject.env_id,
        target=subject.target,
        distribution=subject.spec.distribution,
        distribution_version=subject.spec.distribution_version,
        gymkit_version=gymkit.__version__,
        conformance_version=gymkit_conformance.__version__,
        hypothesis_version=hypothesis.__version__,
        hypothesis_seed=seed,
        examples=examples,
    )
    verdicts: dict[str, str] = {}
    for check in selected:
        result = run_check(check, subject, settings, verdicts)
        blocked = result.verdict == SKIPPED and (result.message or "").startswith("prerequisite")
        verdicts[check.name] = BLOCKED if blocked else result.verdict
        certificate.checks.append(result)
        if on_check is not None:
            on_check(result)
    return certificate


def _select(names: Iterable[str] | None) -> list[Check]:
    if names is None:
        return list(CHECKS)
    wanted = list(names)
    known = {c.name for c in CHECKS}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise KeyError(f"unknown check(s) {unknown}; checks: {', '.join(sorted(known))}")
    return [c for c in CHECKS if c.name in wanted]


def run_check(
    check: Check, subject: Subject, settings: CheckSettings, verdicts: dict[str, str]
) -> CheckResult:
    """Run one check, turning its outcome into a :class:`CheckResult`."""
    result = CheckResult(check.name, check.explanation, PASSED)
    failed = [r for r in check.requires if verdicts.get(r) in (FAILED, ERROR, BLOCKED)]
    if failed:
        result.verdict = SKIPPED
        result.message = f"prerequisite {', '.join(failed)} did not pass"
        return result
    start = time.perf_counter()
    try:
        result.examples = check.body(subject, settings)
    except Violation as exc:
        result.verdict = FAILED
        result.message = exc.message
        result.counterexample = exc.counterexample
        result.examples = exc.examples
    except Skip as exc:
        result.verdict = SKIPPED
        result.message = str(exc)
    except Exception as exc:  # the env could not even be built or driven
        result.verdict = ERROR
        result.message = f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.perf_counter() - start, 4)
    return result


def write_certificates(path: str, certificates: list[Certificate]) -> None:
    """Write ``{"format", "certificates": [...]}`` to ``path`` (JSON, UTF-8)."""
    data = {
        "format": CERTIFICATE_FORMAT,
        "passed": all(c.passed for c in certificates),
        "certificates": [c.to_dict() for c in certificates],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
