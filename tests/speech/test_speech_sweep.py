"""The sweep re-queues recordings whose job is gone, and leaves alone those that will be handled."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator

from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.services.outbox import sweep
from hotline.speech.fetch import ForeignHostError
from hotline.speech.fetch import check_url
from hotline.speech.jobs import transcribe_recording
from hotline.speech.sweep import owed_transcriptions
from tests.conftest import PUBLIC_BASE_URL
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN

TWILIO_URL = f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Recordings/RE0123"


def add(session: Session, status: TranscriptStatus, **fields: object) -> int:
    rec = Recording(recording_sid="RE" + uuid.uuid4().hex, url=TWILIO_URL, purpose=RecordingPurpose.NOTE,
                    status=status, **fields)
    session.add(rec)
    session.commit()
    return rec.id


def test_sweep_requeues_exactly_the_recordings_nothing_else_will_pick_up(
        app: Flask, session: Session, redis_conn: Redis) -> None:
    queue = Queue("transcription", connection=redis_conn)
    live = queue.enqueue(transcribe_recording, 0)
    later = utcnow() + timedelta(minutes=5)
    ids = {
        "lost job": add(session, TranscriptStatus.QUEUED, job_id="transcribe-gone"),
        "live job": add(session, TranscriptStatus.QUEUED, job_id=live.id),
        "fresh from webhook": add(session, TranscriptStatus.QUEUED),
        "running": add(session, TranscriptStatus.RUNNING, job_id="transcribe-running"),
        "no model": add(session, TranscriptStatus.NO_MODEL, job_id="transcribe-nomodel"),
        "retry due": add(session, TranscriptStatus.RETRYING, job_id="gone", retry_at=utcnow()),
        "retry later": add(session, TranscriptStatus.RETRYING, job_id="gone2", retry_at=later),
        "done": add(session, TranscriptStatus.DONE),
        "failed": add(session, TranscriptStatus.FAILED),
        "needs person": add(session, TranscriptStatus.NEEDS_PERSON),
    }
    now = utcnow() + timedelta(seconds=1)

    requeued = sweep(session, redis_conn, [owed_transcriptions(app.config, has_model=False)], now)["recordings"]
    assert set(requeued) == {ids["lost job"], ids["retry due"]}
    for rid in requeued:
        rec = session.get(Recording, rid)
        assert rec is not None and rec.status is TranscriptStatus.QUEUED
        assert rec.job_id in queue.get_job_ids()

    # Minutes later, with a model: the webhook's own job had its grace, the running claim its lease.
    app.config["TRANSCRIPTION_LEASE_SECONDS"] = 60
    requeued = sweep(session, redis_conn, [owed_transcriptions(app.config, has_model=True)],
                     now + timedelta(minutes=3))["recordings"]
    assert set(requeued) == {ids["fresh from webhook"], ids["running"], ids["no model"]}
    assert len(queue.get_job_ids()) == 1 + 5


def test_a_recording_the_webhook_queued_is_left_to_its_job_however_long_the_queue(
        app: Flask, client: FlaskClient, session: Session, redis_conn: Redis) -> None:
    form = {"AccountSid": TWILIO_SID, "RecordingSid": "RE" + uuid.uuid4().hex, "RecordingUrl": TWILIO_URL,
            "RecordingStatus": "completed", "RecordingDuration": "2"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + "/ivr/recording", form)
    assert client.post("/ivr/recording", data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    rec = session.scalars(select(Recording)).one()
    queue = Queue("transcription", connection=redis_conn)
    assert queue.get_job_ids() == [rec.job_id]

    # A backlog after an outage: the job still waits long after the grace a job of unknown id is given.
    kinds = [owed_transcriptions(app.config, has_model=True)]
    assert sweep(session, redis_conn, kinds, utcnow() + timedelta(minutes=10))["recordings"] == []
    # Lost with Redis: queued again at the next sweep, without waiting out any grace.
    redis_conn.flushdb()
    assert sweep(session, redis_conn, kinds, utcnow())["recordings"] == [rec.id]
    assert queue.count == 1


@pytest.mark.parametrize("url", [
    TWILIO_URL + ".wav",
    "http://127.0.0.1:8765/recordings/RE1.wav",
    "http://localhost/recordings/RE1.wav",
    "http://[::1]:9000/r.wav",
    "http://10.0.0.5:8080/r.wav",
])
def test_twilio_loopback_and_listed_hosts_are_allowed(url: str) -> None:
    check_url(url, {"TWILIO_ACCOUNT_SID": TWILIO_SID, "HOTLINE_ENV": "development",
                    "RECORDING_HOSTS": "http://10.0.0.5:8080, https://media.example"})


@pytest.mark.parametrize(("url", "env"), [
    (TWILIO_URL.replace("https://", "http://"), "development"),
    (TWILIO_URL.replace(TWILIO_SID, "AC" + "1" * 32), "development"),
    (TWILIO_URL.replace("api.twilio.com", "api.twilio.com.evil.example"), "development"),
    (TWILIO_URL.replace("api.twilio.com", "api.twilio.com:8443"), "development"),
    (f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Calls/CA1.wav", "development"),
    ("http://127.0.0.1:8765/recordings/RE1.wav", "production"),
    ("http://10.0.0.6:8080/r.wav", "development"),
    ("file:///etc/passwd", "development"),
])
def test_every_other_url_is_refused(url: str, env: str) -> None:
    with pytest.raises(ForeignHostError):
        check_url(url, {"TWILIO_ACCOUNT_SID": TWILIO_SID, "HOTLINE_ENV": env,
                        "RECORDING_HOSTS": "http://10.0.0.5:8080"})
