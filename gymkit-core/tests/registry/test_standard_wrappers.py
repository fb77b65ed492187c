"""The standard stack ``make`` applies: TimeLimit, OrderEnforcing, PassiveEnvChecker."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit import error
from gymkit.core import Env
from gymkit.registration import EnvSpec
from gymkit.wrappers import OrderEnforcing, PassiveEnvChecker, TimeLimit


class ScriptedEnv(Env[Any, int]):
    """Returns whatever it is told to: lets each test feed the checker one bad output."""

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 5}

    def __init__(
        self,
        *,
        reset_result: Any = None,
        step_result: Any = None,
        frame: Any = None,
        render_mode: str | None = None,
        observation_space: Any = None,
        action_space: Any = None,
    ) -> None:
        from gymkit.spaces import Box, Discrete

        self.render_mode = render_mode
        self.observation_space = observation_space or Box(0.0, 1.0, shape=(2,), dtype=np.float32)
        self.action_space = action_space or Discrete(3)
        good_obs = np.zeros(2, dtype=np.float32)
        self.reset_result = (good_obs, {}) if reset_result is None else reset_result
        self.step_result = (good_obs, 0.5, False, False, {}) if step_result is None else step_result
        self.frame = frame
        self.actions: list[Any] = []

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        return self.reset_result

    def step(self, action: Any):
        self.actions.append(action)
        return self.step_result

    def render(self) -> Any:
        return self.frame


def checked(**kwargs: Any) -> PassiveEnvChecker:
    return PassiveEnvChecker(ScriptedEnv(**kwargs))


# ----------------------------------------------------------------------------- TimeLimit
@given(limit=st.integers(min_value=1, max_value=20))
def test_time_limit_truncates_exactly_at_the_limit(limit):
    env = TimeLimit(ScriptedEnv(), limit)
    for _ in range(2):  # the count restarts with every reset
        env.reset()
        flags = [env.step(0)[3] for _ in range(limit)]
        assert flags == [False] * (limit - 1) + [True]
        assert env.elapsed_steps == limit


def test_time_limit_keeps_the_envs_own_termination():
    from gymkit.spaces import Box

    obs = np.zeros(2, dtype=np.float32)
    env = TimeLimit(ScriptedEnv(step_result=(obs, 1.0, True, False, {})), 1)
    env.reset()
    assert env.step(0)[2:4] == (True, True)
    assert isinstance(env.observation_space, Box)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, None])
def test_time_limit_refuses_a_bad_limit(bad):
    with pytest.raises(error.InvalidWrapperArgument, match="positive int"):
        TimeLimit(ScriptedEnv(), bad)


def test_time_limit_reports_its_limit_in_the_spec():
    env = ScriptedEnv()
    env.spec = EnvSpec("test/Scripted-v0", "m:X", max_episode_steps=100)
    limited = TimeLimit(env, 7)
    assert limited.spec.max_episode_steps == 7
    assert limited.spec is limited.spec  # computed once
    assert env.spec.max_episode_steps == 100
    assert TimeLimit(ScriptedEnv(), 3).spec is None


# ----------------------------------------------------------------------------- OrderEnforcing
def test_step_before_reset_is_refused():
    env = OrderEnforcing(ScriptedEnv())
    assert env.has_reset is False
    with pytest.raises(error.ResetNeeded, match=r"step\(\) .* before reset\(\)"):
        env.step(0)
    env.reset()
    assert env.has_reset is True
    env.step(0)


def test_render_before_reset_is_refused_unless_disabled():
    env = OrderEnforcing(ScriptedEnv(render_mode="ansi", frame="x"))
    with pytest.raises(error.ResetNeeded, match="disable_render_order_enforcing"):
        env.render()
    relaxed = OrderEnforcing(
        ScriptedEnv(render_mode="ansi", frame="x"), disable_render_order_enforcing=True
    )
    assert relaxed.render() == "x"


# ----------------------------------------------------------------------------- PassiveEnvChecker
def test_an_action_outside_the_space_names_the_action_and_the_space():
    env = checked()
    env.reset()
    with pytest.raises(error.InvalidAction) as caught:
        env.step(7)
    assert "action 7" in str(caught.value)
    assert "Discrete(3)" in str(caught.value)
    assert env.unwrapped.actions == []  # the env never saw it


def test_only_the_first_step_is_checked():
    env = checked()
    env.reset()
    env.step(1)
    env.step(99)  # passes through: checking every step would cost every user
    assert env.unwrapped.actions == [1, 99]


@pytest.mark.parametrize(
    ("step_result", "match"),
    [
        ((np.zeros(2, np.float32), 1.0, False, {}), "old .* API"),
        ("oops", "must return .obs, reward, terminated, truncated, info."),
        ((np.zeros(2, np.float32), "1", False, False, {}), "real scalar reward"),
        ((np.zeros(2, np.float32), True, False, False, {}), "real scalar reward"),
        ((np.zeros(2, np.float32), 1.0, False, False, []), "info as a dict"),
    ],
)
def test_a_broken_step_result_is_a_contract_violation(step_result, match):
    env = checked(step_result=step_result)
    env.reset()
    with pytest.raises(error.EnvContractViolation, match=match):
        env.step(0)


@pytest.mark.parametrize(
    ("reset_result", "match"),
    [
        (np.zeros(2, np.float32), r"tuple \(obs, info\)"),
        ((np.zeros(2, np.float32), None), "info as a dict"),
    ],
)
def test_a_broken_reset_result_is_a_contract_violation(reset_result, match):
    with pytest.raises(error.EnvContractViolation, match=match):
        checked(reset_result=reset_result).reset()


@pytest.mark.parametrize(
    ("step_result", "match"),
    [
        ((np.full(2, 3.0, np.float32), 1.0, False, False, {}), "not in its observation space"),
        ((np.zeros(3, np.float32), 1.0, False, False, {}), r"shape=\(3,\)"),
        ((np.zeros(2, np.float32), 1.0, 0, False, {}), "terminated=0 of type int"),
        ((np.zeros(2, np.float32), float("nan"), False, False, {}), "non-finite reward"),
    ],
)
def test_suspicious_but_legal_step_results_warn(step_result, match):
    env = checked(step_result=step_result)
    env.reset()
    with pytest.warns(error.PassiveCheckWarning, match=match):
        env.step(0)


def test_an_observation_outside_the_space_at_reset_warns():
    env = checked(reset_result=(np.array([0.5, -1.0], np.float32), {}))
    with pytest.warns(error.PassiveCheckWarning, match=r"reset\(\) is not in its observation"):
        env.reset()


def test_a_well_behaved_env_passes_silently():
    env = checked(render_mode="rgb_array", frame=np.zeros((4, 5, 3), np.uint8))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env.reset(seed=1)
        env.step(2)
        env.render()


@pytest.mark.parametrize(
    ("render_mode", "frame", "match"),
    [
        ("rgb_array", np.zeros((4, 5), np.uint8), r"\(H, W, 3\) uint8"),
        ("rgb_array", np.zeros((4, 5, 3), np.float32), r"\(H, W, 3\) uint8"),
        ("ansi", 3, "should return a str"),
        (None, "frame", "should return None"),
    ],
)
def test_a_frame_that_does_not_match_the_render_mode_warns(render_mode, frame, match):
    env = checked(render_mode=render_mode, frame=frame)
    env.reset()
    with pytest.warns(error.PassiveCheckWarning, match=match):
        env.render()


def test_spaces_must_be_gymkit_spaces():
    with pytest.raises(error.InvalidSpace, match=r"action_space must be a gymkit\.spaces\.Space"):
        checked(action_space=[0, 1, 2])


def test_a_render_mode_outside_the_metadata_is_refused():
    with pytest.raises(error.UnsupportedMode, match="'human'"):
        checked(render_mode="human")


def test_missing_render_fps_warns():
    env = ScriptedEnv()
    env.metadata = {"render_modes": ["ansi"]}
    with pytest.warns(error.PassiveCheckWarning, match="render_fps"):
        PassiveEnvChecker(env)


def test_reset_without_seed_and_options_keywords_is_refused():
    class OldReset(ScriptedEnv):
        def reset(self):  # type: ignore[override]
            return self.reset_result

    with pytest.raises(error.EnvContractViolation, match=r"missing: seed, options"):
        PassiveEnvChecker(OldReset())


def test_constant_box_dimensions_and_unbounded_actions_warn():
    from gymkit.spaces import Box

    with pytest.warns(error.PassiveCheckWarning, match="low == high"):
        checked(observation_space=Box(np.array([0.0, 1.0]), np.array([0.0, 2.0])))
    with pytest.warns(error.PassiveCheckWarning, match="unbounded"):
        checked(action_space=Box(-np.inf, np.inf, shape=(2,)))
