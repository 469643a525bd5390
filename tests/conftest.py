"""Fixtures: the app on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), a real Redis."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from redis import Redis
from redis.connection import parse_url
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hotline.app import create_app
from hotline.cli import cli as hotline_cli
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.services.catalogue import sync_catalogue
from tests.tools import open_session
from tests.tools import require_postgres
from tests.tools import require_tool
from tests.twilio_api import TwilioStandIn
from tests.twilio_api import serving_twilio

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
TWILIO_TOKEN = "test-auth-token-0123456789abcdef"
TWILIO_SID = "AC" + "0" * 32
PUBLIC_BASE_URL = "http://hotline.test"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("CI=true but TEST_DATABASE_URL is not set: the suite must also run on PostgreSQL")


def xdist_worker_index(config: pytest.Config) -> int:
    """Which of pytest-xdist's workers this process is (gw0 is 0); 0 when the suite runs in one process."""
    workerinput = getattr(config, "workerinput", None)
    return int(workerinput["workerid"].removeprefix("gw")) if workerinput else 0


def worker_redis_url(given: str, worker: int) -> str:
    """The Redis database one xdist worker may flush: the given one for gw0, the one below it for gw1, and so on,
    so that parallel workers never empty each other's queues (CI's redis://…/15 gives 15, 14, …)."""
    if worker == 0:
        return given
    database = int(parse_url(given).get("db", 0)) - worker
    if database < 0:
        pytest.fail(f"TEST_REDIS_URL {given} leaves no Redis database of its own for xdist worker gw{worker}: "
                    "name a higher database number, or leave TEST_REDIS_URL unset", pytrace=False)
    parts = urlsplit(given)
    if parts.scheme == "unix":
        query = [(name, value) for name, value in parse_qsl(parts.query) if name != "db"] + [("db", str(database))]
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{database}"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, hand out the long tests first (end-to-end and chaos, then the browser walks), so that
    they run side by side from the start and the short ones fill the gaps, instead of one long test starting
    last on one worker while the others idle. Run in one process, the suite keeps the order it is written in."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("browser")
                   else 2)


@pytest.fixture(scope="session")
def redis_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """TEST_REDIS_URL when given (a database of its own per xdist worker), else a private redis-server for this
    test session (each xdist worker has its own)."""
    given = os.environ.get("TEST_REDIS_URL")
    if given:
        yield worker_redis_url(given, xdist_worker_index(request.config))
        return
    with EmbeddedRedis(tmp_path_factory.mktemp("redis"), persist=False) as server:
        yield server.url


@pytest.fixture
def redis_conn(redis_url: str) -> Iterator[Redis]:
    conn = Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A database of this test session's own on the server TEST_DATABASE_URL names (one per xdist worker).

    Its commits do not wait for the disk (`synchronous_commit = off`): a test's data need not outlive a crash
    of the server, and waiting on fsync for every commit was most of the PostgreSQL half's time.
    """
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield None
        return
    name = f"hotline_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file holding the empty schema, built once per test session: a test's database is a copy.

    Copying a file takes a millisecond; `create_all` on every test's own file took a third of a second, most of
    it SQLite syncing each CREATE to disk.
    """
    path = tmp_path_factory.mktemp("schema") / "schema.db"
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    return path


def _emptying_statements(engine: Engine) -> str:
    """SQL that empties every table of the models and restarts their identity columns' sequences, as
    `TRUNCATE … RESTART IDENTITY` would. A DELETE of the few rows a test leaves is many times faster than a
    TRUNCATE, which makes new files for every table and syncs them to disk."""
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.connect() as conn:
        sequences = conn.execute(text(
            "SELECT DISTINCT pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) "
            "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
            "AND c.table_name = ANY(:tables)"), {"tables": tables}).scalars()
        restarts = [f"ALTER SEQUENCE {sequence} RESTART" for sequence in sorted(filter(None, sequences))]
    return "; ".join([f'DELETE FROM "{table}"' for table in tables] + restarts)


@pytest.fixture(scope="session")
def postgres_emptying(postgres_url: str | None) -> str:
    """The statements that give a test an empty schema on this session's PostgreSQL database."""
    assert postgres_url is not None
    engine = create_engine(postgres_url)
    try:
        return _emptying_statements(engine)
    finally:
        engine.dispose()


def empty_database(request: pytest.FixtureRequest, backend: str, path: Path) -> str:
    """The URL of the whole schema with no rows and every id starting at 1: on SQLite a copy of the session's
    schema file at `path`, on PostgreSQL the session's database emptied."""
    if backend == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), path)
        return f"sqlite:///{path}"
    pg_url: str = request.getfixturevalue("postgres_url")
    statements: str = request.getfixturevalue("postgres_emptying")
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text(statements))
    engine.dispose()
    return pg_url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty schema for each test on each backend."""
    if request.param != "sqlite":
        require_postgres()  # a test that asks for PostgreSQL alone skips without it (fails under CI)
    return empty_database(request, request.param, tmp_path / "test.db")


@pytest.fixture
def app(database_url: str, redis_url: str, redis_conn: Redis, tmp_path: Path) -> Iterator[Flask]:
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret",
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_FROM": "+84900000000",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "VOSK_MODEL_PATH": None,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "CONFIG_DIR": str(PROJECT_ROOT / "config"),
    })
    with open_session(app) as session:
        sync_catalogue(session, app.config["CONFIG_DIR"])
        session.commit()
    yield app
    get_database_engine(app).dispose()


def get_database_engine(app: Flask):  # type: ignore[no-untyped-def]
    return app.extensions["db"].engine


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class HotlineCliRunner(FlaskCliRunner):
    """Invokes the `hotline` command itself (not app.cli), with the test app as its app."""

    def invoke(self, cli: Any = None, args: Any = None, **kwargs: Any) -> Any:
        return super().invoke(cli or hotline_cli, args, **kwargs)


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return HotlineCliRunner(app)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """An `open_session` kept open for the whole test, so the services the test drives find their app.

    A request the test sends runs in this session's app context. That suits webhooks, which sign no one
    in; a test that signs in through the client looks at the database in `open_session` blocks instead.
    Roll back before looking again at what a request changed: until then the session answers from what it
    read before (on SQLite, from the snapshot its transaction began with).
    """
    with open_session(app) as db_session:
        yield db_session


@pytest.fixture
def twilio_api(app: Flask) -> Iterator[TwilioStandIn]:
    """A stand-in for Twilio's Messages API on 127.0.0.1, with the app's Twilio client pointed at it."""
    with serving_twilio(TWILIO_SID, TWILIO_TOKEN) as twilio:
        app.config["TWILIO_API_URL"] = twilio.base_url
        yield twilio


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, started once per test session and shared by every browser test wherever it lives.

    One process can hold only one Playwright: a second `sync_playwright()` while this one runs fails (it finds
    the first one's event loop), so no test starts its own.
    """
    chromium = require_tool("chromium")
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
