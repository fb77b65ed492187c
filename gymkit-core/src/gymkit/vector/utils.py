"""Helpers of the vector envs: batching per-env info dicts, checking masks and env ids."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["add_info", "check_env_ids", "check_reset_mask", "unbatch_info"]

_NUMERIC_KINDS = {bool: np.bool_, int: np.int64, float: np.float64}


def _new_column(value: Any, num_envs: int) -> np.ndarray:
    kind = type(value)
    dtype = _NUMERIC_KINDS.get(kind)
    if dtype is not None:
        return np.zeros(num_envs, dtype=dtype)
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return np.zeros(num_envs, dtype=value.dtype)
    return np.full(num_envs, None, dtype=object)


def _dicts_as_objects(nested: dict[str, Any], mask: np.ndarray, num_envs: int) -> np.ndarray:
    column = np.full(num_envs, None, dtype=object)
    for index in np.flatnonzero(mask):
        column[index] = unbatch_info(nested, int(index))
    return column


def add_info(
    infos: dict[str, Any], info: dict[str, Any], env_num: int, num_envs: int
) -> dict[str, Any]:
    """Merge sub-env ``env_num``'s ``info`` into the batched ``infos`` (in place) and return it.

    For every ``key`` of ``info``: ``infos[key]`` becomes (or stays) an array of ``num_envs``
    entries — ``bool``/``int64``/``float64`` (or the NumPy scalar's dtype) for numbers, ``object``
    for anything else, widened to ``object`` when later values do not fit — with entry
    ``env_num`` set; ``infos["_" + key]`` is the ``bool`` mask of the sub-envs that reported
    ``key``. A ``dict`` value is batched recursively into a nested dict (unless other sub-envs
    gave a non-dict value for the same key: then the column holds objects, dicts included).
    """
    for key, value in info.items():
        column = infos.get(key)
        if isinstance(value, dict) and (column is None or isinstance(column, dict)):
            infos[key] = add_info({} if column is None else column, value, env_num, num_envs)
        else:
            if isinstance(column, dict):
                # a dict from other sub-envs, a plain value from this one: keep both as objects
                column = infos[key] = _dicts_as_objects(column, infos["_" + key], num_envs)
            if column is None:
                column = infos[key] = _new_column(value, num_envs)
            try:
                if column.dtype != object and not np.can_cast(
                    np.asarray(value).dtype, column.dtype, casting="same_kind"
                ):
                    raise TypeError
                column[env_num] = value
            except (TypeError, ValueError):
                widened = column.astype(object)
                widened[env_num] = value
                infos[key] = widened
        mask = infos.get("_" + key)
        if mask is None:
            mask = infos["_" + key] = np.zeros(num_envs, dtype=np.bool_)
        mask[env_num] = True
    return infos


def unbatch_info(infos: dict[str, Any], env_num: int) -> dict[str, Any]:
    """The per-env info of sub-env ``env_num`` recovered from batched ``infos`` (inverse of
    :func:`add_info` for the keys that sub-env reported)."""
    out: dict[str, Any] = {}
    for key, value in infos.items():
        if key.startswith("_") and key[1:] in infos:
            continue
        mask = infos.get("_" + key)
        if mask is None or not mask[env_num]:
            continue
        out[key] = unbatch_info(value, env_num) if isinstance(value, dict) else value[env_num]
    return out


def check_reset_mask(options: dict[str, Any] | None, num_envs: int) -> np.ndarray | None:
    """Return ``options["reset_mask"]`` as a ``bool`` array of ``num_envs``, or ``None``."""
    if not options or "reset_mask" not in options:
        return None
    mask = np.asarray(options["reset_mask"])
    if mask.dtype != np.bool_ or mask.shape != (num_envs,):
        raise ValueError(
            f"options['reset_mask'] must be a bool array of shape ({num_envs},), got "
            f"{options['reset_mask']!r}; e.g. np.array([True, False, ...])"
        )
    return mask


def check_env_ids(env_ids: Any, num_envs: int) -> list[int]:
    """Return ``env_ids`` as a list of distinct ints in ``[0, num_envs)``; raise otherwise."""
    ids = [int(i) for i in np.asarray(env_ids).reshape(-1)]
    bad = [i for i in ids if not 0 <= i < num_envs]
    if bad:
        raise ValueError(f"env_ids must lie in [0, {num_envs}), got {bad} in {list(ids)}")
    if len(set(ids)) != len(ids):
        raise ValueError(f"env_ids must be distinct, got {ids}")
    return ids
