"""pg_trgm, which the name search's index needs: `hotline check` and migration 0011 say what to do without it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from hotline import migrations
from hotline.services.doctor.stores import pg_trgm_problem
from tests.tools import require_postgres


@pytest.fixture
def weak_role_database() -> Iterator[tuple[str, str]]:
    """A database without pg_trgm, and a role that may make tables in it but not extensions: (its URL, postgres')."""
    base = require_postgres()
    name, role = f"hotline_trgm_{uuid.uuid4().hex[:8]}", f"hotline_weak_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER'))
    owner_url = make_url(base).set(database=name)
    owner = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        conn.execute(text(f'GRANT ALL ON SCHEMA public TO "{role}"'))
    owner.dispose()
    yield (owner_url.set(username=role).render_as_string(hide_password=False),
           owner_url.render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def test_a_role_that_may_not_create_pg_trgm_is_told_what_to_ask_for(weak_role_database: tuple[str, str]) -> None:
    weak, superuser = weak_role_database
    engine = create_engine(weak)
    with engine.connect() as conn:
        assert pg_trgm_problem(conn) == "database.pg_trgm_not_allowed"
    engine.dispose()
    with pytest.raises(RuntimeError, match=r"have a superuser run `CREATE EXTENSION pg_trgm;` in this database"):
        migrations.upgrade(weak)

    engine = create_engine(superuser)
    with engine.connect() as conn:
        assert pg_trgm_problem(conn) is None  # a superuser may: the migration makes it
        conn.execute(text("CREATE EXTENSION pg_trgm"))
        conn.commit()
    engine.dispose()
    engine = create_engine(weak)
    with engine.connect() as conn:
        assert pg_trgm_problem(conn) is None  # made once by a superuser, it serves the weak role too
    engine.dispose()
    migrations.upgrade(weak)
