"""Monitor: what it writes, that concurrent and killed writers lose nothing, and the reader."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gymkit
from gymkit import error
from gymkit.monitoring import load_results, main_results, moving_mean, plot_learning_curve
from gymkit.registration import EnvSpec
from gymkit.wrappers import Monitor

# A child process monitoring a deterministic env: episode k lasts 1 + k % 7 steps, each rewarding
# k, so its return is k * (1 + k % 7). It prints k once episode k has returned from step.
CHILD = """
import os, sys, time
import numpy as np
from gymkit.core import Env
from gymkit.spaces import Box, Discrete
from gymkit.wrappers import Monitor

class Steps(Env):
    metadata = {"render_modes": [], "render_fps": 1}
    def __init__(self):
        self.observation_space = Box(0.0, 1e9, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.k, self.t = -1, 0
    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.k, self.t = self.k + 1, 0
        return np.zeros(1, dtype=np.float32), {}
    def step(self, action):
        self.t += 1
        return np.zeros(1, dtype=np.float32), float(self.k), self.t >= 1 + self.k % 7, False, {}

directory, label, episodes, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
resume = sys.argv[5:] == ["resume"]  # monitors of one run sharing a directory resume
env = Monitor(Steps(), directory, video=False, label=label, resume=resume)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.005)
k = 0
while episodes < 0 or k < episodes:
    env.reset(seed=k)
    done = False
    while not done:
        _, _, terminated, truncated, _ = env.step(0)
        done = terminated or truncated
    print(k, flush=True)
    k += 1
