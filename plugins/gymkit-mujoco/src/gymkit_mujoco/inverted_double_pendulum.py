"""InvertedDoublePendulum: balance two poles, hinged in series, on a cart that slides on a rail.

The task (facts of Gymnasium 1.4's InvertedDoublePendulum-v5 and -v4, kept so results compare):

- Model ``assets/inverted_double_pendulum.xml``: the cart's slide joint (|x| <= 1 m) and two
  unlimited hinges; one motor pushes the cart with a force of 500 * action, action in [-1, 1].
  RK4 at 0.01 s, five MuJoCo steps per env step (``dt`` = 0.05 s).
- Observation: cart position, sines then cosines of the two hinge angles, the three velocities
  clipped to [-10, 10], and the constraint forces clipped to [-10, 10] -- v5 keeps only the
  slider's one (9 numbers), v4 all three (11 numbers).
- Reward, from the tip site's world position ``(x, _, y)`` after the step (MuJoCo computed it at
  the start of the last sub-step, as the reference does):
  ``alive - (0.01 x^2 + (y - 2)^2) - (1e-3 w1^2 + 5e-3 w2^2)`` where ``w1, w2`` are the hinge
  velocities and ``alive`` is ``healthy_reward`` (10) while not terminated (v5) or always 10
  (v4). v5's ``info`` holds ``reward_survive``, ``distance_penalty`` and ``velocity_penalty``
  (the penalties as negative numbers).
- Termination: the tip is at height ``y <= 1``.
- Reset: ``qpos`` = initial + uniform noise in ``[-reset_noise_scale, reset_noise_scale]``
  (``nq`` draws), then ``qvel`` = initial + ``reset_noise_scale`` * standard normal (``nv``
  draws), both from ``np_random``; ``reset_noise_scale`` is 0.1.
"""

from __future__ import annotations

import os
from math import cos, sin
from typing import Any

import numpy as np

from gymkit.error import InvalidEnvKwargs
from gymkit.spaces import Box
from gymkit_mujoco import options as opt
from gymkit_mujoco._fixed_model import FixedModelEnv
from gymkit_mujoco.base import MujocoEnv

__all__ = ["InvertedDoublePendulumEnv", "InvertedDoublePendulumV4Env"]

#: v4's free camera: follows the cart from 4.12 m, looking at the poles' base
V4_CAMERA_CONFIG: dict[str, Any] = {
    "trackbodyid": 0,
    "distance": 4.1225,
    "lookat": np.array((0.0, 0.0, 0.12250000000000005)),
}


class _InvertedDoublePendulumBase(MujocoEnv):
    """The double cart-pole's simulation, observation and reward terms, shared by v5 and v4."""

    #: no observation or reward reads cfrc_ext/cfrc_int/cacc: skip mj_rnePostConstraint
    compute_contact_forces = False

    #: how many constraint forces the observation keeps (v5: the slider's only)
    _constraint_terms: int | None = 1

    def _bind(self, reset_noise_scale: float) -> None:
        self._noise = reset_noise_scale
        nq, nv = self.model.nq, self.model.nv
        if self.model.nsite < 1:
            _raise_no_site(type(self).__name__)
        if nq < 3 or nv < 3:
            raise InvalidEnvKwargs(
                f"{type(self).__name__}: the model has nq={nq}, nv={nv}; the task needs the "
                "cart's slider and the two poles' hinges (nq, nv >= 3)"
            )
        kept = nv if self._constraint_terms is None else min(self._constraint_terms, nv)
        self._kept = kept
        size = 1 + 2 * (nq - 1) + nv + kept
        self.observation_space = Box(low=-np.inf, high=np.inf, shape=(size,), dtype=np.float64)
        self._bind_views()

    def _bind_views(self) -> None:
        # live views into MjData (they follow every mj_step); rebuilt after unpickling
        self._qpos = self.data.qpos
        self._qvel = self.data.qvel
        self._qfrc_constraint = self.data.qfrc_constraint
        self._tip = self.data.site_xpos[0]

    def _observe(self) -> tuple[np.ndarray, float, float, bool]:
        """The observation, the distance and velocity penalties and the termination flag, from
        one read of the state (as Python floats)."""
        q = self._qpos.tolist()
        v = self._qvel.tolist()
        angles = q[1:]
        forces = self._qfrc_constraint[: self._kept].tolist()
        obs = np.array(
            [
                q[0],
                *[sin(a) for a in angles],
                *[cos(a) for a in angles],
                *[_clip10(w) for w in v],
                *[_clip10(f) for f in forces],
            ]
        )
        x, _, y = self._tip.tolist()
        v1, v2 = v[1], v[2]
        dist_penalty = 0.01 * x**2 + (y - 2) ** 2
        vel_penalty = 1e-3 * v1**2 + 5e-3 * v2**2
        return obs, dist_penalty, vel_penalty, y <= 1

    def _get_obs(self) -> np.ndarray:
        return self._observe()[0]

    def reset_model(self) -> np.ndarray:
        scale = self._noise
        rng = self.np_random
        qpos = self.init_qpos + rng.uniform(low=-scale, high=scale, size=self.model.nq)
        qvel = self.init_qvel + rng.standard_normal(self.model.nv) * scale
        self.set_state(qpos, qvel)
        return self._get_obs()


