"""BipedalWalker: a four-motor two-legged robot walking over generated terrain (Box2D).

The task of Gymnasium 1.4's ``BipedalWalker-v3`` (and ``BipedalWalkerHardcore-v3`` with
``hardcore=True``), rebuilt so that the same seed and the same actions give the same terrain,
the same Box2D state and the same observations, rewards and flags.

* Action ``Box(-1, 1, (4,), float32)``: (hip 1, knee 1, hip 2, knee 2). Each motor turns towards
  the sign of its entry (hips at 4 rad/s, knees at 6 rad/s) with a torque limit of
  ``80 * min(|a|, 1)``; values outside [-1, 1] act as their sign at full torque.
* Observation ``Box(float32, (24,))``: hull angle, ``2 * angular velocity / 50``, horizontal and
  vertical velocity (``0.3 * v * (600 / 30) / 50`` and ``0.3 * v * (400 / 30) / 50``), then per
  leg: hip angle, hip speed / 4, knee angle + 1, knee speed / 6, lower-leg ground contact (0/1);
  then 10 lidar fractions (rays from the hull centre, angles ``1.5 * i / 10`` from straight down
  towards the front, 160 / 30 m long; 1 = nothing hit).
* Reward: the change of ``130 * x / 30 - 5 * |hull angle|`` per step (x in metres) minus
  ``0.028 * min(|a_i|, 1)`` per motor; -100 and termination when the hull touches the ground or
  the walker leaves the terrain on the left. Reaching the far end (x > 190 * 14 / 30 m)
  terminates too.
* Terrain: 200 points every 14 / 30 m; gently random grass; with ``hardcore`` also stumps, pits
  and stairs. Clouds and terrain come from ``np_random`` in the reference order.

Box2D lengths are metres: the picture scale is 30 pixels per metre, so the 600x400 frame shows
20 m x 13.3 m and follows the hull.
"""

from __future__ import annotations

import copy
import math
from array import array as typed_array
from collections.abc import Callable
from itertools import product
from typing import Any

import Box2D
import numpy as np

from gymkit.core import Env
from gymkit.error import InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_box2d.bipedal_walker_lidar import TerrainLidar

__all__ = ["BipedalWalkerEnv", "WalkingGait"]

FPS = 50
SCALE = 30.0  # pixels per metre of the picture
MOTORS_TORQUE = 80.0
SPEED_HIP = 4.0
SPEED_KNEE = 6.0
LIDAR_RANGE = 160 / SCALE
INITIAL_RANDOM = 5.0
LEG_DOWN = -8 / SCALE
LEG_W, LEG_H = 8 / SCALE, 34 / SCALE
VIEWPORT_W, VIEWPORT_H = 600, 400
TERRAIN_STEP = 14 / SCALE
TERRAIN_LENGTH = 200
TERRAIN_HEIGHT = VIEWPORT_H / SCALE / 4
TERRAIN_GRASS = 10
TERRAIN_STARTPAD = 20
FRICTION = 2.5
#: the hull outline in pixels (x forward, y up), divided by SCALE for the body
HULL_POLYGON = ((-30, 9), (6, 9), (34, 1), (34, -8), (-30, -8))
#: x beyond which the walker has reached the far end
FINISH_X = (TERRAIN_LENGTH - TERRAIN_GRASS) * TERRAIN_STEP

_TORQUE_COST = 0.00035 * MOTORS_TORQUE  # per motor and unit of |action|
_TORQUE_COST32 = float(np.float32(_TORQUE_COST))
_ROUND32 = typed_array("f", [0.0])  # x rounds to float32 through buf[0] = x; x = buf[0]
_LIDAR_DIRECTIONS = tuple(
    (math.sin(1.5 * i / 10.0) * LIDAR_RANGE, math.cos(1.5 * i / 10.0) * LIDAR_RANGE)
    for i in range(10)
)
_F32 = np.float32
_F32_DTYPE = np.dtype(np.float32)
_F64_DTYPE = np.dtype(np.float64)
_MOTOR_SPEEDS = (SPEED_HIP, SPEED_KNEE, SPEED_HIP, SPEED_KNEE)
_ENV = "BipedalWalkerEnv"
_MAX_REPLAY = 1_000_000  # steps of one episode kept for pickling (40 MB)

