"""gymkit ⇄ Gymnasium: adapters both ways, and the ``gymnasium/`` bridge plugin.

- :func:`to_gymnasium` / :func:`to_gymnasium_vector`: a gymkit env or vector env as a Gymnasium
  one (for Stable-Baselines3, CleanRL, RLlib, ...);
- :func:`from_gymnasium` / :func:`from_gymnasium_vector`: a Gymnasium env or vector env as a
  gymkit one (for gymkit's wrappers, Monitor and certifier);
- :func:`to_gymnasium_space` / :func:`from_gymnasium_space`: the ten space kinds, nested;
- the plugin (entry point ``gymnasium``) serves every Gymnasium id as ``gymnasium/<id>``:
  ``gymkit.make("gymnasium/CartPole-v1")``.
"""

from __future__ import annotations

from gymkit_gymnasium.adapters import FromGymnasium, ToGymnasium, from_gymnasium, to_gymnasium
from gymkit_gymnasium.ids import gymkit_id, gymnasium_id
from gymkit_gymnasium.spaces import element_converter, from_gymnasium_space, to_gymnasium_space
from gymkit_gymnasium.vector import (
    FromGymnasiumVector,
    ToGymnasiumVector,
    from_gymnasium_vector,
    to_gymnasium_vector,
)

__all__ = [
    "FromGymnasium",
    "FromGymnasiumVector",
    "ToGymnasium",
    "ToGymnasiumVector",
    "element_converter",
    "from_gymnasium",
    "from_gymnasium_space",
    "from_gymnasium_vector",
    "gymkit_id",
    "gymnasium_id",
    "to_gymnasium",
    "to_gymnasium_space",
    "to_gymnasium_vector",
]
