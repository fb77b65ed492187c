"""The ``gymkit-conformance`` command (also reachable as ``gymkit check ...``).

::

    gymkit-conformance check CartPole-v1                  # certify one env
    gymkit-conformance check my_pkg.envs:MyEnv            # an unregistered env class
    gymkit-conformance check --all --json certs.json      # every registered env
    gymkit-conformance check --namespace example --examples 300 --seed 7
    gymkit-conformance fingerprint CartPole-v1 -o CartPole-v1.json
    gymkit-conformance fingerprint --distribution gymkit-classic --dir fingerprints/
    gymkit-conformance fingerprint --refresh plugins/*/fingerprints   # re-record in place
    gymkit-conformance verify CartPole-v1 CartPole-v1.json
    gymkit-conformance verify --dir fingerprints/
    gymkit-conformance checks                             # list the checks

Without a subcommand, ``check`` is meant (``gymkit check CartPole-v1`` and
``gymkit-conformance CartPole-v1`` are ``gymkit-conformance check CartPole-v1``). Reached as
``gymkit check``, the usage and help name the ``gymkit check`` command: ``gymkit check --help``
shows the check subcommand's options and ``gymkit check fingerprint --help`` the fingerprint's.

Exit status: 0 when everything passed, 1 when a check failed (or a fingerprint differs),
2 for a usage error (unknown env, bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["explain_empty_selection", "main", "select_env_ids"]

_SUBCOMMANDS = ("check", "fingerprint", "verify", "checks")
_VERDICT_STYLE = {
    "passed": "[green]passed[/]",
    "failed": "[bold red]FAILED[/]",
    "error": "[bold red]ERROR[/]",
    "skipped": "[yellow]skipped[/]",
}


def select_env_ids(
    *,
    namespaces: Sequence[str] | None = None,
    distributions: Sequence[str] | None = None,
) -> list[str]:
    """Every registered, makeable env id, optionally only in ``namespaces`` (``""`` = the root
    namespace) or registered by ``distributions``; sorted."""
    import gymkit

    ids = []
    for env_id, spec in gymkit.registry.items():
        if spec.deprecated or spec.entry_point is None:
            continue
        if namespaces is not None and (spec.namespace or "") not in namespaces:
            continue
        if distributions is not None and spec.distribution not in distributions:
            continue
        ids.append(env_id)
    return sorted(ids)


def explain_empty_selection(
    *,
    namespaces: Sequence[str] | None = None,
    distributions: Sequence[str] | None = None,
) -> list[str]:
    """Why the named namespaces / distributions select no env: the plugin behind each one that
    failed to load or loaded without registering an env (as :func:`select_env_ids` filters).

    ``namespaces=None`` and ``distributions=None`` together mean every plugin (``--all``).
    """
    import gymkit
    from gymkit.plugins import namespace_problem, normalize_distribution

    registry = gymkit.registry
    claimed = list(registry.failures) + [p.namespace for p in registry.plugins if not p.env_ids]
    owner = {name: f.distribution for name, f in registry.failures.items()}
    owner.update({p.namespace: p.distribution for p in registry.plugins if not p.env_ids})
    wanted: list[str] = []
    if namespaces is None and distributions is None:
        wanted = claimed
    for namespace in namespaces or ():
        if namespace and not select_env_ids(namespaces=[namespace]):
            wanted.append(namespace)
    for distribution in distributions or ():
        if not select_env_ids(distributions=[distribution]):
            dist = normalize_distribution(distribution)
            wanted += [n for n in claimed if owner[n] == dist]
    reasons = []
    for namespace in dict.fromkeys(wanted):
        problem = namespace_problem(registry, namespace)
        if problem is not None:
            reasons.append(problem)
    return reasons


def _parser(prog: str = "gymkit-conformance") -> argparse.ArgumentParser:
    """The argument parser; ``prog="gymkit check"`` when reached through ``gymkit check``
    (then the check subcommand is ``gymkit check`` itself, the others ``gymkit check NAME``)."""
    from gymkit.cli import HelpFormatter

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Certify gymkit envs against the API contract with Hypothesis.",
        formatter_class=HelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help: str, **options: Any) -> argparse.ArgumentParser:
        if prog == "gymkit check" and name == "check":
            options["prog"] = prog
        parser: argparse.ArgumentParser = sub.add_parser(
            name, help=help, description=help, formatter_class=HelpFormatter, **options
        )
        parser.set_defaults(parser=parser)  # usage errors show the subcommand's usage
        return parser

    check = add(
        "check",
        "run the conformance checks on envs and print a verdict table",
        epilog=f"examples: {prog} CartPole-v1; {prog} my_pkg.envs:MyEnv --examples 300; "
        f"{prog} --namespace example --json certs.json. Other subcommands: {prog} checks "
        f"(list the checks), {prog} fingerprint --help, {prog} verify --help.",
    )
    check.add_argument(
        "targets",
        nargs="*",
        metavar="ENV",
        help="env ids (CartPole-v1) or module:Class targets (my_pkg.envs:MyEnv)",
    )
    _add_selection(check)
    check.add_argument(
        "--examples", type=int, default=100, metavar="N", help="Hypothesis examples per property"
    )
    check.add_argument(
        "--seed", type=int, default=None, metavar="S", help="Hypothesis seed (default: random)"
    )
    check.add_argument(
        "--json", metavar="FILE", help="write the certificate(s) to FILE (default: none)"
    )
    check.add_argument(
        "--checks",
        metavar="NAMES",
        help="comma-separated subset of checks to run (default: all; see the checks command)",
    )

    fingerprint = add("fingerprint", "record golden trajectory fingerprints")
    fingerprint.add_argument("env_ids", nargs="*", help="env ids")
    _add_selection(fingerprint)
    where = fingerprint.add_mutually_exclusive_group()
    where.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, one env only (default: print it)"
    )
    where.add_argument(
        "-d", "--dir", metavar="DIR", help="write DIR/<id>.json for every env (default: print)"
    )
    where.add_argument(
        "--refresh",
        nargs="+",
        metavar="PATH",
        help="re-record every fingerprint FILE (or DIR/*.json) in place, with the settings "
        "stored in it (seed, --kwargs, --after, --max-steps) unless given here "
        "(default: record new files)",
    )
    fingerprint.add_argument("--seed", type=int, default=None, help="first reset seed (default: 0)")
    fingerprint.add_argument(
        "--after",
        type=int,
        default=None,
        metavar="N",
        help="steps recorded after the reset that follows the first episode end (default: 20)",
    )
    fingerprint.add_argument(
        "--max-steps",
        "--steps",
        dest="max_steps",
        type=int,
        default=None,
        metavar="N",
        help="the first episode must end within N steps (default: 5000); else shorten it "
        "with --kwargs",
    )
    fingerprint.add_argument(
        "--kwargs",
        metavar="JSON",
        default=None,
        help="keyword arguments for make, recorded in the fingerprint and used on replay, e.g. "
        """'{"max_num_frames_per_episode": 400}' for an ALE game (default: none)""",
    )

    verify = add("verify", "replay fingerprints and report differences")
    verify.add_argument("env_id", nargs="?", help="env id (default: the one in FILE)")
    verify.add_argument("file", nargs="?", help="fingerprint file")
    verify.add_argument(
        "-d", "--dir", metavar="DIR", help="verify every *.json in DIR (default: only FILE)"
    )

    add("checks", "list the checks and what each verifies")
    return parser


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="every registered env")
    parser.add_argument(
        "--namespace",
        action="append",
        metavar="NS",
        help="every env of namespace NS ('' for the root namespace); repeatable (default: none)",
    )
    parser.add_argument(
        "--distribution",
        action="append",
        metavar="DIST",
        help="every env registered by distribution DIST; repeatable (default: none)",
    )


def _selected(
    args: argparse.Namespace, explicit: list[str], parser: argparse.ArgumentParser
) -> list[str]:
    """The explicit targets plus every env the selection flags name (their union)."""
    ids = list(explicit)
    found: list[str] = []
    if args.all:
        found += select_env_ids()
    if args.namespace:
        found += select_env_ids(namespaces=args.namespace)
    if args.distribution:
        found += select_env_ids(distributions=args.distribution)
    for env_id in found:
        if env_id not in ids:
            ids.append(env_id)
    selecting = args.all or args.namespace or args.distribution
    reasons: list[str] = []
    if selecting:
        every = args.all and not ids
        reasons = explain_empty_selection(
            namespaces=None if every else list(args.namespace or []),
            distributions=None if every else list(args.distribution or []),
        )
    if not ids:
        if selecting:
            why = ":" + "".join(f"\n  {reason}" for reason in reasons) if reasons else ""
            why = why or " (see: gymkit list)"
            parser.error(f"the selection matched no registered env{why}")
        parser.error(
            "name at least one env: an id (CartPole-v1) or a module:Class target, or select "
            "envs with --all/--namespace/--distribution"
        )
    for reason in reasons:  # a namespace that selected nothing beside others that did
        print(f"warning: {reason}", file=sys.stderr)
    return ids


def main(argv: Sequence[str] | None = None, prog: str = "gymkit-conformance") -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    ``prog`` names the command in usage and help (``"gymkit check"`` from ``gymkit check``,
    where ``--help`` is the check subcommand's help)."""
    parser = _parser(prog)
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `gymkit check CartPole-v1` hands over ["CartPole-v1"]: no subcommand means "check",
    # and so does no argument at all (check then asks for an env).
    top_level_help = prog != "gymkit check" and arguments[:1] in (["-h"], ["--help"])
    if not top_level_help and (not arguments or arguments[0] not in _SUBCOMMANDS):
        arguments = ["check", *arguments]
    args = parser.parse_args(arguments)
    parser = args.parser
    from rich.console import Console

    console = Console()
    if args.command == "checks":
        return _cmd_checks(console)
    if args.command == "check":
        return _cmd_check(args, console, parser)
    if args.command == "fingerprint":
        return _cmd_fingerprint(args, console, parser)
    return _cmd_verify(args, console, parser)


