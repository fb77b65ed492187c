"""The validators and trajectory comparison the checks are built from."""

from __future__ import annotations

import numpy as np
import pytest

from gymkit.spaces import Box, Dict, Discrete, Tuple
from gymkit_conformance.checks import (
    Violation,
    check_observation,
    check_reset_result,
    check_step_result,
    first_difference,
    same_value,
)

BOX = Box(low=np.array([-1.0, -np.inf], np.float32), high=np.array([1.0, np.inf], np.float32))


def test_an_observation_in_space_passes() -> None:
    check_observation(BOX, np.array([0.5, 1e30], np.float32), "reset()")
    check_observation(Discrete(3, start=1), 3, "reset()")


@pytest.mark.parametrize(
    ("obs", "phrase"),
    [
        (np.array([0.5, 0.0], np.float64), "dtype float64"),
        (np.array([0.5, 0.0, 0.0], np.float32), "shape (3,)"),
        ([0.5, 0.0], "type list"),
        (np.array([np.nan, 0.0], np.float32), "NaN/inf at index (0,)"),
        (np.array([1.5, 0.0], np.float32), "index (0,) = np.float32(1.5) is above high"),
    ],
)
def test_observation_defects_are_named(obs: object, phrase: str) -> None:
    with pytest.raises(Violation) as info:
        check_observation(BOX, obs, "step #3")
    assert phrase in str(info.value) and "step #3" in str(info.value)


def test_a_discrete_observation_out_of_range_names_the_range() -> None:
    with pytest.raises(Violation, match=r"integer in \[1, 3\]"):
        check_observation(Discrete(3, start=1), 0, "reset()")


def test_result_structures() -> None:
    obs = np.zeros(2, np.float32)
    assert check_reset_result(BOX, (obs, {})) is obs
    with pytest.raises(Violation, match="bare observation"):
        check_reset_result(BOX, obs)
    assert check_step_result(BOX, (obs, np.float32(1.0), np.True_, False, {}), "step")[3] is False
    with pytest.raises(Violation, match="real scalar"):
        check_step_result(BOX, (obs, True, False, False, {}), "step")
    with pytest.raises(Violation, match="non-finite reward inf"):
        check_step_result(BOX, (obs, float("inf"), False, False, {}), "step")


def test_same_value_is_structural_and_exact() -> None:
    a = {"x": np.array([1.0, np.nan]), "y": (1, "s")}
    assert same_value(a, {"x": np.array([1.0, np.nan]), "y": (1, "s")})
    assert not same_value(a, {"x": np.array([1.0, 2.0]), "y": (1, "s")})
    assert not same_value(np.zeros(2, np.float32), np.zeros(2, np.float64))


def test_first_difference_names_the_step_and_field() -> None:
    left = [("reset", 0), ("step", 1, 1.0, False, False), ("step", 2, 1.0, False, False)]
    right = [("reset", 0), ("step", 1, 1.0, False, False), ("step", 2, 0.5, False, False)]
    assert first_difference(left, left) is None
    moved = [("reset", 0), ("reset", 1)]
    assert first_difference(moved, [("reset", 0), ("reset", 2)]).startswith("at the reset after 0")
    assert first_difference(left, right) == "at step 2, reward differs: 1.0 vs 0.5"


SENSORS = Dict(
    {
        "position": Box(-1.0, 1.0, (2,), np.float32),
        "sensors": Dict({"lidar": Box(0.0, 10.0, (4,), np.float32), "bumper": Discrete(2)}),
    }
)


def _sensors_obs(**changes: object) -> dict:
    obs = {
        "position": np.zeros(2, np.float32),
        "sensors": {"lidar": np.ones(4, np.float32), "bumper": 0},
    }
    obs["sensors"].update(changes)
    return obs


def test_a_wrong_dtype_inside_a_dict_names_the_key_path() -> None:
    with pytest.raises(Violation) as info:
        check_observation(SENSORS, _sensors_obs(lidar=np.ones(4, np.float64)), "step #2")
    text = str(info.value)
    assert "obs['sensors']['lidar'] has dtype float64" in text, text
    assert "observation_space['sensors']['lidar'] Box(" in text and "dtype float32" in text
    assert "Dict(" not in text  # the offending part, not the whole space


def test_a_value_outside_a_nested_subspace_names_path_value_and_range() -> None:
    with pytest.raises(Violation) as info:
        check_observation(SENSORS, _sensors_obs(bumper=5), "reset()")
    text = str(info.value)
    assert "obs['sensors']['bumper'] = 5 is outside observation_space['sensors']['bumper']" in text
    assert "integer in [0, 1]" in text
    with pytest.raises(Violation, match=r"missing \['bumper'\]"):
        check_observation(
            SENSORS, {"position": np.zeros(2, np.float32), "sensors": {"lidar": 1}}, "x"
        )


def test_a_tuple_part_is_named_by_index() -> None:
    space = Tuple((Discrete(2), Box(0.0, 1.0, (3,), np.float32)))
    with pytest.raises(Violation) as info:
        check_observation(space, (1, np.array([0.0, 2.0, 0.0], np.float32)), "step #0")
    assert "obs[1] = " in str(info.value) and "index (1,)" in str(info.value)
    with pytest.raises(Violation, match=r"obs\[1\] has shape \(2,\)"):
        check_observation(space, (1, np.zeros(2, np.float32)), "step #0")


def test_scribble_overwrites_what_a_caller_may_write_and_nothing_else() -> None:
    from gymkit_conformance.checks import _scribble

    floats, ints, frozen = np.ones(3, np.float32), np.arange(3), np.ones(2)
    frozen.flags.writeable = False
    info = {"x": floats, "nested": [ints, (frozen, 7)]}
    _scribble(info)
    assert np.isnan(floats).all()
    assert ints.tolist() == [-1, -2, -3]
    assert frozen.tolist() == [1.0, 1.0]  # a read-only array is the env's way to share safely


def test_kept_outputs_are_judged_by_content_not_identity() -> None:
    import threading

    from gymkit_conformance.checks import _Kept

    class Lives:  # no __eq__: a deep copy is equal only by its attributes
        def __init__(self) -> None:
            self.left = 3

    lives = Lives()
    kept = _Kept("the info returned by step #0", {"lives": lives, "lock": threading.Lock()})
    assert not kept.changed()  # the lock cannot be copied: nothing is judged, nothing flagged
    kept = _Kept("the info returned by step #0", {"lives": lives})
    assert not kept.changed()
    lives.left = 2
    assert kept.changed()


def test_played_actions_print_as_plain_data_that_converts_back_exactly() -> None:
    import ast

    from gymkit_conformance.checks import _action_text

    action = np.array([-0.1546255648136139, 1.0, 0.3], np.float32)
    text = _action_text(action)
    assert text == "[-0.15462556, 1.0, 0.3]"
    assert np.array_equal(np.asarray(ast.literal_eval(text), np.float32), action)
    assert _action_text(np.int64(2)) == "2"
    assert _action_text({"a": np.array([[1, 0]], np.int8)}) == "{'a': [[1, 0]]}"
