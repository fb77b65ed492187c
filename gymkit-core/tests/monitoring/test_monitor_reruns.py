"""A Monitor directory holds one run: a re-run is refused unless told to resume or force, and
neither loses what a run (alive or dead) recorded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import gymkit
from gymkit import error
from gymkit.cli import main
from gymkit.monitoring import load_results
from gymkit.wrappers import Monitor

# A run that records `episodes` episodes of a 2-step env, then either dies by SIGKILL without
# closing anything ("die") or says "ready" and waits for a line on stdin ("wait").
CHILD = """
import os, signal, sys
import numpy as np
from gymkit.core import Env
from gymkit.spaces import Box, Discrete
from gymkit.wrappers import Monitor

class TwoSteps(Env):
    metadata = {"render_modes": [], "render_fps": 1}
    def __init__(self):
        self.observation_space = Box(0.0, 9.0, shape=(1,), dtype=np.float32)
        self.action_space = Discrete(2)
        self.t = 0
    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(1, dtype=np.float32), {}
    def step(self, action):
        self.t += 1
        return np.zeros(1, dtype=np.float32), 1.0, self.t >= 2, False, {}

directory, episodes, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
env = Monitor(TwoSteps(), directory, video=False, label="train")
for _ in range(episodes):
    env.reset()
    while not env.step(0)[2]:
        pass
if how == "die":
    os.kill(os.getpid(), signal.SIGKILL)