def _cmd_checks(console: Any) -> int:
    from rich.table import Table

    from gymkit_conformance.checks import CHECKS

    table = Table(title="gymkit-conformance checks")
    table.add_column("check", style="bold")
    table.add_column("verifies")
    table.add_column("needs")
    for check in CHECKS:
        table.add_row(check.name, check.explanation, ", ".join(check.requires))
    console.print(table)
    return 0


def _cmd_check(args: argparse.Namespace, console: Any, parser: argparse.ArgumentParser) -> int:
    import secrets

    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gymkit_conformance.certificate import Certificate, certify, write_certificates
    from gymkit_conformance.checks import CHECKS

    targets = _selected(args, args.targets, parser)
    if args.examples < 1:
        parser.error(f"--examples must be at least 1, got {args.examples}")
    names = None
    if args.checks:
        names = [n.strip() for n in args.checks.split(",") if n.strip()]
        known = {c.name for c in CHECKS}
        unknown = [n for n in names if n not in known]
        if unknown:
            parser.error(f"unknown check(s) {unknown}; checks: {', '.join(sorted(known))}")
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    n_checks = len(names) if names else len(CHECKS)

    certificates: list[Certificate] = []
    unresolved: list[tuple[str, str]] = []
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    with progress:
        envs_task = progress.add_task("envs", total=len(targets))
        checks_task = progress.add_task("checks", total=n_checks)
        for target in targets:
            progress.update(envs_task, description=f"certifying {target}")
            progress.reset(checks_task, total=n_checks)

            def advance(result: Any) -> None:
                progress.update(checks_task, advance=1, description=result.name)

            try:
                certificate = certify(
                    target, examples=args.examples, seed=seed, checks=names, on_check=advance
                )
            except Exception as exc:  # unknown id, import failure: report, carry on
                unresolved.append((target, f"{type(exc).__name__}: {exc}"))
            else:
                certificates.append(certificate)
            progress.advance(envs_task)

    errors = Console(stderr=True, highlight=False)
    for certificate in certificates:
        _print_certificate(console, certificate)
    if len(certificates) > 1:
        _print_summary(console, certificates)
    for target, message in unresolved:
        errors.print(f"[bold red]error: cannot certify {target}[/]: {escape(message)}")
    if not certificates:  # nothing ran: no seed or example count to report
        return 2
    console.print(
        f"Hypothesis seed {seed}, {args.examples} examples per property — reproduce with "
        f"--seed {seed}"
    )
    if args.json:
        write_certificates(args.json, certificates)
        console.print(f"certificate(s) written to {args.json}")
    if unresolved:
        return 2 if not certificates else 1
    return 0 if all(c.passed for c in certificates) else 1


