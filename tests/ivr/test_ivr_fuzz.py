"""Any form values, signed or not, get valid TwiML or a 403 from every webhook — never a 5xx."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hotline.ivr.flow import FLOW
from tests.conftest import PUBLIC_BASE_URL
from tests.ivr.conftest import Caller
from tests.ivr.conftest import sign

MakeCaller = Callable[..., Caller]

FIELDS = ["CallSid", "From", "To", "Digits", "AccountSid", "CallStatus", "CallDuration", "RecordingSid",
          "RecordingUrl", "RecordingStatus", "RecordingDuration", "SpeechResult"]
# Text Twilio could plausibly send, and text it never would.
values = st.one_of(st.text(max_size=80), st.sampled_from(["", "1", "#", "*", "90123", "completed", "no-answer",
                                                          "CA" + "a" * 32, "RE" + "b" * 32, "-1", "1e309",
                                                          "http://127.0.0.1:9/x", "+84912345678"]))
forms = st.dictionaries(st.sampled_from(FIELDS) | st.text(min_size=1, max_size=10), values, max_size=10)
paths = st.one_of(
    st.sampled_from(["/ivr/voice", "/ivr/status", "/ivr/recording", "/ivr/operator"]),
    st.builds(lambda s, n: f"/ivr/step/{s}?n={n}", st.sampled_from([*FLOW, "nowhere"]), st.integers(0, 5)),
    st.builds(lambda p: f"/ivr/recording?purpose={p}",
              st.sampled_from(["note", "name", "address", "feedback", "voicemail", "x"])),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def well_formed(text: str) -> bool:
    # The form encoder cannot carry lone surrogates; Twilio cannot send them either.
    return all(not 0xD800 <= ord(ch) <= 0xDFFF for ch in text)


@SETTINGS
@given(path=paths, form=forms, signed=st.booleans(), sid=st.sampled_from(["CA" + "1" * 32, "CA" + "2" * 32]))
def test_every_webhook_answers_twiml_or_403(caller: MakeCaller, caplog: pytest.LogCaptureFixture, path: str,
                                            form: dict[str, str], signed: bool, sid: str) -> None:
    form = {k: v for k, v in form.items() if well_formed(k) and well_formed(v)}
    form.setdefault("CallSid", sid)
    phone = caller()
    signature = sign(PUBLIC_BASE_URL + path, form) if signed else "forged"
    response = phone.client.post(path, data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code in (200, 403), response.data
    if response.status_code == 200:
        assert ET.fromstring(response.data).tag == "Response"
        # The apology is valid TwiML too, but it must stay the last resort, not the answer to odd input.
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    else:
        assert not signed
