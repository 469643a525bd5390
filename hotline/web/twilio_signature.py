"""Refuse webhooks that Twilio did not sign."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec
from typing import TypeVar

from flask import Response
from flask import current_app
from flask import request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def public_url() -> str:
    """The URL Twilio requested: PUBLIC_BASE_URL (behind a proxy) plus path and query, else request.url."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return base.rstrip("/") + request.path + (f"?{query}" if query else "")


def validator(token: str) -> RequestValidator:
    """The app's validator for `token`, made once rather than on every webhook."""
    made: dict[str, RequestValidator] = current_app.extensions.setdefault("twilio_validators", {})
    if token not in made:
        made[token] = RequestValidator(token)
    return made[token]


def is_signed_by_twilio() -> bool:
    """Check X-Twilio-Signature over the public URL and every form value, repeated keys included."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return bool(validator(token).validate(public_url(), request.form, signature))


def twilio_signed(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Answer 403, touching nothing, unless the request carries Twilio's valid signature."""

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if not is_signed_by_twilio():
            log.warning("refused an unsigned or forged webhook to %s", request.path)
            return Response("invalid Twilio signature\n", status=403, mimetype="text/plain")
        return view(*args, **kwargs)

    return checked
