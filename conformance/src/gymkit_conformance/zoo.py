"""A zoo of small envs: one correct (:class:`NoisyWalk`) and many with exactly one defect each.

The conformance suite is tested against this zoo: it must certify :class:`NoisyWalk` and
:class:`NoisyWalkBoxAction` and flag every broken env through the check about its defect.
Each broken env is importable as ``gymkit_conformance.zoo:ClassName``, so
``gymkit-conformance check gymkit_conformance.zoo:NaNReward`` shows what a failure looks like.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.goal_env import GoalEnv, goal_batch_shape
from gymkit.spaces import Box, Dict, Discrete

__all__ = [
    "BROKEN",
    "ClipsActionInPlace",
    "CloseNotIdempotent",
    "CloseTearsDownSharedEngine",
    "DeepcopySharesState",
    "FourTupleStep",
    "GetterMutatesState",
    "GlobalRNG",
    "GlobalSamplingBox",
    "GoalBatchNotVectorised",
    "GoalRewardMismatch",
    "InfoNotDict",
    "KeepsActionReference",
    "LenientActionSpace",
    "LenientDiscrete",
    "LosesStateWhenPickled",
    "NaNReward",
    "NoRenderFps",
    "NoisyWalk",
    "NoisyWalkBoxAction",
    "NonBoolTerminated",
    "NonFiniteAfterManySteps",
    "NondeterministicStep",
    "ObsOutsideSpace",
    "ObservationIsStateView",
    "PickleLosesResetRNG",
    "ReachPoint",
    "RenderConsumesRNG",
    "RenderModeIgnored",
    "ResetReturnsBareObs",
    "ReusesObservationBuffer",
    "SeedIgnored",
    "SharedInfoDict",
    "SharedStateBetweenInstances",
    "SpawnRNGNotReseeded",
    "UnseededResetUsesEntropy",
    "UnseededSpaceSampling",
    "WrongDtypeInDict",
    "WrongObsDtype",
    "WrongRenderShape",
]


class NoisyWalk(Env[np.ndarray, int]):
    """A correct env: a noisy walk on a line.

    Action ``Discrete(3)``: step left, stay, step right (0.5 each), plus Gaussian noise from
    ``np_random``. Observation ``Box([-6, 0], [6, 1], float32)``: position and elapsed fraction
    of the 40-step budget. Reward ``-|position| / 5``; terminated at ``|position| >= 5``,
    truncated after 40 steps. Renders ``rgb_array`` (8x48 strip) and ``ansi``.
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4, "picklable": True}
    budget = 40

    def __init__(self, render_mode: str | None = None) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.observation_space = Box(
            np.array([-6.0, 0.0], dtype=np.float32), np.array([6.0, 1.0], dtype=np.float32)
        )
        self.action_space = self._make_action_space()
        self._moves = {0: -0.5, 1: 0.0, 2: 0.5}
        self.position = 0.0
        self.elapsed = 0

    def _make_action_space(self) -> Any:
        return Discrete(3)

    # ---------------------------------------------------------------- pieces the zoo overrides
    def _move(self, action: Any) -> float:
        return self._moves[int(action)]

    def _noise(self) -> float:
        return float(self.np_random.normal(0.0, 0.1))

    def _observation(self) -> np.ndarray:
        position = min(max(self.position, -6.0), 6.0)
        return np.array([position, self.elapsed / self.budget], dtype=np.float32)

    def _reward(self, action: Any) -> float:
        return -abs(self.position) / 5.0

    # ---------------------------------------------------------------- contract
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start at a uniform position in [-2, 2]."""
        super().reset(seed=seed)
        self.position = float(self.np_random.uniform(-2.0, 2.0))
        self.elapsed = 0
        return self._observation(), {}

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Move, add noise, and report; see the class docstring."""
        self.position += self._move(action) + self._noise()
        self.elapsed += 1
        terminated = abs(self.position) >= 5.0
        truncated = self.elapsed >= self.budget
        return self._observation(), self._reward(action), terminated, truncated, {}

    def render(self) -> Any:
        """``rgb_array``: an 8x48 strip with the walker in white; ``ansi``: a text line."""
        cell = round((min(max(self.position, -6.0), 6.0) + 6.0) / 12.0 * 47)
        if self.render_mode == "rgb_array":
            frame = np.zeros((8, 48, 3), dtype=np.uint8)
            frame[:, cell] = 255
            return frame
        if self.render_mode == "ansi":
            return "".join("@" if i == cell else "." for i in range(48))
        return None


