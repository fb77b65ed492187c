"""Where the golden fingerprints are: directories given to the server, and the ``fingerprints``
folder beside each installed plugin's source (a checkout or an editable install)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gymkit.fingerprint import fingerprint_filename, load_fingerprint


def plugin_fingerprint_dirs() -> list[Path]:
    import gymkit

    found: list[Path] = []
    for plugin in gymkit.registry.plugins:
        origin = getattr(plugin.module, "__file__", None)
        if not origin:
            continue
        for parent in Path(origin).resolve().parents[:4]:
            candidate = parent / "fingerprints"
            if candidate.is_dir():
                found.append(candidate)
                break
    return sorted(set(found))


class Goldens:
    """Golden fingerprints by env id, read once each."""

    def __init__(self, directories: Iterable[str | Path] = (), discover: bool = True) -> None:
        self.directories = [Path(d) for d in directories]
        self._discover = discover
        self._cache: dict[str, dict[str, Any] | None] = {}

    def dirs(self) -> list[Path]:
        extra = plugin_fingerprint_dirs() if self._discover else []
        return self.directories + [d for d in extra if d not in self.directories]

    def get(self, env_id: str) -> dict[str, Any] | None:
        if env_id not in self._cache:
            data = None
            for directory in self.dirs():
                path = directory / fingerprint_filename(env_id)
                if path.is_file():
                    data = load_fingerprint(path)
                    break
            self._cache[env_id] = data
        return self._cache[env_id]
