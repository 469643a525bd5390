"""Only Twilio's signed requests reach the flow; forged ones get 403 and write nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from hotline.models import Call
from hotline.web.twilio_signature import is_signed_by_twilio
from tests.conftest import PUBLIC_BASE_URL
from tests.conftest import TWILIO_TOKEN
from tests.ivr.conftest import Caller
from tests.ivr.conftest import sign

MakeCaller = Callable[..., Caller]

# The example in Twilio's security documentation.
DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOCS_PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234",
               "From": "+12349013030", "To": "+18005551212"}
DOCS_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_twilio_published_vector() -> None:
    validator = RequestValidator("12345")
    assert validator.compute_signature(DOCS_URL, DOCS_PARAMS) == DOCS_SIGNATURE
    assert validator.validate(DOCS_URL, DOCS_PARAMS, DOCS_SIGNATURE)
    assert not validator.validate(DOCS_URL, {**DOCS_PARAMS, "Digits": "1235"}, DOCS_SIGNATURE)


def test_the_app_checks_the_published_vector_against_its_public_url(app: Flask) -> None:
    """The app validates against PUBLIC_BASE_URL plus the path and query it was asked for."""
    app.config.update(TWILIO_AUTH_TOKEN="12345", PUBLIC_BASE_URL="https://mycompany.com")
    for query, expected in (("foo=1&bar=2", True), ("foo=1&bar=3", False)):
        with app.test_request_context(f"/myapp.php?{query}", method="POST", data=DOCS_PARAMS,
                                      headers={"X-Twilio-Signature": DOCS_SIGNATURE}):
            assert is_signed_by_twilio() is expected


def flip_first(signature: str) -> str:
    return ("B" if signature[0] == "A" else "A") + signature[1:]


def calls(session: Session) -> int:
    session.rollback()
    return int(session.scalar(select(func.count()).select_from(Call)) or 0)


@pytest.mark.parametrize("tamper", ["param", "url", "header", "missing", "token"])
@pytest.mark.parametrize("path", ["/ivr/voice", "/ivr/step/main_menu?n=1", "/ivr/recording?purpose=note",
                                  "/ivr/status", "/ivr/operator?n=1"])
def test_forged_requests_are_refused_and_write_nothing(
        caller: MakeCaller, session: Session, tamper: str, path: str) -> None:
    phone = caller()
    fields = phone.fields(Digits="1", RecordingSid="RE" + "1" * 32, CallStatus="completed",
                          RecordingUrl="https://api.twilio.com/r/RE1")
    url = PUBLIC_BASE_URL + path
    signature = {
        "param": sign(url, {**fields, "Digits": "2"}),
        "url": sign(PUBLIC_BASE_URL + "/ivr/other", fields),
        "header": flip_first(sign(url, fields)),
        "missing": "",
        "token": str(RequestValidator("another-token").compute_signature(url, fields)),
    }[tamper]
    response = phone.client.post(path, data=fields, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert calls(session) == 0


def test_repeated_form_keys_are_signed_and_checked(caller: MakeCaller, session: Session) -> None:
    phone = caller()
    fields = [*phone.fields().items(), ("Extra", "b"), ("Extra", "a")]
    url = PUBLIC_BASE_URL + "/ivr/voice"
    good = phone.client.post("/ivr/voice", data=MultiDict(fields), headers={"X-Twilio-Signature": sign(url, fields)})
    assert good.status_code == 200
    dropped_one = phone.client.post("/ivr/voice", data=MultiDict(fields[:-1]),
                                    headers={"X-Twilio-Signature": sign(url, fields)})
    assert dropped_one.status_code == 403


def test_without_public_base_url_the_request_url_is_used(app: Flask, caller: MakeCaller) -> None:
    app.config["PUBLIC_BASE_URL"] = None
    phone = caller()
    fields = phone.fields()
    signed_for_localhost = sign("http://localhost/ivr/voice", fields)
    assert phone.client.post("/ivr/voice", data=fields,
                             headers={"X-Twilio-Signature": signed_for_localhost}).status_code == 200
    assert TWILIO_TOKEN  # the app and the caller share the conftest token