# terrain generator states
_GRASS, _STUMP, _STAIRS, _PIT = 0, 1, 2, 3
_GROUND_BITS = 0x0001
_WALKER_BITS = 0x0020

_SKY = (215, 215, 255)
_CLOUD = (255, 255, 255)
_EARTH = (102, 153, 76)
_OBSTACLE_FILL, _OBSTACLE_LINE = (255, 255, 255), (153, 153, 153)
_HULL_FILL, _HULL_LINE = (127, 51, 229), (76, 76, 127)


def _leg_colors(side: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Fill and outline colour of the legs on ``side`` (-1 is drawn lighter than +1)."""
    return (153 - side * 25, 76 - side * 25, 127 - side * 25), (
        102 - side * 25,
        51 - side * 25,
        76 - side * 25,
    )


def _walker_fixture(shape: Any, density: float, friction: float | None = None) -> Any:
    kwargs = {"friction": friction} if friction is not None else {}
    return Box2D.b2FixtureDef(
        shape=shape,
        density=density,
        restitution=0.0,
        categoryBits=_WALKER_BITS,
        maskBits=_GROUND_BITS,  # the walker's parts touch only the ground, not each other
        **kwargs,
    )


_HULL_FIXTURE = _walker_fixture(
    Box2D.b2PolygonShape(vertices=[(x / SCALE, y / SCALE) for x, y in HULL_POLYGON]), 5.0, 0.1
)
_UPPER_FIXTURE = _walker_fixture(Box2D.b2PolygonShape(box=(LEG_W / 2, LEG_H / 2)), 1.0)
_LOWER_FIXTURE = _walker_fixture(Box2D.b2PolygonShape(box=(0.8 * LEG_W / 2, LEG_H / 2)), 1.0)


class _TerrainParts:
    """The Box2D definitions every episode's terrain bodies are built from (a fixture definition
    points at its shape without owning it: the shapes are kept here too)."""

    def __init__(self) -> None:
        self.static = Box2D.b2BodyDef()  # static, at the origin
        self.polygon = Box2D.b2PolygonShape()
        self.solid = Box2D.b2FixtureDef(shape=self.polygon, friction=FRICTION)
        self.edge = Box2D.b2EdgeShape()
        self.surface = Box2D.b2FixtureDef(
            shape=self.edge, friction=FRICTION, categoryBits=_GROUND_BITS
        )


#: userData of the hull; the lower legs carry 1 and 2 (their index in ``leg_contact`` plus 1),
#: every other body None
_HULL_TAG = 0


class _Contacts(Box2D.b2ContactListener):
    """Ends the episode when the hull touches anything; tracks the lower legs' ground contact
    (a contact's end clears the flag even if the leg still touches another piece of ground)."""

    def __init__(self, env: BipedalWalkerEnv) -> None:
        super().__init__()
        self.env = env

    def BeginContact(self, contact: Any) -> None:
        # the bodies' userData tags them (_HULL_TAG, or 1 and 2 for the lower legs): reading a
        # tag is cheaper than comparing SWIG bodies
        env = self.env
        for tag in (contact.fixtureA.body.userData, contact.fixtureB.body.userData):
            if tag is None:
                continue
            if tag == _HULL_TAG:
                env.game_over = True
            else:
                env.leg_contact[tag - 1] = True

    def EndContact(self, contact: Any) -> None:
        env = self.env
        for tag in (contact.fixtureA.body.userData, contact.fixtureB.body.userData):
            if tag is not None and tag != _HULL_TAG:
                env.leg_contact[tag - 1] = False


def _check_bool(name: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InvalidEnvKwargs(
        f"{_ENV}: {name} must be a bool (True or False), got {value!r} of type "
        f"{type(value).__name__}; pass e.g. {name}=True"
    )


class BipedalWalkerEnv(Env[np.ndarray, np.ndarray]):
    """The bipedal walker (module docstring: spaces, reward, termination).

    ``hardcore=True`` adds stumps, pits and stairs (``BipedalWalkerHardcore-v3``). ``info`` is
    ``{}``. ``heuristic_policy()`` returns the scripted :class:`WalkingGait`.

    ``gymkit play`` keys (hold any combination, one key per motor): ``q``/``a`` hip 1
    forward/back, ``w``/``s`` knee 1 forward/back, ``o``/``l`` hip 2 forward/back,
    ``p``/``;`` (semicolon) knee 2 forward/back; nothing held = motors off.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": FPS}

    noop = np.zeros(4, dtype=np.float32)

    def __init__(self, render_mode: str | None = None, hardcore: bool = False) -> None:
        from gymkit.spaces import Box

        self.render_mode = self._check_render_mode(render_mode)
        self.hardcore = _check_bool("hardcore", hardcore)
        pi = math.pi
        leg_low = [-pi, -5.0, -pi, -5.0, -0.0]
        leg_high = [pi, 5.0, pi, 5.0, 5.0]
        low = np.array([-pi, -5.0, -5.0, -5.0] + leg_low * 2 + [-1.0] * 10, dtype=np.float32)
        high = np.array([pi, 5.0, 5.0, 5.0] + leg_high * 2 + [1.0] * 10, dtype=np.float32)
        self.observation_space = Box(low, high, dtype=np.float32)
        self.action_space = Box(-1.0, 1.0, shape=(4,), dtype=np.float32)

        self.world = Box2D.b2World()
        self.terrain: list[Any] = []  # the static bodies, in the reference's order
        self.hull: Any = None
        self.legs: list[Any] = []  # upper 1, lower 1, upper 2, lower 2
        self.joints: list[Any] = []  # hip 1, knee 1, hip 2, knee 2
        self._lowers: tuple[Any, Any] = (None, None)
        self._position: Any = None
        self._velocity: Any = None
        self.leg_contact = [False, False]
        self.game_over = False
        self.prev_shaping: float | None = None
        self.scroll = 0.0
        self.terrain_x: list[float] = []
        self.terrain_y: list[float] = []
        self.terrain_poly: list[list[tuple[float, float]]] = []
        self.obstacle_poly: list[list[tuple[float, float]]] = []
        self.cloud_poly: list[tuple[list[tuple[float, float]], float, float]] = []
        self._listener: _Contacts | None = None
        self._lidar: TerrainLidar | None = None
        self._parts = _TerrainParts()
        self._hull_xy = (0.0, 0.0)
        self._fractions: list[float] = [1.0] * 10
        self._lidar_frame = 0
        self._display = WindowedRendering(_ENV, caption="BipedalWalker")
        #: the generator at the episode's start and the steps since, 5 numbers a step: the four
        #: commands and 1.0 for float32 arithmetic (``None`` once too long to keep)
        self._history: tuple[np.random.Generator, typed_array | None] | None = None

    # ------------------------------------------------------------------ terrain
    def _new_world(self) -> None:
        """Drop the previous episode's world and start an empty one.

        Every episode gets a fresh ``b2World``: Box2D's contact and broad-phase order depends on
        the bodies a world has held before, so reusing one (as the reference does) makes an
        episode depend on the previous episodes, not only on its seed. A fresh world behaves as
        the reference's first episode after construction, for every episode.
        """
        self.world.contactListener = None
        self.world = Box2D.b2World()
        self.terrain = []
        self.hull = None
        self._position = self._velocity = None
        self.legs = []
        self.joints = []

    def _generate_terrain(self) -> None:
        """Heights (``terrain_x``, ``terrain_y``) and obstacle polygons, then their bodies.

        The generator is a small state machine: grass drifts back towards the base height with
        random slope changes; every few points (``counter``) the state changes, and in hardcore
        mode it may become a pit, a stump or a flight of stairs, whose solid parts are drawn
        when the state begins (``fresh``).
        """
        rng = self.np_random
        step = TERRAIN_STEP
        xs: list[float] = []
        ys: list[float] = []
        obstacles: list[list[tuple[float, float]]] = []
        state, fresh = _GRASS, False
        slope = 0.0
        y = TERRAIN_HEIGHT
        counter = TERRAIN_STARTPAD
        stair_count = stair_width = stair_rise = 0
        base_y = 0.0
        for i in range(TERRAIN_LENGTH):
            x = i * step
            xs.append(x)
            if state == _GRASS:
                if not fresh:
                    gap = TERRAIN_HEIGHT - y  # its sign, as np.sign gives it
                    sign = 1.0 if gap > 0.0 else (-1.0 if gap < 0.0 else 0.0)
                    slope = 0.8 * slope + 0.01 * sign
                    if i > TERRAIN_STARTPAD:
                        # uniform(-1, 1), exactly: low + (high - low) * the next double
                        slope += (-1.0 + 2.0 * rng.random()) / SCALE
                    y += slope
            elif state == _PIT:
                if fresh:
                    counter = int(rng.integers(3, 5))
                    wall = [(x, y), (x + step, y), (x + step, y - 4 * step), (x, y - 4 * step)]
                    obstacles.append(wall)
                    obstacles.append([(px + step * counter, py) for px, py in wall])
                    counter += 2
                    base_y = y
                else:
                    y = base_y
                    if counter > 1:
                        y -= 4 * step
            elif state == _STUMP:
                if fresh:
                    counter = int(rng.integers(1, 3))
                    size = counter * step
                    obstacles.append([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])
            elif fresh:  # stairs
                stair_rise = 1 if rng.random() > 0.5 else -1
                stair_width = int(rng.integers(4, 5))
                stair_count = int(rng.integers(3, 5))
                base_y = y
                for s in range(stair_count):
                    left = x + (s * stair_width) * step
                    right = x + ((1 + s) * stair_width) * step
                    top = y + (s * stair_rise) * step
                    bottom = y + (-1 + s * stair_rise) * step
                    obstacles.append([(left, top), (right, top), (right, bottom), (left, bottom)])
                counter = stair_count * stair_width
            else:
                done = stair_count * stair_width - counter - stair_rise
                y = base_y + (done / stair_width * stair_rise) * step
            fresh = False
            ys.append(y)
            counter -= 1
            if counter == 0:
                counter = int(rng.integers(TERRAIN_GRASS // 2, TERRAIN_GRASS))
                if state == _GRASS and self.hardcore:
                    state = int(rng.integers(1, 4))
                else:
                    state = _GRASS
                fresh = True
        self.terrain_x, self.terrain_y = xs, ys
        self.obstacle_poly = obstacles

        # one static body per obstacle and per terrain edge, in the reference's order, from
        # definitions made once (building them from keyword arguments costs more than the rest)
        create = self.world.CreateBody
        bodies = []
        parts = self._parts
        polygon_shape, edge_shape = parts.polygon, parts.edge
        for polygon in obstacles:
            polygon_shape.vertices = polygon
            body = create(parts.static)
            body.CreateFixture(parts.solid)
            bodies.append(body)
        poly = []
        for i in range(TERRAIN_LENGTH - 1):
            segment = [(xs[i], ys[i]), (xs[i + 1], ys[i + 1])]
            edge_shape.vertices = segment
            body = create(parts.static)
            body.CreateFixture(parts.surface)
            bodies.append(body)
            poly.append([*segment, (xs[i + 1], 0.0), (xs[i], 0.0)])
        self.terrain_poly = poly
        self._lidar = TerrainLidar(
            xs, ys, bodies[: len(obstacles)], _LIDAR_DIRECTIONS, TERRAIN_STEP
        )
        bodies.reverse()
        self.terrain = bodies

    def _generate_clouds(self) -> None:
        # uniform(0, w) is exactly w * the generator's next double (and cheaper to call)
        random = self.np_random.random
        self.cloud_poly = []
        height = VIEWPORT_H / SCALE * 3 / 4
        spread = 5 * TERRAIN_STEP
        for _ in range(TERRAIN_LENGTH // 20):
            x = TERRAIN_LENGTH * random() * TERRAIN_STEP
            polygon = []
            for k in range(5):
                angle = 3.14 * 2 * k / 5
                px = x + 15 * TERRAIN_STEP * math.sin(angle) + spread * random()
                py = height + 5 * TERRAIN_STEP * math.cos(angle)
                polygon.append((px, py + spread * random()))
            xs = [p[0] for p in polygon]
            self.cloud_poly.append((polygon, min(xs), max(xs)))

    def _build_walker(self) -> None:
        world = self.world
        x0 = TERRAIN_STEP * TERRAIN_STARTPAD / 2
        y0 = TERRAIN_HEIGHT + 2 * LEG_H
        hull = world.CreateDynamicBody(position=(x0, y0), fixtures=_HULL_FIXTURE)
        hull.ApplyForceToCenter((self.np_random.uniform(-INITIAL_RANDOM, INITIAL_RANDOM), 0), True)
        self.hull = hull
        legs: list[Any] = []
        joints: list[Any] = []
        for side in (-1, 1):
            upper = world.CreateDynamicBody(
                position=(x0, y0 - LEG_H / 2 - LEG_DOWN), angle=side * 0.05, fixtures=_UPPER_FIXTURE
            )
            joints.append(
                world.CreateJoint(
                    Box2D.b2RevoluteJointDef(
                        bodyA=hull,
                        bodyB=upper,
                        localAnchorA=(0, LEG_DOWN),
                        localAnchorB=(0, LEG_H / 2),
                        enableMotor=True,
                        enableLimit=True,
                        maxMotorTorque=MOTORS_TORQUE,
                        motorSpeed=side,
                        lowerAngle=-0.8,
                        upperAngle=1.1,
                    )
                )
            )
            lower = world.CreateDynamicBody(
                position=(x0, y0 - LEG_H * 3 / 2 - LEG_DOWN),
                angle=side * 0.05,
                fixtures=_LOWER_FIXTURE,
            )
            joints.append(
                world.CreateJoint(
                    Box2D.b2RevoluteJointDef(
                        bodyA=upper,
                        bodyB=lower,
                        localAnchorA=(0, -LEG_H / 2),
                        localAnchorB=(0, LEG_H / 2),
                        enableMotor=True,
                        enableLimit=True,
                        maxMotorTorque=MOTORS_TORQUE,
                        motorSpeed=1,
                        lowerAngle=-1.6,
                        upperAngle=-0.1,
                    )
                )
            )
            legs += [upper, lower]
        self.legs, self.joints = legs, joints
        self._lowers = (legs[1], legs[3])
        hull.userData = _HULL_TAG
        legs[1].userData = 1
        legs[3].userData = 2
        # live views of the hull's position and velocity (reading them allocates nothing);
        # valid while self.world holds the hull
        self._position = hull.position
        self._velocity = hull.linearVelocity

    # ------------------------------------------------------------------ API
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """New terrain, clouds and walker from ``np_random``; the walker stands still at the left
        end after one step with the motors off (``options`` is unused)."""
        super().reset(seed=seed)
        self._history = (copy.deepcopy(self.np_random), typed_array("d"))
        self._start_episode()
        if self.render_mode == "human":
            self.render()
        return self._advance((0.0, 0.0, 0.0, 0.0), False)[0], {}

    def _start_episode(self) -> None:
        """Terrain, clouds and walker of a new episode in a fresh world, from ``np_random``."""
        self._new_world()
        self._listener = _Contacts(self)
        self.world.contactListener = self._listener
        self.game_over = False
        self.leg_contact = [False, False]
        self.prev_shaping = None
        self.scroll = 0.0
        self._lidar_frame = 0
        self._generate_terrain()
        self._generate_clouds()
        self._build_walker()

    # ------------------------------------------------------------------ pickling
    def __getstate__(self) -> dict[str, Any]:
        """Box2D worlds do not pickle: an env pickles as its options, the random generator at the
        start of the episode and the actions since, and unpickles by replaying them (episodes
        depend only on these), ending in the same state. A human window is not carried over."""
        generator, steps = self._history if self._history is not None else (None, [])
        if steps is None:
            raise TypeError(
                f"{_ENV} pickles by replaying its episode, and this episode is longer than "
                f"{_MAX_REPLAY} steps; reset() the env before pickling it"
            )
        return {
            "render_mode": self.render_mode,
            "hardcore": self.hardcore,
            "spec": self.__dict__.get("spec"),
            "metadata": self.__dict__.get("metadata"),
            "start": generator,
            "steps": steps,
            "np_random": self._np_random,
            "np_random_seed": self._np_random_seed,
            "lidar_frame": self._lidar_frame,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(render_mode=state["render_mode"], hardcore=state["hardcore"])  # type: ignore[misc]
        for name in ("spec", "metadata"):
            if state[name] is not None:
                setattr(self, name, state[name])
        if state["start"] is not None:
            self._np_random = copy.deepcopy(state["start"])
            self._start_episode()
            self._advance((0.0, 0.0, 0.0, 0.0), False)
            steps = typed_array("d", state["steps"])
            for i in range(0, len(steps), 5):
                self._advance(steps[i : i + 4].tolist(), steps[i + 4] == 1.0)
            self._history = (state["start"], steps)
        self._np_random = state["np_random"]
        self._np_random_seed = state["np_random_seed"]
        self._lidar_frame = state["lidar_frame"]

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Drive the four motors with ``action`` for 1/50 s (module docstring)."""
        if type(action) is np.ndarray and action.shape == (4,):
            dtype = action.dtype
            if dtype is _F32_DTYPE:
                single = True
            elif dtype is _F64_DTYPE:
                single = False
            else:
                action, single = self._coerce(action)
        else:
            action, single = self._coerce(action)
        values = action.tolist()
        for v in values:
            if not -math.inf < v < math.inf:
                raise InvalidAction(
                    f"{_ENV}.step got action {action!r} with a non-finite entry; expected 4 "
                    f"finite motor commands in [-1, 1] (the action space {self.action_space})"
                )
        if self._history is None:
            raise ResetNeeded(f"{_ENV}.step called before reset(); call env.reset() first")
        result = self._advance(values, single)
        steps = self._history[1]
        if steps is not None:
            steps.extend(values)
            steps.append(single)
            if len(steps) > 5 * _MAX_REPLAY:
                self._history = (self._history[0], None)
        if self.render_mode == "human":
            self.render()
        return result

    def _coerce(self, action: Any) -> tuple[np.ndarray, bool]:
        """An action that is not a float32/float64 array of shape (4,) as an array, or a clear
        error. Returns the array and whether its arithmetic is single precision."""
        try:
            array = np.asarray(action)
        except Exception:
            array = None
        if array is None or array.shape != (4,) or array.dtype.kind not in "fiub":
            shape = getattr(array, "shape", None)
            raise InvalidAction(
                f"{_ENV}.step got action {action!r} (shape {shape}), which is not in the action "
                f"space {self.action_space}; pass 4 motor commands in [-1, 1], e.g. "
                "np.array([0.5, -0.2, 0.0, 1.0], dtype=np.float32)"
            )
        if array.dtype == _F32_DTYPE:
            return array, True
        return array.astype(np.float64), False

    def _advance(
        self, values: Any, single: bool
    ) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """One physics step with motor commands ``values`` (four finite floats).

        ``single`` says the commands are float32 numbers; the torque cost is then summed in
        float32 arithmetic, as the reference computes it for a float32 action.
        """
        joints = self.joints
        magnitudes = [abs(a) for a in values]
        for joint, a, size, speed in zip(joints, values, magnitudes, _MOTOR_SPEEDS):
            joint.motorSpeed = speed if a > 0 else (-speed if a < 0 else 0.0)
            joint.maxMotorTorque = MOTORS_TORQUE * (size if size < 1.0 else 1.0)
        world = self.world
        world.Step(1.0 / FPS, 6 * 30, 2 * 30)

        hull = self.hull
        position = self._position
        px, py = position.x, position.y
        velocity = self._velocity
        vx, vy = velocity.x, velocity.y
        fractions = self._lidar.fractions(px, py)
        self._fractions = fractions
        self._hull_xy = (px, py)

        angle = hull.angle
        hip1, knee1, hip2, knee2 = joints
        contact = self.leg_contact
        state = [
            angle,
            2.0 * hull.angularVelocity / FPS,
            0.3 * vx * (VIEWPORT_W / SCALE) / FPS,
            0.3 * vy * (VIEWPORT_H / SCALE) / FPS,
            hip1.angle,
            hip1.speed / SPEED_HIP,
            knee1.angle + 1.0,
            knee1.speed / SPEED_KNEE,
            1.0 if contact[0] else 0.0,
            hip2.angle,
            hip2.speed / SPEED_HIP,
            knee2.angle + 1.0,
            knee2.speed / SPEED_KNEE,
            1.0 if contact[1] else 0.0,
            *fractions,
        ]
        self.scroll = px - VIEWPORT_W / SCALE / 5

        shaping = 130 * px / SCALE - 5.0 * abs(angle)
        reward = 0.0 if self.prev_shaping is None else shaping - self.prev_shaping
        self.prev_shaping = shaping
        if single:
            # float32 arithmetic, as NumPy computes it for a float32 action (the Python reward is
            # rounded to float32 first); ``buf[0] = x; x = buf[0]`` rounds x to float32, and each
            # float32 operation is one exact double operation rounded once
            buf = _ROUND32
            buf[0] = reward
            for size in magnitudes:
                cost = buf[0]
                buf[0] = _TORQUE_COST32 * (size if size < 1.0 else 1.0)
                buf[0] = cost - buf[0]
            reward = buf[0]
        else:
            for size in magnitudes:
                reward -= _TORQUE_COST * (size if size < 1.0 else 1.0)

        terminated = False
        if self.game_over or px < 0:
            reward = -100.0
            terminated = True
        if px > FINISH_X:
            terminated = True
        return np.array(state, dtype=_F32), reward, terminated, False, {}

    # ------------------------------------------------------------------ controller
    def heuristic_policy(self) -> Callable[[np.ndarray], np.ndarray]:
        """A fresh scripted walking gait for one episode (see :class:`WalkingGait`)."""
        return WalkingGait()

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | None:
        """``rgb_array``: the 600x400 view following the hull; ``human``: show it."""
        return self._display.render(self.render_mode, self._draw, self.metadata["render_fps"])

    def _draw(self) -> np.ndarray:
        from gymkit.rendering.canvas import Canvas

        canvas = Canvas(VIEWPORT_W, VIEWPORT_H, _SKY, origin="bottom-left")
        left = max(0.0, self.scroll)
        x_off = left * SCALE

        def px(points: Any, parallax: float = 1.0) -> list[tuple[float, float]]:
            return [(x * SCALE - x_off * parallax, y * SCALE) for x, y in points]

        for polygon, x1, x2 in self.cloud_poly:
            if x2 < self.scroll / 2 or x1 > self.scroll / 2 + VIEWPORT_W / SCALE:
                continue
            canvas.polygon(px(polygon, 0.5), fill=_CLOUD)
        right = left + VIEWPORT_W / SCALE
        for polygon in self.terrain_poly:
            if polygon[1][0] < left or polygon[0][0] > right:
                continue
            canvas.polygon(px(polygon), fill=_EARTH)
        if self.hull is not None:
            # one lidar ray at a time sweeps forward and back, as a scanning beam
            self._lidar_frame = (self._lidar_frame + 1) % 100
            i = self._lidar_frame
            if i < 20:
                k = i if i < 10 else 19 - i
                x, y = self._hull_xy
                f = self._fractions[k]
                dx, dy = _LIDAR_DIRECTIONS[k]
                canvas.line(px([(x, y), (x + f * dx, y - f * dy)]), (255, 0, 0))
        for i in range(TERRAIN_LENGTH - 1):
            x1, x2 = self.terrain_x[i], self.terrain_x[i + 1]
            if x2 < left or x1 > right:
                continue
            green = (76, 255 if i % 2 == 0 else 204, 76)
            canvas.line(px([(x1, self.terrain_y[i]), (x2, self.terrain_y[i + 1])]), green)
        for polygon in self.obstacle_poly:
            if polygon[1][0] < left - 5 or polygon[0][0] > right + 5:
                continue
            canvas.polygon(px(polygon), fill=_OBSTACLE_FILL, outline=_OBSTACLE_LINE)
        if self.hull is not None:
            parts = [(body, _leg_colors(-1 if k < 2 else 1)) for k, body in enumerate(self.legs)]
            parts.append((self.hull, (_HULL_FILL, _HULL_LINE)))
            for body, (fill, line) in parts:
                transform = body.transform
                for fixture in body.fixtures:
                    corners = [transform * v for v in fixture.shape.vertices]
                    canvas.polygon(px(corners), fill=fill, outline=line)
        pole_x = TERRAIN_STEP * 3 * SCALE - x_off
        base = TERRAIN_HEIGHT * SCALE
        canvas.line([(pole_x, base), (pole_x, base + 50)], (0, 0, 0))
        flag = [(pole_x, base + 50), (pole_x, base + 40), (pole_x + 25, base + 45)]
        canvas.polygon(flag, fill=(230, 51, 0), outline=(0, 0, 0))
        return canvas.to_array()

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


def _motor_keys() -> dict[tuple[str, ...], np.ndarray]:
    """Every combination of at most one key per motor, e.g. ``("a", "q")`` is not valid
    (both on hip 1) but ``("q", "w")`` drives hip 1 and knee 1 forward."""
    pairs = (("q", "a"), ("w", "s"), ("o", "l"), ("p", "semicolon"))
    table: dict[tuple[str, ...], np.ndarray] = {}
    for choice in product((0, 1, -1), repeat=4):
        if not any(choice):
            continue
        keys = tuple(sorted(pair[0] if c == 1 else pair[1] for pair, c in zip(pairs, choice) if c))
        table[keys] = np.array(choice, dtype=np.float32)
    return table


BipedalWalkerEnv.keys_to_action = _motor_keys()


class WalkingGait:
    """A scripted walk: a three-phase state machine over joint angles and foot contacts.

    One leg swings while the other carries the hull, then they swap:

    1. ``LIFT``: the swing leg folds its knee and drives its hip forward; the support knee
       stays almost straight. Ends when the support hip has turned behind the hull (the hull
       has passed over the supporting foot).
    2. ``PLACE``: the swing leg straightens and comes down slightly ahead. Ends when its foot
       touches the ground.
    3. ``PUSH``: the old support leg straightens its knee fully, pushing the hull forward. Ends
       when that knee is straight, the hull is fast enough, or after 30 steps; the legs swap
       roles and a new ``LIFT`` begins.

    Every phase drives joints to targets with proportional-derivative commands; on top, both
    hips lean against the hull's tilt and the knees damp the hull's vertical speed. Works on the
    observation alone (no access to the env), so it is a policy ``obs -> action``.
    """

    LIFT, PLACE, PUSH = 0, 1, 2
    #: joint targets (hip angle in radians, knee as observed: angle + 1)
    SWING_HIP, SWING_KNEE = 1.05, -0.45
    PLACE_HIP = 0.15
    SUPPORT_KNEE = 0.05
    PUSH_KNEE, PUSH_DONE = 1.0, 0.9
    PASSED_HIP = 0.1  # the support hip below this: the hull is ahead of the supporting foot
    TOP_SPEED = 0.3  # observed forward speed that ends a push early
    PUSH_STEPS = 30
    #: gains: hip and knee PD, hull tilt (angle, angular speed), vertical damping, output scale
    HIP_P, HIP_D, KNEE_P, KNEE_D = 1.0, 0.3, 4.0, 0.3
    TILT_P, TILT_D, BOUNCE_D, SCALE = 1.0, 1.5, 15.0, 0.5

    def __init__(self) -> None:
        self.swing = 0  # the index (0, 1) of the swinging leg
        self.phase = self.LIFT
        self.timer = 0

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        """The action for observation ``obs`` (advances the state machine)."""
        s = np.asarray(obs, dtype=np.float64).tolist()
        swing, support = self.swing, 1 - self.swing
        sw, su = 4 + 5 * swing, 4 + 5 * support  # each leg's block in the observation
        hip: list[float | None] = [None, None]
        knee: list[float | None] = [None, None]
        self.timer += 1
        if self.phase == self.LIFT:
            hip[swing], knee[swing] = self.SWING_HIP, self.SWING_KNEE
            knee[support] = self.SUPPORT_KNEE
            if s[su] < self.PASSED_HIP:
                self.phase = self.PLACE
        if self.phase == self.PLACE:
            hip[swing], knee[swing] = self.PLACE_HIP, self.SUPPORT_KNEE
            knee[support] = self.SUPPORT_KNEE
            if s[sw + 4] > 0.5:
                self.phase, self.timer = self.PUSH, 0
        if self.phase == self.PUSH:
            knee[swing], knee[support] = self.SUPPORT_KNEE, self.PUSH_KNEE
            if s[su + 2] > self.PUSH_DONE or s[2] > self.TOP_SPEED or self.timer > self.PUSH_STEPS:
                self.phase, self.swing = self.LIFT, support
        action = [0.0] * 4
        tilt = self.TILT_P * s[0] + self.TILT_D * s[1]
        for leg in (0, 1):
            base = 4 + 5 * leg
            h = tilt
            if hip[leg] is not None:
                h += self.HIP_P * (hip[leg] - s[base]) - self.HIP_D * s[base + 1]
            k = -self.BOUNCE_D * s[3]
            if knee[leg] is not None:
                k += self.KNEE_P * (knee[leg] - s[base + 2]) - self.KNEE_D * s[base + 3]
            action[2 * leg], action[2 * leg + 1] = h, k
        return np.clip(np.array(action, dtype=np.float32) * np.float32(self.SCALE), -1.0, 1.0)
