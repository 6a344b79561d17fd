"""Alembic environment for the store. Configured in code by ``pledgewatch.store.upgrade``.

``upgrade`` passes an open connection in ``config.attributes["connection"]``; the URL path is kept for
running ``alembic`` by hand with ``-x`` free configuration (``sqlalchemy.url`` set in code).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from pledgewatch.store.engine import create_engine_for
from pledgewatch.store.tables import metadata

config = context.config


def _run(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Two processes starting on an empty database (API server and a pipeline run) must not both
        # create the tables: the second waits here, then finds the schema at head. Held to commit.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('pledgewatch.store.migrations'))"))
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine_for(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
