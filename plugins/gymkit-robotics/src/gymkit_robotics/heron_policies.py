"""Scripted policies that solve the Heron arm tasks from their observations alone.

Each policy maps one observation dict to one float32 action in [-1, 1]^4; :func:`policy_for`
picks the policy of an id and :func:`success_rate` runs seeded episodes::

    env = gymkit.make("robotics/HeronPush-v1")
    policy = policy_for("robotics/HeronPush-v1")
    obs, info = env.reset(seed=0)
    obs, reward, terminated, truncated, info = env.step(policy(obs))

They read the observation layout documented in :mod:`gymkit_robotics.heron`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "PickAndPlacePolicy",
    "policy_for",
    "push_policy",
    "reach_policy",
    "slide_policy",
    "success_rate",
]

Policy = Callable[[dict[str, Any]], np.ndarray]

_SCALE = 0.05  # metres per unit of action (the tasks' ACTION_SCALE)
_OPEN, _CLOSE = 1.0, -1.0
_SLIDE_GAIN = 1.25  # the grip lags its command
_SLIDE_LIFT = 0.01  # fingertips just clear of the table
_PUSH_LIFT = 0.01


def _toward(grip: np.ndarray, target: np.ndarray, gripper: float, gain: float = 1.0) -> np.ndarray:
    action = np.empty(4, dtype=np.float32)
    action[:3] = np.clip((target - grip) * (gain / _SCALE), -1.0, 1.0)
    action[3] = gripper
    return action


def reach_policy(obs: dict[str, Any]) -> np.ndarray:
    """Move the grip straight to the goal."""
    return _toward(obs["observation"][:3], obs["desired_goal"], 0.0)


def _behind(obs: dict[str, Any], standoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The object's, the grip's positions and the unit direction object → goal (in x, y)."""
    o = obs["observation"]
    grip, obj, goal = o[:3], o[3:6], obs["desired_goal"]
    way = goal[:2] - obj[:2]
    norm = float(np.hypot(*way))
    unit = way / norm if norm > 1e-9 else np.array([1.0, 0.0])
    return grip, obj, unit * standoff


def push_policy(obs: dict[str, Any]) -> np.ndarray:
    """Lift, move behind the box on the line from the goal through it, descend, push."""
    grip, obj, back = _behind(obs, 0.045)
    goal = obs["desired_goal"]
    unit = back / 0.045
    rel = grip[:2] - obj[:2]
    along = float(rel @ unit)
    across = float(rel[0] * unit[1] - rel[1] * unit[0])
    remaining = float(np.hypot(*(goal[:2] - obj[:2])))
    height = obj[2] + _PUSH_LIFT
    behind = np.array([*(obj[:2] - back), height])
    if along < -0.03 and abs(across) < 0.012:
        if abs(grip[2] - height) < 0.012:  # in place: push toward the goal, slower when close
            step = min(remaining, 0.03)
            target = np.array([*(obj[:2] - back + unit * step), height])
            return _toward(grip, target, 0.0)
        return _toward(grip, behind, 0.0)  # above the place: descend
    high = obj[2] + 0.07
    if grip[2] < high - 0.02:  # clear the box first
        return _toward(grip, np.array([*grip[:2], high]), 0.0)
    return _toward(grip, np.array([*(obj[:2] - unit * 0.06), high]), 0.0)


class PickAndPlacePolicy:
    """Open above the box, descend around it, close, carry it to the goal.

    Stateful (the phase of the grasp): call :meth:`reset` at the start of every episode.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the previous episode's grasp."""
        self.closing = 0  # steps spent closing on the box

    def __call__(self, obs: dict[str, Any]) -> np.ndarray:
        o = obs["observation"]
        grip, obj, fingers, goal = o[:3], o[3:6], o[9:11], obs["desired_goal"]
        gap = float(fingers.sum())
        near = float(np.hypot(*(obj[:2] - grip[:2])))
        level = abs(float(obj[2] - grip[2]))
        if self.closing >= 3:
            if near < 0.03 and level < 0.03 and gap > 0.015:  # holding it: carry
                return _toward(grip, goal, _CLOSE)
            self.closing = 0  # dropped (or missed) it: start over
        if self.closing or (near < 0.012 and level < 0.012 and gap > 0.06):
            self.closing += 1  # around it: close, wait for the grip
            return _toward(grip, obj, _CLOSE)
        if near < 0.012 and gap > 0.06:  # above it, open: descend
            return _toward(grip, obj, _OPEN)
        high = obj[2] + 0.08
        if near > 0.012 and grip[2] < high - 0.03:  # rise before moving over it
            return _toward(grip, np.array([*grip[:2], high]), _OPEN)
        return _toward(grip, np.array([*obj[:2], high]), _OPEN)