class NoisyWalkBoxAction(NoisyWalk):
    """A correct env with a continuous action: ``Box(-1, 1, (1,), float32)`` scaled by 0.5."""

    def _make_action_space(self) -> Any:
        return Box(-1.0, 1.0, shape=(1,), dtype=np.float32)

    def _move(self, action: Any) -> float:
        return 0.5 * float(np.asarray(action).reshape(-1)[0])


# ================================================================================ the defects
class ObsOutsideSpace(NoisyWalk):
    """Defect: the position is not clipped, so observations leave the Box near the ends."""

    def _observation(self) -> np.ndarray:
        return np.array([self.position * 2.0, self.elapsed / self.budget], dtype=np.float32)


class WrongObsDtype(NoisyWalk):
    """Defect: observations are float64 while the space declares float32."""

    def _observation(self) -> np.ndarray:
        return super()._observation().astype(np.float64)


class NaNReward(NoisyWalk):
    """Defect: standing still (action 1) rewards NaN."""

    def _reward(self, action: Any) -> float:
        return float("nan") if int(action) == 1 else super()._reward(action)


class NonBoolTerminated(NoisyWalk):
    """Defect: ``terminated`` is an int (0/1), not a bool."""

    def step(self, action: Any) -> tuple[Any, ...]:
        obs, reward, terminated, truncated, info = super().step(action)
        return obs, reward, int(terminated), truncated, info


class InfoNotDict(NoisyWalk):
    """Defect: ``step`` returns info as a list."""

    def step(self, action: Any) -> tuple[Any, ...]:
        obs, reward, terminated, truncated, _ = super().step(action)
        return obs, reward, terminated, truncated, [("elapsed", self.elapsed)]


class SeedIgnored(NoisyWalk):
    """Defect: ``reset`` never reseeds (it drops the seed)."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        return super().reset(seed=None, options=options)


class GlobalRNG(NoisyWalk):
    """Defect: the noise comes from NumPy's global RNG (seeded in ``reset``), so instances
    interfere with each other."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        if seed is not None:
            np.random.seed(seed)
        return super().reset(seed=seed, options=options)

    def _noise(self) -> float:
        return float(np.random.normal(0.0, 0.1))


class SharedStateBetweenInstances(NoisyWalk):
    """Defect: the position lives in a class-level list shared by every instance."""

    _shared: list[float] = [0.0]

    @property
    def position(self) -> float:
        return self._shared[0]

    @position.setter
    def position(self, value: float) -> None:
        self._shared[0] = value


class NondeterministicStep(NoisyWalk):
    """Defect: the step noise comes from a fresh, unseeded generator."""

    def _noise(self) -> float:
        return float(np.random.default_rng().normal(0.0, 0.1))


class WrongRenderShape(NoisyWalk):
    """Defect: ``rgb_array`` frames have an alpha channel (H, W, 4)."""

    def render(self) -> Any:
        frame = super().render()
        if self.render_mode == "rgb_array":
            return np.concatenate([frame, np.full((*frame.shape[:2], 1), 255, np.uint8)], axis=2)
        return frame


class RenderModeIgnored(NoisyWalk):
    """Defect: the constructor drops ``render_mode``."""

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(render_mode=None)


class ResetReturnsBareObs(NoisyWalk):
    """Defect: ``reset`` returns the observation alone (the old API)."""

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        return super().reset(seed=seed, options=options)[0]


