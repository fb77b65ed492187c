"""CarRacing-v3: drive a top-down car around a random track, seen through a 96x96 camera.

Semantics of Gymnasium 1.4's CarRacing-v3:

* action: ``Box([-1, 0, 0], [1, 1, 1], float32)`` = (steer, gas, brake), or with
  ``continuous=False`` ``Discrete(5)`` = nothing, steer right, steer left, gas (0.2), brake (0.8);
* observation: ``Box(0, 255, (96, 96, 3), uint8)``, the camera image (car near the bottom,
  facing up, the view rotating with it; zooming in over the first second) with the indicator
  bars at the bottom: speed, the four wheels' spin (ABS), steering and yaw rate;
* reward: -0.1 per step and +1000/N for every track tile first touched by a wheel (N tiles);
  leaving the playfield gives -100 and terminates; touching the start tile after more than
  ``lap_complete_percent`` of the tiles were visited (or visiting all) terminates with
  ``info["lap_finished"] = True``;
* ``domain_randomize=True`` draws road, background and grass colours from ``np_random`` at every
  reset (``reset(options={"randomize": False})`` keeps the current ones).

The observation is drawn directly at 96x96 (supersampled) by :mod:`gymkit_box2d.racing_draw`;
``rgb_array`` frames are 600x400 with skid marks, ``human`` shows them in a pyglet window.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from Box2D import b2ContactListener, b2FixtureDef, b2PolygonShape, b2World

from gymkit.core import Env
from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.spaces import Box, Discrete
from gymkit.utils.display import WindowedRendering
from gymkit_box2d.car_dynamics import Car
from gymkit_box2d.racing_draw import Painter
from gymkit_box2d.racing_track import PLAYFIELD, TrackGeometry, generate_track

__all__ = ["CarRacingEnv"]

FPS = 50
DT = 1.0 / FPS
STATE_W = STATE_H = 96
VIDEO_W, VIDEO_H = 600, 400
ROAD_COLOR = (102.0, 102.0, 102.0)
BG_COLOR = (102.0, 204.0, 102.0)
GRASS_COLOR = (102.0, 230.0, 102.0)


class Tile:
    """A road tile's state: index along the track and whether a wheel has touched it."""

    __slots__ = ("idx", "visited")

    def __init__(self, idx: int) -> None:
        self.idx = idx
        self.visited = False


class _TileContacts(b2ContactListener):
    """Keeps each wheel's set of tiles under it and rewards first visits."""

    def __init__(self, env: CarRacingEnv) -> None:
        super().__init__()
        self.env = env

    def BeginContact(self, contact: Any) -> None:
        self._contact(contact, True)

    def EndContact(self, contact: Any) -> None:
        self._contact(contact, False)

    def _contact(self, contact: Any, begin: bool) -> None:
        a = contact.fixtureA.body.userData
        b = contact.fixtureB.body.userData
        if isinstance(b, Tile):
            tile, other = b, a
        elif isinstance(a, Tile):
            tile, other = a, b
        else:
            return
        env = self.env
        # any touch (the hull's too) repaints the tile in the plain road colour
        env._painter.repaint_tile(tile.idx)
        tiles = getattr(other, "tiles", None)
        if tiles is None:
            return
        if begin:
            tiles.add(tile)
            if not tile.visited:
                tile.visited = True
                n = env._n_tiles
                env._reward += 1000.0 / n
                env._visited += 1
                if tile.idx == 0 and env._visited / n > env.lap_complete_percent:
                    env._new_lap = True
        else:
            tiles.discard(tile)


