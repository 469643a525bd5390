"""`hotline check --twilio`: Twilio's record of the number (IncomingPhoneNumbers) must name our webhooks.

Twilio's cloud is the edge of the world: a stand-in on 127.0.0.1 speaks its REST protocol to the real client.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from tests.doctor.conftest import READY_SETTINGS
from tests.doctor.conftest import TWILIO_SID
from tests.doctor.conftest import Installation
from tests.tools import LocalHTTPServer

BASE = READY_SETTINGS["PUBLIC_BASE_URL"]
NUMBER = READY_SETTINGS["TWILIO_FROM"]


def configured(**changes: str) -> dict[str, Any]:
    """The number as Twilio lists it, its webhooks pointing at the hotline unless `changes` say otherwise."""
    return {"sid": "PN" + "0" * 32, "account_sid": TWILIO_SID, "phone_number": NUMBER,
            "voice_url": BASE + "/ivr/voice", "voice_method": "POST", "sms_url": BASE + "/sms/inbound",
            "sms_method": "POST", "status_callback": BASE + "/ivr/status", "status_callback_method": "POST",
            **changes}


class FakeTwilio(BaseHTTPRequestHandler):
    numbers: list[dict[str, Any]] = []
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        self.asked.append(self.path)
        auth = base64.b64decode(self.headers.get("Authorization", "x x").split()[1]).decode()
        if auth != f"{TWILIO_SID}:{READY_SETTINGS['TWILIO_AUTH_TOKEN']}":
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if url.path != f"/2010-04-01/Accounts/{TWILIO_SID}/IncomingPhoneNumbers.json":
            return self.answer(404, {"code": 20404, "message": "Not found", "status": 404})
        wanted = parse_qs(url.query).get("PhoneNumber", [None])[0]
        listed = [n for n in self.numbers if wanted in (None, n["phone_number"])]
        self.answer(200, {"incoming_phone_numbers": listed, "next_page_uri": None, "page": 0, "page_size": 50,
                          "start": 0, "end": len(listed) - 1, "uri": url.path, "first_page_uri": url.path,
                          "previous_page_uri": None})

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
def twilio(ready: Installation) -> Iterator[type[FakeTwilio]]:
    server = LocalHTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.numbers, FakeTwilio.asked = [configured()], []
    ready.app.config["TWILIO_API_URL"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield FakeTwilio
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_number_whose_webhooks_point_at_the_hotline(ready: Installation, twilio: type[FakeTwilio]) -> None:
    result = ready.check("--twilio", "--only", "twilio_number", "--verbose")
    assert result.exit_code == 0, result.output
    assert f"✓ Twilio phone number: {NUMBER}: calls to {BASE}/ivr/voice, SMS to {BASE}/sms/inbound" in result.output
    assert twilio.asked and "PhoneNumber=%2B842553822222" in twilio.asked[0]


def test_only_the_twilio_flag_asks_twilio(ready: Installation, twilio: type[FakeTwilio]) -> None:
    ready.check("--only", "secret_key")
    ready.check()
    assert twilio.asked == []


def test_webhooks_that_point_elsewhere(ready: Installation, twilio: type[FakeTwilio]) -> None:
    twilio.numbers = [configured(voice_url="https://old-host.example.vn/ivr/voice", status_callback="",
                                 sms_method="GET")]
    result = ready.check("--twilio", "--only", "twilio_number")
    assert result.exit_code == 1
    assert ready.problems(result) == [
        f"✗ Twilio phone number: Twilio sends the voice_url of {NUMBER} to https://old-host.example.vn/ivr/voice, "
        f"but the hotline answers at {BASE}/ivr/voice: change the number's configuration at Twilio",
        f"✗ Twilio phone number: Twilio calls the sms_url of {NUMBER} with GET; it must be POST",
        f"✗ Twilio phone number: Twilio sends the status_callback of {NUMBER} to -, but the hotline answers at "
        f"{BASE}/ivr/status: change the number's configuration at Twilio",
    ]


def test_a_number_the_account_does_not_have(ready: Installation, twilio: type[FakeTwilio]) -> None:
    twilio.numbers = [configured(phone_number="+842553800000")]
    result = ready.check("--twilio", "--only", "twilio_number")
    assert result.exit_code == 1
    assert ready.problems(result) == [f"✗ Twilio phone number: The Twilio account has no number {NUMBER}: fix "
                                      "TWILIO_FROM"]


def test_credentials_twilio_refuses(ready: Installation, twilio: type[FakeTwilio]) -> None:
    ready.app.config["TWILIO_AUTH_TOKEN"] = "f" * 32
    result = ready.check("--twilio", "--only", "twilio_number")
    assert result.exit_code == 1
    assert ready.problems(result) == ["✗ Twilio phone number: Twilio refused the request: 401 20003: Authenticate"]


def test_twilio_out_of_reach(ready: Installation) -> None:
    ready.app.config["TWILIO_API_URL"] = "http://127.0.0.1:9"  # the discard port: nothing listens
    result = ready.check("--twilio", "--only", "twilio_number")
    assert result.exit_code == 1
    [line] = ready.problems(result)
    assert line.startswith("✗ Twilio phone number: Twilio could not be reached: ")
