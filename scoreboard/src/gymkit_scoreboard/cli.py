"""``gymkit-scoreboard``: ``serve`` the site, ``user add`` an account (printing its API key)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gymkit_scoreboard.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings(data=Path(args.data), db=args.db or "")
    settings.fingerprint_dirs = [Path(d) for d in getattr(args, "fingerprints", None) or []]
    return settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gymkit_scoreboard.db import make_engine, upgrade

    settings = _settings(args)
    settings.data.mkdir(parents=True, exist_ok=True)
    settings.secret_key()  # created once here, read by every worker
    engine = make_engine(settings.db)
    upgrade(engine)  # once, before any worker starts
    engine.dispose()
    os.environ["GYMKIT_SCOREBOARD_DATA"] = str(settings.data.resolve())
    os.environ["GYMKIT_SCOREBOARD_DB"] = settings.db
    os.environ["GYMKIT_SCOREBOARD_FINGERPRINTS"] = os.pathsep.join(
        str(p.resolve()) for p in settings.fingerprint_dirs
    )
    for name in ("max_upload", "upload_limit", "login_limit"):
        value = getattr(args, name)
        if value is not None:
            os.environ[f"GYMKIT_SCOREBOARD_{name.upper()}"] = str(value)
    print(f"gymkit scoreboard on http://{args.host}:{args.port} (database {settings.db})")
    uvicorn.run(
        "gymkit_scoreboard.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    return 0


def _user_add(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from gymkit_scoreboard import security
    from gymkit_scoreboard.app import USER_NAME
    from gymkit_scoreboard.db import make_engine, session_factory, upgrade
    from gymkit_scoreboard.models import User

    if not USER_NAME.fullmatch(args.name):
        print(
            f"error: user name {args.name!r} is not allowed: use 2 to 32 letters, digits, '_', "
            "'.' or '-'",
            file=sys.stderr,
        )
        return 2
    settings = _settings(args)
    settings.data.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db)
    upgrade(engine)
    with session_factory(engine)() as db:
        user = db.scalar(select(User).where(User.name == args.name))
        if user is not None:
            print(f"error: the user {args.name!r} exists already", file=sys.stderr)
            return 1
        user = User(name=args.name, moderator=args.moderator)
        db.add(user)
        secret = security.new_api_key(db, user)
        db.commit()
    role = "moderator" if args.moderator else "user"
    print(f"added {role} {args.name}; API key (shown only now): {secret}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gymkit-scoreboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", default="scoreboard-data", help="data directory (videos, db)")
        p.add_argument("--db", help="database URL (default: sqlite:///DATA/scoreboard.db)")

    serve = commands.add_parser("serve", help="run the site")
    common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--fingerprints", action="append", help="a folder of golden fingerprints (repeatable)"
    )
    serve.add_argument("--max-upload", type=int, help="largest upload in bytes")
    serve.add_argument("--upload-limit", type=int, help="uploads per user per hour")
    serve.add_argument("--login-limit", type=int, help="log-in attempts per address per 5 min")
    serve.set_defaults(run=_serve)

    user = commands.add_parser("user", help="manage accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help="add an account and print a new API key once")
    common(add)
    add.add_argument("name")
    add.add_argument("--moderator", action="store_true")
    add.set_defaults(run=_user_add)

    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
