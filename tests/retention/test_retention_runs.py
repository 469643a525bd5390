"""Who applies the schedule: the worker's periodic tick (once per interval across all workers) and
`hotline privacy purge [--dry-run]`."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import AuditEntry
from hotline.models import Call
from hotline.models import utcnow
from hotline.services.retention import PURGE_ACTION
from hotline.worker import PURGE_LOCK
from hotline.worker import HotlineWorker
from tests.retention.conftest import build_world

THREE_YEARS = timedelta(days=3 * 365)


def purge_rows(session: Session) -> list[AuditEntry]:
    session.rollback()  # a fresh look: on SQLite an open read keeps its snapshot
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == PURGE_ACTION).order_by(AuditEntry.id)))


def test_the_worker_tick_purges_once_per_interval_across_all_workers(app: Flask, session: Session,
                                                                     redis_conn: Redis) -> None:
    world = build_world(app, session, at=utcnow() - THREE_YEARS)
    first = HotlineWorker(["default"], connection=redis_conn, app=app)
    second = HotlineWorker(["default"], connection=redis_conn, app=app)
    with app.app_context():
        counts = first.purge()
        assert counts is not None and counts["calls"] == 1 and counts["dossiers"] == 1
        assert first.purge() is None and second.purge() is None  # not again within the interval, by anyone
    assert 0 < redis_conn.ttl(PURGE_LOCK) <= 24 * 3600
    [row] = purge_rows(session)
    assert (row.object_id, row.detail) == ("worker", " ".join(f"{k}={v}" for k, v in counts.items()))
    assert session.get_one(Call, world.call).from_number == "+8491*****78"

    redis_conn.delete(PURGE_LOCK)  # the interval has passed
    with app.app_context():
        second.run_maintenance_tasks()  # what rq's loop calls between jobs
    assert [row.detail for row in purge_rows(session)][1:] == [" ".join(f"{k}=0" for k in counts)]


def test_the_command_purges_and_prints_the_counts(app: Flask, session: Session, runner: FlaskCliRunner) -> None:
    build_world(app, session, at=utcnow() - THREE_YEARS)
    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run, nothing changed" in dry.output
    assert purge_rows(session) == []
    lines = dry.output.splitlines()[1:]
    assert [line.split() for line in lines] == [
        ["audio", "2"], ["transcripts", "1"], ["calls", "1"], ["callbacks", "1"], ["feedback", "1"], ["drafts", "1"],
        ["messages", "1"], ["audit", "0"], ["dossiers", "1"], ["shipments", "1"]]

    done = runner.invoke(args=["privacy", "purge"])
    assert done.exit_code == 0, done.output
    # The app's own log line (to stderr) may come first: read from the command's header on.
    printed = done.output.splitlines()
    assert printed[printed.index("purged, and written to the audit trail:") + 1:] == lines, done.output
    assert [row.object_id for row in purge_rows(session)] == ["cli"]
    again = runner.invoke(args=["privacy", "purge"])
    again_printed = again.output.splitlines()
    counts = again_printed[again_printed.index("purged, and written to the audit trail:") + 1:]
    assert len(counts) == len(lines) and {line.split()[1] for line in counts} == {"0"}
    assert "+84912345678" not in done.output + dry.output + again.output
