"""Spaces: the sets observations and actions live in, with seeded samplers and utilities.

Every space derives from :class:`Space`. The utilities (flattening, batching) dispatch with
``functools.singledispatch``; register an implementation for a custom space type to make it work
with the flattening wrappers and vector envs (unregistered types raise
:class:`gymkit.error.CustomSpaceError`).
"""

from __future__ import annotations

from gymkit.spaces.batching import (
    batch_differing_spaces,
    batch_space,
    concatenate,
    create_empty_array,
    iterate,
)
from gymkit.spaces.box import Box
from gymkit.spaces.dict import Dict
from gymkit.spaces.discrete import Discrete
from gymkit.spaces.graph import Graph, GraphInstance
from gymkit.spaces.multi_binary import MultiBinary
from gymkit.spaces.multi_discrete import MultiDiscrete
from gymkit.spaces.oneof import OneOf
from gymkit.spaces.sequence import Sequence
from gymkit.spaces.space import Space
from gymkit.spaces.text import Text, alphanumeric
from gymkit.spaces.tuple import Tuple
from gymkit.spaces.utils import flatdim, flatten, flatten_space, unflatten

__all__ = [
    "Box",
    "Dict",
    "Discrete",
    "Graph",
    "GraphInstance",
    "MultiBinary",
    "MultiDiscrete",
    "OneOf",
    "Sequence",
    "Space",
    "Text",
    "Tuple",
    "alphanumeric",
    "batch_differing_spaces",
    "batch_space",
    "concatenate",
    "create_empty_array",
    "flatdim",
    "flatten",
    "flatten_space",
    "iterate",
    "unflatten",
]
