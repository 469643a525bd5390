"""The `caller` helper: a phone that signs its webhooks like Twilio and reads TwiML as XML."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from tests.conftest import PUBLIC_BASE_URL
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN

KNOWN_PHONE = "+84912345678"
_sids = itertools.count(1)


def sign(url: str, fields: dict[str, str] | list[tuple[str, str]]) -> str:
    """Twilio's signature for a POST of `fields` to the public `url`."""
    params: dict[str, list[str]] = {}
    for key, value in (fields.items() if isinstance(fields, dict) else fields):
        params.setdefault(key, []).append(value)

    class Multi(dict[str, list[str]]):
        def getall(self, key: str) -> list[str]:
            return self[key]

    return str(RequestValidator(TWILIO_TOKEN).compute_signature(url, Multi(params)))


def said(root: ET.Element) -> str:
    """Everything the caller hears in a TwiML document, in order."""
    return " ".join((el.text or "").strip() for el in root.iter("Say"))


class Caller:
    """One call: posts signed webhooks, remembers the last TwiML and answers it."""

    def __init__(self, client: FlaskClient, from_number: str = KNOWN_PHONE) -> None:
        self.client = client
        self.from_number = from_number
        self.call_sid = f"CA{next(_sids):032x}"
        self.last: ET.Element | None = None
        self.heard: list[str] = []

    def fields(self, **extra: str) -> dict[str, str]:
        return {"CallSid": self.call_sid, "AccountSid": TWILIO_SID, "From": self.from_number,
                "To": "+842553822000", "CallStatus": "in-progress", "Direction": "inbound", **extra}

    def post(self, path: str, fields: dict[str, str], signature: str | None = None) -> TestResponse:
        url = PUBLIC_BASE_URL + path
        return self.client.post(path, data=fields,
                                headers={"X-Twilio-Signature": signature or sign(url, fields)})

    def twiml(self, path: str, **extra: str) -> ET.Element:
        response = self.post(path, self.fields(**extra))
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        self.last = ET.fromstring(response.data)
        self.heard.append(said(self.last))
        return self.last

    def dial(self) -> ET.Element:
        return self.twiml("/ivr/voice")

    def _action(self, tag: str) -> str:
        assert self.last is not None
        element = self.last.find(f".//{tag}")
        assert element is not None, f"no <{tag}> in {ET.tostring(self.last).decode()}"
        return element.attrib["action"]

    def press(self, digits: str) -> ET.Element:
        """Answer the <Gather>: Twilio posts the keys without the final '#'."""
        return self.twiml(self._action("Gather"), Digits=digits.removesuffix("#"))

    def silence(self) -> ET.Element:
        return self.twiml(self._action("Gather"), Digits="")

    def record(self, duration: str = "4") -> ET.Element:
        """Speak into the <Record>: Twilio posts its recording callback and the action."""
        assert self.last is not None
        record = self.last.find("Record")
        assert record is not None
        sid = f"RE{next(_sids):032x}"
        url = f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Recordings/{sid}"
        callback = record.attrib["recordingStatusCallback"]
        recording = {"RecordingSid": sid, "RecordingUrl": url, "RecordingDuration": duration}
        self.post(callback, self.fields(RecordingStatus="completed", **recording))
        return self.twiml(record.attrib["action"], Digits="#", **recording)

    def follow(self) -> ET.Element:
        assert self.last is not None
        redirect = self.last.find("Redirect")
        assert redirect is not None
        return self.twiml((redirect.text or "").strip())

    def hang_up(self, status: str = "completed", duration: str = "42") -> TestResponse:
        return self.post("/ivr/status", self.fields(CallStatus=status, CallDuration=duration))


@pytest.fixture
def caller(client: FlaskClient) -> Callable[..., Caller]:
    """Make a caller: `caller()` rings from the known owner's number, `caller(from_number=...)` from any."""
    return lambda from_number=KNOWN_PHONE: Caller(client, from_number)


@pytest.fixture
def recorded_welcome(app: Flask, tmp_path: Path) -> Path:
    """A config directory like the shipped one, with a recorded `welcome` prompt; the app uses it."""
    config = tmp_path / "config"
    (config / "prompts").mkdir(parents=True)
    source = Path(app.config["CONFIG_DIR"])
    for name in ("province.toml", "calendar.toml", "procedures.toml"):
        (config / name).write_bytes((source / name).read_bytes())
    (config / "prompts" / "welcome.wav").write_bytes(b"RIFF")
    app.config["CONFIG_DIR"] = str(config)
    return config
