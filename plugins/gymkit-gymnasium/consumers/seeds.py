"""The seeds' integrations through the bridge: stable-retro's Airstriker-Genesis and
Safety-Gymnasium's SafetyPointGoal1-v0 made with ``gymkit.make("gymnasium/...")``, stepped,
rendered headless (``rgb_array``), run under gymkit's Monitor and certified.

Every stage is recorded as it happens (``ok`` with what was seen, or the error) in
``<out>/seeds.json``; a stage that fails because of the third-party package is a finding, not a
failure of this script. It exits non-zero only when the bridge itself misbehaves: an error raised
from gymkit or gymkit-gymnasium code other than a clear gymkit error naming the cause.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

from _figures import parse_args

import gymkit

SUBJECTS = {
    "stable-retro Airstriker-Genesis": "gymnasium/retro.Airstriker-Genesis-v0",
    "Safety-Gymnasium SafetyPointGoal1": "gymnasium/SafetyPointGoal1-v0",
}
STEPS = 200


def stage(record: dict[str, Any], name: str, fn: Any) -> Any:
    """Run ``fn``; record ``ok`` and its summary or the error; return its value (None on error)."""
    started = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value, summary = fn()
        record[name] = {"ok": True, **summary}
        notes = sorted({f"{w.category.__name__}: {w.message}"[:300] for w in caught})
        if notes:
            record[name]["warnings"] = notes[:5]
    except Exception as exc:
        value = None
        record[name] = {
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}"[:600],
            "gymkit_error": isinstance(exc, gymkit.error.Error),
            "where": traceback.extract_tb(exc.__traceback__)[-1].filename,
        }
    record[name]["seconds"] = round(time.perf_counter() - started, 2)
    return value


def examine(env_id: str, out: Path) -> dict[str, Any]:
    record: dict[str, Any] = {"id": env_id}

    def make() -> Any:
        env = gymkit.make(env_id, render_mode="rgb_array")
        return env, {
            "observation_space": str(env.observation_space)[:120],
            "action_space": str(env.action_space)[:120],
        }

    env = stage(record, "make", make)
    if env is None:
        return record

    def step() -> Any:
        env.reset(seed=0)
        env.action_space.seed(0)
        info_keys: set[str] = set()
        total, cost, episodes = 0.0, 0.0, 0
        for _ in range(STEPS):
            _, reward, terminated, truncated, info = env.step(env.action_space.sample())
            total += float(reward)
            info_keys |= set(info)
            cost += float(info.get("cost", 0.0))
            if terminated or truncated:
                episodes += 1
                env.reset()
        return None, {
            "steps": STEPS,
            "return": round(total, 3),
            "info_keys": sorted(info_keys),
            "cost_in_info": "cost" in info_keys,
            "total_cost": round(cost, 3),
            "episodes_ended": episodes,
        }

    stage(record, "step", step)

    def render() -> Any:
        frame = env.render()
        return None, {"frame_shape": list(frame.shape), "dtype": str(frame.dtype)}

    stage(record, "render_rgb_array_headless", render)
    env.close()

    def monitor() -> Any:
        from gymkit.wrappers import Monitor

        directory = out / "seeds-monitor" / env_id.replace("/", "_")
        with gymkit.make(env_id, render_mode="rgb_array") as inner:
            monitored = Monitor(inner, str(directory), force=True)
            monitored.reset(seed=0)
            for _ in range(STEPS):
                _, _, terminated, truncated, _ = monitored.step(monitored.action_space.sample())
                if terminated or truncated:
                    monitored.reset()
            monitored.close()
        files = sorted(p.name for p in directory.rglob("*") if p.is_file())
        return None, {"directory": str(directory), "files": files[:10]}

    stage(record, "monitor", monitor)

    def certify() -> Any:
        command = Path(sys.executable).with_name("gymkit-conformance")
        with tempfile.TemporaryDirectory() as tmp:
            cert = Path(tmp) / "cert.json"
            options = ["--examples", "5", "--seed", "0", "--json", str(cert)]
            # The certifier also checks render_mode="human": give it a virtual display.
            display = ["xvfb-run", "-a"] if shutil.which("xvfb-run") else []
            subprocess.run(
                [*display, str(command), "check", env_id, *options],
                capture_output=True,
                text=True,
                timeout=1800,
            )
            if not cert.exists():
                raise RuntimeError("the certifier wrote no certificate")
            data = json.loads(cert.read_text())
        checks = [c for c in data["certificates"] for c in c["checks"]]
        return None, {
            "virtual_display": bool(display),
            "certified": data["passed"],
            "passed": [c["name"] for c in checks if c["verdict"] == "passed"],
            "not_passed": [
                {"check": c["name"], "verdict": c["verdict"], "message": (c["message"] or "")[:300]}
                for c in checks
                if c["verdict"] != "passed"
            ],
        }

    stage(record, "certify", certify)
    return record


def main() -> None:
    args = parse_args(__doc__ or "")
    findings = {label: examine(env_id, args.out) for label, env_id in SUBJECTS.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "seeds.json"
    path.write_text(json.dumps(findings, indent=2) + "\n")
    print(json.dumps(findings, indent=2))
    ours = [
        f"{label}: {name}: {result['error']}"
        for label, record in findings.items()
        for name, result in record.items()
        if isinstance(result, dict)
        and not result.get("ok", True)
        and not result.get("gymkit_error")
        and "gymkit" in str(result.get("where", ""))
    ]
    if ours:
        raise SystemExit("the bridge misbehaved:\n" + "\n".join(ours))


if __name__ == "__main__":
    main()
