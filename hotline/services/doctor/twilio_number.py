"""The rule that asks Twilio where it sends the hotline number's calls, texts and call statuses."""

from __future__ import annotations

import json

from flask import Flask
from requests import RequestException
from twilio.base.exceptions import TwilioException
from twilio.base.exceptions import TwilioRestException
from twilio.http.response import Response

from hotline.services.doctor.finding import Finding
from hotline.services.doctor.settings import SMS_PATH
from hotline.services.doctor.settings import STATUS_PATH
from hotline.services.doctor.settings import VOICE_PATH
from hotline.services.doctor.settings import public_base
from hotline.services.sms import twilio_client

# The number's fields that must name the hotline's webhooks, and the fields giving their HTTP methods.
WEBHOOKS = (
    ("voice_url", "voice_method", VOICE_PATH),
    ("sms_url", "sms_method", SMS_PATH),
    ("status_callback", "status_callback_method", STATUS_PATH),
)


def refusal(exc: Exception) -> str | None:
    """What Twilio answered when it refused ("401 20003: Authenticate"); None when it did not answer."""
    if isinstance(exc, TwilioRestException):
        return f"{exc.status} {exc.code}: {exc.msg}"
    # A list call that gets an error page raises TwilioException("Unable to fetch page", response).
    response = exc.args[1] if len(exc.args) > 1 else None
    if not isinstance(response, Response):
        return None
    try:
        said = json.loads(response.text)
    except ValueError:
        said = {}
    return f"{response.status_code} {said.get('code', '-')}: {said.get('message', response.text[:200])}"


def check_twilio_number(app: Flask) -> Finding:
    """Compare the number's webhooks at Twilio (IncomingPhoneNumbers) with PUBLIC_BASE_URL and our paths."""
    found = Finding("twilio_number")
    client = twilio_client(app.config)
    base = public_base(app)
    if client is None or not base:
        found.problem("twilio_number.unset")
        return found
    number = app.config["TWILIO_FROM"]
    try:
        listed = client.incoming_phone_numbers.list(phone_number=number, limit=1)
    except (TwilioException, RequestException) as exc:
        refused = refusal(exc)
        if refused is not None:
            found.problem("twilio_number.refused", error=refused)
        else:
            found.problem("twilio_number.unreachable", error=str(exc))
        return found
    if not listed:
        found.problem("twilio_number.not_owned", number=number)
        return found
    told = listed[0]
    for url_field, method_field, path in WEBHOOKS:
        got, want = getattr(told, url_field), base + path
        if got != want:
            found.problem("twilio_number.mismatch", field=url_field, number=number, got=got or "-", want=want)
        method = (getattr(told, method_field) or "").upper()
        if got == want and method != "POST":
            found.problem("twilio_number.method", field=url_field, number=number, got=method or "-")
    if found.ok:
        found.note("twilio_number.ok", number=number, voice=told.voice_url, sms=told.sms_url)
    return found
