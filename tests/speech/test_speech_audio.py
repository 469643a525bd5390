"""The centre keeps each recording's audio: the job stores it once, and the console plays that copy."""

from __future__ import annotations

import hashlib
import stat
from datetime import timedelta
from pathlib import Path

import pytest
import vosk
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from hotline.infra.settings import recordings_dir
from hotline.models import AuditEntry
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.models import TranscriptStatus
from hotline.models import utcnow
from hotline.speech.jobs import TranscriptionError
from tests.console.conftest import login
from tests.factories import make_user
from tests.speech.conftest import AudioHost
from tests.speech.test_speech_jobs import add_recording
from tests.speech.test_speech_jobs import reload
from tests.speech.test_speech_jobs import run_job


def operator(app: Flask, session: Session) -> FlaskClient:
    user = make_user(session, Role.OPERATOR)
    session.commit()
    client = app.test_client()
    assert login(client, user.username).status_code == 302
    return client


def listen(client: FlaskClient, recording_id: int, **headers: str) -> TestResponse:
    """Ask for the audio as the console's player does, and close the file the answer streamed."""
    with client.get(f"/recordings/{recording_id}/audio", headers=headers) as response:
        response.get_data()
    return response


def as_if_its_worker_died(session: Session, recording_id: int) -> None:
    """Leave the recording as a worker killed after storing the audio leaves it: claimed, with no transcript."""
    rec = session.get_one(Recording, recording_id)
    rec.status, rec.job_id, rec.transcript = TranscriptStatus.RUNNING, "transcribe-dead-worker", None
    rec.updated_at = utcnow() - timedelta(hours=1)
    session.commit()


def test_the_job_keeps_the_audio_with_its_checksum_size_and_type_readable_only_by_the_service(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes]) -> None:
    rid = add_recording(session, audio_host.serve("/rec/REkeep.wav", speech[8000]))
    run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.DONE
    assert (rec.audio_sha256, rec.audio_bytes, rec.audio_content_type) == \
        (hashlib.sha256(speech[8000]).hexdigest(), len(speech[8000]), "audio/wav")
    assert rec.audio_stored_at is not None and rec.audio_path is not None
    assert str(rid) in rec.audio_path and rec.audio_sha256 in rec.audio_path
    path = recordings_dir(app.config) / rec.audio_path
    assert path.read_bytes() == speech[8000]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(recordings_dir(app.config).stat().st_mode) == 0o700


def test_a_retried_job_transcribes_the_stored_copy_without_downloading_again(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes]) -> None:
    app.config["TRANSCRIPTION_LEASE_SECONDS"] = "1"
    rid = add_recording(session, audio_host.serve("/rec/REretry.wav", speech[8000]))
    run_job(app, rid)
    first = reload(session, rid).transcript
    assert audio_host.requests == ["/rec/REretry.wav"]

    as_if_its_worker_died(session, rid)
    audio_host.stop()  # the provider has deleted its copy meanwhile
    run_job(app, rid)
    rec = reload(session, rid)
    assert (rec.status, rec.transcript, rec.attempts) == (TranscriptStatus.DONE, first, 2)
    assert audio_host.requests == ["/rec/REretry.wav"]


def test_a_damaged_stored_copy_is_downloaded_again_and_replaced(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes]) -> None:
    app.config["TRANSCRIPTION_LEASE_SECONDS"] = "1"
    rid = add_recording(session, audio_host.serve("/rec/REdamaged.wav", speech[8000]))
    run_job(app, rid)
    path = recordings_dir(app.config) / (reload(session, rid).audio_path or "")
    path.write_bytes(speech[8000][:-100])

    as_if_its_worker_died(session, rid)
    run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.DONE
    assert audio_host.requests == ["/rec/REdamaged.wav"] * 2
    assert recordings_dir(app.config) / (rec.audio_path or "") == path
    assert path.read_bytes() == speech[8000]


def test_a_store_that_cannot_be_written_holds_the_recording_for_a_later_attempt(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes], tmp_path: Path) -> None:
    blocked = tmp_path / "recordings"
    blocked.write_text("a file where the store should be")
    app.config["RECORDINGS_DIR"] = str(blocked)
    rid = add_recording(session, audio_host.serve("/rec/REfull.wav", speech[8000]))
    run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.RETRYING
    assert "could not store the audio" in (rec.error or "") and rec.transcript is None

    blocked.unlink()
    run_job(app, rid)
    rec = reload(session, rid)
    assert (rec.status, rec.audio_sha256) == (TranscriptStatus.DONE, hashlib.sha256(speech[8000]).hexdigest())
    assert (blocked / (rec.audio_path or "")).read_bytes() == speech[8000]


def test_the_console_plays_the_stored_copy_after_the_providers_copy_is_gone(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost,
        speech: dict[int, bytes]) -> None:
    audio = speech[8000]
    rid = add_recording(session, audio_host.serve("/rec/REplay.wav", audio))
    run_job(app, rid)
    audio_host.stop()
    client = operator(app, session)

    whole = listen(client, rid)
    assert whole.status_code == 200 and whole.data == audio
    assert whole.mimetype == "audio/wav"
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.headers["Accept-Ranges"] == "bytes"

    # What <audio> asks for when the operator drags the slider.
    part = listen(client, rid, Range="bytes=1000-1999")
    assert part.status_code == 206
    assert part.data == audio[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(audio)}"
    tail = listen(client, rid, Range="bytes=-44")
    assert (tail.status_code, tail.data) == (206, audio[-44:])
    assert audio_host.requests == ["/rec/REplay.wav"]

    # One listen, however many times the player asked for a part of it.
    session.rollback()
    listened = session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "recording_listened"))
    assert list(listened) == [str(rid)]


def test_html_posing_as_a_recording_is_kept_but_never_served_as_a_page(
        app: Flask, session: Session, worker_model: vosk.Model, audio_host: AudioHost) -> None:
    html = b"<!doctype html><html><script>fetch('/admin/users')</script></html>"
    rid = add_recording(session, audio_host.serve("/rec/REhtml.wav", html), RecordingPurpose.VOICEMAIL)
    with pytest.raises(TranscriptionError, match="not a readable WAV"):
        run_job(app, rid)
    rec = reload(session, rid)
    assert rec.status is TranscriptStatus.FAILED  # fails for good, and still keeps what it downloaded
    assert (rec.audio_content_type, rec.audio_bytes) == ("application/octet-stream", len(html))

    served = listen(operator(app, session), rid)
    assert served.status_code == 200 and served.data == html
    assert served.mimetype == "application/octet-stream"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