def _print_certificate(console: Any, certificate: Any) -> None:
    from rich.table import Table

    origin = certificate.distribution or "unregistered"
    if certificate.distribution_version:
        origin += f" {certificate.distribution_version}"
    verdict = "[green]certified[/]" if certificate.passed else "[bold red]not certified[/]"
    table = Table(title=f"{certificate.env_id} ({origin}): {verdict}", title_justify="left")
    table.add_column("check", style="bold")
    table.add_column("verdict")
    table.add_column("examples", justify="right")
    table.add_column("time", justify="right")
    table.add_column("details")
    for result in certificate.checks:
        details = result.message or ""
        if result.counterexample:
            details += f"\n[dim]counterexample: {result.counterexample}[/]"
        table.add_row(
            result.name,
            _VERDICT_STYLE.get(result.verdict, result.verdict),
            str(result.examples),
            f"{result.seconds:.2f}s",
            details,
        )
    console.print(table)


def _print_summary(console: Any, certificates: list[Any]) -> None:
    from rich.table import Table

    table = Table(title="summary", title_justify="left")
    table.add_column("env", style="bold")
    table.add_column("verdict")
    for verdict in ("passed", "failed", "skipped"):
        table.add_column(verdict, justify="right")
    table.add_column("time", justify="right")
    for certificate in certificates:
        counts = {v: 0 for v in ("passed", "failed", "skipped")}
        for result in certificate.checks:
            key = "failed" if result.verdict == "error" else result.verdict
            counts[key] += 1
        table.add_row(
            certificate.env_id,
            "[green]certified[/]" if certificate.passed else "[bold red]not certified[/]",
            *(str(counts[v]) for v in ("passed", "failed", "skipped")),
            f"{sum(r.seconds for r in certificate.checks):.1f}s",
        )
    console.print(table)


