"""The env catalogue: every registered env grouped by family, and animated previews rendered
from a seeded random rollout (cached as GIFs in the data directory)."""

from __future__ import annotations

import functools
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

PREVIEW_FRAMES = 60
PREVIEW_SEED = 0


def families() -> list[tuple[str, str, list[Any]]]:
    """``[(family name, description, [EnvSpec...])]`` sorted by name; ids no plugin registered
    (made by ``register`` in an imported module) are under "other"."""
    import gymkit
    from gymkit.plugins import family_info

    registry = gymkit.registry
    grouped: dict[str, tuple[str, list[Any]]] = {}
    claimed: set[str] = set()
    for plugin in registry.plugins:
        try:
            info = family_info(registry, plugin)
        except Exception:  # a plugin's hook failing must not take the catalogue down
            info = {}
        name = str(info.get("name") or plugin.namespace)
        description = str(info.get("description") or plugin.distribution)
        specs = [registry[i] for i in plugin.env_ids if i in registry]
        claimed.update(plugin.env_ids)
        entry = grouped.setdefault(name, (description, []))
        entry[1].extend(specs)
    others = [s for i, s in registry.items() if i not in claimed]
    if others:
        grouped.setdefault("other", ("registered outside a plugin", []))[1].extend(others)
    return [
        (name, description, sorted(specs, key=lambda s: s.id))
        for name, (description, specs) in sorted(grouped.items())
    ]


@functools.lru_cache(maxsize=1024)
def describe(env_id: str) -> dict[str, Any]:
    """The spec, spaces and render modes of ``env_id`` (makes the env once per process)."""
    import gymkit

    spec = gymkit.spec(env_id)
    info: dict[str, Any] = {"spec": spec, "error": None}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            env = gymkit.make(env_id)
        try:
            info["observation_space"] = repr(env.observation_space)
            info["action_space"] = repr(env.action_space)
            info["render_modes"] = list(env.metadata.get("render_modes", []))
        finally:
            env.close()
    except Exception as exc:  # a missing engine or ROM: the page says so
        info["error"] = f"{type(exc).__name__}: {exc}"
    return info


def preview_path(data: Path, env_id: str) -> Path:
    return data / "previews" / (env_id.replace("/", "--") + ".gif")


def preview(data: Path, env_id: str) -> Path | None:
    """The cached animated GIF of a seeded random rollout of ``env_id`` (rendered on first
    request); ``None`` when the env cannot render ``rgb_array``."""
    path = preview_path(data, env_id)
    if path.is_file():
        return path
    from PIL import Image

    import gymkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            env = gymkit.make(env_id, render_mode="rgb_array")
        except Exception:
            return None
    frames = []
    try:
        env.reset(seed=PREVIEW_SEED)
        env.action_space.seed(PREVIEW_SEED)
        for _ in range(PREVIEW_FRAMES):
            frame = env.render()
            if frame is None:
                return None
            frames.append(Image.fromarray(frame).convert("P", palette=Image.Palette.ADAPTIVE))
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                env.reset()
    except Exception:
        return None
    finally:
        env.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    fps = float(env.metadata.get("render_fps") or 30)
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".gif.tmp")
    os.close(fd)
    frames[0].save(
        temporary,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=int(1000 / fps),
        loop=0,
    )
    os.replace(temporary, path)  # atomic: concurrent renderers never serve a partial file
    return path