class FourTupleStep(NoisyWalk):
    """Defect: ``step`` returns the old 4-tuple ``(obs, reward, done, info)``."""

    def step(self, action: Any) -> Any:
        obs, reward, terminated, truncated, info = super().step(action)
        return obs, reward, terminated or truncated, info


class NoRenderFps(NoisyWalk):
    """Defect: declares render modes but no ``render_fps``."""

    metadata = {"render_modes": ["rgb_array", "ansi"]}


class CloseNotIdempotent(NoisyWalk):
    """Defect: a second ``close`` raises."""

    _closed = False

    def close(self) -> None:
        if self._closed:
            raise RuntimeError("already closed")
        self._closed = True


class LosesStateWhenPickled(NoisyWalk):
    """Defect: claims to pickle, but the pickled state drops the position."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("position", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.position = 0.0


class LenientDiscrete(Discrete):
    """A Discrete whose ``contains`` accepts anything (used by :class:`LenientActionSpace`)."""

    def contains(self, x: Any) -> bool:
        return True


class GlobalSamplingBox(Box):
    """A Box that samples from NumPy's global RNG (used by :class:`UnseededSpaceSampling`)."""

    def sample(self, mask: Any = None, probability: Any = None) -> np.ndarray:
        return np.asarray(np.random.uniform(self.low, self.high), dtype=self.dtype)


class LenientActionSpace(NoisyWalk):
    """Defect: the action space's ``contains`` accepts anything, so invalid actions reach
    ``step`` and crash it instead of being refused."""

    def _make_action_space(self) -> Any:
        return LenientDiscrete(3)


class UnseededSpaceSampling(NoisyWalk):
    """Defect: the observation space samples from NumPy's global RNG, ignoring its seed."""

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(render_mode)
        self.observation_space = GlobalSamplingBox(
            self.observation_space.low, self.observation_space.high
        )


# ======================================================================= silent corruption
# Envs that raise nothing and break no declared type, yet corrupt a user's data or
# reproducibility.


class ReusesObservationBuffer(NoisyWalk):
    """Defect: every observation is written into one buffer, returned each time, so the
    observations a user keeps (a replay buffer) are all rewritten to the latest."""

    def _observation(self) -> np.ndarray:
        buffer = self.__dict__.setdefault("_buffer", np.zeros(2, dtype=np.float32))
        buffer[:] = super()._observation()
        return buffer


class ObservationIsStateView(NoisyWalk):
    """Defect: the observation *is* the env's state array, so a caller normalising it in place
    rewrites the env's state."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        obs, info = super().reset(seed=seed, options=options)
        self._state = obs
        return self._state, info

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        self.position = float(self._state[0])  # the state is read back from the shared array
        obs, reward, terminated, truncated, info = super().step(action)
        self._state = obs
        return obs, reward, terminated, truncated, info


class SharedInfoDict(NoisyWalk):
    """Defect: one info dict, updated and returned by every call."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        obs, _ = super().reset(seed=seed, options=options)
        self._info = {"elapsed": self.elapsed}
        return obs, self._info

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, _ = super().step(action)
        self._info["elapsed"] = self.elapsed
        return obs, reward, terminated, truncated, self._info


class KeepsActionReference(NoisyWalkBoxAction):
    """Defect: keeps the caller's action array (no copy) and uses it again at the next step
    (momentum), so a caller reusing its action buffer changes the dynamics."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        self._previous: Any = np.zeros(1, dtype=np.float32)
        return super().reset(seed=seed, options=options)

    def _move(self, action: Any) -> float:
        move = super()._move(action) + 0.25 * float(self._previous[0])
        self._previous = action
        return move


class ClipsActionInPlace(NoisyWalkBoxAction):
    """Defect: clips the action into [-0.5, 0.5] *in the caller's array* (``out=action``)."""

    def _move(self, action: Any) -> float:
        if isinstance(action, np.ndarray):
            np.clip(action, -0.5, 0.5, out=action)
        return super()._move(action)


