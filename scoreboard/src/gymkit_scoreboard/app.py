"""The scoreboard's ASGI app (Starlette): Jinja2 pages (autoescaped) and the JSON API.

Every state change is a database transaction; uploaded files are unpacked in ``DATA/tmp`` and
renamed into ``DATA/evaluations/<storage>`` (one ``rename``) before the transaction commits, so a
killed server leaves either a whole evaluation or none (an unreferenced folder at worst, removed
at the next start). Clients never see a stack trace.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from gymkit_scoreboard import catalogue, scoring, security
from gymkit_scoreboard.curve import learning_curve_svg
from gymkit_scoreboard.db import make_engine, session_factory, upgrade
from gymkit_scoreboard.goldens import Goldens
from gymkit_scoreboard.ingest import UploadRejected, unpack, verify
from gymkit_scoreboard.models import ApiKey, Episode, Evaluation, Review, User, Video
from gymkit_scoreboard.settings import Settings

log = logging.getLogger("gymkit_scoreboard")
TEMPLATES = Path(__file__).parent / "templates"
USER_NAME = re.compile(r"[A-Za-z0-9_.-]{2,32}")
STALE_SECONDS = 3600.0


class Problem(Exception):
    """A refusal shown to the client: HTTP ``status`` and a message naming the fix."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _valid_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if len(value) > 500 or parts.scheme not in ("http", "https") or not parts.netloc:
        raise Problem(
            400,
            f"the writeup must be an http(s) URL of at most 500 characters, got {value[:80]!r}",
        )
    return value


def evaluation_json(evaluation: Evaluation, base: str) -> dict[str, Any]:
    return {
        "id": evaluation.id,
        "url": f"{base}/evaluations/{evaluation.id}",
        "env_id": evaluation.env_id,
        "user": evaluation.user.name,
        "created": evaluation.created.isoformat(),
        "episodes": evaluation.episode_count,
        "steps": evaluation.step_count,
        "videos": len(evaluation.videos),
        "score": {
            "kind": evaluation.score_kind,
            "solved": evaluation.solved,
            "episodes_to_solve": evaluation.episodes_to_solve,
            "steps_to_solve": evaluation.steps_to_solve,
            "best_mean": evaluation.best_mean,
            "reward_threshold": evaluation.reward_threshold,
        },
        "writeup": evaluation.writeup,
        "reproduces": evaluation.reproduces_id,
        "reproduction_matches": evaluation.reproduction_matches,
        "reviewed": evaluation.reviewed is not None,
        "gymkit_version": evaluation.gymkit_version,
        "versions": evaluation.versions,
        "seeds": evaluation.seeds,
    }


def _score_of(evaluation: Evaluation) -> scoring.Score:
    return scoring.Score(
        evaluation.score_kind,
        evaluation.solved,
        evaluation.episodes_to_solve,
        evaluation.steps_to_solve,
        evaluation.best_mean,
    )


