"""Passwords (argon2id, memory-hard), API keys (random tokens stored as SHA-256 digests), CSRF
tokens and rate limits kept in the database (so every server process enforces the same one)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gymkit_scoreboard.models import ApiKey, RateEvent, User

KEY_PREFIX = "gks_"
_hasher = PasswordHasher()  # argon2id, the library's (RFC 9106 low-memory) defaults


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def key_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_api_key(db: Session, user: User) -> str:
    """Create a key for ``user``; return its secret (shown once, only its digest is stored)."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    db.add(ApiKey(user=user, prefix=secret[:12], digest=key_digest(secret)))
    return secret


def user_for_key(db: Session, secret: str) -> tuple[User | None, str]:
    """The user owning the live key ``secret``, or ``None`` and why not."""
    if not secret:
        return None, (
            "no API key: send 'Authorization: Bearer <key>' (gymkit upload reads GYMKIT_API_KEY)"
        )
    key = db.scalar(select(ApiKey).where(ApiKey.digest == key_digest(secret)))
    if key is None:
        return None, "the API key is not known to this server; create one on your account page"
    if key.revoked is not None:
        return (
            None,
            f"the API key {key.prefix}... was revoked; create a new one on your account page",
        )
    return key.user, ""


def csrf_token(session: dict) -> str:
    """The session's CSRF token (created on first use), put in every form."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return str(token)


def csrf_ok(session: dict, submitted: object) -> bool:
    expected = session.get("csrf")
    return (
        bool(expected) and isinstance(submitted, str) and hmac.compare_digest(expected, submitted)
    )


def rate_limited(db: Session, kind: str, key: str, limit: int, window: float) -> bool:
    """Record one ``kind`` event by ``key``; ``True`` when that makes more than ``limit`` in the
    last ``window`` seconds (the event is then not recorded). Commits."""
    now = time.time()
    db.execute(delete(RateEvent).where(RateEvent.kind == kind, RateEvent.at < now - window))
    count = db.scalar(
        select(func.count()).where(
            RateEvent.kind == kind, RateEvent.key == key, RateEvent.at >= now - window
        )
    )
    if (count or 0) >= limit:
        db.commit()
        return True
    db.add(RateEvent(kind=kind, key=key, at=now))
    db.commit()
    return False
