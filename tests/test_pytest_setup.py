"""The suite itself: bare `pytest` finds the same tests as `python -m pytest`; the one way to a session."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask import current_app
from flask import g
from flask import has_app_context
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hotline.infra.db import READ_ONLY
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.models import CallbackTask
from hotline.models import Procedure
from hotline.models import Role
from hotline.services.accounts import needs_rehash
from hotline.services.accounts import verify_password
from hotline.services.catalogue import sync_catalogue
from tests.conftest import empty_database
from tests.conftest import worker_redis_url
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user
from tests.tools import open_session
from tests.tools import require_postgres

ROOT = Path(__file__).resolve().parents[1]


def _collected(*command: str) -> list[str]:
    """The test ids `command --collect-only` lists from the project root, with no PYTHONPATH to help it."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run([*command, "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_bare_pytest_collects_what_python_m_pytest_collects() -> None:
    # `python -m` puts the working directory on sys.path; the `pytest` script does not, so only the
    # project's own settings let it import `tests.factories` and the rest.
    script = Path(sys.executable).with_name("pytest")
    if not script.exists():
        pytest.skip(f"no pytest script beside {sys.executable}")
    by_module = _collected(sys.executable, "-m", "pytest")
    assert by_module
    assert _collected(str(script)) == by_module


def _sqlite_file_is_free_to_write(url: str) -> bool:
    """Whether another connection can take the database file's write lock right now."""
    other = sqlite3.connect(str(make_url(url).database), timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_open_session_reads_without_sqlites_write_lock_and_still_writes(app: Flask, database_url: str) -> None:
    with open_session(app) as session:
        assert session.scalars(select(Procedure)).first() is not None
        assert session.connection().connection.driver_connection.in_transaction  # the read is in a transaction
        assert _sqlite_file_is_free_to_write(database_url)
        session.add(CallbackTask(phone="+84912345678", reason="voicemail"))
        session.flush()
        assert not _sqlite_file_is_free_to_write(database_url)  # the write took the lock
        session.commit()
    with open_session(app) as session:
        assert session.scalars(select(CallbackTask.phone)).one() == "+84912345678"


def test_open_session_pushes_an_app_context_for_its_block_alone(app: Flask) -> None:
    assert not has_app_context()
    with open_session(app):
        assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        g.left_by_the_first_block = True
    assert not has_app_context()
    with open_session(app):
        assert "left_by_the_first_block" not in g


def test_the_session_fixture_is_an_open_session(app: Flask, session: Session) -> None:
    assert current_app._get_current_object() is app  # type: ignore[attr-defined]
    assert session.get_bind().get_execution_options()[READ_ONLY] is True


def _rows_by_table(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_each_test_gets_the_whole_schema_empty_with_ids_from_one_whatever_the_test_before_left(
        request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> None:
    # The schema is built once per session and each test gets a copy (SQLite) or the emptied database
    # (PostgreSQL); what one test leaves must never reach the next, ids included.
    if backend == "postgresql":
        require_postgres()
    before = empty_database(request, backend, tmp_path / "before.db")
    engine = create_engine(before)
    with Session(engine) as session:
        sync_catalogue(session, str(PROJECT_ROOT / "config"))
        make_dossier(session, make_owner(session))
        session.add(CallbackTask(phone="+84912345678", reason="voicemail"))
        session.commit()
    engine.dispose()
    left = _rows_by_table(before)
    assert left["procedure"] and left["owner"] and left["dossier"] and left["callback_task"]

    after = empty_database(request, backend, tmp_path / "after.db")
    assert _rows_by_table(after) == dict.fromkeys(left, 0)
    engine = create_engine(after)
    try:
        assert {name: sorted(c["name"] for c in inspect(engine).get_columns(name)) for name in left} == {
            table.name: sorted(table.columns.keys()) for table in Base.metadata.sorted_tables}
        with Session(engine) as session:
            owner = make_owner(session)
            assert owner.id == 1 and owner.vessels[0].id == 1
            session.rollback()
    finally:
        engine.dispose()
    if backend == "sqlite":  # a copy of its own: the first test's rows are still in the first file alone
        assert _rows_by_table(before) == left


def test_each_xdist_worker_flushes_a_redis_database_of_its_own() -> None:
    assert worker_redis_url("redis://127.0.0.1:6379/15", 0) == "redis://127.0.0.1:6379/15"
    assert worker_redis_url("redis://127.0.0.1:6379/15", 1) == "redis://127.0.0.1:6379/14"
    assert worker_redis_url("redis://:secret@127.0.0.1:6379/15?protocol=3", 2) == (
        "redis://:secret@127.0.0.1:6379/13?protocol=3")
    assert worker_redis_url("unix:///run/redis.sock?db=9", 1) == "unix:///run/redis.sock?db=8"
    with pytest.raises(pytest.fail.Exception, match="no Redis database of its own for xdist worker gw1"):
        worker_redis_url("redis://127.0.0.1:6379", 1)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_test_accounts_share_one_hash_of_their_password_made_with_the_production_parameters(app: Flask) -> None:
    # Hashing is slow on purpose, and most console tests make an account for every role: the factory hashes
    # each password once per test process. The hash is still the one production makes, and signs in.
    with open_session(app) as session:
        first, second = make_user(session, Role.OPERATOR), make_user(session, Role.COURIER)
        other = make_user(session, password="another long password")
        assert first.password_hash == second.password_hash != other.password_hash
        assert verify_password(first.password_hash, "correct horse battery") and not needs_rehash(first.password_hash)
        assert verify_password(other.password_hash, "another long password")
