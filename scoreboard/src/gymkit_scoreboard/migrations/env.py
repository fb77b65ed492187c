"""Alembic environment: the connection comes from :func:`gymkit_scoreboard.db.upgrade`."""

from __future__ import annotations

from alembic import context

from gymkit_scoreboard.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
