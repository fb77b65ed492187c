"""Every env version of gymkit-box2d, and every option set recorded, reproduces its golden
fingerprint.

``fingerprints/<id>.json`` hold the registered ids (recorded with
``gymkit-conformance fingerprint ID -o plugins/gymkit-box2d/fingerprints/ID.json``).
``fingerprints/options/<id>.<tag>.json`` hold the same record for an id made with options
(``"env_kwargs"``, e.g. LunarLander's wind): the fingerprint tool makes envs by id only, so
these are replayed on a private id registered with the options; record one with
``python plugins/gymkit-box2d/tests/test_fingerprints.py ID TAG '{"option": value}'``.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import gymkit
from gymkit_conformance.cli import select_env_ids
from gymkit_conformance.fingerprint import (
    fingerprint_filename,
    load_fingerprint,
    record_fingerprint,
    replay_fingerprint,
    verify_fingerprint,
    write_fingerprint,
)

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fingerprints"
OPTIONS = FINGERPRINTS / "options"
ENV_IDS = select_env_ids(distributions=["gymkit-box2d"])
RECORDED = sorted(p.name for p in FINGERPRINTS.glob("*.json"))
OPTION_FILES = sorted(p.name for p in OPTIONS.glob("*.json"))


def _option_id(env_id: str, tag: str, env_kwargs: dict[str, Any]) -> str:
    """Register (once) a private id making ``env_id`` with ``env_kwargs``; return it."""
    base = gymkit.spec(env_id)
    camel = "".join(part.title() for part in re.split(r"[^A-Za-z0-9]+", tag) if part)
    option_id = f"box2d-options/{base.name}{camel}-v{base.version}"
    kwargs = {**(base.kwargs or {}), **env_kwargs}
    try:
        known = gymkit.spec(option_id)
    except gymkit.error.Error:
        known = None
    if known is None or known.kwargs != kwargs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gymkit.register(
                option_id,
                base.entry_point,
                max_episode_steps=base.max_episode_steps,
                reward_threshold=base.reward_threshold,
                kwargs=kwargs,
            )
    return option_id


def test_the_box2d_envs_are_registered() -> None:
    assert {"LunarLander-v3", "LunarLanderContinuous-v3"} <= set(ENV_IDS), ENV_IDS


@pytest.mark.parametrize("name", RECORDED)
def test_env_reproduces_its_fingerprint(name: str) -> None:
    path = FINGERPRINTS / name
    env_id = load_fingerprint(path)["env_id"]
    assert env_id in ENV_IDS, f"{name} records {env_id}, which gymkit-box2d does not register"
    assert fingerprint_filename(env_id) == name
    problems = verify_fingerprint(path, env_id)
    assert problems == [], f"{env_id} no longer matches {name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", OPTION_FILES)
def test_option_set_reproduces_its_fingerprint(name: str) -> None:
    data = load_fingerprint(OPTIONS / name)
    env_id, tag = data["env_id"], name.removesuffix(".json").split(".", 1)[1]
    assert name.startswith(f"{env_id}.") and data["env_kwargs"], name
    problems = replay_fingerprint(data, _option_id(env_id, tag, data["env_kwargs"]))
    assert problems == [], f"{env_id} {data['env_kwargs']} no longer matches {name}:\n" + (
        "\n".join(problems)
    )


@pytest.mark.parametrize("env_id", ["LunarLander-v3", "LunarLanderContinuous-v3"])
def test_lander_ids_have_fingerprints(env_id: str) -> None:
    path = FINGERPRINTS / fingerprint_filename(env_id)
    assert path.exists(), f"record it with: gymkit-conformance fingerprint {env_id} -o {path}"


def test_lander_wind_has_a_fingerprint() -> None:
    assert any(
        json.loads((OPTIONS / n).read_text())["env_kwargs"].get("enable_wind") for n in OPTION_FILES
    )


def record_option_fingerprint(env_id: str, tag: str, env_kwargs: dict[str, Any]) -> Path:
    """Record ``fingerprints/options/<env_id>.<tag>.json`` for ``env_id`` made with
    ``env_kwargs``."""
    data = record_fingerprint(_option_id(env_id, tag, env_kwargs))
    data["env_id"] = env_id
    data["env_kwargs"] = env_kwargs
    OPTIONS.mkdir(parents=True, exist_ok=True)
    return write_fingerprint(data, OPTIONS / f"{env_id}.{tag}.json")


if __name__ == "__main__":
    print(record_option_fingerprint(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