def _cmd_fingerprint(
    args: argparse.Namespace, console: Any, parser: argparse.ArgumentParser
) -> int:
    import json

    from gymkit_conformance.fingerprint import (
        fingerprint_filename,
        load_fingerprint,
        record_fingerprint,
        recording_settings,
        write_fingerprint,
    )

    given: dict[str, Any] = {}
    if args.seed is not None:
        given["seed"] = args.seed
    if args.after is not None:
        given["after_reset"] = args.after
    if args.max_steps is not None:
        given["max_steps"] = args.max_steps
    if args.kwargs is not None:
        try:
            kwargs = json.loads(args.kwargs)
        except ValueError as exc:
            parser.error(f"--kwargs must be a JSON object, got {args.kwargs!r} ({exc})")
        if not isinstance(kwargs, dict):
            parser.error(f"--kwargs must be a JSON object, got {args.kwargs!r}")
        given["make_kwargs"] = kwargs

    jobs: list[tuple[str, dict[str, Any], Path | None]] = []
    if args.refresh:
        if args.env_ids or _has_selection(args):
            parser.error("--refresh takes fingerprint files or directories, not env ids")
        files: list[Path] = []
        for entry in map(Path, args.refresh):
            found = sorted(entry.glob("*.json")) if entry.is_dir() else [entry]
            if not found or not all(f.is_file() for f in found):
                parser.error(
                    f"--refresh: {entry} is neither a fingerprint file nor a directory "
                    "holding *.json fingerprints"
                )
            files += found
        for path in files:
            try:
                data = load_fingerprint(path)
            except ValueError as exc:
                parser.error(str(exc))
            jobs.append((str(data["env_id"]), {**recording_settings(data), **given}, path))
    else:
        env_ids = _selected(args, args.env_ids, parser)
        if args.output and len(env_ids) != 1:
            parser.error("-o/--output takes one env; use --dir for several")
        for env_id in env_ids:
            if args.output:
                path = Path(args.output)
            elif args.dir:
                path = Path(args.dir) / fingerprint_filename(env_id)
            else:
                path = None
            jobs.append((env_id, given, path))
    for env_id, settings, target in jobs:
        try:
            data = record_fingerprint(env_id, **settings)
        except Exception as exc:
            console.print(f"[bold red]cannot fingerprint {env_id}[/]: {type(exc).__name__}: {exc}")
            return 2
        if target is None:
            console.print_json(json.dumps(data))
            continue
        path = write_fingerprint(data, target)
        console.print(
            f"{env_id}: {len(data['trajectory'])} records ({data['steps']} steps, "
            f"{data['episodes_ended']} episode end(s)) written to {path}"
        )
    return 0


def _has_selection(args: argparse.Namespace) -> bool:
    return bool(
        getattr(args, "all", False)
        or getattr(args, "namespace", None)
        or getattr(args, "distribution", None)
    )


def _cmd_verify(args: argparse.Namespace, console: Any, parser: argparse.ArgumentParser) -> int:
    from gymkit_conformance.fingerprint import (
        episode_coverage_problems,
        load_fingerprint,
        replay_fingerprint,
    )

    jobs: list[tuple[str | None, Path]] = []
    if args.dir:
        if args.env_id or args.file:
            parser.error("verify --dir takes no env id or file")
        jobs = [(None, p) for p in sorted(Path(args.dir).glob("*.json"))]
        if not jobs:
            parser.error(f"no *.json fingerprint in {args.dir}")
    elif args.env_id and args.file:
        jobs = [(args.env_id, Path(args.file))]
    elif args.env_id and not args.file and Path(args.env_id).is_file():
        jobs = [(None, Path(args.env_id))]
    else:
        parser.error("usage: verify ENV_ID FILE, verify FILE or verify --dir DIR")
    failures = 0
    for env_id, path in jobs:
        label = env_id or path.stem  # until the file names its env
        try:
            data = load_fingerprint(path)
            label = env_id or str(data["env_id"])
            problems = replay_fingerprint(data, env_id)
            gaps = episode_coverage_problems(data)
        except Exception as exc:
            gaps = []
            problems = [f"{type(exc).__name__}: {exc}"]
        if problems:
            failures += 1
            console.print(f"[bold red]{label}: differs from {path}[/]")
            for problem in problems[:5]:
                console.print(f"  {problem}")
        else:
            console.print(f"[green]{label}: matches {path}[/]")
        for gap in gaps:  # replays, but covers less than a fingerprint should
            console.print(
                f"  [yellow]note: {gap}; re-record it: "
                f"gymkit-conformance fingerprint --refresh {path}[/]"
            )
    return 1 if failures else 0
