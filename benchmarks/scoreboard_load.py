"""Load test of the scoreboard: concurrent uploads and page views against a local server.

    python -m benchmarks.scoreboard_load [--uploads 50] [--views 500] [--workers 2]
        [--db URL] [--json FILE] [--markdown BENCHMARKS.md]

Starts ``gymkit-scoreboard serve`` (a subprocess on a free port, SQLite in a temporary data
directory unless ``--db``), records one small monitored CartPole run, then sends ``--uploads``
uploads of it all at once (one thread each, keys of 5 users) and ``--views`` page views from 20
threads (the index, the catalogue, the env page, evaluation pages and their curves). It checks
that every upload was answered 201 with a distinct evaluation id and that the server lists
exactly those evaluations (none lost, none duplicated, one folder each), and reports the p50 and
p95 latencies. ``--markdown`` replaces (or appends) the "Scoreboard load" section of the file.
The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SECTION = "## Scoreboard load"
_SECTION_END = "<!-- end scoreboard load -->"


def percentile(values: list[float], q: float) -> float:
    """The ``q``-quantile (0..1) of ``values`` by linear interpolation between order statistics."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def replace_section(text: str, section: str) -> str:
    """``text`` with its scoreboard section replaced by ``section`` (appended when absent)."""
    pattern = re.compile(re.escape(SECTION) + r".*?" + re.escape(_SECTION_END) + r"\n?", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: section, text)
    return text.rstrip("\n") + "\n\n" + section


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _record_run(directory: Path, episodes: int = 40) -> None:
    import gymkit
    from gymkit.wrappers import Monitor

    env = Monitor(gymkit.make("CartPole-v1", render_mode="rgb_array"), directory,
                  video=lambda e: e == 0)  # fmt: skip
    env.action_space.seed(0)
    for episode in range(episodes):
        env.reset(seed=episode)
        while True:
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                break
    env.close()


def _post(port: int, key: str, body: bytes) -> tuple[int, dict[str, Any], float]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("POST", "/api/v1/evaluations", body=body, headers={
            "Authorization": f"Bearer {key}", "Content-Type": "application/gzip",
            "Content-Length": str(len(body)),
        })  # fmt: skip
        response = connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        return response.status, payload, time.perf_counter() - start
    finally:
        connection.close()


def _get(port: int, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        connection.close()


def run(uploads: int, views: int, workers: int, db: str | None) -> dict[str, Any]:
    from gymkit.uploading import pack

    scratch = Path(tempfile.mkdtemp(prefix="gymkit-scoreboard-load-"))
    bin_dir = Path(sys.executable).parent
    command = str(bin_dir / "gymkit-scoreboard")
    data = scratch / "data"
    base = [*(["--db", db] if db else []), "--data", str(data)]
    server = None
    try:
        keys = []
        for index in range(5):
            out = subprocess.run([command, "user", "add", f"load{index}", *base],
                                 check=True, capture_output=True, text=True).stdout  # fmt: skip
            keys.append(out.rsplit(" ", 1)[-1].strip())
        _record_run(scratch / "run")
        pack(scratch / "run", scratch / "run.tar.gz")
        body = (scratch / "run.tar.gz").read_bytes()
        port = _free_port()
        server = subprocess.Popen(
            [command, "serve", *base, "--port", str(port), "--workers", str(workers),
             "--upload-limit", str(uploads * 10), "--log-level", "warning"],
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the scoreboard did not start") from None
                time.sleep(0.1)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=uploads) as pool:
            answers = list(pool.map(lambda i: _post(port, keys[i % len(keys)], body),
                                    range(uploads)))  # fmt: skip
        upload_wall = time.perf_counter() - started
        statuses = [status for status, _, _ in answers]
        ids = [payload.get("id") for status, payload, _ in answers if status == 201]
        listed = json.loads(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/v1/envs/CartPole-v1/evaluations", timeout=60
        ).read())["evaluations"]  # fmt: skip
        listed_ids = sorted(e["id"] for e in listed)
        folders = len(list((data / "evaluations").iterdir()))
        consistent = (
            statuses.count(201) == uploads
            and len(set(ids)) == uploads
            and listed_ids == sorted(ids)
            and folders == uploads
        )
        rng = random.Random(0)
        paths = ["/", "/envs", "/envs/CartPole-v1"]
        targets = [
            rng.choice(paths) if i % 2 else f"/evaluations/{rng.choice(ids)}" for i in range(views)
        ]
        _get(port, "/envs/CartPole-v1/preview.gif")  # the preview is rendered once, then cached
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=20) as pool:
            pages = list(pool.map(lambda p: _get(port, p), targets))
        view_wall = time.perf_counter() - started
        upload_ms = [seconds * 1000 for _, _, seconds in answers]
        view_ms = [seconds * 1000 for _, seconds in pages]
        return {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} cores, {platform.platform()}",
            "database": "PostgreSQL" if db and db.startswith("postgresql") else "SQLite",
            "workers": workers,
            "archive_bytes": len(body),
            "uploads": uploads,
            "uploads_ok": statuses.count(201),
            "upload_statuses": sorted(set(statuses)),
            "distinct_ids": len(set(ids)),
            "listed": len(listed_ids),
            "folders": folders,
            "consistent": consistent,
            "upload_p50_ms": percentile(upload_ms, 0.5),
            "upload_p95_ms": percentile(upload_ms, 0.95),
            "upload_wall_s": upload_wall,
            "views": views,
            "views_ok": sum(1 for status, _ in pages if status == 200),
            "view_p50_ms": percentile(view_ms, 0.5),
            "view_p95_ms": percentile(view_ms, 0.95),
            "view_mean_ms": statistics.fmean(view_ms),
            "views_per_s": views / view_wall,
        }
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def markdown(result: dict[str, Any]) -> str:
    verdict = "✅ none lost, none duplicated" if result["consistent"] else "❌ INCONSISTENT"
    return (
        f"{SECTION}\n\n"
        f"`python -m benchmarks.scoreboard_load` ({result['date']}, {result['machine']}): "
        f"`gymkit-scoreboard serve` with {result['workers']} uvicorn worker(s) on "
        f"{result['database']}, a {result['archive_bytes']}-byte upload (40 CartPole episodes "
        "and a video) sent by all clients at once, then page views from 20 threads.\n\n"
        "| load | answered OK | p50 | p95 | notes |\n|---|---|---|---|---|\n"
        f"| {result['uploads']} concurrent uploads | {result['uploads_ok']}/{result['uploads']} | "
        f"{result['upload_p50_ms']:.0f} ms | {result['upload_p95_ms']:.0f} ms | "
        f"{verdict}: {result['distinct_ids']} distinct ids, {result['listed']} listed, "
        f"{result['folders']} folders; all done in {result['upload_wall_s']:.1f} s |\n"
        f"| {result['views']} page views | {result['views_ok']}/{result['views']} | "
        f"{result['view_p50_ms']:.0f} ms | {result['view_p95_ms']:.0f} ms | "
        f"{result['views_per_s']:.0f} pages/s |\n\n{_SECTION_END}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scoreboard_load",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--views", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary directory)")
    parser.add_argument("--json", type=Path, metavar="FILE")
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    result = run(args.uploads, args.views, args.workers, args.db)
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if args.markdown:
        text = args.markdown.read_text() if args.markdown.exists() else ""
        args.markdown.write_text(replace_section(text, markdown(result)))
    return 0 if result["consistent"] and result["views_ok"] == result["views"] else 1


if __name__ == "__main__":
    sys.exit(main())
