"""SMS: recorded once per dedupe key, sent through Twilio's Messages API, or kept for the console."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from twilio.base.exceptions import TwilioRestException

from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.services.sms import queue_sms
from hotline.services.sms import send_sms
from hotline.worker import HotlineWorker
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN
from tests.tools import LocalHTTPServer
from tests.tools import open_session


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages API as far as sending goes: basic auth, form body, JSON resource back."""

    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        auth = base64.b64decode(self.headers["Authorization"].split()[1]).decode()
        expected_path = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
        if auth != f"{TWILIO_SID}:{TWILIO_TOKEN}" or self.path != expected_path:
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if not body["To"][0].startswith("+84"):
            return self.answer(400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
        self.received.append({k: v[0] for k, v in body.items()})
        self.answer(201, {"sid": f"SM{len(self.received):032x}", "status": "queued", "to": body["To"][0],
                          "from": body["From"][0], "body": body["Body"][0], "account_sid": TWILIO_SID})

    def answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def twilio_api(app: Flask) -> Iterator[list[dict[str, Any]]]:
    server = LocalHTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.received = []
    app.config["TWILIO_API_URL"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield FakeTwilio.received
    server.shutdown()
    server.server_close()
    thread.join()


def queued(app: Flask, to: str, body: str, key: str | None = "receipt:1") -> int:
    with open_session(app) as session:
        message = queue_sms(session, to, body, "receipt", dedupe_key=key)
        session.commit()
        return message.id


def send_in_app(app: Flask, message_id: int) -> None:
    """Run the job as a worker does: inside a fresh app context."""
    with app.app_context():
        send_sms(message_id)


def message(app: Flask, message_id: int) -> OutgoingMessage:
    with open_session(app) as session:
        found = session.get(OutgoingMessage, message_id)
        assert found is not None
        return found


def test_sms_is_sent_through_twilio_once(app: Flask, twilio_api: list[dict[str, Any]], redis_conn: Redis) -> None:
    first = queued(app, "+84912345678", "Mã hồ sơ 1234")
    assert queued(app, "+84912345678", "Mã hồ sơ 1234") == first
    assert [j.args for j in Queue("notification", connection=redis_conn).jobs] == [(first,)]
    send_in_app(app, first)
    send_in_app(app, first)
    assert twilio_api == [{"To": "+84912345678", "From": "+84900000000", "Body": "Mã hồ sơ 1234"}]
    sent = message(app, first)
    assert sent.state is MessageState.SENT and sent.provider_sid and sent.sent_at


def test_twilio_refusal_is_kept_and_raised(app: Flask, twilio_api: list[dict[str, Any]]) -> None:
    message_id = queued(app, "+1555", "x", key=None)
    with pytest.raises(TwilioRestException):
        send_in_app(app, message_id)
    failed = message(app, message_id)
    assert failed.state is MessageState.QUEUED and "21211" in (failed.error or "")


def test_without_twilio_the_sms_is_recorded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["TWILIO_ACCOUNT_SID"] = None
    message_id = queued(app, "+84912345678", "Hồ sơ")
    send_in_app(app, message_id)
    assert message(app, message_id).state is MessageState.RECORDED


def test_diacritics_can_be_stripped(app: Flask) -> None:
    centre = app.extensions["province"]
    app.extensions["province"] = replace(centre, hotline=replace(centre.hotline, sms_strip_diacritics=True))
    assert message(app, queued(app, "+84912345678", "Đã tiếp nhận hồ sơ")).body == "Da tiep nhan ho so"


def test_the_worker_gives_a_queued_sms_job_the_app(app: Flask, twilio_api: list[dict[str, Any]],
                                                   redis_conn: Redis) -> None:
    first = queued(app, "+84912345678", "Mã hồ sơ 1234")
    with app.app_context():
        HotlineWorker(["notification"], connection=redis_conn, app=app).work(burst=True)
    assert twilio_api == [{"To": "+84912345678", "From": "+84900000000", "Body": "Mã hồ sơ 1234"}]
    assert message(app, first).state is MessageState.SENT
