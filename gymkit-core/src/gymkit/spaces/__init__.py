"""Spaces: the sets observations and actions live in, with seeded samplers and utilities.

Every space derives from :class:`Space`. The utilities (flattening, batching) dispatch with
``functools.singledispatch``; register an implementation for a custom space to make it work with
wrappers and vector envs.
"""

from __future__ import annotations

from gymkit.spaces.box import Box
from gymkit.spaces.discrete import Discrete
from gymkit.spaces.space import Space

__all__ = ["Box", "Discrete", "Space"]
