"""Upload a Monitor results directory to a gymkit scoreboard (standard library only).

    gymkit.upload("results/CartPole-v1", api_key="gks_...")         # or GYMKIT_API_KEY
    gymkit upload results/CartPole-v1 [--writeup URL] [--reproduces EVAL_ID]

The directory's manifests, episodes files, dynamics fingerprints and videos are packed in a
gzip tar and sent in one request (``POST /api/v1/evaluations``); the server verifies and scores
it all or nothing and answers with the evaluation, whose URL is printed last.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urlsplit

from gymkit.error import UploadError

__all__ = ["DEFAULT_SERVER", "attach_writeup", "pack", "upload"]

DEFAULT_SERVER = "http://127.0.0.1:8000"
_CHUNK = 64 * 1024
_PACKED_SUFFIXES = (".manifest.json", ".episodes.jsonl", ".fingerprint.json")


def _settings(api_key: str | None, server: str | None) -> tuple[str, str]:
    key = api_key or os.environ.get("GYMKIT_API_KEY", "")
    if not key:
        raise UploadError(
            "no API key: pass api_key=... (gymkit upload --api-key KEY) or set GYMKIT_API_KEY; "
            "create a key on the scoreboard's account page"
        )
    url = (server or os.environ.get("GYMKIT_SCOREBOARD_URL") or DEFAULT_SERVER).rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise UploadError(
            f"the scoreboard URL must be http(s)://host[:port], got {url!r} (server=... or "
            "GYMKIT_SCOREBOARD_URL)"
        )
    return key, url


def pack(directory: str | os.PathLike[str], archive: str | os.PathLike[str]) -> dict[str, int]:
    """Write the gzip tar of ``directory``'s Monitor files to ``archive``; return what it holds
    (``episodes``, ``videos``, ``files``, ``bytes`` before compression)."""
    root = Path(directory)
    if not root.is_dir():
        raise UploadError(f"{str(root)!r} is not a directory; pass a Monitor results directory")
    files = sorted(p for p in root.iterdir() if p.is_file() and p.name.endswith(_PACKED_SUFFIXES))
    if not any(p.name.endswith(".manifest.json") for p in files):
        raise UploadError(
            f"{str(root)!r} holds no *.manifest.json: upload a directory written by "
            "gymkit.wrappers.Monitor (e.g. gymkit run ID --monitor DIR)"
        )
    videos = sorted((root / "videos").glob("*.mp4")) if (root / "videos").is_dir() else []
    episodes = sum(p.read_bytes().count(b"\n") for p in files if p.name.endswith(".episodes.jsonl"))
    with tarfile.open(archive, "w:gz") as tar:
        for path in [*files, *videos]:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    size = sum(p.stat().st_size for p in [*files, *videos])
    return {"episodes": episodes, "videos": len(videos), "files": len(files), "bytes": size}


def _bar(done: int, total: int, out: IO[str], started: float) -> None:
    width = 30
    fraction = done / total if total else 1.0
    filled = int(width * fraction)
    rate = done / max(time.monotonic() - started, 1e-6) / 1e6
    out.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:6.1%} "
        f"{done / 1e6:.2f}/{total / 1e6:.2f} MB {rate:.1f} MB/s"
    )
    out.flush()


def _request(
    url: str, method: str, path: str, key: str, body: Any, length: int, content_type: str
) -> tuple[int, dict[str, Any]]:
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.netloc, timeout=300)
    try:
        # a refusal sent before the server read the whole body breaks the pipe: read it anyway
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(
                method,
                parts.path.rstrip("/") + path,
                body=body,
                headers={
                    "Authorization": f"Bearer {key}",
                    "Content-Type": content_type,
                    "Content-Length": str(length),
                    "Accept": "application/json",
                },
            )
        response = connection.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise UploadError(f"cannot reach the scoreboard at {url}: {exc}") from None
    finally:
        connection.close()
    try:
        payload = json.loads(raw or b"{}")
    except ValueError:
        payload = {"error": raw[:200].decode("utf-8", "replace")}
    if not isinstance(payload, dict):
        payload = {"error": str(payload)[:200]}
    return response.status, payload


def upload(
    directory: str | os.PathLike[str],
    api_key: str | None = None,
    writeup: str | None = None,
    server: str | None = None,
    reproduces: int | None = None,
    *,
    out: IO[str] | None = None,
) -> dict[str, Any]:
    """Upload ``directory`` (a Monitor results directory) and return the new evaluation as the
    server describes it (``id``, ``url``, ``score``, ...).

    ``api_key`` and ``server`` default to ``GYMKIT_API_KEY`` and ``GYMKIT_SCOREBOARD_URL``
    (else ``http://127.0.0.1:8000``); ``writeup`` attaches a writeup URL; ``reproduces`` names
    the evaluation this run reproduces. Progress goes to ``out`` (default ``sys.stdout``).
    Raises :class:`gymkit.error.UploadError` with the server's reason when it refuses.
    """
    key, url = _settings(api_key, server)
    out = sys.stdout if out is None else out
    query: dict[str, str] = {}
    if writeup:
        query["writeup"] = writeup
    if reproduces is not None:
        query["reproduces"] = str(int(reproduces))
    with tempfile.TemporaryDirectory(prefix="gymkit-upload-") as scratch:
        archive = Path(scratch) / "upload.tar.gz"
        held = pack(directory, archive)
        total = archive.stat().st_size
        out.write(
            f"uploading {directory}: {held['episodes']} episodes, {held['videos']} videos, "
            f"{held['bytes']} bytes ({total} compressed) to {url}\n"
        )
        started = time.monotonic()

        def chunks() -> Any:
            sent = 0
            with open(archive, "rb") as source:
                while chunk := source.read(_CHUNK):
                    sent += len(chunk)
                    yield chunk
                    _bar(sent, total, out, started)
            out.write("\n")

        path = "/api/v1/evaluations" + (f"?{urlencode(query)}" if query else "")
        status, payload = _request(url, "POST", path, key, chunks(), total, "application/gzip")
    if status != 201:
        raise UploadError(
            f"the scoreboard refused the upload (HTTP {status}): {payload.get('error', payload)}"
        )
    out.write(f"{_describe(payload)}\nevaluation {payload.get('id')}: {payload.get('url')}\n")
    return payload


def _describe(evaluation: dict[str, Any]) -> str:
    score = evaluation.get("score") or {}
    if score.get("kind") == "episodes-to-threshold":
        if score.get("solved"):
            return (
                f"score: solved after {score.get('episodes_to_solve')} episodes "
                f"({score.get('steps_to_solve')} steps)"
            )
        return f"score: unsolved (best 100-episode mean {score.get('best_mean'):.2f})"
    return f"score: best 100-episode mean {score.get('best_mean'):.2f}"


def attach_writeup(
    evaluation_id: int,
    url: str,
    api_key: str | None = None,
    server: str | None = None,
) -> dict[str, Any]:
    """Attach the writeup ``url`` to your evaluation ``evaluation_id``; return it."""
    key, base = _settings(api_key, server)
    body = json.dumps({"url": url}).encode()
    status, payload = _request(
        base,
        "POST",
        f"/api/v1/evaluations/{int(evaluation_id)}/writeup",
        key,
        body,
        len(body),
        "application/json",
    )
    if status != 200:
        raise UploadError(
            f"the scoreboard refused the writeup (HTTP {status}): {payload.get('error', payload)}"
        )
    return payload
