"""Rules for the settings a centre must give before going live: the secret key, the public address, Twilio."""

from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import urlsplit

import phonenumbers
from flask import Flask

from hotline.infra.settings import DEV_SECRET
from hotline.infra.settings import DEV_TWILIO_AUTH_TOKEN
from hotline.services.doctor.finding import Finding
from hotline.services.doctor.texts import NEW_SECRET

SECRET_MIN_LENGTH = 32
# What the characters' spread suggests; a random key of 32 characters from secrets.token_urlsafe has ~150.
SECRET_MIN_BITS = 96
ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
AUTH_TOKEN = re.compile(r"[0-9a-f]{32}")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
# The webhooks Twilio is told about, as the interface contract names them.
VOICE_PATH = "/ivr/voice"
SMS_PATH = "/sms/inbound"
STATUS_PATH = "/ivr/status"


def estimated_bits(secret: str) -> int:
    """The key's length times the Shannon entropy of its characters: low for repeats and short alphabets."""
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return int(per_char * len(secret))


def check_secret_key(app: Flask) -> Finding:
    found = Finding("secret_key")
    key = app.config.get("SECRET_KEY") or ""
    if isinstance(key, bytes):
        key = key.decode("latin-1")
    bits = estimated_bits(key) if key else 0
    if not key or key == DEV_SECRET:
        found.problem("secret_key.unset", command=NEW_SECRET)
    elif len(key) < SECRET_MIN_LENGTH:
        found.problem("secret_key.short", length=len(key), minimum=SECRET_MIN_LENGTH, command=NEW_SECRET)
    elif bits < SECRET_MIN_BITS:
        found.problem("secret_key.guessable", bits=bits, minimum=SECRET_MIN_BITS, command=NEW_SECRET)
    else:
        found.note("secret_key.ok", length=len(key), bits=bits)
    return found


def public_base(app: Flask) -> str:
    return str(app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")


def check_public_url(app: Flask) -> Finding:
    found = Finding("public_url")
    url = app.config.get("PUBLIC_BASE_URL")
    if not url:
        found.problem("public_url.unset")
        return found
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        found.problem("public_url.relative", url=url)
        return found
    production = app.config.get("HOTLINE_ENV") == "production"
    if production and parts.scheme != "https":
        found.problem("public_url.not_https", url=url)
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        found.problem("public_url.query", url=url)
    if production and parts.hostname in LOCAL_HOSTS:
        found.problem("public_url.local", url=url)
    if found.ok:
        found.note("public_url.ok", url=url, voice=public_base(app) + VOICE_PATH)
    return found


def is_e164(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164 == number and phonenumbers.is_valid_number(parsed)


def check_twilio(app: Flask) -> Finding:
    found = Finding("twilio")
    sid = app.config.get("TWILIO_ACCOUNT_SID") or ""
    token = app.config.get("TWILIO_AUTH_TOKEN") or ""
    number = app.config.get("TWILIO_FROM") or ""
    if not sid:
        found.problem("twilio.sid_unset")
    elif not ACCOUNT_SID.fullmatch(sid):
        found.problem("twilio.sid_malformed", sid=sid)
    if not token or token == DEV_TWILIO_AUTH_TOKEN:
        found.problem("twilio.token_unset")
    elif not AUTH_TOKEN.fullmatch(token):
        found.problem("twilio.token_malformed")
    if not number:
        found.problem("twilio.from_unset")
    elif not is_e164(number):
        found.problem("twilio.from_malformed", number=number)
    if found.ok:
        found.note("twilio.ok", sid=sid, number=number)
    return found
