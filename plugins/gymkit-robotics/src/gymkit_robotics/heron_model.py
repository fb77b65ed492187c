"""The Heron arm's MJCF: a five-joint arm on a pedestal, a two-finger gripper, a table, a goal.

Heron is gymkit's own manipulator, built from primitive geoms only:

* a pedestal at ``BASE`` with a shoulder yaw joint, shoulder and elbow pitch joints (two
  0.7 m links), a wrist pitch and a wrist roll joint; the links are gravity-compensated and do
  not collide (only the hand and the fingers touch the world);
* the hand body ``hand`` is welded to the mocap body ``mocap``: moving the mocap drags the arm
  along (the weld constraint solves the inverse kinematics), so a task commands Cartesian
  displacements of the end effector;
* two fingers on slide joints (``finger_left``/``finger_right``, opening 0 .. 0.04 m each)
  driven by position servos; the site ``grip`` lies between the fingertips;
* a table whose top is at z = 0.4, the task's object (a 5 cm box ``object`` or a low-friction
  puck), and the visual goal site ``target``.

:func:`heron_mjcf` returns the MJCF text of one task's scene.
"""

from __future__ import annotations

__all__ = [
    "BASE",
    "FINGER_OPEN",
    "HAND_TO_GRIP",
    "LINK",
    "SHOULDER_HEIGHT",
    "TABLE_TOP",
    "heron_mjcf",
]

#: The pedestal's position on the floor (x, y).
BASE = (0.55, 0.75)
#: Height of the shoulder joints above the floor.
SHOULDER_HEIGHT = 0.75
#: Length of the upper arm and of the forearm.
LINK = 0.7
#: Distance from the hand body (the wrist) down to the grip site between the fingertips.
HAND_TO_GRIP = 0.16
#: The widest opening of one finger (its slide joint's upper limit).
FINGER_OPEN = 0.04
#: Height of the table top.
TABLE_TOP = 0.4

_OBJECTS = {
    None: "",
    "box": """
    <body name="object" pos="1.25 0.53 0.425">
      <freejoint name="object"/>
      <geom name="object" type="box" size="0.025 0.025 0.025" mass="0.4" rgba="0.85 0.25 0.2 1"
            condim="4" friction="1 0.01 0.001"/>
      <site name="object" size="0.005" rgba="0 0 0 0"/>
    </body>""",
    "puck": """
    <body name="object" pos="1.7 1.1 0.42">
      <freejoint name="object"/>
      <geom name="object" type="cylinder" size="0.025 0.02" mass="0.4" rgba="0.2 0.3 0.85 1"
            condim="3" friction="0.1 0.005 0.0001"/>
      <site name="object" size="0.005" rgba="0 0 0 0"/>
    </body>""",
}

