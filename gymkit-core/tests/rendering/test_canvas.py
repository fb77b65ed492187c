"""Canvas: frame shape and dtype, both origins, supersampling, drawing primitives, paste."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit.rendering import Canvas


def test_blank_frame() -> None:
    frame = Canvas(30, 20, background=(10, 20, 30)).to_array()
    assert frame.shape == (20, 30, 3) and frame.dtype == np.uint8
    assert np.all(frame == (10, 20, 30))


def test_to_array_is_a_fresh_copy() -> None:
    canvas = Canvas(4, 4)
    first = canvas.to_array()
    first[...] = 0
    assert np.all(canvas.to_array() == 255)


@pytest.mark.parametrize("size", [(0, 5), (5, 0), (-1, 3)])
def test_bad_size(size: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="positive"):
        Canvas(*size)


def test_bad_origin() -> None:
    with pytest.raises(ValueError, match="origin"):
        Canvas(4, 4, origin="centre")  # type: ignore[arg-type]


def test_bottom_left_origin_puts_y_upwards() -> None:
    def red_rows(canvas: Canvas) -> set[int]:
        canvas.rectangle((2, 1), (6, 3), fill=(255, 0, 0))
        mask = np.all(canvas.to_array() == (255, 0, 0), axis=2)
        return set(np.where(mask.any(axis=1))[0].tolist())

    assert red_rows(Canvas(20, 10)) == {1, 2, 3}
    assert red_rows(Canvas(20, 10, origin="bottom-left")) == {7, 8, 9}  # y = 10 - row


@given(st.sampled_from([1, 2, 3]))
def test_supersampling_keeps_the_size_and_smooths_edges(k: int) -> None:
    canvas = Canvas(40, 30, supersample=k)
    canvas.polygon([(5, 5), (35, 8), (20, 25)], fill=(0, 0, 0))
    frame = canvas.to_array()
    assert frame.shape == (30, 40, 3)
    grey_levels = len(np.unique(frame[..., 0]))
    if k == 1:
        assert grey_levels == 2  # black and white only
    else:
        assert grey_levels > 2  # edge pixels averaged


def test_primitives_paint_where_asked() -> None:
    canvas = Canvas(50, 50)
    canvas.circle((25, 25), 5, fill=(0, 0, 255))
    canvas.line([(0, 45), (49, 45)], (0, 255, 0), width=3)
    canvas.text((2, 2), "hi", color=(255, 0, 0), size=12)
    frame = canvas.to_array()
    assert tuple(frame[25, 25]) == (0, 0, 255)
    assert tuple(frame[45, 10]) == (0, 255, 0)
    assert np.any(np.all(frame[:16, :20] == (255, 0, 0), axis=2))  # some text pixels
    canvas.fill((9, 9, 9))
    assert np.all(canvas.to_array() == 9)


def test_paste_places_a_frame() -> None:
    tile = np.zeros((3, 4, 3), np.uint8)
    tile[..., 1] = 200
    for k in (1, 2):
        canvas = Canvas(10, 8, supersample=k)
        canvas.paste(tile, (5, 2))
        frame = canvas.to_array()
        assert np.all(frame[2:5, 5:9] == (0, 200, 0))
        assert np.all(frame[0:2] == 255) and np.all(frame[:, :5] == 255)
