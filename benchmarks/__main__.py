"""``python -m benchmarks [--quick] [--only PATTERN] [--json FILE] [--markdown FILE]``."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from benchmarks.catalogue import all_cases
from benchmarks.harness import run_case
from benchmarks.report import print_tables, to_json, write_json, write_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke run, about two minutes")
    parser.add_argument("--only", metavar="PATTERN", help="regex selecting case names")
    parser.add_argument("--repeats", type=int, help="interleaved rounds (default 7, quick 3)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all samples as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write BENCHMARKS.md")
    args = parser.parse_args(argv)

    repeats = args.repeats or (3 if args.quick else 7)
    every = {c.name: c for c in all_cases()}
    cases = every
    if args.only:
        pattern = re.compile(args.only)
        cases = {name: c for name, c in every.items() if pattern.search(name)}
        if not cases:
            parser.error(f"--only {args.only!r} matches no case; cases: {', '.join(every)}")
    results = {}
    started = time.perf_counter()
    for name, case in cases.items():
        print(f"· {name} …", file=sys.stderr, flush=True)
        results[name] = run_case(case, quick=args.quick, repeats=repeats)
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_tables(cases, results)
    payload = to_json(cases, results, args.quick)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        write_json(args.json, payload)
    if args.markdown:
        write_markdown(args.markdown, cases, results, payload)
    return 0


if __name__ == "__main__":
    sys.exit(main())