_TEMPLATE = """<mujoco model="heron_{task}">
  <compiler angle="radian" autolimits="true"/>
  <option timestep="0.002" integrator="implicitfast" cone="elliptic" impratio="10"/>
  <visual>
    <headlight ambient="0.35 0.35 0.35" diffuse="0.6 0.6 0.6"/>
  </visual>
  <asset>
    <texture name="floor" type="2d" builtin="checker" rgb1="0.3 0.35 0.4" rgb2="0.25 0.3 0.35"
             width="256" height="256"/>
    <material name="floor" texture="floor" texrepeat="4 4"/>
  </asset>
  <default>
    <joint damping="4" armature="0.05"/>
    <default class="link">
      <geom type="capsule" contype="0" conaffinity="0" rgba="0.92 0.92 0.9 1" density="300"/>
    </default>
    <default class="finger">
      <geom type="capsule" size="0.008 0.022" condim="4" friction="1 0.05 0.01" mass="0.1"
            solref="0.004 1" solimp="0.95 0.99 0.001"
            rgba="0.2 0.2 0.22 1"/>
      <joint type="slide" range="0 {finger_open}" damping="2" armature="0.01"/>
    </default>
  </default>
  <worldbody>
    <light pos="1 0.75 3" dir="0 0 -1" directional="true"/>
    <geom name="floor" type="plane" size="2.5 2.5 0.1" pos="1 0.75 0" material="floor"
          contype="1" conaffinity="1"/>
    <body name="table" pos="{table_x} 0.75 {table_half_height}">
      <geom name="table" type="box" size="{table_half_x} {table_half_y} {table_half_height}"
            rgba="0.55 0.42 0.3 1" condim="3" friction="{table_friction}"/>
    </body>
    <body name="mocap" mocap="true" pos="{hand_x} {base_y} {shoulder}">
      <geom type="sphere" size="0.008" contype="0" conaffinity="0" rgba="0.9 0.2 0.2 0.3"/>
    </body>
    <body name="pedestal" pos="{base_x} {base_y} 0">
      <geom type="cylinder" size="0.09 {pedestal_half}" pos="0 0 {pedestal_half}"
            rgba="0.3 0.32 0.36 1" contype="0" conaffinity="0"/>
      <body name="shoulder" pos="0 0 {shoulder}" gravcomp="1">
        <joint name="shoulder_yaw" axis="0 0 1" range="-1.6 1.6"/>
        <geom class="link" type="sphere" size="0.07"/>
        <body name="upper_arm" gravcomp="1">
          <joint name="shoulder_pitch" axis="0 1 0" range="-1.8 1.8"/>
          <geom class="link" fromto="0 0 0 {link} 0 0" size="0.045"/>
          <body name="forearm" pos="{link} 0 0" gravcomp="1">
            <joint name="elbow" axis="0 1 0" range="-0.2 3.0"/>
            <geom class="link" fromto="0 0 0 {link} 0 0" size="0.035"/>
            <body name="hand" pos="{link} 0 0" gravcomp="1">
              <joint name="wrist_pitch" axis="0 1 0" range="-3.1 3.1"/>
              <joint name="wrist_roll" axis="0 0 1" range="-3.1 3.1"/>
              <geom class="link" type="sphere" size="0.04"/>
              <geom name="palm" type="box" size="0.025 0.05 0.012" pos="0 0 -{palm_z}"
                    rgba="0.3 0.32 0.36 1" contype="1" conaffinity="1"/>
              <geom class="link" fromto="0 0 0 0 0 -{palm_z}" size="0.02"/>
              <site name="grip" pos="0 0 -{grip}" size="0.008" rgba="0.9 0.9 0.1 0.6"/>
              <body name="finger_left" pos="0 0.012 -{finger_z}">
                <joint class="finger" name="finger_left" axis="0 1 0"/>
                <geom class="finger"/>
              </body>
              <body name="finger_right" pos="0 -0.012 -{finger_z}">
                <joint class="finger" name="finger_right" axis="0 -1 0"/>
                <geom class="finger"/>
              </body>
            </body>
          </body>
        </body>
      </body>
    </body>{object}
    <site name="target" pos="1.3 0.75 0.5" size="0.02" rgba="0.1 0.8 0.2 0.6"/>
  </worldbody>
  <equality>
    <weld body1="mocap" body2="hand" relpose="0 0 0 1 0 0 0" solref="0.02 1"
          solimp="0.9 0.95 0.001"/>
  </equality>
  <contact>
    <exclude body1="finger_left" body2="finger_right"/>
  </contact>
  <actuator>
    <position name="finger_left" joint="finger_left" kp="500" ctrlrange="0 {finger_open}"
              forcerange="-12 12"/>
    <position name="finger_right" joint="finger_right" kp="500" ctrlrange="0 {finger_open}"
              forcerange="-12 12"/>
  </actuator>
</mujoco>
"""


def heron_mjcf(task: str, obj: str | None, *, long_table: bool = False) -> str:
    """The MJCF text of the Heron scene for ``task`` with ``obj`` (``None``, ``"box"``,
    ``"puck"``); ``long_table`` gives the 1.25 m low-friction table of the Slide task."""
    if obj not in _OBJECTS:
        raise ValueError(f"obj must be one of {list(_OBJECTS)}, got {obj!r}")
    grip = HAND_TO_GRIP
    table = (
        {"table_x": 1.325, "table_half_x": 0.625, "table_half_y": 0.45}
        if long_table
        else {"table_x": 1.3, "table_half_x": 0.25, "table_half_y": 0.35}
    )
    return _TEMPLATE.format(
        task=task,
        finger_open=FINGER_OPEN,
        table_half_height=TABLE_TOP / 2,
        table_friction="0.1 0.005 0.0001" if long_table else "1 0.005 0.0001",
        base_x=BASE[0],
        base_y=BASE[1],
        hand_x=BASE[0] + 2 * LINK,
        shoulder=SHOULDER_HEIGHT,
        pedestal_half=SHOULDER_HEIGHT / 2,
        link=LINK,
        palm_z=grip - 0.05,
        grip=grip,
        finger_z=grip - 0.008,
        object=_OBJECTS[obj],
        **table,
    )
