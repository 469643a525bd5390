"""Rules for where the hotline keeps things: the database and its schema, Redis and its workers, the disk."""

from __future__ import annotations

import shutil

from alembic.script import ScriptDirectory
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from redis.exceptions import ResponseError
from rq import Queue
from rq import Worker
from sqlalchemy import Connection
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hotline import migrations
from hotline.infra.db import READ_ONLY
from hotline.infra.queue import QUEUE_NAMES
from hotline.infra.settings import recordings_dir
from hotline.services.doctor.finding import Finding


def first_line(error: BaseException) -> str:
    """An error as one line, without its full stop: drivers add the statement and a help link after it."""
    said = str(error).strip()
    return said.splitlines()[0].rstrip(".") if said else type(error).__name__


def applied_revisions(conn: Connection) -> list[str]:
    """The schema's revisions as alembic recorded them; read plainly, so a check writes no migration log lines."""
    if not inspect(conn).has_table("alembic_version"):
        return []
    return sorted(conn.scalars(text("SELECT version_num FROM alembic_version")))


def check_database(app: Flask) -> Finding:
    found = Finding("database")
    engine = app.extensions["db"].engine
    try:
        with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
            current = applied_revisions(conn)
            trigram = pg_trgm_problem(conn) if engine.dialect.name == "postgresql" else None
    except SQLAlchemyError as exc:
        found.problem("database.unreachable", error=first_line(exc.__cause__ or exc))
        return found
    heads = sorted(ScriptDirectory(str(migrations.MIGRATIONS_DIR)).get_heads())
    if trigram is not None:
        found.problem(trigram, role=engine.url.username or "?", database=engine.url.database or "?")
    if not current:
        found.problem("database.unmigrated", head=", ".join(heads))
    elif current != heads:
        found.problem("database.not_at_head", current=", ".join(current), head=", ".join(heads))
    else:
        found.note("database.ok", backend=engine.dialect.name, revision=", ".join(heads))
    return found


def pg_trgm_problem(conn: Connection) -> str | None:
    """Why migration 0011 cannot make pg_trgm (the name search's index) here, or None when it can or has.

    The extension needs its files on the server (Debian's postgresql-NN package carries them) and a role
    allowed to create it: a superuser, or on PostgreSQL 13 and later, as it is trusted, one with CREATE on
    the database.
    """
    if conn.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")):
        return None
    if not conn.scalar(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        return "database.pg_trgm_missing"
    may_create = conn.scalar(text(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR ("
        " (SELECT bool_or(trusted) FROM pg_available_extension_versions WHERE name = 'pg_trgm')"
        " AND has_database_privilege(current_database(), 'CREATE'))"))
    return None if may_create else "database.pg_trgm_not_allowed"


def saves_to_disk(conn: Redis) -> str | None:
    """How Redis persists ("AOF", "RDB ..."), None when it does not; ResponseError when CONFIG is refused."""
    if conn.info("persistence").get("aof_enabled"):
        return "AOF"
    schedule = conn.config_get("save").get("save", "")
    return f"RDB (save {schedule})" if schedule else None


def check_queue(app: Flask) -> Finding:
    found = Finding("queue")
    conn: Redis | None = app.extensions.get("redis")
    if conn is None:
        found.problem("queue.unset")
        return found
    try:
        policy = conn.info("memory").get("maxmemory_policy")
        try:
            persistence = saves_to_disk(conn)
        except ResponseError:
            persistence = "?"
            found.problem("queue.persistence_unknown")
        workers = Worker.all(connection=conn)
        queued = {name: Queue(name, connection=conn).count for name in QUEUE_NAMES}
    except RedisError as exc:
        found.problem("queue.unreachable", error=first_line(exc))
        return found
    if policy != "noeviction":
        found.problem("queue.eviction", policy=policy)
    if persistence is None:
        found.problem("queue.no_persistence")
    served = {name for worker in workers for name in worker.queue_names()}
    if not workers:
        found.problem("queue.no_worker")
    elif not served.issuperset(QUEUE_NAMES):
        found.problem("queue.unserved", queues=", ".join(n for n in QUEUE_NAMES if n not in served))
    found.note("queue.ok", policy=policy, persistence=persistence)
    found.note("queue.workers", count=len(workers), names=", ".join(sorted(w.name for w in workers)) or "-")
    found.note("queue.queued", queued=", ".join(f"{name} {n}" for name, n in queued.items()))
    return found


def check_disk(app: Flask) -> Finding:
    found = Finding("disk")
    raw = app.config.get("RECORDINGS_MIN_FREE_MB")
    try:
        minimum = int(str(raw))
    except (TypeError, ValueError):
        minimum = 0
    if minimum <= 0:
        found.problem("disk.bad_threshold", value=raw)
        return found
    path = recordings_dir(app.config).absolute()
    # The app makes the directory on its first recording; until then its disk is the nearest parent's.
    existing = next(p for p in (path, *path.parents) if p.exists())
    free = shutil.disk_usage(existing).free // 2**20
    if free < minimum:
        found.problem("disk.low", free=free, path=path, minimum=minimum)
    else:
        found.note("disk.ok", path=path, free=free, minimum=minimum)
    return found
