"""A real browser on a real server: Playwright drives Debian's Chromium (installed by
``.ci/install-system-deps``, never a downloaded browser) against ``gymkit-scoreboard serve``
started as a subprocess. Sign up, create a key, upload a monitored CartPole run with the
``gymkit upload`` command, see the score, the curve and a playing video, attach a writeup.

Screenshots go to ``$GYMKIT_SCREENSHOTS`` when set (``docs/screenshots`` for the committed
ones), else to the test's temporary directory. Without Chromium the test is skipped on a
developer machine and fails under CI (``CI`` set)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: run .ci/install-system-deps (apt package chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def live_server(tmp_path, test_db) -> Iterator[str]:
    """``gymkit-scoreboard serve`` on a free port, stopped (and waited for) afterwards; on the
    test database and with ``GYMKIT_SCOREBOARD_TEST_WORKERS`` workers when set (PostgreSQL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gymkit_scoreboard.cli", "serve", "--data", str(tmp_path / "data"),
         "--port", str(port), "--log-level", "warning",
         "--workers", os.environ.get("GYMKIT_SCOREBOARD_TEST_WORKERS", "1"),
         *(["--db", test_db] if test_db else [])],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"the server did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_sign_up_upload_and_watch_in_a_real_browser(live_server, run_a, tmp_path):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("GYMKIT_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(f"{live_server}/signup")
            page.fill("input[name=name]", "alice")
            page.fill("input[name=password]", "correct horse battery")
            page.click("#signup-form button[type=submit]")
            page.wait_for_url(f"{live_server}/account")
            page.click("#create-key")
            key = page.text_content("#new-key").strip()
            assert key.startswith("gks_")
            page.screenshot(path=str(shots / "scoreboard-account.png"), full_page=True)

            upload = subprocess.run(
                [str(Path(sys.executable).with_name("gymkit")), "upload", str(run_a)],
                env={**os.environ, "GYMKIT_API_KEY": key, "GYMKIT_SCOREBOARD_URL": live_server},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert upload.returncode == 0, upload.stderr
            assert "120 episodes, 1 videos" in upload.stdout
            url = re.search(r"evaluation \d+: (\S+)$", upload.stdout.strip()).group(1)

            page.goto(url)
            assert re.fullmatch(
                r"solved after \d+ episodes \(\d+ steps\)", page.text_content("#score").strip()
            )
            curve = page.locator("#learning-curve")
            assert curve.is_visible() and curve.bounding_box()["width"] > 300
            assert page.locator("#learning-curve polyline.mean").count() == 1
            page.evaluate("document.querySelector('video').play()")
            page.wait_for_function(
                "() => { const v = document.querySelector('video');"
                " return v.readyState >= 2 && v.currentTime > 0.1; }",
                timeout=30_000,
            )
            first = page.evaluate("document.querySelector('video').currentTime")
            page.wait_for_function(
                f"() => document.querySelector('video').currentTime > {first}"
                " || document.querySelector('video').ended",
                timeout=30_000,
            )
            assert page.evaluate("document.querySelector('video').videoWidth") > 0

            page.fill("#writeup-form input[name=url]", "https://example.org/cartpole-notes")
            page.click("#writeup-form button[type=submit]")
            page.wait_for_selector("#writeup")
            assert page.get_attribute("#writeup", "href") == "https://example.org/cartpole-notes"
            page.evaluate("document.querySelector('video').pause()")
            page.screenshot(path=str(shots / "scoreboard-evaluation.png"), full_page=True)

            page.goto(f"{live_server}/envs/CartPole-v1")
            page.wait_for_function(
                "() => { const i = document.querySelector('#preview');"
                " return i.complete && i.naturalWidth > 0; }",
                timeout=60_000,
            )
            page.screenshot(path=str(shots / "scoreboard-env.png"), full_page=True)
        finally:
            browser.close()
