"""``Box``: a (possibly unbounded) n-dimensional box of numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, SupportsFloat

import numpy as np
import numpy.typing as npt

from gymkit.error import InvalidBound, InvalidProbability, InvalidSpace
from gymkit.spaces.space import Space

__all__ = ["Box"]

# Input kinds a non-array ``x`` may have to be an element of a Box of the given dtype kind.
_ACCEPTED_KINDS = {
    "f": frozenset("biuf"),
    "i": frozenset("biu"),
    "u": frozenset("biu"),
    "b": frozenset("b"),
}
_MAX_NAMED = 5  # offending entries listed in an error message


def _describe(mask: np.ndarray, *arrays: tuple[str, np.ndarray]) -> str:
    """List (up to a few) of the positions where ``mask`` holds with the values of ``arrays``."""
    positions = np.argwhere(mask)
    parts = []
    for pos in positions[:_MAX_NAMED]:
        index = tuple(int(i) for i in pos)
        values = ", ".join(f"{name}={arr[index].item()!r}" for name, arr in arrays)
        parts.append(f"at {index if index else '()'}: {values}")
    more = f" (and {len(positions) - _MAX_NAMED} more)" if len(positions) > _MAX_NAMED else ""
    return "; ".join(parts) + more


def _short(value: np.ndarray) -> str:
    """A compact repr for a bound: the scalar when all entries agree, else the array."""
    if value.size > 0 and np.all(value == value.flat[0]):
        scalar = value.flat[0]
        return repr(scalar.item()) if value.dtype != np.bool_ else repr(bool(scalar))
    return np.array2string(value, separator=", ", threshold=20, max_line_width=10_000)


class Box(Space[npt.NDArray[Any]]):
    r"""The Cartesian product of closed intervals :math:`[low_i, high_i]`, possibly unbounded.

    ``Box(low, high, shape=None, dtype=np.float32, seed=None)``: ``low`` and ``high`` are scalars
    (broadcast to ``shape``) or arrays of exactly ``shape``. Without ``shape`` the shape comes from
    whichever bound is an array; two scalars give shape ``(1,)``. ``dtype`` is a floating, integer
    or ``bool`` NumPy dtype.

    Infinite bounds are allowed. For integer dtypes they are clipped to the dtype's range (the
    dimension still counts as unbounded for sampling). Inconsistent bounds — ``low > high``, NaN,
    ``low = +inf``, ``high = -inf``, a bound whose shape is not ``shape``, a bound not representable
    in ``dtype`` (fractional for an integer dtype, beyond its range) — raise
    :class:`gymkit.error.InvalidBound` naming the values.

    Sampling per dimension: bounded → uniform on ``[low, high]`` (integers: each integer in
    ``[low, high]`` equally likely); only ``low`` finite → ``low + Exponential(1)``; only ``high``
    finite → ``high - Exponential(1)``; unbounded → ``Normal(0, 1)`` (integer dtypes floor these).
    """

    dtype: np.dtype[Any]
    _shape: tuple[int, ...]

    def __init__(
        self,
        low: SupportsFloat | npt.ArrayLike,
        high: SupportsFloat | npt.ArrayLike,
        shape: Sequence[int] | None = None,
        dtype: npt.DTypeLike = np.float32,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        if dtype is None:
            raise InvalidSpace("Box dtype must not be None; pass e.g. dtype=np.float32")
        try:
            resolved = np.dtype(dtype)
        except TypeError as exc:
            raise InvalidSpace(f"Box dtype {dtype!r} is not a NumPy dtype") from exc
        if resolved.kind not in "fiub":
            raise InvalidSpace(
                f"Box dtype must be a floating, integer or bool dtype, got {resolved}; "
                "pass e.g. dtype=np.float32"
            )
        low_in = _as_bound("low", low)
        high_in = _as_bound("high", high)
        box_shape = _resolve_shape(shape, low_in, high_in)

        self.low, self.bounded_below = _convert_bound("low", low_in, resolved, box_shape)
        self.high, self.bounded_above = _convert_bound("high", high_in, resolved, box_shape)
        inverted = self.low > self.high
        if np.any(inverted):
            raise InvalidBound(
                "Box low must be <= high everywhere, but "
                + _describe(inverted, ("low", self.low), ("high", self.high))
            )
        self.low.flags.writeable = False
        self.high.flags.writeable = False
        self.low_repr = _short(self.low)
        self.high_repr = _short(self.high)
        super().__init__(box_shape, resolved, seed)
        self._prepare_sampler()

    @classmethod
    def from_validated(
        cls,
        low: np.ndarray,
        high: np.ndarray,
        bounded_below: np.ndarray,
        bounded_above: np.ndarray,
        seed: int | np.random.Generator | None = None,
    ) -> Box:
        """Build a Box from bounds already validated by another Box (reshaped, tiled, stacked).

        For the space utilities: ``low``/``high`` share one dtype and shape and are consistent;
        the ``bounded_*`` masks say which entries were finite before integer clipping.
        """
        box = cls.__new__(cls)
        box.low = np.array(low, copy=True)
        box.high = np.array(high, dtype=box.low.dtype, copy=True)
        box.bounded_below = np.array(bounded_below, dtype=bool, copy=True)
        box.bounded_above = np.array(bounded_above, dtype=bool, copy=True)
        box.low.flags.writeable = False
        box.high.flags.writeable = False
        box.low_repr = _short(box.low)
        box.high_repr = _short(box.high)
        Space.__init__(box, box.low.shape, box.low.dtype, seed)
        box._prepare_sampler()
        return box

    # ------------------------------------------------------------------------------ properties
    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of every sample."""
        return self._shape

    @property
    def is_np_flattenable(self) -> bool:
        """Always ``True``: a Box flattens to a 1-D array of ``prod(shape)`` entries."""
        return True

    def is_bounded(self, manner: Literal["both", "below", "above"] = "both") -> bool:
        """Whether every dimension is bounded ``"below"``, ``"above"`` or on ``"both"`` sides."""
        below = bool(np.all(self.bounded_below))
        above = bool(np.all(self.bounded_above))
        if manner == "both":
            return below and above
        if manner == "below":
            return below
        if manner == "above":
            return above
        raise ValueError(f"manner must be 'both', 'below' or 'above', got {manner!r}")

    # ------------------------------------------------------------------------------ sampling
    def _prepare_sampler(self) -> None:
        dtype = self.dtype
        assert dtype is not None
        self._integral = dtype.kind in "iub"
        bounded = self.bounded_below & self.bounded_above
        self._all_bounded = bool(np.all(bounded))
        uniform = self.low.size > 0 and bool(
            np.all(self.low == self.low.flat[0]) and np.all(self.high == self.high.flat[0])
        )
        # Scalars are faster to hand to the generator than broadcast arrays.
        self._low_arg: Any = self.low.flat[0] if uniform else self.low
        self._high_arg: Any = self.high.flat[0] if uniform else self.high
        if not self._integral:
            self._low_arg = np.float64(self._low_arg) if uniform else self.low.astype(np.float64)
            self._high_arg = np.float64(self._high_arg) if uniform else self.high.astype(np.float64)
            with np.errstate(over="ignore", invalid="ignore"):
                span = np.asarray(self._high_arg) - np.asarray(self._low_arg)
            self._finite_span = bool(np.all(np.isfinite(span))) if self._all_bounded else True
            self._clip_high = dtype == np.float64
        if not self._all_bounded:
            below, above = self.bounded_below, self.bounded_above
            self._both_mask = bounded
            self._low_only = below & ~above
            self._high_only = ~below & above
            self._unbounded = ~below & ~above

    def sample(self, mask: None = None, probability: None = None) -> npt.NDArray[Any]:
        """Return a random point of the box (see the class docstring for the distributions).

        A Box takes neither ``mask`` nor ``probability``; passing one raises
        :class:`gymkit.error.InvalidProbability`.
        """
        if mask is not None or probability is not None:
            raise InvalidProbability(
                f"Box.sample takes no mask or probability, got mask={mask!r}, "
                f"probability={probability!r}; call sample() without them"
            )
        rng = self.np_random
        if self._all_bounded:
            if self._integral:
                return rng.integers(
                    self._low_arg, self._high_arg, size=self._shape, endpoint=True, dtype=self.dtype
                )
            if self._finite_span:
                draw = rng.uniform(self._low_arg, self._high_arg, size=self._shape)
            else:  # the span overflows float64: interpolate without forming high - low
                u = rng.random(size=self._shape)
                draw = self._low_arg * (1.0 - u) + self._high_arg * u
            if self._clip_high:
                np.minimum(draw, self._high_arg, out=draw)
                return draw
            return draw.astype(self.dtype, copy=False)
        return self._sample_mixed(rng)

    def _sample_mixed(self, rng: np.random.Generator) -> npt.NDArray[Any]:
        """Sample a box with some unbounded dimensions, each with its own distribution.

        Integer dtypes use ``low + floor(E)``, ``high - floor(E)`` and ``floor(N)`` so that the
        finite bound itself is the most likely value of a half-bounded dimension.
        """
        draw = np.zeros(self._shape, dtype=np.float64)
        low = self.low.astype(np.float64)
        high = self.high.astype(np.float64)
        integral = self._integral
        unbounded = self._unbounded
        normal = rng.normal(size=int(unbounded.sum()))
        draw[unbounded] = np.floor(normal) if integral else normal
        low_only = self._low_only
        exp_low = rng.exponential(size=int(low_only.sum()))
        draw[low_only] = low[low_only] + (np.floor(exp_low) if integral else exp_low)
        high_only = self._high_only
        exp_high = rng.exponential(size=int(high_only.sum()))
        draw[high_only] = high[high_only] - (np.floor(exp_high) if integral else exp_high)
        both = self._both_mask
        if not integral:
            draw[both] = rng.uniform(low[both], high[both])
            finite_max = float(np.finfo(self.dtype).max)  # samples stay finite, even in float16
            np.clip(draw, -finite_max, finite_max, out=draw)
            result = draw.astype(self.dtype)
            np.clip(result, self.low, self.high, out=result)
            return result
        info = np.iinfo(self.dtype)
        top = float(info.max)
        if top > info.max:  # float(int64 max) rounds up to 2**63, which does not fit
            top = float(np.nextafter(top, 0.0))
        np.clip(draw, float(info.min), top, out=draw)
        result = draw.astype(self.dtype)
        result[both] = rng.integers(
            self.low[both], self.high[both], endpoint=True, dtype=self.dtype
        )
        np.clip(result, self.low, self.high, out=result)
        return result

    # ------------------------------------------------------------------------------ membership
    def contains(self, x: Any) -> bool:
        """Whether ``x`` has the box's shape, a compatible dtype and lies within the bounds.

        An ndarray (or NumPy scalar) must have a dtype that casts safely to :attr:`dtype` (so a
        ``float64`` array is not in a ``float32`` box). Other values (lists, Python numbers) are
        converted with ``np.asarray`` and must be of a compatible kind (numbers for float boxes,
        integers for integer boxes, bools for bool boxes). Never raises.
        """
        try:
            if isinstance(x, (np.ndarray, np.generic)):
                if not np.can_cast(x.dtype, self.dtype):
                    return False
                arr = x
            else:
                arr = np.asarray(x)
                if arr.dtype.kind not in _ACCEPTED_KINDS[self.dtype.kind]:
                    return False
            if arr.shape != self._shape:
                return False
            return bool((arr >= self.low).all() and (arr <= self.high).all())
        except (TypeError, ValueError, OverflowError):
            return False

    # ------------------------------------------------------------------------------ misc
    def to_jsonable(self, sample_n: Sequence[npt.NDArray[Any]]) -> list[Any]:
        """Each sample as nested Python lists."""
        return [np.asarray(sample).tolist() for sample in sample_n]

    def from_jsonable(self, sample_n: Iterable[Any]) -> list[npt.NDArray[Any]]:
        """Each nested list back as an array of the box's dtype and shape."""
        return [np.asarray(sample, dtype=self.dtype).reshape(self.shape) for sample in sample_n]

    def __repr__(self) -> str:
        return f"Box({self.low_repr}, {self.high_repr}, {self.shape}, {self.dtype})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Box)
            and self.shape == other.shape
            and self.dtype == other.dtype
            and np.array_equal(self.low, other.low)
            and np.array_equal(self.high, other.high)
            # integer boxes clip ±inf to the dtype range but still sample them as unbounded
            and np.array_equal(self.bounded_below, other.bounded_below)
            and np.array_equal(self.bounded_above, other.bounded_above)
        )

    __hash__ = None  # type: ignore[assignment]

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.low.flags.writeable = False
        self.high.flags.writeable = False


