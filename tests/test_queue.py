"""Jobs are queued only when the transaction commits, with their queue's timeout."""

from __future__ import annotations

import logging
import operator
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from hotline.infra.queue import enqueue_after_commit
from hotline.models import Base
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


def test_the_worker_takes_a_waiting_text_before_waiting_transcriptions(redis_conn: Redis, redis_url: str,
                                                                      tmp_path: Path) -> None:
    # After an outage the transcription queue holds minutes of work; a receipt must not wait behind it.
    transcriptions = [Queue("transcription", connection=redis_conn).enqueue(operator.add, n, 1) for n in range(2)]
    text = Queue("notification", connection=redis_conn).enqueue(operator.add, 2, 3)
    database = f"sqlite:///{tmp_path / 'worker.db'}"
    engine = create_engine(database)
    Base.metadata.create_all(engine)  # the worker's sweep reads it between jobs
    engine.dispose()
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": database,
           "HOTLINE_INSTANCE_PATH": str(tmp_path / "instance"), "VOSK_MODEL_PATH": str(tmp_path / "no-model")}
    worker = subprocess.run([str(Path(sys.executable).parent / "hotline"), "worker", "--burst"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    for job in (text, *transcriptions):
        job.refresh()
        assert job.is_finished, worker.stderr
    assert text.started_at is not None
    assert all(job.started_at is not None and text.started_at < job.started_at for job in transcriptions)
