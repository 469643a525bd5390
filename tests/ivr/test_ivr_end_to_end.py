"""End to end: the app under a real HTTP server, `hotline call --keys …` as the phone."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import click
import pytest
import requests
from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from hotline.cli import phone as phone_module
from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.cli.phone import speak_to_wav
from hotline.models import Call
from hotline.models import Dossier
from hotline.models import OutgoingMessage
from hotline.models import Recording
from tests.conftest import TWILIO_TOKEN
from tests.factories import make_owner
from tests.tools import LocalHTTPServer
from tests.tools import open_session
from tests.tools import require_tool


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # The app checks signatures against its public URL, which is now this server.
    app.config["PUBLIC_BASE_URL"] = url
    yield url
    server.shutdown()
    thread.join()


@pytest.mark.slow
def test_hotline_call_files_a_dossier(app: Flask, runner: FlaskCliRunner, live_url: str, session: Session,
                                      redis_conn: Redis) -> None:
    require_tool("espeak-ng")
    require_tool("sox")
    with open_session(app) as setup:
        make_owner(setup)
        setup.commit()
    result = runner.invoke(args=["call", "--url", live_url, "--token", TWILIO_TOKEN, "--from", "0912345678",
                                 "--keys", "1 2 90123# 1 1", "--say", "Tôi cần cấp lại giấy phép", "--linger", "0"])
    assert result.exit_code == 0, result.output
    assert "Nguyễn Văn A" in result.output and "Mã tra cứu" in result.output
    dossier = session.scalars(select(Dossier)).one()
    assert dossier.vessel_number == "QNg-90123-TS" and dossier.procedure.keypad_key == 2
    recording = session.scalars(select(Recording)).one()
    assert recording.dossier_id == dossier.id and recording.url.startswith("http://127.0.0.1:")
    assert [j.args for j in Queue("transcription", connection=redis_conn).jobs] == [(recording.id,)]
    sms = session.scalars(select(OutgoingMessage)).one()
    assert sms.purpose == "receipt" and dossier.phone_code in sms.body


def test_a_forged_call_is_refused(app: Flask, runner: FlaskCliRunner, live_url: str) -> None:
    result = runner.invoke(args=["call", "--url", live_url, "--token", "wrong", "--keys", "", "--audio",
                                 __file__, "--linger", "0"])
    assert result.exit_code != 0 and "403" in result.output
    assert requests.get(live_url + "/healthz", timeout=5).status_code in (200, 503)


def test_the_phone_reports_the_calls_length_with_the_time_spoken_and_sends_it(
        app: Flask, live_url: str, session: Session, tmp_path: Path) -> None:
    """The phone answers a <Record> at once with the whole WAV; on a line the caller speaks that long."""
    with open_session(app) as setup:
        make_owner(setup)
        setup.commit()
    recorder = RecordingServer(_silence(tmp_path / "note.wav", seconds=3))
    heard: list[str] = []
    phone = Phone(live_url, TWILIO_TOKEN, "0912345678", "1 2 90123# 1 1".split(), recorder, echo=heard.append)
    try:
        phone.call()
    finally:
        recorder.close()
    call = session.scalars(select(Call)).one()
    assert call.duration_s is not None and call.duration_s >= 4  # three seconds spoken, and the keys between
    assert heard[-1] == f"  ☎  call ended after {call.duration_s} s"


def test_sox_warnings_stay_out_of_what_the_phone_prints(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       capfd: pytest.CaptureFixture[str],
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """sox warns when it clips a sample; the warning goes to the debug log, not among the call's lines."""
    require_tool("espeak-ng")
    sox = require_tool("sox")
    loud = tmp_path / "bin" / "sox"
    loud.parent.mkdir()
    loud.write_text(f'#!/bin/sh\necho "sox WARN rate: rate clipped 442 samples; decrease volume?" >&2\n'
                    f'exec {sox} "$@"\n')
    loud.chmod(0o755)
    monkeypatch.setenv("PATH", f"{loud.parent}:{os.environ['PATH']}")
    spoken = speak_to_wav("Xin chào", tmp_path / "note.wav")
    assert wave.open(str(spoken)).getframerate() == 8000
    assert "sox WARN" not in capfd.readouterr().err
    with caplog.at_level(logging.DEBUG, logger="hotline.speech.sample"):
        speak_to_wav("Xin chào", tmp_path / "again.wav")
    assert "sox WARN rate" in caplog.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _silence(path: Path, seconds: int = 1) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 8000 * seconds)
    return path