# ---------------------------------------------------------------------------------- helpers
def _as_bound(name: str, value: Any) -> np.ndarray:
    """``value`` as a numeric array, or InvalidBound."""
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise InvalidBound(
            f"Box {name} must be a number or an array of numbers, got {value!r}"
        ) from exc
    if arr.dtype == object and arr.size and all(isinstance(v, int) for v in arr.flat):
        raise InvalidBound(
            f"Box {name}={value!r} is outside the range of every NumPy integer dtype; "
            "use bounds that fit the Box dtype (or ±inf)"
        )
    if arr.dtype.kind not in "biuf":
        raise InvalidBound(
            f"Box {name} must be a number or an array of numbers, got {value!r} (dtype {arr.dtype})"
        )
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        if np.any(nan):
            where = _describe(nan, (name, arr)) if arr.ndim else f"{name}={arr.item()!r}"
            raise InvalidBound(f"Box {name} must not contain NaN: {where}")
    return arr


def _resolve_shape(shape: Any, low: np.ndarray, high: np.ndarray) -> tuple[int, ...]:
    if shape is not None:
        try:
            dims = tuple(shape)
        except TypeError:
            raise InvalidSpace(
                f"Box shape must be a tuple of non-negative ints, got {shape!r}; e.g. shape=(3,)"
            ) from None
        if not all(
            isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 0 for d in dims
        ):
            raise InvalidSpace(
                f"Box shape must be a tuple of non-negative ints, got {shape!r}; e.g. shape=(3,)"
            )
        box_shape = tuple(int(d) for d in dims)
    elif low.ndim > 0:
        box_shape = low.shape
    elif high.ndim > 0:
        box_shape = high.shape
    else:
        box_shape = (1,)
    for name, arr in (("low", low), ("high", high)):
        if arr.ndim > 0 and arr.shape != box_shape:
            raise InvalidBound(
                f"Box {name} has shape {arr.shape} but the box has shape {box_shape}; pass a "
                f"scalar {name} (broadcast) or an array of shape {box_shape}"
            )
    return box_shape


