"""deploy/backup and deploy/restore, the commands docs/go-live.md gives, against scratch PostgreSQL databases."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hotline import migrations
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Owner
from hotline.models import Vessel
from tests.factories import make_owner
from tests.tools import require_postgres
from tests.tools import require_tool

DEPLOY = PROJECT_ROOT / "deploy"
RECORDING = bytes(range(256)) * 64


@pytest.fixture(scope="module")
def scratch_databases() -> Iterator[tuple[str, str]]:
    """Two new databases on TEST_DATABASE_URL's server: the centre's with its data, and an empty one to
    restore into (only the round trip writes there)."""
    base = require_postgres()
    for tool, package in (("pg_dump", "postgresql-client"), ("pg_restore", "postgresql-client"),
                          ("psql", "postgresql-client"), ("rsync", "rsync")):
        require_tool(tool, package)
    names = [f"hotline_backup_{uuid.uuid4().hex[:10]}", f"hotline_restore_{uuid.uuid4().hex[:10]}"]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        source, target = (make_url(base).set(database=n).render_as_string(hide_password=False) for n in names)
        the_centres_database(source)
        yield source, target
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(script: str, arg: Path, database_url: str, recordings: Path, **more: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "KEEP_SETS"))}
    env.update(DATABASE_URL=database_url, RECORDINGS_DIR=str(recordings), **more)
    return subprocess.run([str(DEPLOY / script), str(arg)], env=env, capture_output=True, text=True, timeout=120)


def the_centres_database(url: str) -> None:
    migrations.upgrade(url, "head")
    engine = create_engine(url)
    with Session(engine) as session:
        make_owner(session, name="Trần Thị Bích", phone="+84935123456", vessel_digits="97531")
        session.commit()
    engine.dispose()


def the_centres_recordings(recordings: Path) -> None:
    (recordings / "2026" / "12").mkdir(parents=True)
    (recordings / "2026" / "12" / "RE0123.wav").write_bytes(RECORDING)


def owners_and_vessels(url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(url)
    with Session(engine) as session:
        rows = session.execute(select(Owner.full_name, Owner.phone, Vessel.registration_number).join(Vessel)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def schema_version(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        version: str = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return version


@pytest.mark.slow
def test_a_backup_set_restores_the_database_and_the_recordings(scratch_databases: tuple[str, str],
                                                               tmp_path: Path) -> None:
    source, target = scratch_databases
    recordings, backups = tmp_path / "recordings", tmp_path / "backups"
    the_centres_recordings(recordings)

    made = run("backup", backups, source, recordings)
    assert made.returncode == 0, made.stderr
    [backup_set] = backups.iterdir()
    assert sorted(p.name for p in backup_set.iterdir()) == ["SHA256SUMS", "database.dump", "recordings"]

    lost = tmp_path / "recordings-on-the-new-host"
    restored = run("restore", backup_set, target, lost)
    assert restored.returncode == 0, restored.stderr
    assert owners_and_vessels(target) == [("Trần Thị Bích", "+84935123456", "QNg-97531-TS")]
    assert (lost / "2026" / "12" / "RE0123.wav").read_bytes() == RECORDING
    assert schema_version(target) == schema_version(source)


def test_a_restore_refuses_a_database_that_has_tables_and_a_damaged_set(scratch_databases: tuple[str, str],
                                                                       tmp_path: Path) -> None:
    source, target = scratch_databases
    recordings, backups = tmp_path / "recordings", tmp_path / "backups"
    the_centres_recordings(recordings)
    assert run("backup", backups, source, recordings).returncode == 0
    [backup_set] = backups.iterdir()

    onto_live = run("restore", backup_set, source, recordings)
    assert onto_live.returncode == 1
    assert "already has" in onto_live.stderr and "restore into a new, empty database" in onto_live.stderr

    with (backup_set / "database.dump").open("r+b") as dump:
        dump.seek(-100, os.SEEK_END)
        dump.write(b"\0" * 100)
    damaged = run("restore", backup_set, target, tmp_path / "elsewhere")
    assert damaged.returncode == 1
    assert "does not match its checksum" in damaged.stderr
    assert owners_and_vessels(source) == [("Trần Thị Bích", "+84935123456", "QNg-97531-TS")]
    assert not (tmp_path / "elsewhere").exists()


def test_a_later_set_holds_every_recording_and_shares_the_unchanged_ones(scratch_databases: tuple[str, str],
                                                                         tmp_path: Path) -> None:
    source, _target = scratch_databases
    recordings, backups = tmp_path / "recordings", tmp_path / "backups"
    the_centres_recordings(recordings)
    assert run("backup", backups, source, recordings).returncode == 0
    # Sets are named by the second they were made in: make the first one older rather than wait.
    [made] = backups.iterdir()
    first = made.rename(backups / "20261130T023000Z")
    (recordings / "2026" / "12" / "RE0124.wav").write_bytes(b"RIFF new")

    assert run("backup", backups, source, recordings, KEEP_SETS="2").returncode == 0
    assert run("backup", backups, source, recordings, KEEP_SETS="x").returncode == 1
    [_, second] = sorted(backups.iterdir())
    old, again = first / "recordings/2026/12/RE0123.wav", second / "recordings/2026/12/RE0123.wav"
    assert again.read_bytes() == RECORDING and again.stat().st_ino == old.stat().st_ino
    assert (second / "recordings/2026/12/RE0124.wav").read_bytes() == b"RIFF new"
    assert not (first / "recordings/2026/12/RE0124.wav").exists()

    second.rename(backups / "20261201T023000Z")
    kept = run("backup", backups, source, recordings, KEEP_SETS="2")
    assert kept.returncode == 0 and "removed the old set" in kept.stdout
    assert not first.exists() and len(list(backups.iterdir())) == 2
