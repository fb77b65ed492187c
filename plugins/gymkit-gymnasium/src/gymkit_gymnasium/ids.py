"""Env ids across the two registries.

A Gymnasium id ``[ns/]Name[-vN]`` becomes the gymkit id ``gymnasium/[ns.]Name[-vN]``: gymkit ids
hold one ``/``, so a Gymnasium namespace is joined to the name with a dot
(``ALE/Pong-v5`` → ``gymnasium/ALE.Pong-v5``, ``CartPole-v1`` → ``gymnasium/CartPole-v1``).
"""

from __future__ import annotations

NAMESPACE = "gymnasium"
"""The gymkit namespace of the bridge (its entry point's name)."""


def gymkit_id(gymnasium_id: str) -> str:
    """The gymkit id under which the bridge serves Gymnasium's ``gymnasium_id``."""
    namespace, slash, rest = gymnasium_id.partition("/")
    return f"{NAMESPACE}/{namespace}.{rest}" if slash else f"{NAMESPACE}/{gymnasium_id}"


def gymnasium_id(gymkit_id: str) -> str:
    """The Gymnasium id behind the bridge's gymkit id (the inverse of :func:`gymkit_id`).

    Raises ``ValueError`` for an id outside the ``gymnasium/`` namespace.
    """
    namespace, slash, rest = gymkit_id.partition("/")
    if not slash or namespace != NAMESPACE:
        raise ValueError(
            f"{gymkit_id!r} is not a bridged id; bridged ids read 'gymnasium/<Gymnasium id>', "
            "e.g. 'gymnasium/CartPole-v1'"
        )
    return rest