def create_app(settings: Settings, *, migrate: bool = True) -> Starlette:
    """The app for ``settings``; ``migrate`` runs the Alembic upgrade first (``serve`` runs it
    once before starting its workers and passes ``False``)."""
    data = settings.data
    for sub in ("tmp", "evaluations", "previews"):
        (data / sub).mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db)
    if migrate:
        upgrade(engine)
    sessions = session_factory(engine)
    goldens = Goldens(settings.fingerprint_dirs)
    templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescapes .html
    _remove_stale(data, sessions)

    # ------------------------------------------------------------------ helpers
    def base_url(request: Request) -> str:
        return settings.base_url or str(request.base_url).rstrip("/")

    def current_user(request: Request, db: Session) -> User | None:
        user_id = request.session.get("user_id")
        return db.get(User, user_id) if isinstance(user_id, int) else None

    def page(
        request: Request, name: str, db: Session, status: int = 200, **context: Any
    ) -> Response:
        context.setdefault("user", current_user(request, db))
        context["csrf"] = security.csrf_token(request.session)
        context["request"] = request
        return templates.TemplateResponse(request, name, context, status_code=status)

    async def form_checked(request: Request) -> Any:
        async with request.form(max_files=0, max_fields=20) as form:
            values = dict(form)
        if not security.csrf_ok(request.session, values.get("csrf")):
            raise Problem(403, "the form's CSRF token is missing or stale: reload the page")
        return values

    def api_user(request: Request, db: Session) -> User:
        header = request.headers.get("authorization", "")
        secret = header[7:].strip() if header.lower().startswith("bearer ") else ""
        user, why = security.user_for_key(db, secret)
        if user is None:
            raise Problem(401, why)
        return user

    def client_address(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def load_evaluation(db: Session, evaluation_id: int) -> Evaluation:
        evaluation = db.get(Evaluation, evaluation_id)
        if evaluation is None:
            raise Problem(404, f"there is no evaluation {evaluation_id}")
        return evaluation

    def with_db(handler: Callable[..., Any]) -> Callable[[Request], Any]:
        """An endpoint with a database session; a plain function runs in Starlette's thread
        pool (so database work and rendering never block the event loop)."""
        if inspect.iscoroutinefunction(handler):

            async def endpoint(request: Request) -> Response:
                with sessions() as db:
                    return await handler(request, db)  # type: ignore[no-any-return]

            return endpoint

        def sync_endpoint(request: Request) -> Response:
            with sessions() as db:
                return handler(request, db)  # type: ignore[no-any-return]

        return sync_endpoint

    # ------------------------------------------------------------------ pages
    def index(request: Request, db: Session) -> Response:
        recent = db.scalars(select(Evaluation).order_by(Evaluation.id.desc()).limit(20)).all()
        return page(request, "index.html", db, evaluations=recent)

    async def signup(request: Request, db: Session) -> Response:
        if request.method == "GET":
            return page(request, "signup.html", db)
        form = await form_checked(request)
        name = str(form.get("name", "")).strip()
        password = str(form.get("password", ""))
        if not USER_NAME.fullmatch(name):
            raise Problem(
                400,
                f"user name {name[:40]!r} is not allowed: use 2 to 32 letters, digits, '_', "
                "'.' or '-'",
            )
        if len(password) < 8:
            raise Problem(400, "the password must have at least 8 characters")
        if db.scalar(select(User).where(User.name == name)):
            raise Problem(409, f"the user name {name!r} is taken; choose another")
        hashed = await run_in_threadpool(security.hash_password, password)
        user = User(name=name, password_hash=hashed)
        db.add(user)
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            raise Problem(409, f"the user name {name!r} is taken; choose another") from None
        request.session.clear()
        request.session["user_id"] = user.id
        return RedirectResponse("/account", status_code=303)

    async def login(request: Request, db: Session) -> Response:
        if request.method == "GET":
            return page(request, "login.html", db)
        form = await form_checked(request)
        if security.rate_limited(
            db, "login", client_address(request), settings.login_limit, settings.login_window
        ):
            raise Problem(429, "too many log-in attempts from your address; wait a few minutes")
        name = str(form.get("name", ""))
        user = db.scalar(select(User).where(User.name == name))
        ok = await run_in_threadpool(
            security.verify_password,
            user.password_hash if user else None,
            str(form.get("password", "")),
        )
        if user is None or not ok:
            raise Problem(401, "unknown user name or wrong password")
        request.session.clear()
        request.session["user_id"] = user.id
        return RedirectResponse("/account", status_code=303)

    async def logout(request: Request, db: Session) -> Response:
        await form_checked(request)
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    def require_login(request: Request, db: Session) -> User:
        user = current_user(request, db)
        if user is None:
            raise Problem(401, "log in first (/login)")
        return user

    def account(request: Request, db: Session) -> Response:
        user = require_login(request, db)
        new_key = request.session.pop("new_key", None)
        mine = db.scalars(
            select(Evaluation).where(Evaluation.user_id == user.id).order_by(Evaluation.id.desc())
        ).all()
        return page(request, "account.html", db, keys=user.keys, new_key=new_key, evaluations=mine)

    async def create_key(request: Request, db: Session) -> Response:
        await form_checked(request)
        user = require_login(request, db)
        secret = security.new_api_key(db, user)
        db.commit()
        request.session["new_key"] = secret  # shown once, on the next page
        return RedirectResponse("/account", status_code=303)

    async def revoke_key(request: Request, db: Session) -> Response:
        await form_checked(request)
        user = require_login(request, db)
        key = db.get(ApiKey, request.path_params["key_id"])
        if key is None or key.user_id != user.id:
            raise Problem(404, "no such key of yours")
        key.revoked = key.revoked or datetime.now(timezone.utc)
        db.commit()
        return RedirectResponse("/account", status_code=303)

    def evaluation_page(request: Request, db: Session) -> Response:
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        reproductions = db.scalars(
            select(Evaluation).where(Evaluation.reproduces_id == evaluation.id)
        ).all()
        curve = learning_curve_svg(
            [e.ret for e in evaluation.episodes],
            evaluation.reward_threshold,
            f"{evaluation.env_id}: evaluation {evaluation.id}",
        )
        review = db.scalar(select(Review).where(Review.evaluation_id == evaluation.id))
        return page(
            request,
            "evaluation.html",
            db,
            evaluation=evaluation,
            reproductions=reproductions,
            curve=curve,
            review=review,
            can_review=any(
                r.reproduction_matches and r.user_id != evaluation.user_id for r in reproductions
            ),
            scoring=scoring,
        )

    def curve_svg(request: Request, db: Session) -> Response:
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        svg = learning_curve_svg(
            [e.ret for e in evaluation.episodes], evaluation.reward_threshold, evaluation.env_id
        )
        return Response(svg, media_type="image/svg+xml")

    def video(request: Request, db: Session) -> Response:
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        name = request.path_params["name"]
        if name not in {v.name for v in evaluation.videos}:
            raise Problem(404, f"evaluation {evaluation.id} has no video {name!r}")
        path = data / "evaluations" / evaluation.storage / "videos" / name
        return FileResponse(path, media_type="video/mp4")

    def _writeup(db: Session, evaluation: Evaluation, user: User, url: str) -> None:
        if evaluation.user_id != user.id:
            raise Problem(403, "only the evaluation's uploader attaches its writeup")
        evaluation.writeup = _valid_url(url)
        db.commit()

    async def writeup_form(request: Request, db: Session) -> Response:
        form = await form_checked(request)
        user = require_login(request, db)
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        _writeup(db, evaluation, user, str(form.get("url", "")))
        return RedirectResponse(f"/evaluations/{evaluation.id}", status_code=303)

    def _review(db: Session, evaluation: Evaluation, user: User) -> None:
        if not user.moderator:
            raise Problem(403, "only a moderator marks an evaluation reviewed")
        if evaluation.reviewed is not None:
            raise Problem(409, f"evaluation {evaluation.id} is already reviewed")
        reproduction = db.scalar(
            select(Evaluation).where(
                Evaluation.reproduces_id == evaluation.id,
                Evaluation.reproduction_matches.is_(True),
                Evaluation.user_id != evaluation.user_id,
            )
        )
        if reproduction is None:
            raise Problem(
                409,
                f"evaluation {evaluation.id} has no successful reproduction by another user "
                "yet: every reviewed solution must be reproduced first",
            )
        evaluation.reviewed = datetime.now(timezone.utc)
        evaluation.reviewed_by_id = user.id
        db.add(
            Review(
                evaluation_id=evaluation.id, moderator_id=user.id, reproduction_id=reproduction.id
            )
        )
        db.commit()

    async def review_form(request: Request, db: Session) -> Response:
        await form_checked(request)
        user = require_login(request, db)
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        _review(db, evaluation, user)
        return RedirectResponse(f"/evaluations/{evaluation.id}", status_code=303)

    def envs_page(request: Request, db: Session) -> Response:
        return page(request, "envs.html", db, families=catalogue.families())

    def ranked(db: Session, env_id: str) -> list[Evaluation]:
        rows = db.scalars(
            select(Evaluation).where(
                Evaluation.env_id == env_id, Evaluation.reproduces_id.is_(None)
            )
        ).all()
        return sorted(rows, key=lambda e: (e.reviewed is None, *scoring.sort_key(e)))

    def env_page(request: Request, db: Session) -> Response:
        import gymkit
        from gymkit import error

        env_id = request.path_params["env_id"]
        try:
            spec = gymkit.spec(env_id)
        except error.Error as exc:
            raise Problem(404, f"unknown env id {env_id!r}: {exc}") from None
        if spec.id != env_id:
            return RedirectResponse(f"/envs/{spec.id}", status_code=307)
        return page(
            request,
            "env.html",
            db,
            info=catalogue.describe(env_id),
            evaluations=ranked(db, env_id),
            scoring=scoring,
        )

    def env_preview(request: Request, db: Session) -> Response:
        import gymkit
        from gymkit import error

        env_id = request.path_params["env_id"]
        try:
            gymkit.spec(env_id)
        except error.Error as exc:
            raise Problem(404, f"unknown env id {env_id!r}: {exc}") from None
        path = catalogue.preview(data, env_id)
        if path is None:
            raise Problem(404, f"{env_id} does not render rgb_array frames on this server")
        return FileResponse(path, media_type="image/gif")

    # ------------------------------------------------------------------ JSON API
    async def api_upload(request: Request, db: Session) -> Response:
        user = api_user(request, db)
        if security.rate_limited(
            db, "upload", str(user.id), settings.upload_limit, settings.upload_window
        ):
            raise Problem(429, "too many uploads from your account; try again later")
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > settings.max_upload):
            raise Problem(
                413,
                f"the upload is {declared} bytes; this server takes at most {settings.max_upload}",
            )
        reproduces = request.query_params.get("reproduces")
        writeup = request.query_params.get("writeup")
        if writeup:
            writeup = _valid_url(writeup)
        original: Evaluation | None = None
        if reproduces is not None:
            if not reproduces.isdigit():
                raise Problem(
                    400, f"reproduces must be an evaluation id (a number), got {reproduces!r}"
                )
            original = load_evaluation(db, int(reproduces))
            if original.user_id == user.id:
                raise Problem(
                    422,
                    "a reproduction must be uploaded by someone other than the original's uploader",
                )
        fd, body_name = tempfile.mkstemp(dir=data / "tmp", suffix=".upload")
        body = Path(body_name)
        try:
            size = 0
            with os.fdopen(fd, "wb") as out:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > settings.max_upload:
                        raise Problem(
                            413,
                            f"the upload exceeds this server's limit of {settings.max_upload} "
                            "bytes",
                        )
                    out.write(chunk)
            if size == 0:
                raise Problem(400, "the upload is empty: send a gzip tar of a Monitor directory")
            evaluation = await run_in_threadpool(
                ingest_upload, body, user.id, writeup, original.id if original else None
            )
        finally:
            body.unlink(missing_ok=True)
        with sessions() as fresh:
            stored = fresh.get(Evaluation, evaluation)
            assert stored is not None
            return JSONResponse(evaluation_json(stored, base_url(request)), status_code=201)

    def ingest_upload(body: Path, user_id: int, writeup: str | None, reproduces: int | None) -> int:
        staging = Path(tempfile.mkdtemp(dir=data / "tmp", prefix="staging-"))
        final: Path | None = None
        try:
            try:
                unpack(body, staging, max_unpacked=settings.max_unpacked)
                upload = verify(staging, goldens)
            except UploadRejected as exc:
                raise Problem(exc.status, exc.message) from None
            score = scoring.score(upload.returns, upload.lengths, upload.threshold)
            with sessions() as db:
                original = db.get(Evaluation, reproduces) if reproduces is not None else None
                if original is not None and original.env_id != upload.env_id:
                    raise Problem(
                        422,
                        f"evaluation {original.id} is of {original.env_id}, this upload of "
                        f"{upload.env_id}: a reproduction runs the same env",
                    )
                storage = uuid.uuid4().hex
                evaluation = Evaluation(
                    user_id=user_id,
                    env_id=upload.env_id,
                    storage=storage,
                    gymkit_version=str(upload.versions.get("gymkit-core") or "") or None,
                    versions=upload.versions,
                    seeds=upload.seeds,
                    reward_threshold=upload.threshold,
                    episode_count=len(upload.episodes),
                    step_count=int(upload.lengths.sum()),
                    score_kind=score.kind,
                    solved=score.solved,
                    episodes_to_solve=score.episodes_to_solve,
                    steps_to_solve=score.steps_to_solve,
                    best_mean=score.best_mean,
                    writeup=writeup,
                    reproduces_id=original.id if original else None,
                    reproduction_matches=(
                        scoring.same_score(_score_of(original), score) if original else None
                    ),
                )
                db.add(evaluation)
                db.flush()
                db.add_all(
                    Episode(
                        evaluation_id=evaluation.id,
                        position=i,
                        ret=e["return"],
                        length=e["length"],
                        terminated=e["terminated"],
                        truncated=e["truncated"],
                        seed=e["seed"],
                        label=e["label"],
                        wall_time=e["wall_time"],
                    )
                    for i, e in enumerate(upload.episodes)
                )
                db.add_all(
                    Video(evaluation_id=evaluation.id, position=i, name=name, size=size)
                    for i, (name, size) in enumerate(upload.videos)
                )
                db.flush()
                final = data / "evaluations" / storage
                os.rename(staging, final)  # one atomic rename, before the commit
                db.commit()
                return evaluation.id
        except BaseException:
            if final is not None and final.exists():
                shutil.rmtree(final, ignore_errors=True)  # the transaction did not commit
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def api_evaluation(request: Request, db: Session) -> Response:
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        return JSONResponse(evaluation_json(evaluation, base_url(request)))

    async def api_writeup(request: Request, db: Session) -> Response:
        user = api_user(request, db)
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        try:
            payload = await request.json()
        except ValueError:
            raise Problem(400, 'send a JSON body {"url": "https://..."}') from None
        if not isinstance(payload, dict) or not isinstance(payload.get("url"), str):
            raise Problem(400, 'send a JSON body {"url": "https://..."}')
        _writeup(db, evaluation, user, payload["url"])
        return JSONResponse(evaluation_json(evaluation, base_url(request)))

    def api_review(request: Request, db: Session) -> Response:
        user = api_user(request, db)
        evaluation = load_evaluation(db, request.path_params["evaluation_id"])
        _review(db, evaluation, user)
        return JSONResponse(evaluation_json(evaluation, base_url(request)))

    def api_env_evaluations(request: Request, db: Session) -> Response:
        env_id = request.path_params["env_id"]
        base = base_url(request)
        return JSONResponse(
            {
                "env_id": env_id,
                "evaluations": [evaluation_json(e, base) for e in ranked(db, env_id)],
            }
        )

    def api_whoami(request: Request, db: Session) -> Response:
        user = api_user(request, db)
        return JSONResponse({"name": user.name, "moderator": user.moderator})

    def api_revoke(request: Request, db: Session) -> Response:
        api_user(request, db)
        secret = request.headers["authorization"][7:].strip()
        key = db.scalar(select(ApiKey).where(ApiKey.digest == security.key_digest(secret)))
        assert key is not None
        key.revoked = datetime.now(timezone.utc)
        db.commit()
        return JSONResponse({"revoked": key.prefix + "..."})

    # ------------------------------------------------------------------ errors
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    async def problem_handler(request: Request, exc: Exception) -> Response:
        if isinstance(exc, Problem):
            status, message = exc.status, exc.message
        elif isinstance(exc, HTTPException):
            status, message = exc.status_code, str(exc.detail)
        else:
            log.exception("unhandled error on %s %s", request.method, request.url.path)
            status, message = 500, "internal error: the server logged it; nothing was stored"
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        with sessions() as db:
            try:
                return page(request, "error.html", db, status=status, message=message)
            except Exception:  # never a trace to the client, even if the page fails
                return PlainTextResponse(message, status_code=status)

    def route(path: str, handler: Callable[..., Any], methods: list[str] | None = None) -> Route:
        return Route(path, with_db(handler), methods=methods or ["GET"])

    routes = [
        route("/", index),
        route("/signup", signup, ["GET", "POST"]),
        route("/login", login, ["GET", "POST"]),
        route("/logout", logout, ["POST"]),
        route("/account", account),
        route("/account/keys", create_key, ["POST"]),
        route("/account/keys/{key_id:int}/revoke", revoke_key, ["POST"]),
        route("/evaluations/{evaluation_id:int}", evaluation_page),
        route("/evaluations/{evaluation_id:int}/curve.svg", curve_svg),
        route("/evaluations/{evaluation_id:int}/videos/{name}", video),
        route("/evaluations/{evaluation_id:int}/writeup", writeup_form, ["POST"]),
        route("/evaluations/{evaluation_id:int}/review", review_form, ["POST"]),
        route("/envs", envs_page),
        route("/envs/{env_id:path}/preview.gif", env_preview),
        route("/envs/{env_id:path}", env_page),
        route("/api/v1/evaluations", api_upload, ["POST"]),
        route("/api/v1/evaluations/{evaluation_id:int}", api_evaluation),
        route("/api/v1/evaluations/{evaluation_id:int}/writeup", api_writeup, ["POST"]),
        route("/api/v1/evaluations/{evaluation_id:int}/review", api_review, ["POST"]),
        route("/api/v1/envs/{env_id:path}/evaluations", api_env_evaluations),
        route("/api/v1/whoami", api_whoami),
        route("/api/v1/keys/revoke", api_revoke, ["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key(),
                session_cookie="gymkit_session",
                same_site="lax",
                max_age=14 * 24 * 3600,
            )
        ],
        exception_handlers={
            Exception: problem_handler,
            Problem: problem_handler,
            HTTPException: problem_handler,
        },
    )
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.engine = engine
    return app


def _remove_stale(data: Path, sessions: Any) -> None:
    """Remove what a killed server left: old temporary files and evaluation folders that no
    committed evaluation references (only ones older than an hour: another process may be
    committing a fresh one right now)."""
    now = time.time()
    for path in (data / "tmp").iterdir():
        if now - path.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(
                missing_ok=True
            )
    with sessions() as db:
        known = set(db.scalars(select(Evaluation.storage)).all())
    for folder in (data / "evaluations").iterdir():
        if folder.name not in known and now - folder.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def app_from_environment() -> Starlette:
    """The factory ``gymkit-scoreboard serve`` gives uvicorn (one call per worker)."""
    return create_app(Settings.from_environment(), migrate=False)
