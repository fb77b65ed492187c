"""Server settings: the database URL, the data directory and the limits."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

MB = 1 << 20


@dataclass
class Settings:
    data: Path
    db: str = ""  # default: sqlite:///DATA/scoreboard.db
    #: largest upload body (the compressed archive) and largest unpacked total
    max_upload: int = 100 * MB
    max_unpacked: int = 400 * MB
    #: log-in attempts per client address, and uploads per user, per window
    login_limit: int = 10
    login_window: float = 300.0
    upload_limit: int = 60
    upload_window: float = 3600.0
    fingerprint_dirs: list[Path] = field(default_factory=list)
    base_url: str = ""  # for the URLs the API returns; default: the request's own

    def __post_init__(self) -> None:
        self.data = Path(self.data)
        if not self.db:
            self.db = f"sqlite:///{(self.data / 'scoreboard.db').resolve()}"

    def secret_key(self) -> str:
        """The session-signing key, kept in the data directory so every server process (and a
        restart) shares it."""
        path = self.data / "secret.key"
        if not path.is_file():
            self.data.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"secret.key.{os.getpid()}.tmp")
            temporary.write_text(secrets.token_urlsafe(48))
            temporary.chmod(0o600)
            try:
                os.link(temporary, path)  # first writer wins; the others read its key
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        return path.read_text().strip()

    @classmethod
    def from_environment(cls) -> Settings:
        """Settings for a server process started by ``gymkit-scoreboard serve`` (passed on in
        ``GYMKIT_SCOREBOARD_*`` variables, so every uvicorn worker reads the same)."""
        env = os.environ
        settings = cls(data=Path(env.get("GYMKIT_SCOREBOARD_DATA", "scoreboard-data")))
        settings.db = env.get("GYMKIT_SCOREBOARD_DB") or settings.db
        for name in ("max_upload", "max_unpacked", "login_limit", "upload_limit"):
            value = env.get(f"GYMKIT_SCOREBOARD_{name.upper()}")
            if value:
                setattr(settings, name, int(value))
        dirs = env.get("GYMKIT_SCOREBOARD_FINGERPRINTS", "")
        settings.fingerprint_dirs = [Path(d) for d in dirs.split(os.pathsep) if d]
        return settings
