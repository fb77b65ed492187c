"""The top-down racing car of CarRacing: a hull, four jointed wheels and a tyre friction model.

The car is five Box2D bodies: a hull of four convex polygons and four wheels on revolute joints
(the front two steer through joint motors limited to +-0.4 rad). Box2D solves only the joints;
the tyres are modelled here, once per step before ``world.Step``:

* each wheel spins with angular velocity ``omega``: the engine (rear wheels) adds
  ``dt * ENGINE_POWER * gas / WHEEL_MOMENT_OF_INERTIA / (|omega| + 5)``, brakes remove up to
  ``15 * brake`` rad/s (``brake >= 0.9`` locks the wheel);
* the contact patch pushes the wheel toward rolling without slipping: a forward force
  proportional to ``omega * r - v_forward`` and a side force proportional to ``-v_side``, with
  their magnitude capped at the friction limit (full on a road tile, 60% on grass);
* the forward force's reaction slows the wheel's spin.

Skids (force beyond twice the friction limit) leave trail particles, drawn in ``rgb_array``
frames. Every float operation follows the reference task's order, so the same actions give
bit-identical Box2D states.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from Box2D import b2FixtureDef, b2PolygonShape, b2RevoluteJointDef

__all__ = ["Car", "Particle", "Wheel"]

SIZE = 0.02
ENGINE_POWER = 100000000 * SIZE * SIZE
WHEEL_MOMENT_OF_INERTIA = 4000 * SIZE * SIZE
FRICTION_LIMIT = 1000000 * SIZE * SIZE
GRASS_FRICTION_LIMIT = FRICTION_LIMIT * 0.6
TYRE_STIFFNESS = 205000 * SIZE * SIZE
BRAKE_FORCE = 15.0  # rad/s removed per step at brake = 1
WHEEL_R = 27
WHEEL_W = 14
# wheel centres in hull units (x right, y forward): front left, front right, rear left, rear right
WHEEL_POSITIONS = ((-55, +80), (+55, +80), (-55, -82), (+55, -82))
HULL_POLYGONS = (
    ((-60, +130), (+60, +130), (+60, +110), (-60, +110)),  # front spoiler
    ((-15, +120), (+15, +120), (+20, +20), (-20, 20)),  # nose
    (
        (+25, +20),
        (+50, -10),
        (+50, -40),
        (+20, -90),
        (-20, -90),
        (-50, -40),
        (-50, -10),
        (-25, +20),
    ),
    ((-50, -120), (+50, -120), (+50, -90), (-50, -90)),  # rear spoiler
)
WHEEL_POLYGON = (
    (-WHEEL_W, +WHEEL_R),
    (+WHEEL_W, +WHEEL_R),
    (+WHEEL_W, -WHEEL_R),
    (-WHEEL_W, -WHEEL_R),
)
HULL_COLOR = (204, 0, 0)
WHEEL_COLOR = (0, 0, 0)
WHEEL_STRIPE_COLOR = (77, 77, 77)
MUD_COLOR = (102, 102, 0)
MAX_PARTICLES = 30


class Particle:
    """A skid trail: a polyline in world coordinates, dark on road and mud-coloured on grass."""

    __slots__ = ("color", "grass", "points")

    def __init__(self, start: tuple[float, float], end: tuple[float, float], grass: bool) -> None:
        self.color = MUD_COLOR if grass else WHEEL_COLOR
        self.points = [start, end]
        self.grass = grass


class Wheel:
    """One wheel: its body and joint plus the tyre state the friction model integrates."""

    __slots__ = (
        "body",
        "brake",
        "gas",
        "joint",
        "omega",
        "phase",
        "radius",
        "skid_particle",
        "skid_start",
        "steer",
        "tiles",
    )

    def __init__(self, body: Any, joint: Any) -> None:
        self.body = body
        self.joint = joint
        self.radius = 1.0 * WHEEL_R * SIZE
        self.gas = 0.0
        self.brake = 0.0
        self.steer = 0.0
        self.phase = 0.0  # rotation angle of the wheel about its axle (drawn as a stripe)
        self.omega = 0.0  # angular velocity about the axle
        self.skid_start: tuple[float, float] | None = None
        self.skid_particle: Particle | None = None
        self.tiles: set[Any] = set()  # road tiles under the wheel (kept by the contact listener)


def _sign(value: float) -> float:
    return 1.0 if value > 0 else (-1.0 if value < 0 else 0.0)


class Car:
    """The car in ``world`` with its hull at ``(x, y)`` heading ``angle`` (rad; 0 = +y)."""

    def __init__(self, world: Any, angle: float, x: float, y: float) -> None:
        self.world = world
        self.hull = world.CreateDynamicBody(
            position=(x, y),
            angle=angle,
            fixtures=[
                b2FixtureDef(
                    shape=b2PolygonShape(vertices=[(px * SIZE, py * SIZE) for px, py in polygon]),
                    density=1.0,
                )
                for polygon in HULL_POLYGONS
            ],
        )
        self.wheels: list[Wheel] = []
        for wx, wy in WHEEL_POSITIONS:
            body = world.CreateDynamicBody(
                position=(x + wx * SIZE, y + wy * SIZE),
                angle=angle,
                fixtures=b2FixtureDef(
                    shape=b2PolygonShape(
                        vertices=[(px * 1.0 * SIZE, py * 1.0 * SIZE) for px, py in WHEEL_POLYGON]
                    ),
                    density=0.1,
                    categoryBits=0x0020,
                    maskBits=0x001,
                    restitution=0.0,
                ),
            )
            joint = world.CreateJoint(
                b2RevoluteJointDef(
                    bodyA=self.hull,
                    bodyB=body,
                    localAnchorA=(wx * SIZE, wy * SIZE),
                    localAnchorB=(0, 0),
                    enableMotor=True,
                    enableLimit=True,
                    maxMotorTorque=180 * 900 * SIZE * SIZE,
                    motorSpeed=0,
                    lowerAngle=-0.4,
                    upperAngle=+0.4,
                )
            )
            wheel = Wheel(body, joint)
            body.userData = wheel
            self.wheels.append(wheel)
        self.particles: deque[Particle] = deque(maxlen=MAX_PARTICLES)

    # -- controls -------------------------------------------------------------------------------

    def gas(self, gas: float) -> None:
        """Rear-wheel drive: the throttle (clipped to [0, 1]) rises by at most 0.1 per step and
        drops at once."""
        gas = min(max(gas, 0.0), 1.0)
        for wheel in self.wheels[2:4]:
            diff = gas - wheel.gas
            if diff > 0.1:
                diff = 0.1
            wheel.gas += diff

    def brake(self, brake: float) -> None:
        """Brake all wheels with ``brake`` in [0, 1]; 0.9 and above lock them."""
        for wheel in self.wheels:
            wheel.brake = brake

    def steer(self, steer: float) -> None:
        """Target steering of the front wheels in [-1, 1] (positive = left); the joint motors
        turn toward it at a bounded rate."""
        self.wheels[0].steer = steer
        self.wheels[1].steer = steer

    # -- physics --------------------------------------------------------------------------------

    def step(self, dt: float) -> None:
        """Apply steering motors, engine, brakes and tyre forces for one step of ``dt`` s."""
        for wheel in self.wheels:
            body = wheel.body
            joint = wheel.joint
            error = wheel.steer - joint.angle
            joint.motorSpeed = _sign(error) * min(50.0 * abs(error), 3.0)

            grass = not wheel.tiles
            friction_limit = GRASS_FRICTION_LIMIT if grass else FRICTION_LIMIT

            forward = body.GetWorldVector((0, 1))
            side = body.GetWorldVector((1, 0))
            velocity = body.linearVelocity
            fx, fy = forward[0], forward[1]
            sx, sy = side[0], side[1]
            vx, vy = velocity[0], velocity[1]
            v_forward = fx * vx + fy * vy
            v_side = sx * vx + sy * vy

            omega = wheel.omega
            gas = wheel.gas
            omega += dt * ENGINE_POWER * gas / WHEEL_MOMENT_OF_INERTIA / (abs(omega) + 5.0)
            brake = wheel.brake
            if brake >= 0.9:
                omega = 0
            elif brake > 0:
                direction = -_sign(omega)
                amount = BRAKE_FORCE * brake
                if abs(amount) > abs(omega):
                    amount = abs(omega)
                omega += direction * amount
            wheel.phase += omega * dt

            f_force = (-v_forward + omega * wheel.radius) * TYRE_STIFFNESS
            p_force = -v_side * TYRE_STIFFNESS
            force = math.sqrt(f_force * f_force + p_force * p_force)

            if force > 2.0 * friction_limit:
                self._skid(wheel, grass)
            else:
                wheel.skid_start = None
                wheel.skid_particle = None

            if force > friction_limit:
                f_force /= force
                p_force /= force
                f_force *= friction_limit
                p_force *= friction_limit

            wheel.omega = omega - dt * f_force * wheel.radius / WHEEL_MOMENT_OF_INERTIA
            body.ApplyForceToCenter(
                (p_force * sx + f_force * fx, p_force * sy + f_force * fy), True
            )

    def _skid(self, wheel: Wheel, grass: bool) -> None:
        position = wheel.body.position
        point = (position[0], position[1])
        particle = wheel.skid_particle
        if particle is not None and particle.grass == grass and len(particle.points) < 30:
            particle.points.append(point)
        elif wheel.skid_start is None:
            wheel.skid_start = point
        else:
            particle = Particle(wheel.skid_start, point, grass)
            self.particles.append(particle)
            wheel.skid_particle = particle
            wheel.skid_start = None

    def destroy(self) -> None:
        """Remove the hull and the wheels (and so their joints) from the world."""
        self.world.DestroyBody(self.hull)
        for wheel in self.wheels:  # the list keeps each wheel (a body's user data) alive
            self.world.DestroyBody(wheel.body)
        self.wheels = []
