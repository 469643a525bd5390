"""Crashes and outages with a real Redis, real `hotline worker` processes and the real webhook.

Nothing lost: every recording ends transcribed (or failed with its reason). Nothing doubled:
one row per RecordingSid, one transcript per recording.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import func
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.sessions import signal_session
from hotline.models import ProviderCopy
from hotline.models import Recording
from hotline.models import TranscriptStatus
from tests.conftest import PUBLIC_BASE_URL
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN
from tests.speech.conftest import AudioHost
from tests.tools import open_session

pytestmark = pytest.mark.slow

HOTLINE = str(Path(sys.executable).parent / "hotline")


def post_recording_callback(client: FlaskClient, recording_sid: str, url: str) -> None:
    """Send the recordingStatusCallback Twilio sends, signed; the caller must get TwiML back."""
    path = "/ivr/recording?purpose=note"
    form = {"AccountSid": TWILIO_SID, "RecordingSid": recording_sid, "RecordingUrl": url,
            "RecordingStatus": "completed", "RecordingDuration": "2"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + path, form)
    response = client.post(path, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert ET.fromstring(response.data).tag == "Response"


def recordings(app: Flask) -> list[Recording]:
    with open_session(app) as session:
        return list(session.scalars(select(Recording).order_by(Recording.id)))


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def own_redis(app: Flask, tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A Redis of this test's own, so it can be stopped; the app's webhooks queue into it."""
    server = EmbeddedRedis(tmp_path / "redis", persist=False).start()
    app.config["REDIS_URL"] = server.url
    app.extensions["redis"] = Redis.from_url(server.url, socket_connect_timeout=1, socket_timeout=2)
    yield server
    server.stop()


@pytest.fixture
def start_worker(app: Flask, ko_model_path: Path, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **env: str) -> subprocess.Popen[bytes]:
        environ = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                   "VOSK_MODEL_PATH": str(ko_model_path), "TWILIO_ACCOUNT_SID": TWILIO_SID,
                   "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "HOTLINE_ENV": "development",
                   "HOTLINE_INSTANCE_PATH": str(tmp_path / "instance"), **env}
        with (tmp_path / f"worker{len(started)}.log").open("wb") as log:
            # Its own session, so a SIGKILL to the session reaches the worker, its scheduler and its job's
            # process alike (rq puts the job's process in a group of its own, which killpg would miss).
            proc = subprocess.Popen([HOTLINE, "worker", "--sweep-interval", "1", *args], env=environ,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            signal_session(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_worker_killed_mid_job_leaves_the_recording_transcribed_later_once(
        app: Flask, client: FlaskClient, own_redis: EmbeddedRedis, audio_host: AudioHost,
        speech: dict[int, bytes], start_worker: Callable[..., subprocess.Popen[bytes]]) -> None:
    url = audio_host.serve("/rec/REkill.wav", speech[8000])
    audio_host.gate = threading.Event()  # the first fetch hangs: the job is caught in the middle
    post_recording_callback(client, "REkill", url)
    post_recording_callback(client, "REkill", url)  # Twilio retried the callback
    [rec] = recordings(app)

    first = start_worker(TRANSCRIPTION_LEASE_SECONDS="1")
    wait_for(lambda: recordings(app)[0].status is TranscriptStatus.RUNNING and bool(audio_host.requests),
             60, "the first worker to start the job")
    signal_session(first.pid, signal.SIGKILL)
    first.wait()
    assert recordings(app)[0].status is TranscriptStatus.RUNNING  # what a dead worker leaves behind

    audio_host.release()  # the dead worker's fetch ends too
    start_worker(TRANSCRIPTION_LEASE_SECONDS="1")
    # Stored, the audio is owed a deletion at the provider too: none, for audio this host served.
    wait_for(lambda: (recordings(app)[0].status, recordings(app)[0].provider_copy) == (
        TranscriptStatus.DONE, ProviderCopy.NONE), 60, "the sweep and a second run")
    done = recordings(app)[0]
    time.sleep(2.5)  # two more sweeps: a finished recording must stay as it is
    [after] = recordings(app)
    assert after.id == rec.id
    assert after.transcript and after.transcript == after.transcript_original
    assert (after.attempts, after.updated_at, after.job_id) == (2, done.updated_at, done.job_id)
    assert audio_host.requests == ["/rec/REkill.wav", "/rec/REkill.wav"]


def test_calls_keep_coming_in_while_redis_is_down_and_nothing_is_lost(
        app: Flask, client: FlaskClient, own_redis: EmbeddedRedis, audio_host: AudioHost,
        speech: dict[int, bytes], start_worker: Callable[..., subprocess.Popen[bytes]]) -> None:
    own_redis.stop()
    sids = [f"RE{uuid.uuid4().hex}" for _ in range(3)]
    for sid in sids:
        post_recording_callback(client, sid, audio_host.serve(f"/rec/{sid}.wav", speech[8000]))
    post_recording_callback(client, sids[0], audio_host.base_url + f"/rec/{sids[0]}")  # duplicate
    post_recording_callback(client, "REforeign", "https://recordings.evil.example/rec/REforeign")
    assert [r.status for r in recordings(app)] == [TranscriptStatus.QUEUED] * 4

    own_redis.start()
    assert Redis.from_url(own_redis.url).dbsize() == 0  # every queued job was lost with Redis
    worker = start_worker("--burst", SWEEP_GRACE_SECONDS="0")
    assert worker.wait(timeout=120) == 0

    by_sid = {r.recording_sid: r for r in recordings(app)}
    assert len(by_sid) == 4
    for sid in sids:
        assert by_sid[sid].status is TranscriptStatus.DONE, by_sid[sid].error
        assert by_sid[sid].transcript and by_sid[sid].attempts == 1
    foreign = by_sid["REforeign"]
    assert foreign.status is TranscriptStatus.FAILED
    assert "refused to fetch audio from 'https://recordings.evil.example'" in (foreign.error or "")
    assert sorted(audio_host.requests) == sorted(f"/rec/{sid}.wav" for sid in sids)
    with open_session(app) as session:
        assert session.scalar(select(func.count()).select_from(Recording)) == 4