def test_a_webhook_nobody_answers_is_sent_again_until_the_restarted_app_answers(
        app: Flask, session: Session, redis_conn: Redis, tmp_path: Path) -> None:
    with open_session(app) as setup:
        make_owner(setup)
        setup.commit()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    app.config["PUBLIC_BASE_URL"] = url
    servers = []

    def serve_after_a_while() -> None:
        time.sleep(1.2)  # the web app is restarting: nothing listens on its port yet
        servers.append(make_server("127.0.0.1", port, app, threaded=True))
        servers[0].serve_forever()

    restarting = threading.Thread(target=serve_after_a_while, daemon=True)
    restarting.start()
    recorder = RecordingServer(_silence(tmp_path / "note.wav"))
    heard: list[str] = []
    phone = Phone(url, TWILIO_TOKEN, "0912345678", "1 2 90123# 1 1".split(), recorder, echo=heard.append)
    try:
        phone.call()
    finally:
        recorder.close()
        servers[0].shutdown()
        restarting.join(timeout=10)
    assert phone.retries >= 2  # refused at once, and again 0.5 s later
    assert any("Mã tra cứu của quý khách là" in line for line in heard)
    assert session.scalars(select(Dossier)).one().vessel_number == "QNg-90123-TS"


def test_a_webhook_nobody_ever_answers_ends_the_call_naming_the_url(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    monkeypatch.setattr(phone_module, "RETRY_DELAYS", (0.01, 0.02))
    url = f"http://127.0.0.1:{_free_port()}"
    recorder = RecordingServer(_silence(tmp_path / "note.wav"))
    phone = Phone(url, TWILIO_TOKEN, "0912345678", [], recorder, echo=lambda _line: None)
    try:
        with pytest.raises(click.ClickException, match=f"^{url}/ivr/voice did not answer after 2 retries"):
            phone.post(url + "/ivr/voice")
    finally:
        recorder.close()
    assert phone.retries == 2


def _cut_off_once(answered: list[str]) -> type[BaseHTTPRequestHandler]:
    """A handler that answers the first POST with headers and a piece of its body, then hangs up, as a web app
    killed in the middle of a reply does; it answers every later POST whole."""

    class CutOffOnce(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers["Content-Length"]))
            body = "<Response><Say>Xin chào</Say><Hangup/></Response>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if answered else body[:10])
            self.close_connection = not answered
            answered.append(self.path)

        def log_message(self, *_args: object) -> None:
            return

    return CutOffOnce


def test_a_webhook_whose_answer_is_cut_off_is_sent_again(tmp_path: Path) -> None:
    answered: list[str] = []
    server = LocalHTTPServer(("127.0.0.1", 0), _cut_off_once(answered))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    recorder = RecordingServer(_silence(tmp_path / "note.wav"))
    phone = Phone(url, TWILIO_TOKEN, "0912345678", [], recorder, echo=lambda _line: None)
    try:
        document = phone.post(url + "/ivr/voice")
    finally:
        recorder.close()
        server.shutdown()
        server.server_close()
    assert [(element.tag, element.text) for element in document] == [("Say", "Xin chào"), ("Hangup", None)]
    assert (phone.retries, answered) == (1, ["/ivr/voice", "/ivr/voice"])
