"""CEMAgent: the cross-entropy method over a linear policy (NumPy only).

The policy maps the (flattened) observation ``x`` to ``z = W x + b``; for a ``Discrete(n)``
action space the action is ``start + argmax(z)``, for a ``Box`` action space it is ``z`` clipped
to the box. CEM keeps a diagonal Gaussian over the parameters ``(W, b)``: each iteration samples
a population, scores each candidate by its episode return, and refits the Gaussian to the elite
fraction, plus a decaying extra noise that keeps it from collapsing too early.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gymkit import error
from gymkit.core import Env
from gymkit.spaces import Box, Discrete, Space

__all__ = ["CEMAgent", "IterationStats", "LinearPolicy", "observation_space_problem", "run_episode"]

#: more observation values than this make a linear policy's parameter space too large for CEM
MAX_LINEAR_FEATURES = 1024


def observation_space_problem(
    space: Space[Any], env_id: str | None = None, population: int = 40
) -> str | None:
    """Why a linear CEM policy cannot learn from ``space`` in a useful time, with what to do
    instead; ``None`` when it can. Images (a ``uint8`` Box of 2 or more dimensions) and Boxes
    of more than :data:`MAX_LINEAR_FEATURES` values are the problem; ``env_id`` lets the
    advice name the env's RAM variant when one is registered."""
    if not isinstance(space, Box):
        return None
    features = int(np.prod(space.shape))
    image = len(space.shape) >= 2 and space.dtype == np.uint8
    if not image and features <= MAX_LINEAR_FEATURES:
        return None
    what = "pixels" if image else "values"
    advice = "Use an env with a small vector observation"
    ram = _ram_variant(env_id) if env_id is not None else None
    if ram is not None:
        advice = f"Use the RAM observation of the same game, {ram} (128 values)"
    return (
        f"CEM fits a linear policy to the {features} {what} of each observation ({space}): "
        f"{features + 1} weights per action, searched with {population} samples per iteration, "
        "will not learn in any useful number of iterations, and each iteration plays about "
        f"{population + 5} full episodes. {advice}, or an agent made for images."
    )


def _ram_variant(env_id: str) -> str | None:
    """``ALE/Pong-ram-v5`` for ``ALE/Pong-v5`` (``Pong-ramNoFrameskip-v4`` for
    ``PongNoFrameskip-v4``) when that id is registered."""
    from gymkit.registration import get_env_id, parse_env_id, registry

    try:
        namespace, name, version = parse_env_id(env_id)
    except error.Error:
        return None
    candidates = [f"{name}-ram"]
    for variant in ("NoFrameskip", "Deterministic"):
        if name.endswith(variant):
            candidates.append(f"{name.removesuffix(variant)}-ram{variant}")
    for candidate in candidates:
        ram = get_env_id(namespace, candidate, version)
        if ram in registry:
            return ram
    return None