env.close()
"""


def expected_return(k: int) -> float:
    return float(k * (1 + k % 7))


def start_child(
    tmp_path: Path, directory: Path, label: str, episodes: int, resume: bool = False
) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    arguments = [str(directory), label, str(episodes), str(tmp_path / "go")]
    child = subprocess.Popen(
        [sys.executable, str(script), *arguments, *(["resume"] if resume else [])],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def run_episodes(env, episodes: int, seed: int | None = None) -> None:
    for k in range(episodes):
        env.reset(seed=seed if k == 0 else None)
        while True:
            _, _, terminated, truncated, _ = env.step(0)
            if terminated or truncated:
                break


# ----------------------------------------------------------------------------- what is written
def test_episode_lines_and_manifest_of_an_env_built_without_make(tmp_path, scripted_env):
    env = Monitor(scripted_env((2, 3), (1.0, 0.5), truncate=True), tmp_path, video=False)
    run_episodes(env, 3, seed=7)
    env.close()
    lines = [json.loads(x) for x in env.episodes_path.read_text().splitlines()]
    assert [(x["episode"], x["return"], x["length"]) for x in lines] == [
        (0, 2.0, 2),
        (1, 1.5, 3),
        (2, 2.0, 2),
    ]
    assert [x["seed"] for x in lines] == [7, None, None]
    assert all(x["truncated"] and not x["terminated"] for x in lines)
    assert lines[0]["wall_time"] <= lines[1]["wall_time"] <= lines[2]["wall_time"]
    manifest = json.loads(env.manifest_path.read_text())
    assert manifest["env_id"] is None and manifest["spec"] is None
    assert manifest["env_class"].endswith(":ScriptedEnv")
    assert manifest["seeds"] == [7]
    assert manifest["pid"] == os.getpid()
    assert manifest["versions"]["gymkit-core"] == gymkit.__version__
    assert env.instance.startswith(f"monitor-{os.getpid()}-")


def test_manifest_of_a_made_env_holds_the_full_spec_and_plugin_versions(tmp_path):
    env = Monitor(gymkit.make("CartPole-v1", max_episode_steps=50), tmp_path, video=False)
    manifest = json.loads(env.manifest_path.read_text())
    env.close()
    assert manifest["env_id"] == "CartPole-v1"
    assert EnvSpec.from_json(json.dumps(manifest["spec"])) == env.spec
    assert manifest["spec"]["max_episode_steps"] == 50
    assert manifest["reward_threshold"] == 475.0
    assert "gymkit-classic" in manifest["versions"]["plugins"]


def test_an_episode_cut_by_reset_or_close_is_not_written(tmp_path, scripted_env):
    env = Monitor(scripted_env((5,)), tmp_path, video=False)
    env.reset()
    env.step(0)
    run_episodes(env, 1)  # the reset drops the unfinished episode
    env.reset()
    env.step(0)
    env.close()
    assert [x["length"] for x in map(json.loads, env.episodes_path.read_text().splitlines())] == [5]
    with pytest.raises(error.ClosedEnvironmentError):
        env.reset()


def test_videos_are_recorded_into_the_directory(tmp_path, scripted_env, decode):
    env = Monitor(scripted_env((3,), render_mode="rgb_array"), tmp_path)
    run_episodes(env, 2)
    env.close()
    videos = sorted((tmp_path / "videos").glob("*.mp4"))
    assert [p.name for p in videos] == [
        f"{env.instance}-episode-0.mp4",
        f"{env.instance}-episode-1.mp4",
    ]
    assert all(len(decode(p)) == 4 for p in videos)
    assert load_results(tmp_path).videos() == sorted(videos, key=lambda p: p.stat().st_mtime)


def test_video_needs_rgb_array_frames(tmp_path, scripted_env):
    with pytest.raises(error.UnsupportedMode, match="video=False"):
        Monitor(scripted_env(), tmp_path)
    with pytest.raises(error.InvalidWrapperArgument, match="video"):
        Monitor(scripted_env(), tmp_path, video="yes")  # type: ignore[arg-type]
    (tmp_path / "file").write_text("")
    with pytest.raises(error.InvalidWrapperArgument, match="not a directory"):
        Monitor(scripted_env(), tmp_path / "file", video=False)


# ----------------------------------------------------------------------------- several writers
def test_two_processes_monitoring_into_one_directory(tmp_path):
    directory = tmp_path / "shared"
    children = [start_child(tmp_path, directory, "a", 150)]
    children.append(start_child(tmp_path, directory, "b", 150, resume=True))
    (tmp_path / "go").write_text("")  # both are ready: release them together
    for child in children:
        child.communicate(timeout=60)
        assert child.returncode == 0
    results = load_results(directory)
    assert len(results) == 300
    assert len(results.manifests) == 2
    assert np.all(np.diff(results.wall_times) >= 0)
    for label in ("a", "b"):
        mine = results.select(label)
        assert mine.episodes.tolist() == list(range(150))
        assert mine.returns.tolist() == [expected_return(k) for k in range(150)]
        assert mine.seeds.tolist() == list(range(150))
        assert len(set(mine.instances.tolist())) == 1


def test_a_killed_process_loses_no_finished_episode(tmp_path):
    directory = tmp_path / "killed"
    child = start_child(tmp_path, directory, "doomed", -1)
    (tmp_path / "go").write_text("")
    assert child.stdout is not None
    reported = 0
    while reported < 60:
        assert child.stdout.readline() != "", "the child exited early"
        reported += 1
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    reported += len(rest.split())
    assert child.returncode == -signal.SIGKILL
    results = load_results(directory)
    # every episode the child saw end is there, intact and in order (maybe one more whose line
    # was written before the kill but whose report was not)
    assert len(results) in (reported, reported + 1)
    assert results.episodes.tolist() == list(range(len(results)))
    assert results.returns.tolist() == [expected_return(k) for k in range(len(results))]
    (manifest,) = results.manifests.values()
    assert manifest["pid"] == child.pid and manifest["label"] == "doomed"


# ----------------------------------------------------------------------------- the reader
# the fixtures hand out a class only: sharing it between examples is safe
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lengths=st.lists(st.integers(1, 20), min_size=1, max_size=8),
    rewards=st.lists(
        st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False), min_size=1, max_size=8
    ),
)
def test_load_results_reads_back_what_was_played(tmp_path_factory, scripted_env, lengths, rewards):
    directory = tmp_path_factory.mktemp("results")
    env = Monitor(scripted_env(tuple(lengths), tuple(rewards)), directory, video=False)
    run_episodes(env, len(lengths))
    env.close()
    results = load_results(directory)
    assert results.lengths.tolist() == lengths
    expected = [n * rewards[k % len(rewards)] for k, n in enumerate(lengths)]
    # the monitor sums step by step; compare with the same summation order
    sums = []
    for k, n in enumerate(lengths):
        total = 0.0
        for _ in range(n):
            total += rewards[k % len(rewards)]
        sums.append(total)
    assert results.returns.tolist() == sums
    np.testing.assert_allclose(results.returns, expected, rtol=1e-9, atol=1e-6)


def test_a_torn_last_line_is_skipped_and_a_corrupt_line_is_an_error(tmp_path, scripted_env):
    env = Monitor(scripted_env((2,)), tmp_path, video=False)
    run_episodes(env, 3)
    env.close()
    with open(env.episodes_path, "ab") as stream:
        stream.write(b'{"episode": 3, "return": 2.0, "len')  # a writer killed mid-line
    results = load_results(tmp_path)
    assert len(results) == 3 and results.truncated_lines == 1
    lines = env.episodes_path.read_bytes().split(b"\n")
    lines.insert(1, b"not json")
    env.episodes_path.write_bytes(b"\n".join(lines))
    with pytest.raises(error.CorruptResults, match=r":2 is not a JSON episode record"):
        load_results(tmp_path)


def test_missing_results_are_clear_errors(tmp_path):
    with pytest.raises(error.ResultsNotFound, match="does not exist"):
        load_results(tmp_path / "nowhere")
    with pytest.raises(error.ResultsNotFound, match="no monitor episodes file"):
        load_results(tmp_path)


def test_moving_mean_matches_numpy():
    values = np.arange(10, dtype=np.float64) ** 2
    window = 3
    expected = [values[max(0, i - window + 1) : i + 1].mean() for i in range(10)]
    np.testing.assert_allclose(moving_mean(values, window), expected)


def test_plot_writes_a_png(tmp_path, scripted_env):
    env = Monitor(scripted_env((2, 5, 3)), tmp_path, video=False)
    run_episodes(env, 12)
    env.close()
    png = plot_learning_curve(load_results(tmp_path), tmp_path / "curve.png", window=4)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_plot_without_matplotlib_names_the_extra(tmp_path, scripted_env, monkeypatch):
    env = Monitor(scripted_env(), tmp_path, video=False)
    run_episodes(env, 2)
    env.close()
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(error.DependencyNotInstalled, match=r"gymkit-core\[plot\]"):
        plot_learning_curve(load_results(tmp_path), tmp_path / "x.png")


def test_gymkit_results_prints_a_summary_and_writes_the_plot(tmp_path, scripted_env, capsys):
    for label, episodes in (("train", 7), ("evaluation", 3)):
        env = Monitor(scripted_env((4,), (2.5,)), tmp_path, video=False, label=label, resume=True)
        run_episodes(env, episodes)
        env.close()
    from gymkit.cli import main

    assert main(["results", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "train" in out and "evaluation" in out
    assert "10.0" in out  # every episode returns 4 * 2.5
    assert "learning curve" in out and (tmp_path / "learning_curve.png").exists()
    (tmp_path / "learning_curve.png").unlink()
    assert main_results(tmp_path, plot=False) == 0
    assert not (tmp_path / "learning_curve.png").exists()


def test_monitor_results_keep_their_order_across_instances(tmp_path, scripted_env):
    first = Monitor(scripted_env((1,), (1.0,)), tmp_path, video=False, label="first")
    second = Monitor(scripted_env((1,), (2.0,)), tmp_path, video=False, label="second", resume=True)
    for _ in range(3):  # interleaved episodes of two monitors in one process
        run_episodes(first, 1)
        time.sleep(0.002)
        run_episodes(second, 1)
        time.sleep(0.002)
    first.close()
    second.close()
    results = load_results(tmp_path)
    assert results.labels.tolist() == ["first", "second"] * 3
    assert results.returns.tolist() == [1.0, 2.0] * 3


def test_a_spec_json_cannot_hold_is_kept_as_its_repr(tmp_path):
    env = gymkit.make("CartPole-v1")
    env.unwrapped.spec = env.spec.replace(kwargs={"weights": object()})
    monitored = Monitor(env, tmp_path, video=False)
    monitored.close()
    manifest = json.loads(monitored.manifest_path.read_text())
    assert manifest["spec"] is None and manifest["env_id"] == "CartPole-v1"
    assert "weights" in manifest["spec_repr"] and manifest["spec_error"]


def test_an_unpickled_monitor_is_a_new_instance_in_the_same_directory(tmp_path, decode):
    import pickle

    # (the passive checker holds a module and does not pickle: left out here)
    made = gymkit.make("CartPole-v1", render_mode="rgb_array", disable_env_checker=True)
    original = Monitor(made, tmp_path, label="x")
    run_episodes(original, 1, seed=3)
    copy = pickle.loads(pickle.dumps(original))
    assert copy.instance != original.instance and copy.label == "x"
    run_episodes(copy, 2)
    run_episodes(original, 1)
    copy.close()
    original.close()
    results = load_results(tmp_path)
    assert sorted(results.instances.tolist()) == sorted(
        [original.instance] * 2 + [copy.instance] * 2
    )
    assert len(results.manifests) == 2
    videos = {p.name for p in results.videos()}
    assert f"{copy.instance}-episode-1.mp4" in videos  # its own files, on its own schedule
    assert f"{original.instance}-episode-1.mp4" in videos


def test_a_monitored_env_passes_the_conformance_checks(tmp_path):
    certificate_module = pytest.importorskip("gymkit_conformance.certificate")
    from gymkit.registration import WrapperSpec
    from gymkit_conformance.subject import Subject

    monitor = WrapperSpec(
        "Monitor",
        "gymkit.wrappers.monitor:Monitor",
        # every env the certifier makes monitors into the one directory: resume
        {"directory": str(tmp_path), "video": False, "resume": True},
    )
    spec = gymkit.spec("CartPole-v1").replace(additional_wrappers=(monitor,))
    certificate = certificate_module.certify(
        Subject("CartPole-v1+Monitor", spec), examples=10, seed=0
    )
    failures = [
        (c.name, c.message) for c in certificate.checks if c.verdict not in ("passed", "skipped")
    ]
    assert not failures
    assert len(load_results(tmp_path)) > 0  # the checks' episodes were recorded