def _clip10(value: float) -> float:
    """``value`` clipped to [-10, 10] (NaN stays NaN, as with ``np.clip``)."""
    return min(max(value, -10.0), 10.0)


def _raise_no_site(env: str) -> None:
    """The reward needs the pole's tip site (site 0)."""
    raise InvalidEnvKwargs(
        f"{env}: the model has no site; the reward and termination read the tip of the second "
        "pole from site 0 (a site at the top of the last pole)"
    )


class InvertedDoublePendulumEnv(_InvertedDoublePendulumBase):
    """InvertedDoublePendulum-v5 (see the module docstring for the task).

    Args:
        xml_file: the MJCF model (a path, or a file name in ``gymkit_mujoco/assets``).
        frame_skip: MuJoCo steps per env step (5).
        default_camera_config: the free camera's settings (``None``: MuJoCo's default view,
            as Gymnasium's v5).
        healthy_reward: reward for each step the poles stay up (10).
        reset_noise_scale: half-width of the uniform ``qpos`` noise and standard deviation of
            the normal ``qvel`` noise at reset (0.1).
        render_mode, width, height, camera_id, camera_name, max_geom, visual_options: rendering,
            as :class:`~gymkit_mujoco.base.MujocoEnv`.

    Raises :class:`gymkit.error.InvalidEnvKwargs` for a bad option (naming it and the value).
    """

    def __init__(
        self,
        xml_file: str | os.PathLike[str] = "inverted_double_pendulum.xml",
        frame_skip: int = 5,
        default_camera_config: dict[str, Any] | None = None,
        healthy_reward: float = 10.0,
        reset_noise_scale: float = 0.1,
        *,
        render_mode: str | None = None,
        width: int = 480,
        height: int = 480,
        camera_id: int | None = None,
        camera_name: str | None = None,
        max_geom: int = 1000,
        visual_options: dict[int, bool] | None = None,
    ) -> None:
        self._healthy_reward = opt.real("InvertedDoublePendulum", "healthy_reward", healthy_reward)
        noise = opt.non_negative("InvertedDoublePendulum", "reset_noise_scale", reset_noise_scale)
        super().__init__(
            xml_file,
            frame_skip,
            None,
            render_mode=render_mode,
            width=width,
            height=height,
            camera_id=camera_id,
            camera_name=camera_name,
            default_camera_config=default_camera_config,
            max_geom=max_geom,
            visual_options=visual_options,
        )
        self._bind(noise)

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Push the cart with force ``500 * action``; reward as in the module docstring."""
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs, dist_penalty, vel_penalty, terminated = self._observe()
        alive_bonus = 0.0 if terminated else self._healthy_reward
        reward = alive_bonus - dist_penalty - vel_penalty
        info = {
            "reward_survive": alive_bonus,
            "distance_penalty": -dist_penalty,
            "velocity_penalty": -vel_penalty,
        }
        if self.render_mode == "human":
            self.render()
        return obs, reward, terminated, False, info


class InvertedDoublePendulumV4Env(FixedModelEnv, _InvertedDoublePendulumBase):
    """InvertedDoublePendulum-v4: an 11-number observation (all three constraint forces), the
    alive bonus 10 on every step (the terminating one included), an empty ``info`` and no task
    options (rendering options only)."""

    _constraint_terms = None

    _model_file = "inverted_double_pendulum.xml"
    _model_frame_skip = 5
    _model_camera = V4_CAMERA_CONFIG

    def _setup(self) -> None:
        self._bind(0.1)

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Push the cart with force ``500 * action``; reward as in the module docstring."""
        self.do_simulation(self.check_action(action), self.frame_skip)
        obs, dist_penalty, vel_penalty, terminated = self._observe()
        reward = 10 - dist_penalty - vel_penalty
        if self.render_mode == "human":
            self.render()
        return obs, reward, terminated, False, {}
