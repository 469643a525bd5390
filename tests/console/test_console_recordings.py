"""The console plays only the centre's own copy of a recording: it never fetches a URL for a listener."""

from __future__ import annotations

import threading
from collections.abc import Callable
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import StoredAudio
from hotline.infra.storage import store_audio
from hotline.models import AuditEntry
from hotline.models import Feedback
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from tests.tools import LocalHTTPServer
from tests.tools import open_session

NOT_STORED = "Bản ghi âm chưa được lưu về trung tâm; thử lại sau ít phút."
MISSING = "Không tìm thấy tệp ghi âm trong kho của trung tâm; hãy báo quản trị viên."


@pytest.fixture
def internal_service() -> Iterator[tuple[str, list[str]]]:
    """A service inside the centre's network that must never be reached through the console: its URL and
    the paths it was asked for."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"<html><script>alert('internal')</script></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            return

    server = LocalHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/internal/admin", hits
    server.shutdown()
    server.server_close()


def add_feedback_recording(app: Flask, url: str, stored: StoredAudio | None = None) -> tuple[int, int]:
    """A feedback item and its recording; return their ids."""
    with open_session(app) as session:
        item = Feedback(phone="+84905333444")
        session.add(item)
        session.flush()
        recording = Recording(recording_sid="RE-console-1", purpose=RecordingPurpose.FEEDBACK, url=url,
                              feedback_id=item.id)
        if stored is not None:
            recording.keep_audio(stored)
        session.add(recording)
        session.commit()
        return item.id, recording.id


def listened(app: Flask) -> list[str | None]:
    with open_session(app) as session:
        return list(session.scalars(select(AuditEntry.object_id).where(AuditEntry.action == "recording_listened")))


def test_a_recording_not_yet_stored_is_explained_and_its_url_never_fetched(
        app: Flask, signed_in: Callable[[Role], FlaskClient], internal_service: tuple[str, list[str]]) -> None:
    url, hits = internal_service
    feedback_id, recording_id = add_feedback_recording(app, url)
    client = signed_in(Role.OPERATOR)

    answer = client.get(f"/recordings/{recording_id}/audio")
    assert answer.status_code == 404
    assert answer.mimetype == "text/plain"
    assert answer.get_data(as_text=True) == NOT_STORED
    page = client.get(f"/feedback/{feedback_id}").get_data(as_text=True)
    assert NOT_STORED in page and "<audio" not in page
    assert hits == []
    assert listened(app) == []


def test_the_stored_copy_is_played_and_the_recordings_url_is_still_never_fetched(
        app: Flask, signed_in: Callable[[Role], FlaskClient], internal_service: tuple[str, list[str]]) -> None:
    url, hits = internal_service
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
    feedback_id, recording_id = add_feedback_recording(app, url, store_audio(recordings_dir(app.config), 1, wav))
    client = signed_in(Role.OPERATOR)

    with client.get(f"/recordings/{recording_id}/audio") as answer:
        assert (answer.status_code, answer.mimetype, answer.get_data()) == (200, "audio/wav", wav)
    assert f'src="/recordings/{recording_id}/audio"' in client.get(f"/feedback/{feedback_id}").get_data(as_text=True)
    assert hits == []
    assert listened(app) == [str(recording_id)]


@pytest.mark.parametrize("audio_path", ["../secret.wav", "0000/../../secret.wav", "/etc/passwd", "0000/gone.wav"])
def test_a_stored_path_outside_the_store_or_missing_is_refused_plainly(
        app: Flask, signed_in: Callable[[Role], FlaskClient], audio_path: str) -> None:
    root = recordings_dir(app.config)
    root.mkdir(parents=True)
    (root.parent / "secret.wav").write_bytes(b"RIFF secret")
    _, recording_id = add_feedback_recording(app, "https://api.twilio.com/x",
                                             StoredAudio(audio_path, "0" * 64, 11, "audio/wav"))

    with signed_in(Role.OPERATOR).get(f"/recordings/{recording_id}/audio") as answer:
        assert (answer.status_code, answer.get_data(as_text=True)) == (404, MISSING)
    assert listened(app) == []


def test_a_courier_cannot_listen(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
    _, recording_id = add_feedback_recording(app, "https://api.twilio.com/x",
                                             store_audio(recordings_dir(app.config), 1, wav))
    assert signed_in(Role.COURIER).get(f"/recordings/{recording_id}/audio").status_code == 403
    assert listened(app) == []