print("ready", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def recorded(scripted_env, play):
    """``recorded(directory, episodes, label="train", **monitor_kwargs)``: a closed Monitor of a
    two-step scripted env that played ``episodes`` episodes into ``directory``."""

    def record(directory: Path, episodes: int, label: str = "train", **kwargs):
        env = Monitor(scripted_env((2,)), directory, video=False, label=label, **kwargs)
        play(env, episodes)
        env.close()
        return env

    return record


def child(tmp_path: Path, directory: Path, episodes: int, how: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return subprocess.Popen(
        [sys.executable, str(script), str(directory), str(episodes), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*.*")}


# ----------------------------------------------------------------------------- refusing
def test_a_second_run_into_a_directory_with_results_is_refused(tmp_path, scripted_env, recorded):
    recorded(tmp_path, 3)
    before = snapshot(tmp_path)
    with pytest.raises(error.ResultsExist) as caught:
        Monitor(scripted_env((2,)), tmp_path, video=False, label="train")
    message = str(caught.value)
    assert str(tmp_path) in message and "3 recorded episode(s) from 1 monitor(s)" in message
    assert "resume=True" in message and "force=True" in message
    assert "--resume" in message and "--force" in message
    assert snapshot(tmp_path) == before  # nothing written, nothing deleted


def test_the_results_of_a_run_that_died_are_refused_then_resumed_intact(
    tmp_path, scripted_env, recorded
):
    directory = tmp_path / "run"
    dead = child(tmp_path, directory, 4, "die")
    dead.communicate(timeout=60)
    assert dead.returncode < 0  # killed, nothing closed
    with pytest.raises(error.ResultsExist, match="4 recorded episode"):
        Monitor(scripted_env((2,)), directory, video=False, label="train")
    resumed = recorded(directory, 3, resume=True)
    results = load_results(directory)
    assert len(results) == 7
    train = results.select("train")
    assert train.episodes.tolist() == list(range(7))  # the numbering carries on
    assert set(results.instances[train.episodes >= 4].tolist()) == {resumed.instance}
    manifest = json.loads(resumed.manifest_path.read_text())
    assert manifest["resumed"] is True and manifest["first_episode"] == 4


def test_resume_numbers_each_label_on_its_own(tmp_path, recorded):
    recorded(tmp_path, 2, label="train")
    recorded(tmp_path, 3, label="evaluation", resume=True)
    recorded(tmp_path, 2, label="train", resume=True)
    recorded(tmp_path, 1, label="evaluation", resume=True)
    results = load_results(tmp_path)
    assert results.select("train").episodes.tolist() == [0, 1, 2, 3]
    assert results.select("evaluation").episodes.tolist() == [0, 1, 2, 3]


def test_resume_refuses_a_run_of_another_env(tmp_path):
    env = Monitor(gymkit.make("CartPole-v1"), tmp_path, video=False)
    env.close()
    with pytest.raises(error.ResultsExist, match=r"recorded CartPole-v1, not MountainCar-v0"):
        Monitor(gymkit.make("MountainCar-v0"), tmp_path, video=False, resume=True)


def test_resume_and_force_together_are_refused(tmp_path, scripted_env):
    with pytest.raises(error.InvalidWrapperArgument, match="contradict"):
        Monitor(scripted_env(), tmp_path, video=False, resume=True, force=True)


def test_an_empty_or_unrelated_directory_needs_no_flag(tmp_path, recorded):
    (tmp_path / "notes.txt").write_text("mine")
    recorded(tmp_path, 1)
    assert len(load_results(tmp_path)) == 1


# ----------------------------------------------------------------------------- force
def test_force_deletes_the_earlier_results_and_nothing_else(tmp_path, scripted_env, play, recorded):
    earlier = Monitor(scripted_env((3,), render_mode="rgb_array"), tmp_path, label="train")
    play(earlier, 2)
    earlier.close()
    (tmp_path / "learning_curve.png").write_bytes(b"stale")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "videos" / "keep.mp4").write_bytes(b"not a monitor's")
    assert list((tmp_path / "videos").glob(f"{earlier.instance}-*"))
    later = recorded(tmp_path, 1, force=True)
    results = load_results(tmp_path)
    assert len(results) == 1 and set(results.manifests) == {later.instance}
    assert results.episodes.tolist() == [0]
    assert not list(tmp_path.glob(f"{earlier.instance}*"))
    assert not list((tmp_path / "videos").glob(f"{earlier.instance}-*"))
    assert not (tmp_path / "learning_curve.png").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "videos" / "keep.mp4").exists()


def test_force_refuses_to_delete_a_monitor_that_is_still_writing(tmp_path, scripted_env, play):
    open_here = Monitor(scripted_env((2,)), tmp_path, video=False, label="train")
    play(open_here, 2)
    with pytest.raises(error.ResultsExist, match=rf"{open_here.instance}.*still open"):
        Monitor(scripted_env((2,)), tmp_path, video=False, force=True)
    play(open_here, 1)  # it keeps recording into its files
    open_here.close()
    assert len(load_results(tmp_path)) == 3


def test_force_waits_for_another_process_and_not_for_a_dead_one(tmp_path, scripted_env, recorded):
    directory = tmp_path / "run"
    alive = child(tmp_path, directory, 2, "wait")
    assert alive.stdout is not None and alive.stdout.readline().strip() == "ready"
    try:
        with pytest.raises(error.ResultsExist, match="still open"):
            Monitor(scripted_env((2,)), directory, video=False, force=True)
        assert len(load_results(directory)) == 2
    finally:
        alive.kill()
        alive.communicate(timeout=60)
    recorded(directory, 1, force=True)  # its lock died with it
    assert len(load_results(directory)) == 1


# ----------------------------------------------------------------------------- gymkit run
def test_gymkit_run_refuses_a_rerun_and_resumes_or_forces_on_request(tmp_path, capsys):
    directory = str(tmp_path / "cartpole")
    run = ["run", "CartPole-v1", "--episodes", "2", "--seed", "0", "--monitor", directory]
    assert main([*run, "--no-video"]) == 0
    capsys.readouterr()
    assert main([*run, "--no-video"]) == 1
    err = capsys.readouterr().err
    assert "ResultsExist" in err and "--resume" in err and "--force" in err
    assert len(load_results(directory)) == 2
    assert main([*run, "--no-video", "--resume"]) == 0
    assert load_results(directory).episodes.tolist() == [0, 1, 2, 3]
    assert main([*run, "--no-video", "--force"]) == 0
    assert load_results(directory).episodes.tolist() == [0, 1]
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main([*run, "--resume", "--force"])
    assert "not allowed with argument" in capsys.readouterr().err
    assert main(["run", "CartPole-v1", "--resume"]) == 1
    assert "--monitor" in capsys.readouterr().err
