"""`hotline check` on the settings: each bad secret key, public address or Twilio setting is its own line."""

from __future__ import annotations

from typing import Any

from hotline.infra.settings import DEV_SECRET
from hotline.infra.settings import DEV_TWILIO_AUTH_TOKEN
from tests.doctor.conftest import Installation


def breaks(ready: Installation, part: str, settings: dict[str, Any], line: str) -> None:
    """With `settings`, checking `part` prints `line` (as its only problem) and exits 1."""
    kept = {name: ready.app.config.get(name) for name in settings}
    ready.app.config.update(settings)
    result = ready.check("--only", part)
    ready.app.config.update(kept)
    assert result.exit_code == 1, (settings, result.output)
    assert ready.problems(result) == [line], settings


def test_secret_key_unset_short_or_guessable(ready: Installation) -> None:
    assert ready.check("--only", "secret_key").exit_code == 0
    new = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    breaks(ready, "secret_key", {"SECRET_KEY": DEV_SECRET},
           "✗ Secret key (SECRET_KEY): SECRET_KEY is not set: console sessions are signed with the development "
           f"default. Set a random one, e.g. made with {new}")
    breaks(ready, "secret_key", {"SECRET_KEY": "Xy7-random-but-short"},
           f"✗ Secret key (SECRET_KEY): SECRET_KEY has only 20 characters; it needs at least 32. Make a new one "
           f"with {new}")
    breaks(ready, "secret_key", {"SECRET_KEY": "ab" * 20},
           "✗ Secret key (SECRET_KEY): SECRET_KEY repeats too few different characters to be hard to guess "
           f"(about 40 bits, 96 needed). Make a new one with {new}")


def test_public_url_must_be_absolute_and_https_in_production(ready: Installation) -> None:
    assert ready.check("--only", "public_url").exit_code == 0
    part = "✗ Public address (PUBLIC_BASE_URL): "
    breaks(ready, "public_url", {"PUBLIC_BASE_URL": "http://hotline.example.vn"},
           part + "PUBLIC_BASE_URL http://hotline.example.vn is not https while HOTLINE_ENV=production: Twilio "
           "and browsers must reach the hotline over https")
    breaks(ready, "public_url", {"PUBLIC_BASE_URL": "hotline.example.vn"},
           part + "PUBLIC_BASE_URL hotline.example.vn is not an absolute address: it needs the form https://host "
           "or https://host/path")
    breaks(ready, "public_url", {"PUBLIC_BASE_URL": "https://hotline.example.vn/?from=twilio"},
           part + "PUBLIC_BASE_URL https://hotline.example.vn/?from=twilio has a query (?) or a fragment (#): "
           "remove it, Twilio's signatures are checked on this address plus the webhook's path")
    breaks(ready, "public_url", {"PUBLIC_BASE_URL": "https://localhost:5000"},
           part + "PUBLIC_BASE_URL https://localhost:5000 names only this machine: Twilio cannot reach it")
    breaks(ready, "public_url", {"PUBLIC_BASE_URL": None},
           part + "PUBLIC_BASE_URL is not set: set the https address Twilio calls, e.g. https://hotline.example.vn")


def test_plain_http_is_fine_outside_production(ready: Installation) -> None:
    ready.app.config.update(HOTLINE_ENV="development", PUBLIC_BASE_URL="http://127.0.0.1:5000")
    assert ready.check("--only", "public_url").exit_code == 0


def test_twilio_sid_token_and_number_in_their_forms(ready: Installation) -> None:
    assert ready.check("--only", "twilio").exit_code == 0
    part = "✗ Twilio account: "
    breaks(ready, "twilio", {"TWILIO_ACCOUNT_SID": "AC123"},
           part + "TWILIO_ACCOUNT_SID AC123 is malformed: it is AC and 32 hex digits, as Twilio's console shows it")
    breaks(ready, "twilio", {"TWILIO_ACCOUNT_SID": None}, part + "TWILIO_ACCOUNT_SID is not set: no SMS can be sent")
    breaks(ready, "twilio", {"TWILIO_AUTH_TOKEN": "0123456789ABCDEF" * 2},
           part + "TWILIO_AUTH_TOKEN is malformed: it is 32 hex digits")
    breaks(ready, "twilio", {"TWILIO_AUTH_TOKEN": DEV_TWILIO_AUTH_TOKEN},
           part + "TWILIO_AUTH_TOKEN is not set: webhook signatures are checked with the development token, so "
           "every real call would be refused")
    breaks(ready, "twilio", {"TWILIO_FROM": "0255 3822 222"},
           part + "TWILIO_FROM 0255 3822 222 is not a valid phone number in E.164 form (like +84255...)")
    breaks(ready, "twilio", {"TWILIO_FROM": ""}, part + "TWILIO_FROM is not set: no SMS can be sent")