class LinearPolicy:
    """A linear map from observations to actions for ``Box``/``Discrete`` spaces.

    Observations: a ``Box`` (flattened) or a ``Discrete`` (one-hot). Actions: ``Discrete(n)``
    (argmax of ``n`` scores) or a ``Box`` (clipped). Any other space raises
    :class:`gymkit.error.UnsupportedSpace` naming it.
    """

    def __init__(self, observation_space: Space[Any], action_space: Space[Any]) -> None:
        if isinstance(observation_space, Box):
            self.obs_dim = int(np.prod(observation_space.shape))
            self._one_hot: Discrete | None = None
        elif isinstance(observation_space, Discrete):
            self.obs_dim = int(observation_space.n)
            self._one_hot = observation_space
        else:
            raise error.UnsupportedSpace(
                f"the linear policy reads Box or Discrete observations, got {observation_space}"
            )
        if isinstance(action_space, Discrete):
            self.act_dim = int(action_space.n)
            self._discrete_start: int | None = int(action_space.start)
            self._low = self._high = None
            self._action_shape: tuple[int, ...] = ()
        elif isinstance(action_space, Box):
            self.act_dim = int(np.prod(action_space.shape))
            self._discrete_start = None
            self._low = action_space.low.reshape(-1).astype(np.float64)
            self._high = action_space.high.reshape(-1).astype(np.float64)
            self._action_shape = action_space.shape
            self._action_dtype = action_space.dtype
        else:
            raise error.UnsupportedSpace(
                f"the linear policy acts in Box or Discrete action spaces, got {action_space}"
            )
        self.size = (self.obs_dim + 1) * self.act_dim

    def features(self, observation: Any) -> np.ndarray:
        """The observation as a flat float vector (one-hot for Discrete)."""
        if self._one_hot is not None:
            vector = np.zeros(self.obs_dim)
            vector[int(observation) - int(self._one_hot.start)] = 1.0
            return vector
        return np.asarray(observation, dtype=np.float64).reshape(-1)

    def split(self, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(W, b)`` views of a flat parameter vector of length :attr:`size`."""
        weights = params[: self.obs_dim * self.act_dim].reshape(self.act_dim, self.obs_dim)
        return weights, params[self.obs_dim * self.act_dim :]

    def actor(self, params: np.ndarray) -> Callable[[Any], Any]:
        """A fast ``observation -> action`` function for the parameters ``params``."""
        weights, bias = self.split(np.asarray(params, dtype=np.float64))
        if self._discrete_start is not None:
            start = self._discrete_start
            if self._one_hot is not None:
                table = weights.T + bias  # one-hot input: a row per observation
                offset = int(self._one_hot.start)
                best = [int(np.argmax(row)) + start for row in table]
                return lambda obs: best[int(obs) - offset]
            return lambda obs: (
                int(np.argmax(weights @ np.asarray(obs, dtype=np.float64).reshape(-1) + bias))
                + start
            )
        low, high, shape, dtype = self._low, self._high, self._action_shape, self._action_dtype
        features = self.features
        return lambda obs: (
            np.clip(weights @ features(obs) + bias, low, high).astype(dtype).reshape(shape)
        )


def run_episode(
    env: Env[Any, Any], act: Callable[[Any], Any], *, seed: int | None = None
) -> tuple[float, int]:
    """Play one episode with ``act``; return ``(return, length)``."""
    obs, _ = env.reset(seed=seed)
    total, length = 0.0, 0
    while True:
        obs, reward, terminated, truncated, _ = env.step(act(obs))
        total += float(reward)
        length += 1
        if terminated or truncated:
            return total, length


@dataclass
class IterationStats:
    """One CEM iteration: returns of the population, of the elites and of the mean policy."""

    iteration: int
    population_mean: float
    elite_mean: float
    best: float
    mean_policy: float
    episodes: int
    std: float


@dataclass
class CEMAgent:
    """The cross-entropy method over :class:`LinearPolicy` parameters.

    Args:
        observation_space, action_space: the env's spaces (see :class:`LinearPolicy`).
        population: candidates per iteration.
        elite_fraction: share of the population the Gaussian is refitted to.
        initial_std: standard deviation of the first population.
        extra_std: extra noise added to the refitted std, multiplied by ``noise_decay`` every
            iteration.
        episodes_per_candidate: episodes averaged to score one candidate.
        seed: seeds the parameter sampler (the env is seeded by the caller).

    After :meth:`train`, :meth:`act` uses the mean of the Gaussian (the learned policy).
    """

    observation_space: Space[Any]
    action_space: Space[Any]
    population: int = 40
    elite_fraction: float = 0.2
    initial_std: float = 1.0
    extra_std: float = 0.5
    noise_decay: float = 0.8
    episodes_per_candidate: int = 1
    seed: int | None = None
    history: list[IterationStats] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.population < 2:
            raise error.InvalidWrapperArgument(f"population must be >= 2, got {self.population}")
        if not 0.0 < self.elite_fraction <= 1.0:
            raise error.InvalidWrapperArgument(
                f"elite_fraction must be in (0, 1], got {self.elite_fraction}"
            )
        if self.episodes_per_candidate < 1:
            raise error.InvalidWrapperArgument(
                f"episodes_per_candidate must be >= 1, got {self.episodes_per_candidate}"
            )
        self.policy = LinearPolicy(self.observation_space, self.action_space)
        self.rng = np.random.default_rng(self.seed)
        self.mean = np.zeros(self.policy.size)
        self.std = np.full(self.policy.size, float(self.initial_std))
        self._act = self.policy.actor(self.mean)
        self.iterations_done = 0
        self._next_seed: int | None = None
        self._on_episode: Callable[[int], None] | None = None
        self._episodes_played = 0

    def _episode(self, env: Env[Any, Any], act: Callable[[Any], Any]) -> float:
        """One episode's return; the first after ``train(seed=...)`` resets with that seed."""
        seed, self._next_seed = self._next_seed, None
        total = run_episode(env, act, seed=seed)[0]
        self._episodes_played += 1
        if self._on_episode is not None:
            self._on_episode(self._episodes_played)
        return total

    @classmethod
    def for_env(cls, env: Env[Any, Any], seed: int | None = None, **options: Any) -> CEMAgent:
        """A CEM agent for ``env``'s spaces; warns (:class:`gymkit.error.GymkitWarning`) when
        its observations are images or too large for a linear policy (see
        :func:`observation_space_problem`)."""
        env_id = env.spec.id if env.spec is not None else None
        problem = observation_space_problem(
            env.observation_space, env_id, options.get("population", 40)
        )
        if problem is not None:
            warnings.warn(problem, error.GymkitWarning, stacklevel=2)
        return cls(env.observation_space, env.action_space, seed=seed, **options)

    def act(self, observation: Any) -> Any:
        """The learned (mean) policy's action for ``observation``."""
        return self._act(observation)

    def score(self, env: Env[Any, Any], params: np.ndarray) -> float:
        """Mean return of ``params`` over ``episodes_per_candidate`` episodes of ``env``."""
        act = self.policy.actor(params)
        returns = [self._episode(env, act) for _ in range(self.episodes_per_candidate)]
        return float(np.mean(returns))

    def episodes_per_iteration(self, check_episodes: int = 5) -> int:
        """Episodes one :meth:`iterate` plays: the population's, then the mean policy's."""
        return self.population * self.episodes_per_candidate + check_episodes

    def iterate(
        self,
        env: Env[Any, Any],
        check_episodes: int = 5,
        on_episode: Callable[[int], None] | None = None,
    ) -> IterationStats:
        """One CEM iteration on ``env``; then ``check_episodes`` episodes of the new mean policy.

        ``on_episode(n)`` is called after each episode with the number played so far in this
        iteration (up to :meth:`episodes_per_iteration`), so a long iteration can show
        progress."""
        self._on_episode, self._episodes_played = on_episode, 0
        samples = self.mean + self.std * self.rng.standard_normal(
            (self.population, self.policy.size)
        )
        scores = np.array([self.score(env, params) for params in samples])
        n_elite = max(1, round(self.population * self.elite_fraction))
        elite = samples[np.argsort(scores)[::-1][:n_elite]]
        extra = self.extra_std * self.noise_decay**self.iterations_done
        self.mean = elite.mean(axis=0)
        self.std = elite.std(axis=0) + extra
        self._act = self.policy.actor(self.mean)
        checks = [self._episode(env, self._act) for _ in range(check_episodes)]
        self._on_episode = None
        self.iterations_done += 1
        stats = IterationStats(
            iteration=self.iterations_done,
            population_mean=float(scores.mean()),
            elite_mean=float(np.sort(scores)[::-1][:n_elite].mean()),
            best=float(scores.max()),
            mean_policy=float(np.mean(checks)) if checks else float("nan"),
            episodes=self.population * self.episodes_per_candidate + check_episodes,
            std=float(self.std.mean()),
        )
        self.history.append(stats)
        return stats

    def train(
        self,
        env: Env[Any, Any],
        *,
        max_iterations: int = 50,
        target: float | None = None,
        check_episodes: int = 5,
        seed: int | None = None,
        callback: Callable[[IterationStats], None] | None = None,
        on_episode: Callable[[int], None] | None = None,
    ) -> list[IterationStats]:
        """Iterate until the mean policy's ``check_episodes`` returns average ``>= target``
        (when given) or ``max_iterations`` is reached; return the stats of each iteration.
        ``callback`` gets each iteration's stats, ``on_episode`` the episodes played so far in
        the running iteration (see :meth:`iterate`).

        ``seed`` seeds the first ``reset`` (later episodes continue the env's generator), so a
        run with a seeded agent and a seeded env is reproducible."""
        self._next_seed = seed
        for _ in range(max_iterations):
            stats = self.iterate(env, check_episodes, on_episode)
            if callback is not None:
                callback(stats)
            if target is not None and stats.mean_policy >= target:
                break
        return self.history

    def evaluate(self, env: Env[Any, Any], episodes: int = 100) -> np.ndarray:
        """Returns of ``episodes`` episodes of the learned policy on ``env``."""
        return np.array([self._episode(env, self._act) for _ in range(episodes)])
