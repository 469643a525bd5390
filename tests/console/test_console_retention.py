"""What the console shows where the retention schedule removed a recording's audio or transcript."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from hotline.infra.retention import retention_schedule
from hotline.infra.settings import recordings_dir
from hotline.models import Dossier
from hotline.models import Recording
from hotline.models import Role
from hotline.services.retention import purge
from tests.console.conftest import post_form
from tests.retention.conftest import T0
from tests.retention.conftest import WORDS
from tests.retention.conftest import World
from tests.retention.conftest import build_world
from tests.tools import open_session

AUDIO_PURGED = "Bản ghi âm đã được xoá theo thời hạn lưu trữ."
TRANSCRIPT_PURGED = "Bản chép lời đã được xoá theo thời hạn lưu trữ."


def purged_world(app: Flask) -> tuple[World, str, int]:
    """build_world's data two years on: the feedback recording's audio and transcript are gone."""
    with open_session(app) as session:
        world = build_world(app, session)
        purge(session, T0 + timedelta(days=2 * 365), retention_schedule(), recordings_dir(app.config))
        return world, session.get_one(Dossier, world.closed_dossier).code, world.recordings["feedback"]


def test_a_purged_recording_says_so_instead_of_a_missing_file(app: Flask,
                                                               signed_in: Callable[[Role], FlaskClient]) -> None:
    world, code, feedback_recording = purged_world(app)
    client = signed_in(Role.OPERATOR)
    answer = client.get(f"/recordings/{feedback_recording}/audio")
    assert (answer.status_code, answer.mimetype, answer.get_data(as_text=True)) == (410, "text/plain", AUDIO_PURGED)

    page = client.get(f"/feedback/{world.feedback}").get_data(as_text=True)
    assert AUDIO_PURGED in page and TRANSCRIPT_PURGED in page
    assert "<audio" not in page and 'name="transcript"' not in page
    # The closed dossier's note lost its audio but keeps its transcript, which stays correctable.
    page = client.get(f"/dossiers/{code}").get_data(as_text=True)
    assert AUDIO_PURGED in page and TRANSCRIPT_PURGED not in page and WORDS in page and 'name="transcript"' in page


def test_a_purged_transcript_cannot_be_written_back(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    world, _, feedback_recording = purged_world(app)
    client = signed_in(Role.OPERATOR)
    page = f"/feedback/{world.feedback}"
    answer = post_form(client, f"/recordings/{feedback_recording}/transcript",
                       {"transcript": WORDS, "next": page}, page=page)
    assert answer.status_code == 303
    assert TRANSCRIPT_PURGED in client.get(page).get_data(as_text=True)
    with open_session(app) as session:
        rec = session.get_one(Recording, feedback_recording)
        assert (rec.transcript, rec.transcript_original) == (None, None)


def test_in_english_too(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    world, _, _ = purged_world(app)
    client = signed_in(Role.OPERATOR)
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"
    page = client.get(f"/feedback/{world.feedback}").get_data(as_text=True)
    assert "The recording was deleted at the end of its retention period." in page
    assert "The transcript was deleted at the end of its retention period." in page
