"""``gymkit run LunarLander-v3 --agent heuristic --monitor DIR``: the pilot lands, the monitor
records the episodes and a landing video that decodes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import gymkit
from gymkit.agents.heuristic import HeuristicAgent
from gymkit.cli import main
from gymkit.monitoring import load_results


def _decode(path: Path) -> list[np.ndarray]:
    av = pytest.importorskip("av")
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]


def test_heuristic_agent_through_wrappers_takes_a_fresh_policy_per_episode() -> None:
    env = gymkit.make("LunarLanderContinuous-v3")
    agent = HeuristicAgent.for_env(env)
    first = agent.run_episode(seed=0)
    policy = agent._policy
    second = agent.run_episode(seed=0)
    assert agent._policy is not policy
    assert first == second and first[0] >= 200


def test_gymkit_run_heuristic_records_a_landing_video(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "lander"
    args = ["run", "LunarLander-v3", "--agent", "heuristic", "--seed", "3", "--episodes", "2"]
    assert main([*args, "--monitor", str(directory)]) == 0
    out = capsys.readouterr().out.replace("\n", "")
    assert (
        "heuristic agent on LunarLander-v3: mean return" in out and "reaches the threshold" in out
    )
    results = load_results(directory)
    assert len(results) == 2 and set(results.labels.tolist()) == {"heuristic"}
    assert results.seeds.tolist() == [3, -1]
    assert results.returns.min() >= 200  # landed both times
    (video,) = results.videos()
    frames = _decode(video)
    assert len(frames) == results.lengths[0] + 1 and frames[0].shape == (400, 600, 3)
    # first frame: the lander at the top centre; last frame: at rest between the flags
    # (x 200..400 px), down on the pad (the video's colours are only near the drawn ones)
    for frame, rows in ((frames[0], (0, 120)), (frames[-1], (200, 300))):
        lander = np.abs(frame.astype(int) - (128, 102, 230)).sum(axis=2) < 60
        ys, xs = np.nonzero(lander)
        assert len(xs) > 100
        assert 200 < xs.mean() < 400 and rows[0] < ys.mean() < rows[1], (xs.mean(), ys.mean())
    (manifest,) = [json.loads(p.read_text()) for p in directory.glob("*.manifest.json")]
    assert manifest["label"] == "heuristic"


def test_heuristic_agent_refuses_an_env_without_a_controller(capsys) -> None:
    from gymkit.error import InvalidWrapperArgument

    with pytest.raises(InvalidWrapperArgument, match="CartPole-v1 has no hand-written controller"):
        HeuristicAgent(gymkit.make("CartPole-v1"))
    assert main(["run", "CartPole-v1", "--agent", "heuristic"]) != 0