def slide_policy(obs: dict[str, Any]) -> np.ndarray:
    """Get behind the puck, then push it at the speed from which it coasts to the goal.

    On the low-friction table a sliding puck loses about 1 m/s per second, so from a distance
    r it stops after r when moving at sqrt(2 a r); the grip follows the puck at (a bit under)
    that speed, so it pushes again whenever the puck is slower than that. It strikes with one
    finger only (the one on the side the puck must go), so the push is along the line from
    that finger's centre through the puck's.
    """
    o = obs["observation"]
    grip, obj, goal = o[:3], o[3:6], obs["desired_goal"]
    way = goal[:2] - obj[:2]
    remaining = float(np.hypot(*way))
    unit = way / remaining if remaining > 1e-9 else np.array([1.0, 0.0])
    finger = np.array([0.0, 0.012 if unit[1] >= 0 else -0.012])  # the striking finger
    rel = grip[:2] + finger - obj[:2]
    along = float(rel @ unit)
    across = float(rel[0] * unit[1] - rel[1] * unit[0])
    height = obj[2] + _SLIDE_LIFT
    ready = np.array([*(obj[:2] - unit * 0.06 - finger), height])
    low = abs(grip[2] - height) < 0.012
    if along < -0.02 and abs(across) < max(0.008, -0.2 * along) and low:
        speed = np.sqrt(2.0 * 0.85 * max(remaining - 0.015, 0.0))  # m/s
        puck_speed = float(np.hypot(*(o[14:16] + o[20:22]))) / 0.04  # m/s
        if puck_speed >= speed:  # it coasts far enough already: follow, don't strike
            speed = 0.6 * puck_speed
        step = unit * min(speed * 0.04 * _SLIDE_GAIN, _SCALE)  # the grip lags its command
        lateral = np.array([unit[1], -unit[0]]) * across
        action = np.zeros(4, dtype=np.float32)
        action[:2] = np.clip((step - 0.5 * lateral) / _SCALE, -1.0, 1.0)
        action[2] = np.clip((height - grip[2]) / _SCALE, -1.0, 1.0)
        return action
    high = obj[2] + 0.07
    if float(np.hypot(*(ready[:2] - grip[:2]))) < 0.01:  # above the place: descend
        return _toward(grip, ready, 0.0)
    if grip[2] < high - 0.02:
        return _toward(grip, np.array([*grip[:2], high]), 0.0)
    return _toward(grip, np.array([*ready[:2], high]), 0.0)


_POLICIES: dict[str, Policy] = {
    "HeronReach": reach_policy,
    "HeronPush": push_policy,
    "HeronSlide": slide_policy,
}


def policy_for(env_id: str) -> Policy:
    """A fresh scripted policy for a Heron id (``robotics/HeronPush-v1``, its Dense variant,
    ...); call its ``reset()`` (when it has one) at the start of every episode."""
    name = env_id.split("/")[-1].split("-")[0].removesuffix("Dense")
    if name == "HeronPickAndPlace":
        return PickAndPlacePolicy()
    if name not in _POLICIES:
        raise ValueError(
            f"no scripted policy for {env_id!r}; the Heron tasks are "
            f"{', '.join(f'robotics/{n}-v1' for n in _POLICIES)}"
        )
    return _POLICIES[name]


def success_rate(env_id: str, episodes: int, seed: int = 0) -> float:
    """The fraction of ``episodes`` seeded episodes (seeds ``seed``, ``seed + 1``, ...) whose
    last step reports ``info["is_success"]``, under the id's scripted policy."""
    import gymkit

    policy = policy_for(env_id)
    env = gymkit.make(env_id)
    solved = 0
    try:
        for episode in range(episodes):
            obs, info = env.reset(seed=seed + episode)
            reset = getattr(policy, "reset", None)
            if reset is not None:
                reset()
            done = False
            while not done:
                obs, _, terminated, truncated, info = env.step(policy(obs))
                done = terminated or truncated
            solved += bool(info["is_success"])
    finally:
        env.close()
    return solved / episodes
