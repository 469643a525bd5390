"""Engine and request-scoped sessions, shared by the web app, the CLI and the worker."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import abort
from flask import current_app
from flask import g
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

T = TypeVar("T")


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; busy_timeout makes writers wait instead of failing.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=10000")
    _use_wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _use_wal(cur: Any, attempts: int = 50) -> None:
    """Switch the database file to WAL once; the mode is kept in the file, so later connections only read it.

    The switch needs the database to itself, and SQLite answers "locked" at once (no busy wait) when
    several processes open a new database together, so it is retried briefly.
    """
    for attempt in range(attempts):
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


# Execution option for a transaction that only reads: on SQLite it then takes no write lock.
READ_ONLY = "hotline_read_only"


def _sqlite_begin_immediate(conn: Any) -> None:
    # A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when
    # another process wrote in between; taking the write lock up front makes writers queue instead.
    # A transaction marked READ_ONLY never writes, so it must not make writers queue behind it.
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _names_not_values(context: ExceptionContext) -> None:
    """Keep the row's values out of a PostgreSQL error's text, which logs and tracebacks repeat.

    The server quotes them: "DETAIL: Key (phone)=(+84…)", "Failing row contains (…)", and for bad
    data ('invalid input syntax for type integer: "…"') in the first line too. What is left names
    the condition (SQLSTATE, class) and, outside data errors, the constraint or column.
    """
    error = context.original_exception
    sqlstate = getattr(getattr(error, "diag", None), "sqlstate", None)
    if not sqlstate:
        return  # not the server's report (a lost connection, say): it quotes no row
    first_line = str(error).split("\n", 1)[0]
    text = f"SQLSTATE {sqlstate}" if sqlstate.startswith("22") else f"{first_line} (SQLSTATE {sqlstate})"
    error.args = (text,)
    if context.sqlalchemy_exception is not None:
        kind = type(error)
        context.sqlalchemy_exception.args = (f"({kind.__module__}.{kind.__name__}) {text}",)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and write-locking transactions.

    Bound parameters are phone numbers, names and addresses: an error's message never shows them.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    event.listen(engine, "handle_error", _names_not_values)
    return engine


def make_database(url: str) -> Database:
    engine = make_engine(url)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def init_app(app: Flask) -> None:
    app.extensions["db"] = make_database(app.config["DATABASE_URL"])
    # Close at the end of each request too: an app context can outlive its request (tests, shells).
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)


def get_database() -> Database:
    db: Database = current_app.extensions["db"]
    return db


def get_session() -> Session:
    """Return this request's (or CLI command's) session, opening it on first use.

    When the request took a Core connection first (`request_connection`), the session runs on that
    connection; it must then be opened between transactions, so that its commit is a real one.
    """
    if "db_session" not in g:
        conn: Connection | None = g.get("db_connection")
        if conn is not None and conn.in_transaction():
            raise RuntimeError("the request's connection is inside a transaction: commit it before the session")
        g.db_session = get_database().sessions(bind=conn) if conn is not None else get_database().sessions()
    session: Session = g.db_session
    return session


def get_or_404(model: type[T], ident: int) -> T:
    """The row of `model` with primary key `ident`, in this request's session, or a 404 page."""
    row = get_session().get(model, ident)
    if row is None:
        abort(404)
    return row


def request_connection() -> Connection:
    """This request's Core connection, for hot paths that need neither ORM objects nor the unit of work."""
    if "db_connection" not in g:
        g.db_connection = get_database().engine.connect()
    conn: Connection = g.db_connection
    return conn


def rollback_request() -> None:
    """Roll back whatever this request began, on its session and on its Core connection."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.rollback()
    conn: Connection | None = g.get("db_connection")
    if conn is not None and conn.in_transaction():
        conn.rollback()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    conn = g.pop("db_connection", None)
    if conn is not None:
        conn.close()


@contextmanager
def session_scope(db: Database) -> Iterator[Session]:
    """A session for a job or script: committed on success, rolled back on error."""
    with db.sessions() as session, session.begin():
        yield session