class RenderConsumesRNG(NoisyWalk):
    """Defect: ``render`` draws a dither colour from ``np_random``, so rendering (e.g. recording
    a video) changes the noise of the following steps."""

    def render(self) -> Any:
        frame = super().render()
        shade = int(self.np_random.integers(200, 256))
        if isinstance(frame, np.ndarray):
            frame[frame == 255] = shade
        return frame


class GetterMutatesState(NoisyWalk):
    """Defect: reading ``observation_space`` applies pending drift to the position (a property
    with a side effect)."""

    @property  # type: ignore[override]
    def observation_space(self) -> Any:
        if "position" in self.__dict__:
            self.position *= 0.99
        return self._observation_space

    @observation_space.setter
    def observation_space(self, space: Any) -> None:
        self._observation_space = space


class CloseTearsDownSharedEngine(NoisyWalk):
    """Defect: ``close`` re-initialises an engine shared by every instance (class-level), which
    flips its time step: the instances still running change speed when another one closes."""

    _engine = {"restarts": 0}

    def _move(self, action: Any) -> float:
        return super()._move(action) * (1.0 + 0.5 * (self._engine["restarts"] % 2))

    def close(self) -> None:
        type(self)._engine["restarts"] += 1


class UnseededResetUsesEntropy(NoisyWalk):
    """Defect: ``reset()`` without a seed reseeds from OS entropy, so the episodes after the
    first are not reproducible although ``reset(seed=s)`` came first."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        if seed is None:
            seed = int.from_bytes(os.urandom(4), "little")
        return super().reset(seed=seed, options=options)


class SpawnRNGNotReseeded(NoisyWalk):
    """Defect: start positions of unseeded resets come from a generator made once in
    ``__init__`` that ``reset(seed=...)`` does not reseed, so they depend on history."""

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(render_mode)
        self._spawn = np.random.default_rng(0)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        obs, info = super().reset(seed=seed, options=options)
        if seed is None:
            self.position = float(self._spawn.uniform(-2.0, 2.0))
            obs = self._observation()
        return obs, info


class PickleLosesResetRNG(NoisyWalk):
    """Defect: the generator of unseeded resets (seeded by ``reset(seed=...)``) is dropped
    when pickled and recreated unseeded: an unpickled copy follows the original until the next
    ``reset()``."""

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        obs, info = super().reset(seed=seed, options=options)
        if seed is not None:
            self._spawn = np.random.default_rng(seed + 1)
        else:
            self.position = float(self._spawn.uniform(-2.0, 2.0))
            obs = self._observation()
        return obs, info

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_spawn", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._spawn = np.random.default_rng()


class DeepcopySharesState(NoisyWalk):
    """Defect: ``__deepcopy__`` returns a shallow copy, so the copy shares the state dict and
    the generator with the original (pickling is correct)."""

    def __init__(self, render_mode: str | None = None) -> None:
        self._state = {"position": 0.0}
        super().__init__(render_mode)

    @property
    def position(self) -> float:
        return self._state["position"]

    @position.setter
    def position(self, value: float) -> None:
        self._state["position"] = value

    def __deepcopy__(self, memo: dict[int, Any]) -> DeepcopySharesState:
        return copy.copy(self)


class NonFiniteAfterManySteps(NoisyWalk):
    """Defect: a float32 reward scale compounds by 8% a step and overflows to inf after about
    1150 steps of an episode (episodes last 3000 steps; the walk wraps around, never ends)."""

    budget = 3000

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        _, _, _, truncated, info = super().step(action)
        self.position = (self.position + 5.0) % 10.0 - 5.0  # a ring: no termination
        scale = np.float32(1.08) ** np.float32(self.elapsed)
        reward = float(np.float32(-1.0 - abs(self.position) / 5.0) * scale)
        return self._observation(), reward, False, truncated, info


class WrongDtypeInDict(NoisyWalk):
    """Defect: a ``Dict`` observation whose nested ``lidar`` part is float64 (declared
    float32)."""

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(render_mode)
        self.observation_space = Dict(
            {
                "position": Box(-6.0, 6.0, (1,), np.float32),
                "sensors": Dict({"lidar": Box(0.0, 12.0, (2,), np.float32)}),
            }
        )

    def _observation(self) -> Any:
        position = min(max(self.position, -6.0), 6.0)
        lidar = np.array([position + 6.0, 6.0 - position], dtype=np.float64)
        return {
            "position": np.array([position], dtype=np.float32),
            "sensors": {"lidar": lidar},
        }


#: Every broken env of the zoo → (the check that must flag it, a phrase its message contains).
# ============================================================================== goal envs


class ReachPoint(GoalEnv[np.ndarray]):
    """A correct goal env: move a point on the plane to a goal within 0.1.

    Action ``Box(-1, 1, (2,), float32)`` scaled by 0.1, plus Gaussian noise. Observation:
    ``observation`` (position and velocity, 4 floats), ``achieved_goal`` (the position),
    ``desired_goal`` (the target), all float64 in ``[-2, 2]``. Sparse reward ``-(d > 0.1)``,
    never terminated, truncated after 30 steps. Renders ``rgb_array``: a 32x32 picture of the
    square ``[-2, 2]^2``, the goal in green and the point in white.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10, "picklable": True}
    budget = 30
    tolerance = 0.1

    def __init__(self, render_mode: str | None = None) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        goal = Box(-2.0, 2.0, shape=(2,), dtype=np.float64)
        self.observation_space = Dict(
            observation=Box(-2.0, 2.0, shape=(4,), dtype=np.float64),
            achieved_goal=goal,
            desired_goal=goal,
        )
        self.action_space = Box(-1.0, 1.0, shape=(2,), dtype=np.float32)
        self.position = np.zeros(2)
        self.velocity = np.zeros(2)
        self.goal = np.zeros(2)
        self.elapsed = 0

    def _observation(self) -> dict[str, np.ndarray]:
        return {
            "observation": np.concatenate([self.position, self.velocity]),
            "achieved_goal": self.position.copy(),
            "desired_goal": self.goal.copy(),
        }

    def distance(self, achieved_goal: Any, desired_goal: Any) -> Any:
        goal_batch_shape(achieved_goal, desired_goal, (2,))
        return np.linalg.norm(np.asarray(achieved_goal) - np.asarray(desired_goal), axis=-1)

    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        """``-1.0`` while farther than 0.1 from the goal, else ``0.0`` (row by row)."""
        reward = -(self.distance(achieved_goal, desired_goal) > self.tolerance).astype(np.float64)
        return float(reward) if reward.ndim == 0 else reward

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start at a uniform point of ``[-1, 1]^2`` with a goal drawn from the same square."""
        super().reset(seed=seed)
        self.position = self.np_random.uniform(-1.0, 1.0, size=2)
        self.goal = self.np_random.uniform(-1.0, 1.0, size=2)
        self.velocity = np.zeros(2)
        self.elapsed = 0
        return self._observation(), {"is_success": False}

    def _step_reward(self, obs: dict[str, np.ndarray], info: dict[str, Any]) -> float:
        return float(self.compute_reward(obs["achieved_goal"], obs["desired_goal"], info))

    def step(self, action: Any) -> tuple[dict[str, np.ndarray], float, bool, bool, dict[str, Any]]:
        """Move by ``0.1 * action`` plus noise (kept in ``[-2, 2]``); see the class docstring."""
        move = 0.1 * np.asarray(action, dtype=np.float64) + self.np_random.normal(0, 0.01, 2)
        new_position = np.clip(self.position + move, -2.0, 2.0)
        self.velocity = np.clip(new_position - self.position, -2.0, 2.0)
        self.position = new_position
        self.elapsed += 1
        obs = self._observation()
        info = {"is_success": bool(self.distance(self.position, self.goal) <= self.tolerance)}
        return obs, self._step_reward(obs, info), False, self.elapsed >= self.budget, info

    def render(self) -> Any:
        """The 32x32 picture of the class docstring (``None`` without ``rgb_array``)."""
        if self.render_mode != "rgb_array":
            return None
        frame = np.zeros((32, 32, 3), dtype=np.uint8)
        for point, colour in ((self.goal, (0, 200, 0)), (self.position, (255, 255, 255))):
            col, row = np.clip(((point + 2.0) / 4.0 * 31).round().astype(int), 0, 31)
            frame[31 - row, col] = colour
        return frame


class GoalRewardMismatch(ReachPoint):
    """Defect: the step pays a dense reward (minus the distance) while ``compute_reward`` is
    sparse, so relabelled transitions carry rewards the env never pays."""

    def _step_reward(self, obs: dict[str, np.ndarray], info: dict[str, Any]) -> float:
        return -float(self.distance(obs["achieved_goal"], obs["desired_goal"]))


class GoalBatchNotVectorised(ReachPoint):
    """Defect: ``compute_reward`` takes one norm over the whole batch (no ``axis=-1``), so a
    batch of relabelled goals gets one wrong reward instead of one per row."""

    def compute_reward(self, achieved_goal: Any, desired_goal: Any, info: Any) -> Any:
        d = np.linalg.norm(np.asarray(achieved_goal) - np.asarray(desired_goal))
        return -float(d > self.tolerance)


BROKEN: dict[type[Env[Any, Any]], tuple[str, str]] = {
    ObsOutsideSpace: ("step-contract", "outside observation_space"),
    WrongObsDtype: ("reset-contract", "dtype float64"),
    NaNReward: ("step-contract", "non-finite reward nan"),
    NonBoolTerminated: ("step-contract", "of type int; expected a bool"),
    InfoNotDict: ("step-contract", "info of type list"),
    SeedIgnored: ("reset-contract", "the seed is ignored"),
    GlobalRNG: ("isolation", "share state"),
    SharedStateBetweenInstances: ("isolation", "share state"),
    NondeterministicStep: ("determinism", "different trajectory"),
    WrongRenderShape: ("render-contract", "shape (8, 48, 4)"),
    RenderModeIgnored: ("render-contract", "ignores render_mode"),
    ResetReturnsBareObs: ("reset-contract", "bare observation"),
    FourTupleStep: ("step-contract", "(obs, reward, done, info)"),
    NoRenderFps: ("render-fps", "no 'render_fps'"),
    CloseNotIdempotent: ("close-idempotent", "close must be idempotent"),
    LosesStateWhenPickled: ("pickle", "unpickled copy"),
    LenientActionSpace: ("invalid-action", "expected gymkit.error.InvalidAction"),
    UnseededSpaceSampling: ("spaces-well-formed", "seeded sampling is not deterministic"),
    WrongDtypeInDict: ("reset-contract", "obs['sensors']['lidar'] has dtype float64"),
    ReusesObservationBuffer: ("no-shared-buffers", "changed after"),
    ObservationIsStateView: ("no-shared-buffers", "overwrote the observations"),
    SharedInfoDict: ("no-shared-buffers", "the same info dict"),
    KeepsActionReference: ("no-shared-buffers", "overwrote the actions"),
    ClipsActionInPlace: ("no-shared-buffers", "modified the action array passed in"),
    RenderConsumesRNG: ("passive-calls", "(render_mode='rgb_array'): render() —"),
    GetterMutatesState: ("passive-calls", "reading the spaces"),
    CloseTearsDownSharedEngine: ("passive-calls", "closing another instance"),
    UnseededResetUsesEntropy: ("seed-stream", "not a deterministic stream"),
    SpawnRNGNotReseeded: ("seed-stream", "not a deterministic stream"),
    PickleLosesResetRNG: ("pickle", "unpickled copy"),
    DeepcopySharesState: ("deepcopy", "a deep copy"),
    NonFiniteAfterManySteps: ("long-rollout", "non-finite reward -inf"),
    GoalRewardMismatch: ("goal-env", "relabelled transitions would learn another reward"),
    GoalBatchNotVectorised: ("goal-env", "returned shape ()"),
}