class CarRacingEnv(Env[np.ndarray, Any]):
    """The racing car on a random track (see the module docstring for the task).

    Options: ``lap_complete_percent`` in (0, 1] (default 0.95), ``domain_randomize`` (default
    False), ``continuous`` (default True). Raises :class:`gymkit.error.InvalidEnvKwargs` for an
    option outside its range and :class:`gymkit.error.InvalidAction` for an action outside the
    action space.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": FPS}

    #: keyboard map of ``gymkit play`` (continuous actions): arrows steer (left/right),
    #: accelerate (up) and brake (down); combinations steer while accelerating or braking.
    keys_to_action: dict[tuple[str, ...], Any] = {
        ("left",): np.array([-1.0, 0.0, 0.0], dtype=np.float32),
        ("right",): np.array([1.0, 0.0, 0.0], dtype=np.float32),
        ("up",): np.array([0.0, 1.0, 0.0], dtype=np.float32),
        ("down",): np.array([0.0, 0.0, 0.8], dtype=np.float32),
        ("left", "up"): np.array([-1.0, 1.0, 0.0], dtype=np.float32),
        ("right", "up"): np.array([1.0, 1.0, 0.0], dtype=np.float32),
        ("down", "left"): np.array([-1.0, 0.0, 0.8], dtype=np.float32),
        ("down", "right"): np.array([1.0, 0.0, 0.8], dtype=np.float32),
    }
    noop: Any = np.array([0.0, 0.0, 0.0], dtype=np.float32)
    #: the same arrows with discrete actions (right 1, left 2, gas 3, brake 4; nothing 0)
    discrete_keys_to_action: dict[tuple[str, ...], int] = {
        ("right",): 1,
        ("left",): 2,
        ("up",): 3,
        ("down",): 4,
    }

    def __init__(
        self,
        render_mode: str | None = None,
        lap_complete_percent: float = 0.95,
        domain_randomize: bool = False,
        continuous: bool = True,
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        try:
            percent = float(lap_complete_percent)
        except (TypeError, ValueError):
            percent = math.nan
        if not (0.0 < percent <= 1.0) or isinstance(lap_complete_percent, bool):
            raise InvalidEnvKwargs(
                f"CarRacing: lap_complete_percent must be a number in (0, 1] (the share of "
                f"tiles to visit before the lap counts), got {lap_complete_percent!r}; "
                "e.g. lap_complete_percent=0.95"
            )
        for name, flag in (("domain_randomize", domain_randomize), ("continuous", continuous)):
            if not isinstance(flag, (bool, np.bool_)):
                raise InvalidEnvKwargs(f"CarRacing: {name} must be True or False, got {flag!r}")
        self.lap_complete_percent = percent
        self.domain_randomize = bool(domain_randomize)
        self.continuous = bool(continuous)
        if self.continuous:
            self.action_space: Box | Discrete = Box(
                np.array([-1, 0, 0], dtype=np.float32),
                np.array([1, 1, 1], dtype=np.float32),
                dtype=np.float32,
            )
        else:
            self.action_space = Discrete(5)
            self.keys_to_action = dict(self.discrete_keys_to_action)
            self.noop = 0
        self.observation_space = Box(0, 255, (STATE_H, STATE_W, 3), dtype=np.uint8)

        self.road_color = np.array(ROAD_COLOR)
        self.bg_color = np.array(BG_COLOR)
        self.grass_color = np.array(GRASS_COLOR)
        if self.domain_randomize:
            self._draw_colors()

        self._contacts = _TileContacts(self)
        self.world = b2World((0, 0), contactListener=self._contacts)
        self._tile_fixture = b2FixtureDef(
            shape=b2PolygonShape(vertices=[(0, 0), (1, 0), (1, -1), (0, -1)])
        )
        self._tile_bodies: list[Any] = []
        self._tiles: list[Tile] = []
        self.car: Car | None = None
        self.track: TrackGeometry | None = None
        self._painter = Painter()
        self._n_tiles = 0
        self._reward = 0.0
        self._prev_reward = 0.0
        self._visited = 0
        self._new_lap = False
        self._t = 0.0
        self._display = WindowedRendering("CarRacing")

    # -- public read-only state -----------------------------------------------------------------

    @property
    def tile_visited_count(self) -> int:
        """How many distinct tiles a wheel has touched this episode."""
        return self._visited

    @property
    def reward(self) -> float:
        """The episode's accumulated reward (shown on the screen)."""
        return self._reward

    # -- episode --------------------------------------------------------------------------------

    def _draw_colors(self) -> None:
        rng = self.np_random
        self.road_color = rng.uniform(0, 210, size=3)
        self.bg_color = rng.uniform(0, 210, size=3)
        self.grass_color = np.copy(self.bg_color)
        self.grass_color[rng.integers(3)] += 20

    def _destroy(self) -> None:
        # Box2D reports the ending contacts while it destroys a body, and pybox2d drops the
        # body's user data reference meanwhile: self._tiles and the car's wheel list keep those
        # objects alive until every body is gone.
        for body in self._tile_bodies:
            self.world.DestroyBody(body)
        if self.car is not None:
            self.car.destroy()
            self.car = None
        self._tile_bodies = []
        self._tiles = []

    def _build_track(self, track: TrackGeometry) -> None:
        fixture = self._tile_fixture
        bodies = self._tile_bodies
        for i, quad in enumerate(track.tiles):
            fixture.shape.vertices = quad
            body = self.world.CreateStaticBody(fixtures=fixture)
            tile = Tile(i)
            self._tiles.append(tile)
            body.userData = tile
            body.fixtures[0].sensor = True
            bodies.append(body)
        self._n_tiles = len(track.tiles)
        self.track = track

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Generate a new track (and colours with ``domain_randomize``) and place the car on the
        start tile. ``options={"randomize": False}`` keeps the current colours."""
        super().reset(seed=seed)
        if options is not None and not isinstance(options, dict):
            raise TypeError(
                f"CarRacing.reset options must be a dict or None, got {type(options).__name__}; "
                "e.g. options={'randomize': False}"
            )
        self._destroy()
        self._reward = 0.0
        self._prev_reward = 0.0
        self._visited = 0
        self._t = 0.0
        self._new_lap = False
        if self.domain_randomize:
            randomize = True if options is None else options.get("randomize", True)
            if randomize:
                self._draw_colors()
        while True:
            track = generate_track(self.np_random)
            if track is not None:
                break
        self._painter.set_scene(track, self.road_color, self.bg_color, self.grass_color)
        self._build_track(track)
        _, beta, x, y = track.points[0]
        self.car = Car(self.world, beta, x, y)
        self._advance()
        obs = self._painter.observation(self.car, self._t, self._reward)
        if self.render_mode == "human":
            self.render()
        return obs, {}

    def _advance(self) -> None:
        assert self.car is not None
        self.car.step(DT)
        self.world.Step(DT, 6 * 30, 2 * 30)
        self._t += DT

    def _apply(self, action: Any) -> None:
        car = self.car
        assert car is not None
        if self.continuous:
            try:
                values = np.asarray(action, dtype=np.float64)
            except (TypeError, ValueError):
                raise self._invalid(action) from None
            if values.shape != (3,):
                raise self._invalid(action)
            steer, gas, brake = values.tolist()
            if not (-1.0 <= steer <= 1.0 and 0.0 <= gas <= 1.0 and 0.0 <= brake <= 1.0):
                raise self._invalid(action)
            car.steer(-steer)
            car.gas(gas)
            car.brake(brake)
        else:
            if isinstance(action, (bool, np.bool_)):
                raise self._invalid(action)
            if isinstance(action, np.ndarray) and action.shape == () and action.dtype.kind in "iu":
                action = int(action)
            if not isinstance(action, (int, np.integer)) or not 0 <= action < 5:
                raise self._invalid(action)
            car.steer(-0.6 if action == 1 else (0.6 if action == 2 else 0.0))
            car.gas(0.2 if action == 3 else 0.0)
            car.brake(0.8 if action == 4 else 0.0)

    def _invalid(self, action: Any) -> InvalidAction:
        if self.continuous:
            expected = (
                "a float array of shape (3,) = (steer in [-1, 1], gas in [0, 1], brake in "
                "[0, 1]), finite"
            )
        else:
            expected = "an int in 0..4 (nothing, right, left, gas, brake)"
        return InvalidAction(
            f"CarRacing.step got action {action!r} of type {type(action).__name__}, which is "
            f"not in the action space {self.action_space}; expected {expected}"
        )

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Advance 1/50 s with ``action``; see the module docstring for rewards and ends."""
        if self.car is None:
            raise ResetNeeded("CarRacing.step called before reset(); call env.reset() first")
        self._apply(action)
        self._advance()
        obs = self._painter.observation(self.car, self._t, self._reward)
        self._reward -= 0.1
        reward = self._reward - self._prev_reward
        self._prev_reward = self._reward
        terminated = False
        info: dict[str, Any] = {}
        if self._visited == self._n_tiles or self._new_lap:
            terminated = True
            info["lap_finished"] = True
        x, y = self.car.hull.position
        if abs(x) > PLAYFIELD or abs(y) > PLAYFIELD:
            terminated = True
            info["lap_finished"] = False
            reward = -100.0
        if self.render_mode == "human":
            self.render()
        return obs, reward, terminated, False, info

    def heuristic_policy(self) -> Any:
        """A fresh scripted driver for the current episode (``gymkit run --agent heuristic``):
        it follows the track's centre line from the car's pose (see
        :mod:`gymkit_box2d.racing_driver`). With discrete actions it picks the closest of the
        five."""
        from gymkit_box2d.racing_driver import track_follower

        drive = track_follower(self)
        if self.continuous:
            return drive

        def discrete(observation: Any) -> int:
            steer, gas, brake = drive(observation).tolist()
            if abs(steer) > 0.3:
                return 1 if steer > 0 else 2
            if brake > 0:
                return 4
            return 3 if gas > 0 else 0

        return discrete

    # -- rendering ------------------------------------------------------------------------------

    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 frame of the scene with skid marks and indicators;
        ``human``: show it in a window at ``render_fps``."""
        if self.render_mode is None:
            self._display.warn_no_mode()
            return None
        if self.car is None:
            raise ResetNeeded("CarRacing.render called before reset(); call env.reset() first")
        frame = self._painter.frame(self.car, self._t, self._reward, VIDEO_W, VIDEO_H)
        return self._display.present(self.render_mode, frame, self.metadata["render_fps"])

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()
