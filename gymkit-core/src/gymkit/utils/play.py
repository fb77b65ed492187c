"""Play an env from the keyboard: ``gymkit play CartPole-v1`` or :func:`play`.

Key maps live with the envs. An env class that can be played declares two class attributes:

``keys_to_action: dict[tuple[str, ...], action]``
    Which action a combination of held keys selects. A key is named by its lower-case pyglet
    name (``"left"``, ``"right"``, ``"up"``, ``"down"``, ``"a"``, ``"w"``, ``"space"``, ...;
    ``pyglet.window.key.symbol_string(symbol).lower()``); a combination is a tuple of names in
    any order (``("left", "up")``), and a single key may be written as a 1-tuple or a bare str.
    Every action must be in the env's ``action_space``.
``noop``
    Real-time envs (classic control): the action taken while no mapped combination is held;
    the env steps every frame, at ``render_fps``. ``None`` marks a turn-based env (toy text):
    it steps once per key press and waits while no mapped combination is held.

Arrows drive classic control (``("left",)``, ``("right",)``); WASD drives the grid worlds. Each
frame, the held keys that appear in the map select the action; a combination not in the map
falls back to ``noop`` (real time) or to waiting (turn based). Episodes restart by themselves;
Escape or the window's close button stops.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gymkit.error import Error, InvalidAction

if TYPE_CHECKING:
    from gymkit.core import Env
    from gymkit.rendering.viewer import FrameViewer

__all__ = ["action_for_keys", "describe_controls", "normalize_keys_to_action", "play"]

KeyCombo = tuple[str, ...]

#: frame rate of the window of a turn-based env (it only waits for keys between frames)
TURN_BASED_FPS = 30


class _FromEnv:
    """Default of :func:`play`'s ``noop``: take the env's own ``noop``."""

    def __repr__(self) -> str:
        return "<the env's noop>"


_FROM_ENV: Any = _FromEnv()


def normalize_keys_to_action(keys_to_action: Mapping[Any, Any]) -> dict[KeyCombo, Any]:
    """Return ``keys_to_action`` with every combination as a sorted tuple of lower-case names.

    Raises :class:`TypeError` naming the entry for a key that is not a str or a tuple of str,
    and :class:`ValueError` when two entries name the same combination.
    """
    if not isinstance(keys_to_action, Mapping):
        raise TypeError(
            f"keys_to_action must be a mapping of key tuples to actions, got "
            f"{type(keys_to_action).__name__}; e.g. {{('left',): 0, ('right',): 1}}"
        )
    normalized: dict[KeyCombo, Any] = {}
    for combo, action in keys_to_action.items():
        names = (combo,) if isinstance(combo, str) else combo
        if (
            not isinstance(names, tuple)
            or not names
            or not all(isinstance(name, str) and name for name in names)
        ):
            raise TypeError(
                f"keys_to_action key {combo!r} must be a non-empty tuple of key names (str), "
                "e.g. ('left',) or ('a', 'w')"
            )
        key = tuple(sorted({name.lower() for name in names}))
        if key in normalized:
            raise ValueError(f"keys_to_action maps the key combination {key} twice")
        normalized[key] = action
    return normalized


def held_combination(pressed: set[str], keys_to_action: dict[KeyCombo, Any]) -> KeyCombo:
    """The held keys that appear in ``keys_to_action`` (normalised), as a sorted tuple."""
    relevant = {name for combo in keys_to_action for name in combo}
    return tuple(sorted(pressed & relevant))


def action_for_keys(pressed: set[str], keys_to_action: dict[KeyCombo, Any], noop: Any) -> Any:
    """The action for the held keys ``pressed``: the entry of ``keys_to_action`` (normalised)
    whose combination equals the held keys that appear in the map, else ``noop``."""
    return keys_to_action.get(held_combination(pressed, keys_to_action), noop)


def describe_controls(
    env: Env[Any, Any],
    keys_to_action: Mapping[Any, Any] | None = None,
    noop: Any = _FROM_ENV,
) -> str:
    """The keyboard controls of ``env`` as lines of text: each key combination and the action
    it sends (with its meaning when the env has ``get_action_meanings``), what happens while no
    mapped key is held, and how to quit. ``keys_to_action`` / ``noop`` as in :func:`play`.

    Raises :class:`gymkit.error.Error` as :func:`play` when the env has no key map."""
    keymap, default = _key_map(env, keys_to_action, noop)
    meanings: list[str] | None = None
    if env.has_wrapper_attr("get_action_meanings"):
        meanings = list(env.get_wrapper_attr("get_action_meanings")())

    def named(action: Any) -> str:
        if meanings is not None and isinstance(action, int) and 0 <= action < len(meanings):
            return f"{action} ({meanings[action]})"
        return _action_text(action)

    width = max(len(" + ".join(combo)) for combo in keymap)
    lines = [  # in the env's order
        f"  {' + '.join(combo):<{width}}  -> action {named(action)}"
        for combo, action in keymap.items()
    ]
    if default is None:
        lines.append("  turn based: the env steps once per key press and waits in between")
    else:
        lines.append(f"  no mapped key held: action {named(default)}; the env runs in real time")
    lines.append("  Escape or closing the window quits; episodes restart by themselves")
    spec = env.spec
    name = spec.id if spec is not None else type(env.unwrapped).__name__
    return f"controls of {name}:\n" + "\n".join(lines)


def _action_text(action: Any) -> str:
    """An action as short text: ``1``, ``[-2.0]`` (arrays without their dtype)."""
    import numpy as np

    if isinstance(action, np.ndarray):
        return str(action.tolist())
    return repr(action)


def play(
    env_id: str | Env[Any, Any],
    fps: float | None = None,
    seed: int | None = None,
    zoom: float | None = None,
    *,
    keys_to_action: Mapping[Any, Any] | None = None,
    noop: Any = _FROM_ENV,
    max_steps: int | None = None,
    viewer: FrameViewer | None = None,
) -> list[float]:
    """Play ``env_id`` (an id, or an env made with ``render_mode="rgb_array"``) in a window.

    Runs until the window is closed (or Escape), or for ``max_steps`` steps when given;
    episodes restart automatically. The controls (:func:`describe_controls`) are printed when
    the window opens. ``fps`` defaults to the env's ``render_fps`` (30 for a
    turn-based env); ``seed`` seeds the first reset; ``zoom`` scales the window (default: fit
    small frames, see :class:`~gymkit.rendering.viewer.FrameViewer`).
    ``keys_to_action`` / ``noop`` override the env's own map (see the module docstring; pass
    ``noop=None`` for turn-based play). ``viewer`` shows the frames instead of a new
    :class:`~gymkit.rendering.viewer.FrameViewer` (it is closed at the end). Returns the returns
    of the episodes finished while playing.

    Raises :class:`gymkit.error.Error` when the env has no key map and none is given, or cannot
    render ``rgb_array`` frames; :class:`gymkit.error.InvalidAction` when the map holds an action
    outside the action space; display errors as :class:`~gymkit.rendering.viewer.FrameViewer`.
    """
    if isinstance(env_id, str):
        import gymkit

        env = gymkit.make(env_id, render_mode="rgb_array")
        owns_env = True
    else:
        env = env_id
        owns_env = False
    try:
        if env.render_mode != "rgb_array":
            raise Error(
                f"play needs an env that renders rgb_array frames, got render_mode="
                f"{env.render_mode!r}; make it with render_mode='rgb_array'"
            )
        keymap, default = _key_map(env, keys_to_action, noop)
        if fps is None:
            fps = TURN_BASED_FPS if default is None else env.metadata.get("render_fps") or 30
        if viewer is None:
            from gymkit.rendering.viewer import FrameViewer

            spec = env.spec
            name = spec.id if spec is not None else type(env.unwrapped).__name__
            viewer = FrameViewer(caption=f"gymkit play {name}", fps=fps, zoom=zoom)
        print(describe_controls(env, keymap, default), flush=True)  # the window is open
        return _loop(env, viewer, keymap, default, seed, max_steps)
    finally:
        if viewer is not None:
            viewer.close()
        if owns_env:
            env.close()


def _key_map(
    env: Env[Any, Any], keys_to_action: Mapping[Any, Any] | None, noop: Any
) -> tuple[dict[KeyCombo, Any], Any]:
    if keys_to_action is None:
        if not env.has_wrapper_attr("keys_to_action"):
            raise Error(
                f"{type(env.unwrapped).__name__} declares no keys_to_action map, so it cannot "
                "be played from the keyboard; pass play(..., keys_to_action={('left',): ..., "
                "...}, noop=...)"
            )
        keys_to_action = env.get_wrapper_attr("keys_to_action")
    if noop is _FROM_ENV:
        if not env.has_wrapper_attr("noop"):
            raise Error(
                f"{type(env.unwrapped).__name__} declares no noop action for the keyboard; "
                "pass play(..., noop=...) (noop=None: step once per key press)"
            )
        noop = env.get_wrapper_attr("noop")
    keymap = normalize_keys_to_action(keys_to_action)
    checks = list(keymap.items())
    if noop is not None:
        checks.append((("<no key>",), noop))
    for combo, action in checks:
        if not _contains(env.action_space, action):
            raise InvalidAction(
                f"the key map sends {combo} to {action!r}, which is not in the action space "
                f"{env.action_space}"
            )
    return keymap, noop


def _contains(space: Any, action: Any) -> bool:
    try:
        return bool(space.contains(action))
    except Exception:  # an action a space cannot even compare is not in it
        return False


def _loop(
    env: Env[Any, Any],
    viewer: FrameViewer,
    keymap: dict[KeyCombo, Any],
    noop: Any,
    seed: int | None,
    max_steps: int | None,
) -> list[float]:
    returns: list[float] = []
    env.reset(seed=seed)
    viewer.show(env.render())
    episode_return = 0.0
    steps = 0
    previous: KeyCombo = ()
    while viewer.is_open and (max_steps is None or steps < max_steps):
        combo = held_combination(viewer.pressed_keys, keymap)
        if noop is None:  # turn based: one step per new press of a mapped combination
            fresh = combo != previous and combo in keymap
            previous = combo
            if not fresh:
                viewer.show(env.render())
                continue
            action = keymap[combo]
        else:
            action = keymap.get(combo, noop)
        _, reward, terminated, truncated, _ = env.step(action)
        episode_return += float(reward)
        steps += 1
        if terminated or truncated:
            returns.append(episode_return)
            print(f"episode {len(returns)}: return {episode_return:g}")
            episode_return = 0.0
            env.reset()
        viewer.show(env.render())
    return returns
