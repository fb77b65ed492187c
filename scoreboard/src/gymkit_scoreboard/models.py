"""The database tables (SQLAlchemy 2 declarative models); the schema is created and upgraded by
the Alembic migrations in ``gymkit_scoreboard/migrations``, never by ``create_all``."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    #: argon2id hash; ``None`` for an account made by ``gymkit-scoreboard user add`` (key only)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    keys: Mapped[list[ApiKey]] = relationship(back_populates="user")


class ApiKey(Base):
    """An API key, stored as the SHA-256 of its secret (keys are long random tokens, so a fast
    hash suffices); ``prefix`` (the first characters) tells a user's keys apart."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship(back_populates="keys")


class Evaluation(Base):
    """One upload: a Monitor results directory of one env, scored."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    env_id: Mapped[str] = mapped_column(String(200), index=True)
    #: the folder under ``DATA/evaluations`` holding its files (videos, manifests)
    storage: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    gymkit_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    versions: Mapped[dict] = mapped_column(JSON, default=dict)
    seeds: Mapped[list] = mapped_column(JSON, default=list)
    reward_threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    episode_count: Mapped[int] = mapped_column(Integer)
    step_count: Mapped[int] = mapped_column(Integer)
    #: "episodes-to-threshold" (lower is better) or "best-mean" (higher is better)
    score_kind: Mapped[str] = mapped_column(String(32))
    solved: Mapped[bool] = mapped_column(Boolean, default=False)
    episodes_to_solve: Mapped[int | None] = mapped_column(Integer, nullable=True)
    steps_to_solve: Mapped[int | None] = mapped_column(Integer, nullable=True)
    best_mean: Mapped[float] = mapped_column(Float)
    writeup: Mapped[str | None] = mapped_column(Text, nullable=True)
    reproduces_id: Mapped[int | None] = mapped_column(
        ForeignKey("evaluations.id"), nullable=True, index=True
    )
    #: for a reproduction: whether it reached the original's score within the tolerance
    reproduction_matches: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    reviewed: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="evaluation", order_by="Episode.position"
    )
    videos: Mapped[list[Video]] = relationship(
        back_populates="evaluation", order_by="Video.position"
    )


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (UniqueConstraint("evaluation_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    #: place among the evaluation's episodes in wall-time order (the curve's x axis)
    position: Mapped[int] = mapped_column(Integer)
    ret: Mapped[float] = mapped_column("return", Float)
    length: Mapped[int] = mapped_column(Integer)
    terminated: Mapped[bool] = mapped_column(Boolean)
    truncated: Mapped[bool] = mapped_column(Boolean)
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(64), default="")
    wall_time: Mapped[float] = mapped_column(Float)

    evaluation: Mapped[Evaluation] = relationship(back_populates="episodes")


class Video(Base):
    __tablename__ = "videos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)

    evaluation: Mapped[Evaluation] = relationship(back_populates="videos")


class Review(Base):
    """A moderator's review of an evaluation (given only after a reproduction by someone
    else)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), unique=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reproduction_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateEvent(Base):
    """One rate-limited action (a log-in attempt, an upload) by ``key`` (a user or address):
    kept in the database so every server process sharing it enforces one limit."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_kind_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(128))
    at: Mapped[float] = mapped_column(Float)
