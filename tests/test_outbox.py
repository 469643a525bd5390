"""Owed work is a row first: one sweep hands every kind back to the workers, and no Redis loses none of it."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.worker import HotlineWorker
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.tools import open_session
from tests.tools import use_redis
from tests.twilio_api import TwilioStandIn


def messages(app: Flask) -> list[OutgoingMessage]:
    with open_session(app) as session:
        return list(session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)))


def test_one_sweep_hands_back_recordings_and_messages_alike(app: Flask, session: Session,
                                                            redis_conn: Redis) -> None:
    recording = Recording(recording_sid="RE" + uuid.uuid4().hex, url="https://api.twilio.com/r", job_id="lost",
                          purpose=RecordingPurpose.NOTE, status=TranscriptStatus.QUEUED)
    message = OutgoingMessage(to_number="+84912345678", body="x", purpose="receipt", job_id="lost",
                              state=MessageState.QUEUED)
    session.add_all([recording, message])
    session.commit()
    worker = HotlineWorker(["notification", "transcription"], connection=redis_conn, app=app)
    with app.app_context():
        assert worker.sweep() == {"recordings": [recording.id], "messages": [message.id], "provider_copies": []}
        assert worker.sweep() == {}  # one sweep per interval, across all workers
    session.expire_all()
    assert Queue("transcription", connection=redis_conn).get_job_ids() == [recording.job_id]
    assert Queue("notification", connection=redis_conn).get_job_ids() == [message.job_id]


def test_a_job_a_killed_worker_took_off_its_queue_but_never_started_is_queued_again(
        app: Flask, session: Session, redis_conn: Redis) -> None:
    recording = Recording(recording_sid="RE" + uuid.uuid4().hex, url="https://api.twilio.com/r",
                          job_id="transcribe-1-popped", purpose=RecordingPurpose.NOTE, status=TranscriptStatus.QUEUED)
    message = OutgoingMessage(to_number="+84912345678", body="x", purpose="receipt", job_id="sms-popped",
                              state=MessageState.QUEUED)
    waiting = OutgoingMessage(to_number="+84912345678", body="y", purpose="receipt", job_id="sms-waiting",
                              state=MessageState.QUEUED)
    session.add_all([recording, message, waiting])
    session.commit()
    Queue("transcription", connection=redis_conn).enqueue(len, "x", job_id="transcribe-1-popped")
    texts = Queue("notification", connection=redis_conn)
    texts.enqueue(len, "x", job_id="sms-popped")
    texts.enqueue(len, "y", job_id="sms-waiting")
    # A worker listening on several queues pops the job, then forks to run it; a SIGKILL in between
    # leaves the job saying "queued" in no queue at all.
    for name in ("transcription", "notification"):
        redis_conn.lpop(Queue(name, connection=redis_conn).key)
    assert Queue("transcription", connection=redis_conn).fetch_job("transcribe-1-popped").get_status() == "queued"

    worker = HotlineWorker(["notification", "transcription"], connection=redis_conn, app=app)
    with app.app_context():
        assert worker.sweep() == {"recordings": [recording.id], "messages": [message.id], "provider_copies": []}
    session.expire_all()
    assert recording.job_id != "transcribe-1-popped" and message.job_id != "sms-popped"
    assert Queue("transcription", connection=redis_conn).get_job_ids() == [recording.job_id]
    assert texts.get_job_ids() == ["sms-waiting", message.job_id]


def test_a_command_without_redis_succeeds_and_the_next_sweep_sends_its_texts(
        app: Flask, session: Session, runner: FlaskCliRunner, redis_url: str, redis_conn: Redis,
        twilio_api: TwilioStandIn, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    use_redis(app, None)  # as `hotline manifest build` runs beside `make run`, whose Redis is private
    couriers(session, app)
    ready_dossier(session, name="Trần Thị Bích")
    session.commit()
    caplog.clear()

    result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "Trần Thị Bích" in result.output and "Traceback" not in result.output
    owed = messages(app)
    assert "visit" in {m.purpose for m in owed}
    assert {m.state for m in owed} == {MessageState.QUEUED}
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "REDIS_URL is not set" in warning.getMessage()

    use_redis(app, redis_url)
    with app.app_context():
        HotlineWorker(["notification"], connection=redis_conn, app=app).work(burst=True)
    assert {m.state for m in messages(app)} == {MessageState.SENT}
    assert sorted(r["Body"] for r in twilio_api.requests) == sorted(m.body for m in owed)


def test_the_worker_without_redis_says_so_without_a_traceback(app: Flask, runner: FlaskCliRunner) -> None:
    use_redis(app, None)
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "REDIS_URL is not set: the worker takes its jobs from Redis" in result.output
