"""Why Twilio did not take an SMS, whether trying again can help, and when to try."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.base.exceptions import TwilioServiceException

# Refusals about this number or this text, from Twilio's error dictionary: sending again cannot help.
# Any other refusal (an account or sender problem, say) is retried until the attempts run out, so a
# centre that fixes its settings still gets its texts out.
INVALID_NUMBER = 21211
NOT_MOBILE = 21614
LANDLINE = 21635
OPTED_OUT = 21610
PERMANENT_REFUSALS = {
    INVALID_NUMBER: "the 'To' number is not a valid phone number",
    NOT_MOBILE: "the 'To' number is not a mobile number",
    LANDLINE: "the 'To' number is a landline",
    OPTED_OUT: "the owner has opted out of texts from this sender (STOP)",
}

# What a send can meet: Twilio's answer (4xx, 5xx, 429), or no answer at all.
SEND_ERRORS = (TwilioRestException, TwilioServiceException, requests.ConnectionError, requests.Timeout)


@dataclass(frozen=True)
class SendFailure:
    """One failed attempt: its reason for the console, Twilio's error code, and whether to try again."""

    reason: str
    code: int | None
    transient: bool


def failure_of(exc: Exception) -> SendFailure:
    """Classify what `client.messages.create` raised (one of SEND_ERRORS)."""
    if isinstance(exc, TwilioRestException | TwilioServiceException):
        message = exc.msg if isinstance(exc, TwilioRestException) else exc.detail or exc.title
        # Without a JSON body the library reports the HTTP status as the code; that is no Twilio code.
        code = exc.code if exc.code != exc.status else None
        answer = f"Twilio {exc.status}" + (f" ({code})" if code else "")
        return SendFailure(f"{answer}: {message}", code, transient=code not in PERMANENT_REFUSALS)
    return SendFailure(f"no answer from Twilio: {type(exc).__name__}", None, transient=True)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long an SMS is tried, from the settings (SMS_*) or these defaults."""

    max_attempts: int = 10
    first_delay: float = 30
    max_delay: float = 3600
    # Longer than rq lets a notification job run (60 s): a row still sending after this was left by a dead worker.
    lease: float = 300

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> RetryPolicy:
        def setting(name: str, default: float) -> float:
            value = config.get(name)
            return default if value in (None, "") else float(value)

        return cls(max_attempts=int(setting("SMS_MAX_ATTEMPTS", cls.max_attempts)),
                   first_delay=setting("SMS_RETRY_SECONDS", cls.first_delay),
                   max_delay=setting("SMS_RETRY_CAP_SECONDS", cls.max_delay),
                   lease=setting("SMS_LEASE_SECONDS", cls.lease))

    def delay_after(self, attempts: int) -> timedelta:
        """The wait after `attempts` failed attempts: doubling from the first delay, never past the cap."""
        return timedelta(seconds=min(self.first_delay * 2 ** (attempts - 1), self.max_delay))
