"""End to end: the app under a real HTTP server, `hotline call --keys …` as the phone."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from hotline.models import Dossier
from hotline.models import OutgoingMessage
from hotline.models import Recording
from tests.conftest import TWILIO_TOKEN
from tests.factories import make_owner
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
    assert "Nguyễn Văn A" in result.output and "Mã hồ sơ" in result.output
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