def _convert_bound(
    name: str, arr: np.ndarray, dtype: np.dtype[Any], shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(bound cast to dtype and broadcast to shape, finiteness mask)`` or raise."""
    wrong_inf = np.inf if name == "low" else -np.inf
    if arr.dtype.kind == "f":
        bad = arr == wrong_inf
        if np.any(bad):
            raise InvalidBound(
                f"Box {name} cannot be {wrong_inf}: "
                + (_describe(bad, (name, arr)) if arr.ndim else f"{name}={arr.item()!r}")
            )
        finite = np.isfinite(arr)
    else:
        finite = np.ones(arr.shape, dtype=bool)

    if dtype.kind == "f":
        if arr.dtype.kind in "iu" or (
            arr.dtype.kind == "f" and arr.dtype.itemsize > dtype.itemsize
        ):
            with np.errstate(over="ignore"):
                too_big = finite & (np.abs(arr.astype(np.float64)) > np.finfo(dtype).max)
            if np.any(too_big):
                raise InvalidBound(
                    f"Box {name} is not representable in {dtype} (beyond ±{np.finfo(dtype).max}): "
                    + (_describe(too_big, (name, arr)) if arr.ndim else f"{name}={arr.item()!r}")
                )
        converted = arr.astype(dtype)
    else:
        converted = _to_integral(name, arr, finite, dtype)
    out = np.array(np.broadcast_to(converted, shape), dtype=dtype)
    mask = np.array(np.broadcast_to(finite, shape), dtype=bool)
    return out, mask


def _to_integral(
    name: str, arr: np.ndarray, finite: np.ndarray, dtype: np.dtype[Any]
) -> np.ndarray:
    """Cast a bound to an integer or bool dtype, clipping ±inf to the dtype's range."""
    if dtype.kind == "b":
        lo, hi = 0, 1
    else:
        info = np.iinfo(dtype)
        lo, hi = int(info.min), int(info.max)

    def fail(bad: np.ndarray, why: str) -> InvalidBound:
        where = _describe(bad, (name, arr)) if arr.ndim else f"{name}={arr.item()!r}"
        return InvalidBound(f"Box {name} is not representable in {dtype} ({why}): {where}")

    if arr.dtype.kind == "f":
        values = np.where(finite, arr, 0.0)
        fractional = finite & (np.floor(values) != values)
        if np.any(fractional):
            raise fail(fractional, "not a whole number")
        if dtype.kind == "b" and not np.all(finite):
            raise fail(~finite, "a bool Box needs bounds in {0, 1}")
        if values.size and (float(values.min()) < lo or float(values.max()) > hi):
            # Python compares float with int exactly, so this is right even near 2**63.
            out_of_range = finite & ((values < lo) | (values > hi))
            raise fail(out_of_range, f"outside [{lo}, {hi}]")
        fill = lo if name == "low" else hi
        result = np.where(finite, values, 0.0).astype(dtype)
        if not np.all(finite):
            result = np.where(finite, result, np.array(fill, dtype=dtype))
        return result.astype(dtype)
    if arr.size and (int(arr.min()) < lo or int(arr.max()) > hi):
        out_of_range = (arr < lo) | (arr > hi)
        raise fail(out_of_range, f"outside [{lo}, {hi}]")
    return arr.astype(dtype)
