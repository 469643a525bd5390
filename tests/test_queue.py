"""Jobs are queued only when the transaction commits, with their queue's timeout."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session

from hotline.infra.queue import enqueue_after_commit
from hotline.speech.jobs import transcribe_recording
from tests.tools import use_redis


def test_a_job_is_queued_after_commit_with_the_queues_timeout(app: Flask, session: Session,
                                                             redis_conn: Redis) -> None:
    queue = Queue("transcription", connection=redis_conn)
    enqueue_after_commit(session, "transcription", transcribe_recording, 42)
    assert queue.count == 0
    session.commit()
    [job] = queue.get_jobs()
    assert (job.func, job.args, job.timeout) == (transcribe_recording, (42,), 900)


def test_a_rollback_queues_nothing_and_forgets_the_job(app: Flask, session: Session, redis_conn: Redis) -> None:
    enqueue_after_commit(session, "transcription", transcribe_recording, 7)
    session.rollback()
    session.commit()
    assert Queue("transcription", connection=redis_conn).count == 0


def test_a_redis_outage_does_not_fail_the_commit_and_warns_once(app: Flask, session: Session,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    use_redis(app, "redis://127.0.0.1:1/0")
    enqueue_after_commit(session, "notification", transcribe_recording, 1)
    enqueue_after_commit(session, "notification", transcribe_recording, 2)
    session.commit()
    assert "pending_jobs" not in session.info
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "transcribe_recording(1,), transcribe_recording(2,)" in warning.getMessage()


def test_a_savepoint_rollback_keeps_the_outer_transactions_jobs(app: Flask, session: Session,
                                                               redis_conn: Redis) -> None:
    enqueue_after_commit(session, "transcription", transcribe_recording, 5)
    savepoint = session.begin_nested()
    savepoint.rollback()
    session.commit()
    assert Queue("transcription", connection=redis_conn).count == 1


def test_without_redis_configured_a_commit_keeps_its_work_and_warns_once(
        app: Flask, session: Session, caplog: pytest.LogCaptureFixture) -> None:
    use_redis(app, None)
    enqueue_after_commit(session, "notification", transcribe_recording, 1)
    enqueue_after_commit(session, "transcription", transcribe_recording, 2, job_id="transcribe-2-x")
    session.commit()
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "REDIS_URL is not set" in warning.getMessage() and "the sweep will" in warning.getMessage()
    assert "transcribe_recording(1,)" in warning.getMessage() and "transcribe_recording(2,)" in warning.getMessage()


def test_a_job_can_be_queued_under_the_id_its_row_names(app: Flask, session: Session, redis_conn: Redis) -> None:
    enqueue_after_commit(session, "notification", transcribe_recording, 3, job_id="named-3")
    session.commit()
    assert Queue("notification", connection=redis_conn).get_job_ids() == ["named-3"]
