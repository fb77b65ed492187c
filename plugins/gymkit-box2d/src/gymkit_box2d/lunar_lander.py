"""LunarLander: land a Box2D lander between the two flags, with Gymnasium 1.4's LunarLander-v3
semantics.

The task (facts of the reference task, kept so that results compare):

- World: gravity ``(0, gravity)``, steps of 1/50 s with 180 velocity and 60 position iterations.
  Distances are pixels / 30 (the 600x400 viewport is 20 x 13.33 world units).
- Terrain: 11 chunk points across the width, heights drawn uniformly in ``[0, H/2)`` from
  ``np_random`` (12 draws), the five around the middle flattened to the helipad height ``H/4``,
  then smoothed by a 3-point average; the helipad spans the chunks 4..6.
- Lander: a hexagon (density 5) and two legs on motorised revolute joints (spring-like), dropped
  from the top centre with a random initial force (two uniforms in ±1000).
- Actions, discrete: 0 no-op, 1 left orientation engine, 2 main engine, 3 right orientation
  engine. Continuous ``(main, lateral)`` in ``[-1, 1]`` (clipped): main > 0 fires the main engine
  at 50-100% power, ``|lateral| > 0.5`` fires the side engine on that side at 50-100%.
  Each step draws two dispersion uniforms from ``np_random``, fired or not.
- Wind (``enable_wind``): a force ``tanh(sin(0.02 k) + sin(0.01 pi k)) * wind_power`` and a
  torque of the same form times ``turbulence_power``, applied while no leg touches the ground;
  the indices start at integers drawn from ``np_random`` at reset.
- Observation (float32): x, y relative to the helipad, velocities, angle, angular velocity, two
  leg-contact flags. Reward: change of the shaping
  ``-100 |pos| - 100 |vel| - 100 |angle| + 10 (leg contacts)``, minus 0.3 per full-power main
  engine step and 0.03 per side engine step; -100 (and termination) on a crash of the body or
  when ``|x| >= 1``; +100 (and termination) when the lander comes to rest (Box2D puts it to sleep).

The engine flames are drawn as particles only for rendering. In the reference implementation the
particles are Box2D bodies (created only when a render mode is set) that collide with the ground
alone: they share no island, contact or joint with the lander and their broad-phase proxies are
allocated after the lander's, so they cannot change the lander's trajectory; here they are plain
visual points and the physics holds only the terrain and the lander.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, InvalidAction, InvalidEnvKwargs, ResetNeeded
from gymkit.spaces import Box, Discrete
from gymkit.utils.display import WindowedRendering

with warnings.catch_warnings():
    # SWIG-generated types of pybox2d warn about their missing __module__ on import
    warnings.simplefilter("ignore", DeprecationWarning)
    import Box2D

__all__ = ["LanderPilot", "LunarLanderEnv"]

FPS = 50
SCALE = 30.0
MAIN_ENGINE_POWER = 13.0
SIDE_ENGINE_POWER = 0.6
INITIAL_RANDOM = 1000.0
LANDER_POLY = ((-14, 17), (-17, 0), (-17, -10), (17, -10), (17, 0), (14, 17))
LEG_AWAY = 20
LEG_DOWN = 18
LEG_W, LEG_H = 2, 8
LEG_SPRING_TORQUE = 40
SIDE_ENGINE_HEIGHT = 14
SIDE_ENGINE_AWAY = 12
MAIN_ENGINE_Y_LOCATION = 4
VIEWPORT_W = 600
VIEWPORT_H = 400
CHUNKS = 11

_W = VIEWPORT_W / SCALE
_H = VIEWPORT_H / SCALE
_HELIPAD_Y = _H / 4
# observation scales, written as the reference task computes them
_HALF_W = VIEWPORT_W / SCALE / 2
_HALF_H = VIEWPORT_H / SCALE / 2
_Y_ZERO = _HELIPAD_Y + LEG_DOWN / SCALE
_MAIN_Y = MAIN_ENGINE_Y_LOCATION / SCALE
_DT = 1.0 / FPS
_VELOCITY_ITERATIONS = 6 * 30
_POSITION_ITERATIONS = 2 * 30

_ENV = "LunarLander"
_F32 = np.float32
_INT64 = np.int64

#: discrete action -> (main engine power, side engine direction or 0)
_DISCRETE = {0: (0.0, 0), 1: (0.0, -1), 2: (1.0, 0), 3: (0.0, 1)}

_SKY = (0, 0, 0)
_MOON = (255, 255, 255)
_BODY_FILL = (128, 102, 230)
_BODY_EDGE = (77, 77, 128)
_FLAG = (204, 204, 0)
_POLE = (255, 255, 255)


class _Contacts(Box2D.b2ContactListener):
    """Sets the env's crash flag and the legs' ground-contact flags (userData 0 = body,
    1 and 2 = legs)."""

    def __init__(self, env: LunarLanderEnv) -> None:
        super().__init__()
        self.env = env

    def BeginContact(self, contact: Any) -> None:
        for tag in (contact.fixtureA.body.userData, contact.fixtureB.body.userData):
            if tag == 0:
                self.env.game_over = True
            elif tag is not None:
                self.env.leg_contact[tag - 1] = True

    def EndContact(self, contact: Any) -> None:
        for tag in (contact.fixtureA.body.userData, contact.fixtureB.body.userData):
            if tag:
                self.env.leg_contact[tag - 1] = False


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidEnvKwargs(
            f"{_ENV}: {name} must be a real number, got {value!r} of type {type(value).__name__}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise InvalidEnvKwargs(f"{_ENV}: {name} must be finite, got {number}")
    return number


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidEnvKwargs(
            f"{_ENV}: {name} must be True or False, got {value!r} of type {type(value).__name__}"
        )
    return bool(value)


class _Parts:
    """The Box2D definitions every episode builds its bodies from (made once per env: building
    them from keyword arguments costs more than the whole world)."""

    def __init__(self) -> None:
        # a fixture definition points at its shape without owning it: keep every shape here
        self.shapes = (
            Box2D.b2EdgeShape(vertices=[(0, 0), (_W, 0)]),
            Box2D.b2PolygonShape(vertices=[(x / SCALE, y / SCALE) for x, y in LANDER_POLY]),
            Box2D.b2PolygonShape(box=(LEG_W / SCALE, LEG_H / SCALE)),
        )
        self.ground = Box2D.b2BodyDef()  # static
        self.floor = Box2D.b2FixtureDef(shape=self.shapes[0])
        self.edge = Box2D.b2EdgeShape()
        self.edge_fixture = Box2D.b2FixtureDef(shape=self.edge, density=0, friction=0.1)
        self.body = Box2D.b2BodyDef()
        self.body.type = Box2D.b2_dynamicBody
        self.hull = Box2D.b2FixtureDef(
            shape=self.shapes[1],
            density=5.0,
            friction=0.1,
            categoryBits=0x0010,
            maskBits=0x0001,
            restitution=0.0,
        )
        self.leg = Box2D.b2FixtureDef(
            shape=self.shapes[2],
            density=1.0,
            restitution=0.0,
            categoryBits=0x0020,
            maskBits=0x0001,
        )
        self.joints = []
        for side in (-1, 1):
            lower, upper = (0.9 - 0.5, 0.9) if side == -1 else (-0.9, -0.9 + 0.5)
            self.joints.append(
                Box2D.b2RevoluteJointDef(
                    localAnchorA=(0, 0),
                    localAnchorB=(side * LEG_AWAY / SCALE, LEG_DOWN / SCALE),
                    enableMotor=True,
                    enableLimit=True,
                    maxMotorTorque=LEG_SPRING_TORQUE,
                    motorSpeed=0.3 * side,
                    lowerAngle=lower,
                    upperAngle=upper,
                )
            )


class LunarLanderEnv(Env[np.ndarray, Any]):
    """The lunar lander (see the module docstring for the task).

    Options: ``continuous`` (Box actions instead of Discrete(4)), ``gravity`` in (-12, 0)
    exclusive (default -10), ``enable_wind`` (default False), ``wind_power`` in [0, 20]
    (default 15), ``turbulence_power`` in [0, 2] (default 1.5). A value outside its range raises
    :class:`gymkit.error.InvalidEnvKwargs` (the reference task only warns for the wind ones).

    Observation ``Box(float32, (8,))`` within ``[-2.5, 2.5]^2 x [-10, 10]^2 x [-2pi, 2pi] x
    [-10, 10] x [0, 1]^2``; ``info`` is ``{}``. ``heuristic_policy()`` returns a pilot that
    lands (mean return above 200). The env pickles (and deep-copies): the copy replays the
    episode so far and continues exactly like the original.
    """

    metadata = {"render_modes": ["human", "rgb_array"], "render_fps": FPS}

    #: ``gymkit play``: up = main engine, left / right = the side engines (arrows or WASD).
    keys_to_action: dict[tuple[str, ...], Any] = {
        ("up",): 2,
        ("w",): 2,
        ("left",): 1,
        ("a",): 1,
        ("right",): 3,
        ("d",): 3,
    }
    noop: Any = 0

    def __init__(
        self,
        render_mode: str | None = None,
        continuous: bool = False,
        gravity: float = -10.0,
        enable_wind: bool = False,
        wind_power: float = 15.0,
        turbulence_power: float = 1.5,
    ) -> None:
        self.render_mode = self._check_render_mode(render_mode)
        self.continuous = _flag("continuous", continuous)
        self.enable_wind = _flag("enable_wind", enable_wind)
        self.gravity = _real("gravity", gravity)
        if not -12.0 < self.gravity < 0.0:
            raise InvalidEnvKwargs(
                f"{_ENV}: gravity must be between -12 and 0 (exclusive), got {gravity!r}; "
                "the default is -10.0"
            )
        self.wind_power = _real("wind_power", wind_power)
        if not 0.0 <= self.wind_power <= 20.0:
            raise InvalidEnvKwargs(
                f"{_ENV}: wind_power must be in [0.0, 20.0] (the documented range), got "
                f"{wind_power!r}; the default is 15.0"
            )
        self.turbulence_power = _real("turbulence_power", turbulence_power)
        if not 0.0 <= self.turbulence_power <= 2.0:
            raise InvalidEnvKwargs(
                f"{_ENV}: turbulence_power must be in [0.0, 2.0] (the documented range), got "
                f"{turbulence_power!r}; the default is 1.5"
            )
        low = np.array([-2.5, -2.5, -10.0, -10.0, -2 * math.pi, -10.0, -0.0, -0.0], np.float32)
        high = np.array([2.5, 2.5, 10.0, 10.0, 2 * math.pi, 10.0, 1.0, 1.0], np.float32)
        self.observation_space = Box(low, high, dtype=np.float32)
        self.action_space: Box | Discrete
        if self.continuous:
            self.action_space = Box(-1.0, 1.0, shape=(2,), dtype=np.float32)
            self.keys_to_action = _CONTINUOUS_KEYS
            self.noop = np.zeros(2, dtype=np.float32)
        else:
            self.action_space = Discrete(4)
        self.world: Any = None
        self.moon: Any = None
        self.lander: Any = None
        self.legs: list[Any] = []
        self.leg_contact = [False, False]
        self.game_over = False
        self.wind_idx = 0
        self.torque_idx = 0
        self.helipad_x1 = self.helipad_x2 = self.helipad_y = 0.0
        self.terrain: list[tuple[float, float]] = []
        self._prev_shaping: float | None = None
        self._position: Any = None
        self._velocity: Any = None
        self._episode_start: dict[str, Any] | None = None  # generator state at the reset
        # the engine commands since: a discrete action, or (main, direction, side) powers
        self._commands: list[Any] = []
        self._particles: list[list[float]] = []  # visual only: [x, y, vx, vy, ttl, birth]
        self._clock = 0  # steps taken since construction (particles' birth times)
        self._display = WindowedRendering(_ENV)
        self._listener = _Contacts(self)
        self._parts = _Parts()

    # ------------------------------------------------------------------ episode
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Build a new world: terrain, helipad and the lander with its legs, then take one
        no-op step (as the reference task does) and return its observation."""
        super().reset(seed=seed)
        self._episode_start = self.np_random.bit_generator.state
        self._commands = []
        if self.render_mode == "human":
            self._build_episode()
            self.render()
        else:
            self._build_episode()
        observation = self._advance(0.0, 0, 0.0)[0]
        return observation, {}

    def _build_episode(self) -> None:
        """The world of a new episode, drawn from ``np_random`` (the reset's work before its
        first step)."""
        rng = self.np_random
        self._destroy()
        # a fresh world per episode, as the reference task (its broad-phase ids then match)
        world = Box2D.b2World(gravity=(0, self.gravity))
        world.contactListener = self._listener
        self.world = world
        self.game_over = False
        self.leg_contact = [False, False]
        self._prev_shaping = None
        self._particles = []

        height = rng.uniform(0, _H / 2, size=(CHUNKS + 1,))
        chunk_x = [_W / (CHUNKS - 1) * i for i in range(CHUNKS)]
        self.helipad_x1 = chunk_x[CHUNKS // 2 - 1]
        self.helipad_x2 = chunk_x[CHUNKS // 2 + 1]
        self.helipad_y = _HELIPAD_Y
        height[CHUNKS // 2 - 2 : CHUNKS // 2 + 3] = _HELIPAD_Y
        h = height.tolist()  # the same double arithmetic on Python floats, without NumPy scalars
        smooth_y = [0.33 * (h[i - 1] + h[i] + h[i + 1]) for i in range(CHUNKS)]
        self.terrain = [(chunk_x[i], float(smooth_y[i])) for i in range(CHUNKS)]

        parts = self._parts
        moon = world.CreateBody(parts.ground)
        moon.CreateFixture(parts.floor)
        edge, edge_fixture = parts.edge, parts.edge_fixture
        for p1, p2 in zip(self.terrain, self.terrain[1:]):
            edge.vertices = [p1, p2]
            moon.CreateFixture(edge_fixture)
        self.moon = moon

        x0, y0 = _W / 2, _H
        body = parts.body
        body.position = (x0, y0)
        body.angle = 0.0
        lander = world.CreateBody(body)
        lander.CreateFixture(parts.hull)
        lander.userData = 0
        lander.ApplyForceToCenter(
            (
                rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM),
                rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM),
            ),
            True,
        )
        if self.enable_wind:
            self.wind_idx = int(rng.integers(-9999, 9999))
            self.torque_idx = int(rng.integers(-9999, 9999))
        self.lander = lander
        # live views of the body's position and velocity (reading them allocates nothing);
        # valid while self.world holds the body
        self._position = lander.position
        self._velocity = lander.linearVelocity

        self.legs = []
        for number, side in ((1, -1), (2, 1)):
            body.position = (x0 - side * LEG_AWAY / SCALE, y0)
            body.angle = side * 0.05
            leg = world.CreateBody(body)
            leg.CreateFixture(parts.leg)
            leg.userData = number
            joint = parts.joints[number - 1]
            joint.bodyA = lander
            joint.bodyB = leg
            joint.referenceAngle = leg.angle - lander.angle  # the initial relative angle
            world.CreateJoint(joint)
            self.legs.append(leg)
        body.position = (0.0, 0.0)
        for joint in parts.joints:  # hold no reference to this episode's bodies
            joint.bodyA = joint.bodyB = None

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Fire the engines the action selects and advance the world by 1/50 s."""
        if self.lander is None:
            raise ResetNeeded(f"{_ENV}.step called before reset(); call env.reset() first")
        if self.continuous:
            main, lateral = self._continuous(action)
            if main > 0.0:
                m_power = (min(main, 1.0) + 1.0) * 0.5
            else:
                m_power = 0.0
            if lateral > 0.5 or lateral < -0.5:
                direction = 1.0 if lateral > 0.0 else -1.0
                s_power = min(abs(lateral), 1.0)
            else:
                direction, s_power = 0, 0.0
            self._commands.append((m_power, direction, s_power))
        else:
            kind = type(action)
            if kind is _INT64 and 0 <= action < 4:
                action = int(action)  # what Discrete.sample() returns; stored as a plain int
            elif kind is not int or not 0 <= action < 4:
                action = self._discrete(action)
            m_power, direction = _DISCRETE[action]
            s_power = 1.0 if direction else 0.0
            self._commands.append(action)  # an int: 8 bytes a step
        result = self._advance(m_power, direction, s_power)
        if self.render_mode == "human":
            self.render()
        return result

    def _continuous(self, action: Any) -> tuple[float, float]:
        """``(main, lateral)`` as floats clipped to [-1, 1]; an error for a bad action."""
        if type(action) is np.ndarray and action.shape == (2,) and action.dtype.kind == "f":
            main, lateral = action.tolist()  # the common case: a float array of the space
        else:
            try:
                array = np.asarray(action, dtype=np.float64)
            except (TypeError, ValueError):
                raise self._bad_action(action) from None
            if array.shape != (2,):
                raise self._bad_action(action)
            main, lateral = array.tolist()
        if main != main or lateral != lateral:
            raise InvalidAction(
                f"{_ENV}.step got action {action!r} with NaN; expected two numbers "
                f"(main, lateral) in the action space {self.action_space}"
            )
        return max(-1.0, min(main, 1.0)), max(-1.0, min(lateral, 1.0))

    def _discrete(self, action: Any) -> int:
        if self.action_space.contains(action):
            return int(action)
        raise self._bad_action(action)

    def _bad_action(self, action: Any) -> InvalidAction:
        expected = (
            "an array of shape (2,): (main, lateral) in [-1, 1]"
            if self.continuous
            else "0 (no-op), 1 (left engine), 2 (main engine) or 3 (right engine)"
        )
        return InvalidAction(
            f"{_ENV}.step got action {action!r} of type {type(action).__name__}, which is not "
            f"in the action space {self.action_space}; expected {expected}"
        )

    def _advance(
        self, m_power: float, direction: float, s_power: float
    ) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """One step of the reference task's dynamics. The float operations and their order are
        the reference's, so the Box2D inputs (rounded to float32) are identical."""
        lander = self.lander
        contact = self.leg_contact
        if self.enable_wind and not (contact[0] or contact[1]):
            k = self.wind_idx
            wind = math.tanh(math.sin(0.02 * k) + math.sin(math.pi * 0.01 * k)) * self.wind_power
            self.wind_idx = k + 1
            lander.ApplyForceToCenter((wind, 0.0), True)
            k = self.torque_idx
            torque = (
                math.tanh(math.sin(0.02 * k) + math.sin(math.pi * 0.01 * k)) * self.turbulence_power
            )
            self.torque_idx = k + 1
            lander.ApplyTorque(torque, True)

        angle = lander.angle
        tip0 = math.sin(angle)
        tip1 = math.cos(angle)
        random = (self._np_random or self.np_random).random
        # uniform(-1, 1) is -1 + 2 u of the generator's next double, exactly
        d0 = (-1.0 + 2.0 * random()) / SCALE
        d1 = (-1.0 + 2.0 * random()) / SCALE
        if m_power or s_power:
            position = self._position
            px = position.x
            py = position.y
            if m_power:
                reach = _MAIN_Y + 2 * d0
                ox = tip0 * reach + -tip1 * d1
                oy = -tip1 * reach - tip0 * d1
                at = (px + ox, py + oy)
                lander.ApplyLinearImpulse(
                    (-ox * MAIN_ENGINE_POWER * m_power, -oy * MAIN_ENGINE_POWER * m_power),
                    at,
                    True,
                )
                if self.render_mode is not None:
                    self._spark(at, ox, oy, MAIN_ENGINE_POWER * m_power / 0.0489, m_power)
            if s_power:
                reach = 3 * d1 + direction * SIDE_ENGINE_AWAY / SCALE
                ox = tip0 * d0 + -tip1 * reach
                oy = -tip1 * d0 - tip0 * reach
                at = (
                    px + ox - tip0 * 17 / SCALE,
                    py + oy + tip1 * SIDE_ENGINE_HEIGHT / SCALE,
                )
                lander.ApplyLinearImpulse(
                    (-ox * SIDE_ENGINE_POWER * s_power, -oy * SIDE_ENGINE_POWER * s_power),
                    at,
                    True,
                )
                if self.render_mode is not None:
                    self._spark(at, ox, oy, SIDE_ENGINE_POWER * s_power / 0.0098, s_power)

        self.world.Step(_DT, _VELOCITY_ITERATIONS, _POSITION_ITERATIONS)
        self._clock += 1

        position = self._position
        velocity = self._velocity
        x = position.x
        y = position.y
        vx = velocity.x
        vy = velocity.y
        s0 = (x - _HALF_W) / _HALF_W
        s1 = (y - _Y_ZERO) / _HALF_H
        s2 = vx * _HALF_W / FPS
        s3 = vy * _HALF_H / FPS
        s4 = lander.angle
        s5 = 20.0 * lander.angularVelocity / FPS
        s6 = 1.0 if contact[0] else 0.0
        s7 = 1.0 if contact[1] else 0.0
        shaping = (
            -100 * math.sqrt(s0 * s0 + s1 * s1)
            - 100 * math.sqrt(s2 * s2 + s3 * s3)
            - 100 * abs(s4)
            + 10 * s6
            + 10 * s7
        )
        reward = 0.0 if self._prev_shaping is None else shaping - self._prev_shaping
        self._prev_shaping = shaping
        reward -= m_power * 0.30
        reward -= s_power * 0.03
        terminated = False
        if self.game_over or abs(s0) >= 1.0:
            terminated = True
            reward = -100.0
        if not lander.awake:
            terminated = True
            reward = 100.0
        observation = np.array((s0, s1, s2, s3, s4, s5, s6, s7), dtype=_F32)
        return observation, reward, terminated, False, {}

    # ------------------------------------------------------------------ pickling
    def __getstate__(self) -> dict[str, Any]:
        """Everything but the Box2D objects: the options, the generator, and the episode as
        its starting generator state and the engine commands since (replayed on load, which
        rebuilds the identical world: a copy continues exactly like the original)."""
        state = {k: v for k, v in self.__dict__.items() if k not in _UNPICKLED}
        state["_rng_now"] = None if self._np_random is None else self._np_random.bit_generator.state
        state["_live"] = self.lander is not None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        rng_now = state.pop("_rng_now")
        live = state.pop("_live")
        self.__dict__.update(state)
        self.world = self.moon = self.lander = None
        self.legs = []
        self._position = self._velocity = None
        self._listener = _Contacts(self)
        self._parts = _Parts()
        if live:
            clock, particles = self._clock, self._particles
            start = self._episode_start
            assert start is not None
            rng = np.random.Generator(getattr(np.random, start["bit_generator"])())
            rng.bit_generator.state = start
            self._np_random = rng
            self._build_episode()
            self._advance(0.0, 0, 0.0)
            for command in self._commands:
                if type(command) is int:
                    m_power, direction = _DISCRETE[command]
                    self._advance(m_power, direction, 1.0 if direction else 0.0)
                else:
                    self._advance(*command)
            self._clock, self._particles = clock, particles
            if rng_now is not None and rng.bit_generator.state != rng_now:
                warnings.warn(
                    f"{_ENV}: np_random was drawn from outside the env during the episode, so "
                    "the unpickled copy may not continue exactly like the original",
                    GymkitWarning,
                    stacklevel=2,
                )
        if rng_now is not None:
            self._np_random.bit_generator.state = rng_now

    def _destroy(self) -> None:
        if self.world is not None:
            self.world.contactListener = None
        self._position = self._velocity = None
        self.world = self.moon = self.lander = None
        self.legs = []

    # ------------------------------------------------------------------ control
    def heuristic_policy(self) -> Callable[[np.ndarray], Any]:
        """A fresh :class:`LanderPilot` for one episode in this env's action space."""
        return LanderPilot(continuous=self.continuous)

    # ------------------------------------------------------------------ drawing
    def _spark(
        self, at: tuple[float, float], ox: float, oy: float, speed: float, ttl: float
    ) -> None:
        """A visual flame particle thrown along the exhaust direction ``(ox, oy)`` now."""
        particles = self._particles
        particles.append([at[0], at[1], ox * speed, oy * speed, ttl, self._clock])
        if len(particles) > 400:  # only rendering ages them; bound the list in between
            del particles[:-400]

    def _age_particles(self) -> list[tuple[float, float, float]]:
        """Age every particle by one frame (as the reference does on each render) and return
        ``(x, y, ttl)`` of the living ones: a ballistic flight since their birth step, resting
        on the ground once they reach it."""
        alive, points = [], []
        g = self.gravity
        for particle in self._particles:
            particle[4] -= 0.15
            x0, y0, vx, vy, ttl, birth = particle
            if ttl < 0:
                continue
            alive.append(particle)
            t = (self._clock - birth) * _DT
            x = x0 + vx * t
            y = max(y0 + vy * t + 0.5 * g * t * t, self._ground_at(x))
            points.append((x, y, ttl))
        self._particles = alive
        return points

    def _ground_at(self, x: float) -> float:
        terrain = self.terrain
        step = _W / (CHUNKS - 1)
        i = min(max(int(x / step), 0), CHUNKS - 2)
        (x1, y1), (x2, y2) = terrain[i], terrain[i + 1]
        return y1 + (y2 - y1) * (x - x1) / (x2 - x1)

    def _frame(self) -> np.ndarray:
        from gymkit.rendering.canvas import Canvas

        canvas = Canvas(VIEWPORT_W, VIEWPORT_H, _MOON, origin="bottom-left")
        terrain = [(x * SCALE, y * SCALE) for x, y in self.terrain]
        if terrain:
            canvas.polygon([*terrain, (VIEWPORT_W, VIEWPORT_H), (0, VIEWPORT_H)], fill=_SKY)
        for x, y, ttl in self._age_particles():
            color = (
                int(max(0.2, 0.15 + ttl) * 255),
                int(max(0.2, 0.5 * ttl) * 255),
                int(max(0.2, 0.5 * ttl) * 255),
            )
            canvas.circle((x * SCALE, y * SCALE), 2, fill=color)
        if self.lander is not None:
            for body in (self.lander, *self.legs):
                transform = body.transform
                for fixture in body.fixtures:
                    path = [
                        (v[0] * SCALE, v[1] * SCALE)
                        for v in (transform * vertex for vertex in fixture.shape.vertices)
                    ]
                    canvas.polygon(path, fill=_BODY_FILL, outline=_BODY_EDGE)
        for x in (self.helipad_x1, self.helipad_x2):
            px, y1 = x * SCALE, self.helipad_y * SCALE
            y2 = y1 + 50
            canvas.line([(px, y1), (px, y2)], _POLE)
            canvas.polygon([(px, y2), (px, y2 - 10), (px + 25, y2 - 5)], fill=_FLAG)
        return canvas.to_array()

    def render(self) -> np.ndarray | None:
        """``rgb_array``: a 600x400 frame (black sky, white ground, the lander, the helipad
        flags and the engine flames); ``human``: show it in a window at 50 fps."""
        return self._display.render(self.render_mode, self._frame, FPS)

    def close(self) -> None:
        """Close the window if one is open and drop the world; idempotent."""
        self._display.close()
        self._destroy()


#: attributes a pickle leaves out (rebuilt on load)
_UNPICKLED = frozenset(
    ("world", "moon", "lander", "legs", "_position", "_velocity", "_listener", "_parts")
)

#: ``gymkit play`` on the continuous lander: up = main engine at full power, left / right =
#: the side engines, combinations fire both.
_CONTINUOUS_KEYS: dict[tuple[str, ...], Any] = {}
for _main_keys, _main in (((), 0.0), (("up",), 1.0)):
    for _side_keys, _side in (((), 0.0), (("left",), -1.0), (("right",), 1.0)):
        if _main_keys or _side_keys:
            _CONTINUOUS_KEYS[_main_keys + _side_keys] = np.array([_main, _side], dtype=np.float32)
for _combo, _action in list(_CONTINUOUS_KEYS.items()):
    _wasd = {"up": "w", "left": "a", "right": "d"}
    _CONTINUOUS_KEYS[tuple(_wasd[k] for k in _combo)] = _action


class LanderPilot:
    """A hand-written lander controller, callable ``observation -> action``.

    Two PD loops on the observation:

    - attitude: the pilot picks a lean angle that carries it towards the pad and brakes its
      drift (``LEAN_X * x + LEAN_VX * vx``, at most ``MAX_LEAN`` rad), and turns towards it
      with ``TURN_P * error - TURN_D * angular velocity``;
    - descent: a sink-rate target that shrinks with the height (``SINK_BASE + SINK_PER_Y * y``)
      and a thrust demand ``LIFT_P * (target - vy)``.

    Once a leg touches the ground it stops steering and only brakes the vertical speed.
    Continuous actions carry both demands (scaled into [-1, 1]); a discrete action fires the
    single engine whose demand is largest, or nothing when both are small.
    """

    LEAN_X = 0.5
    LEAN_VX = 1.0
    MAX_LEAN = 0.4
    TURN_P = 0.5
    TURN_D = 1.0
    SINK_BASE = 0.1
    SINK_PER_Y = 0.4
    LIFT_P = 1.0
    DEADBAND = 0.05
    GAIN = 10.0  # continuous: demand -> engine command

    def __init__(self, continuous: bool = False) -> None:
        self.continuous = continuous

    def __call__(self, observation: Any) -> Any:
        x, y, vx, vy, angle, spin, left, right = (float(v) for v in observation)
        if left or right:
            turn, lift = 0.0, -self.LIFT_P * vy
        else:
            lean = max(-self.MAX_LEAN, min(self.MAX_LEAN, self.LEAN_X * x + self.LEAN_VX * vx))
            turn = self.TURN_P * (lean - angle) - self.TURN_D * spin  # > 0: turn anticlockwise
            sink = -self.SINK_BASE - self.SINK_PER_Y * max(y, 0.0)
            lift = self.LIFT_P * (sink - vy)
        if self.continuous:
            # main > 0 fires at 50..100%; lateral < -0.5 fires the left engine (turns
            # anticlockwise), > 0.5 the right one
            main = max(-1.0, min(1.0, self.GAIN * lift - 1.0))
            lateral = max(-1.0, min(1.0, -self.GAIN * turn))
            return np.array([main, lateral], dtype=np.float32)
        if lift > abs(turn) and lift > self.DEADBAND:
            return 2
        if turn > self.DEADBAND:
            return 1
        if turn < -self.DEADBAND:
            return 3
        return 0
