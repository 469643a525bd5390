"""Download a recording's audio, only from hosts the hotline trusts.

Allowed: Twilio's API under the configured account (with the account's credentials); outside
production, loopback hosts, where `hotline call` serves its recordings; and any origin listed in
RECORDING_HOSTS (comma-separated, e.g. "http://10.0.0.5:8080"). Credentials go to Twilio only.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

TWILIO_API_HOST = "api.twilio.com"
LOOPBACK_NAMES = {"localhost"}
FETCH_TIMEOUT = (5, 30)
# Bytes per second of the largest WAV we accept (48 kHz, 16-bit, stereo) bounds the download.
MAX_BYTES_PER_SECOND = 48_000 * 2 * 2


class FetchError(RuntimeError):
    """The audio could not be downloaded."""


class ForeignHostError(FetchError):
    """The recording URL points at a host the hotline does not fetch from."""


class AudioNotReadyError(FetchError):
    """The host does not have the audio yet (Twilio answers 404 until the recording is stored)."""


class AudioTooLargeError(FetchError):
    """The download is bigger than any recording within the length limit could be."""


def audio_url(recording_url: str) -> str:
    """Twilio's RecordingUrl names the resource; `.wav` asks for the audio as WAV."""
    return recording_url if recording_url.endswith(".wav") else recording_url + ".wav"


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listed_origins(config: Mapping[str, Any]) -> set[str]:
    listed = config.get("RECORDING_HOSTS") or ""
    return {origin.strip().rstrip("/") for origin in listed.split(",") if origin.strip()}


def is_twilio_url(url: str, config: Mapping[str, Any]) -> bool:
    parts = urlsplit(url)
    sid = config.get("TWILIO_ACCOUNT_SID")
    prefix = f"/2010-04-01/Accounts/{sid}/Recordings/"
    return (bool(sid) and parts.scheme == "https" and parts.hostname == TWILIO_API_HOST
            and parts.port is None and parts.path.startswith(prefix) and ".." not in parts.path)


def check_url(url: str, config: Mapping[str, Any]) -> None:
    """Raise ForeignHostError unless the URL is on a host the hotline fetches recordings from."""
    if is_twilio_url(url, config):
        return
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin in _listed_origins(config):
        return
    production = config.get("HOTLINE_ENV") == "production"
    if not production and parts.scheme in {"http", "https"} and _is_loopback(parts.hostname or ""):
        return
    raise ForeignHostError(f"refused to fetch audio from {origin or url!r}: not Twilio's API for this "
                           "account, a loopback host in development, nor listed in RECORDING_HOSTS")


def fetch_audio(recording_url: str, config: Mapping[str, Any], max_seconds: float) -> bytes:
    """Download the WAV of a recording, refusing foreign hosts and oversized bodies."""
    url = audio_url(recording_url)
    check_url(url, config)
    twilio = is_twilio_url(url, config)
    auth = (config["TWILIO_ACCOUNT_SID"], config.get("TWILIO_AUTH_TOKEN") or "") if twilio else None
    limit = int(max_seconds * MAX_BYTES_PER_SECOND) + 4096
    try:
        # Twilio may redirect to its media storage (requests drops the credentials on a new host);
        # nobody else gets to send the worker elsewhere.
        with requests.get(url, auth=auth, timeout=FETCH_TIMEOUT, stream=True, allow_redirects=twilio) as resp:
            if resp.status_code == 404:
                raise AudioNotReadyError(f"audio not ready yet: {url} answered 404")
            if resp.status_code != 200:
                raise FetchError(f"audio download failed: {url} answered {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_content(64 * 1024):
                body += chunk
                if len(body) > limit:
                    raise AudioTooLargeError(f"too long: the download exceeds {limit} bytes "
                                             f"({max_seconds:.0f} s of audio at most)")
    except requests.RequestException as exc:
        raise FetchError(f"audio download failed: {exc}") from exc
    return bytes(body)
