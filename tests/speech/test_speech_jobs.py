"""The transcription job in this process, with the real model, a real Redis and a local audio host."""

from __future__ import annotations

import uuid

import pytest
import vosk
from flask import Flask
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from sqlalchemy.orm import Session

from hotline.models import Feedback
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.speech.jobs import TranscriptionError
from hotline.speech.jobs import transcribe_recording
from tests.speech.conftest import AudioHost


def add_recording(session: Session, url: str, purpose: RecordingPurpose = RecordingPurpose.NOTE,
                  **fields: object) -> int:
    rec = Recording(recording_sid="RE" + uuid.uuid4().hex, url=url, purpose=purpose,
                    status=TranscriptStatus.QUEUED, **fields)
    session.add(rec)
    session.commit()
    return rec.id


def run_job(app: Flask, recording_id: int) -> None:
    """Run the job here, in the app's context, as a worker's job process would."""
    with app.app_context():
        transcribe_recording(recording_id)


def reload(session: Session, recording_id: int) -> Recording:
    session.expire_all()
    rec = session.get(Recording, recording_id)
    assert rec is not None
    session.commit()  # end the read: on SQLite it holds the write lock the job needs
    return rec


def test_a_recording_is_transcribed_once_and_its_feedback_gets_the_text(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes]) -> None:
    feedback = Feedback(phone="+84912345678")
    session.add(feedback)
    session.flush()
    url = audio_host.serve("/rec/RE1.wav", speech[8000])
    rid = add_recording(session, url, RecordingPurpose.FEEDBACK, feedback_id=feedback.id)

    run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.DONE
    assert rec.error is None
    assert rec.transcript and rec.transcript == rec.transcript_original
    assert rec.words and all(0 <= w["conf"] <= 1 for w in rec.words)
    assert rec.confidence is not None and 0 <= rec.confidence <= 1
    assert rec.sample_rate == 8000
    assert rec.duration_s == pytest.approx(len(speech[8000][44:]) / 2 / 8000, abs=0.01)
    assert rec.decode_seconds is not None and rec.decode_seconds > 0
    assert rec.attempts == 1
    assert session.get(Feedback, feedback.id).text == rec.transcript  # type: ignore[union-attr]

    # An operator's correction touches only `transcript`; a second run changes nothing.
    rec.transcript = "sửa bởi cán bộ"
    session.commit()
    run_job(app, rid)
    again = reload(session, rid)
    assert (again.transcript, again.transcript_original, again.attempts) == \
        ("sửa bởi cán bộ", rec.transcript_original, 1)
    assert audio_host.requests == ["/rec/RE1.wav"]


def test_without_a_preloaded_model_the_recording_waits_as_no_model(
        app: Flask, session: Session, audio_host: AudioHost, speech: dict[int, bytes]) -> None:
    rid = add_recording(session, audio_host.serve("/rec/RE2.wav", speech[8000]))
    run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.NO_MODEL
    assert "no speech model" in (rec.error or "")
    assert rec.attempts == 0
    assert audio_host.requests == []


@pytest.mark.parametrize("url", [
    "https://evil.example.com/2010-04-01/Accounts/ACx/Recordings/RE1",
    "https://api.twilio.com/2010-04-01/Accounts/AC" + "9" * 32 + "/Recordings/RE1",
    "http://169.254.169.254/latest/meta-data",
])
def test_a_url_on_a_foreign_host_is_never_fetched(app: Flask, session: Session, worker_model: vosk.Model,
                                                  url: str) -> None:
    rid = add_recording(session, url)
    with pytest.raises(TranscriptionError, match="refused to fetch"):
        run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.FAILED
    assert "refused to fetch" in (rec.error or "")


def test_corrupt_audio_fails_with_its_reason(app: Flask, session: Session, worker_model: vosk.Model,
                                             audio_host: AudioHost) -> None:
    rid = add_recording(session, audio_host.serve("/rec/RE3.wav", b"RIFF garbage"))
    with pytest.raises(TranscriptionError):
        run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.FAILED
    assert "not a readable WAV" in (rec.error or "")


def test_a_recording_over_the_limit_fails_as_too_long(app: Flask, session: Session, worker_model: vosk.Model,
                                                      audio_host: AudioHost, speech: dict[int, bytes]) -> None:
    app.config["MAX_RECORDING_SECONDS"] = "1"
    rid = add_recording(session, audio_host.serve("/rec/RE4.wav", speech[8000]))
    with pytest.raises(TranscriptionError, match="too long"):
        run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.FAILED
    assert (rec.error or "").startswith("too long")


def test_audio_not_ready_is_retried_with_backoff_then_flagged_for_a_person(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        redis_conn: Redis) -> None:
    app.config["TRANSCRIPTION_RETRY_INTERVALS"] = [5, 50]
    rid = add_recording(session, audio_host.base_url + "/rec/RE5")
    scheduled = ScheduledJobRegistry(queue=Queue("transcription", connection=redis_conn))
    for attempt, delay in enumerate([5, 50], start=1):
        run_job(app, rid)
        rec = reload(session, rid)
        assert rec.status is TranscriptStatus.RETRYING
        assert rec.attempts == attempt
        assert "404" in (rec.error or "") and f"in {delay} s" in (rec.error or "")
        assert rec.retry_at is not None
        assert rec.job_id in scheduled.get_job_ids()
        due = redis_conn.zscore(scheduled.key, rec.job_id)
        assert due == pytest.approx(rec.retry_at.timestamp(), abs=2)
    with pytest.raises(TranscriptionError, match="gave up after 3 attempts"):
        run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.NEEDS_PERSON
    assert "404" in (rec.error or "")
    assert len(audio_host.requests) == 3
