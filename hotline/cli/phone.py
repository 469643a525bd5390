"""`hotline call`: a phone on the command line that speaks Twilio's webhook protocol to the app."""

from __future__ import annotations

import math
import shutil
import tempfile
import threading
import time
import uuid
import wave
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin
from urllib.parse import urlsplit

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from twilio.request_validator import RequestValidator

from hotline.speech.sample import SampleToolError
from hotline.speech.sample import synthesize

ACCOUNT_SID = "AC" + "0" * 32
# Seconds before each retry of a webhook that got no whole answer (refused, or cut before or during the
# reply): Twilio retries such a webhook when its URL carries the connection override `#rc=5&rp=ct,rt`, so
# a restart of the web app between two keypresses costs the caller a pause, not the call. Every webhook is
# answered once (a retry gets the stored answer), so sending one again is safe.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
NO_WHOLE_ANSWER = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
DEFAULT_NOTE = "Tôi muốn cấp lại giấy phép khai thác thủy sản cho tàu của tôi."


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a line per request, which would break up the conversation the phone prints."""

    def log_message(self, format: str, *args: Any) -> None:
        return


class RecordingServer:
    """Serves the caller's WAV as Twilio serves recordings: at RecordingUrl and RecordingUrl + ".wav"."""

    def __init__(self, audio: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="hotline-call-"))
        self.audio = audio
        handler = partial(QuietHandler, directory=str(self.dir))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, sid: str) -> str:
        for name in (sid, f"{sid}.wav"):
            shutil.copyfile(self.audio, self.dir / name)
        return f"http://127.0.0.1:{self.server.server_address[1]}/{sid}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)


def speak_to_wav(text: str, target: Path) -> Path:
    """Vietnamese speech at telephone quality (8 kHz, mono, 16-bit) with espeak-ng and sox."""
    try:
        target.write_bytes(synthesize(text, rate=8000, voice="vi"))
    except SampleToolError as exc:
        raise click.ClickException(f"--say needs espeak-ng and sox: {exc}; or give --audio FILE") from exc
    return target


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def played_prompt(url: str) -> str:
    """Name the recorded prompt a <Play> URL of the hotline's plays ("…/prompts/welcome.en.mp3" -> "prompt
    welcome (en)"), so the conversation reads like the prompts module; any other URL as it is."""
    path = urlsplit(url).path
    if "/prompts/" not in path:
        return url
    stem = PurePosixPath(path).stem
    prompt_id, _dot, lang = stem.partition(".")
    return f"prompt {prompt_id}" + (f" ({lang})" if lang else "")


class Phone:
    """One call: posts signed webhooks, reads the TwiML and answers it."""

    def __init__(self, url: str, token: str, from_number: str, keys: list[str] | None,
                 recorder: RecordingServer, echo: Callable[[str], None] = click.echo) -> None:
        self.base = url.rstrip("/")
        self.validator = RequestValidator(token)
        self.from_number = from_number
        self.keys = keys
        self.recorder = recorder
        self.echo = echo
        self.call_sid = "CA" + uuid.uuid4().hex
        self.started = time.monotonic()
        # Seconds the caller spoke into <Record>s: the phone answers them at once with the whole WAV, but on a
        # real line they take that long, and the call with them.
        self.seconds_spoken = 0.0
        # Webhooks sent again after getting no answer (RETRY_DELAYS).
        self.retries = 0

    def fields(self, **extra: str) -> dict[str, str]:
        return {"CallSid": self.call_sid, "AccountSid": ACCOUNT_SID, "From": self.from_number,
                "To": "+842553822000", "CallStatus": "in-progress", "Direction": "inbound", **extra}

    def post(self, url: str, **extra: str) -> ET.Element:
        fields = self.fields(**extra)
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, fields)}
        response = self.send(url, fields, headers)
        if response.status_code != 200:
            raise click.ClickException(f"{url} answered {response.status_code}: {response.text[:200]}")
        return ET.fromstring(response.content)

    def send(self, url: str, fields: dict[str, str], headers: dict[str, str]) -> requests.Response:
        """POST once, and again after each delay of RETRY_DELAYS while no whole answer comes back."""
        for delay in RETRY_DELAYS:
            try:
                return requests.post(url, data=fields, headers=headers, timeout=30)
            except NO_WHOLE_ANSWER:
                self.retries += 1
                time.sleep(delay)
        try:
            return requests.post(url, data=fields, headers=headers, timeout=30)
        except NO_WHOLE_ANSWER as exc:
            raise click.ClickException(f"{url} did not answer after {len(RETRY_DELAYS)} retries: {exc}") from exc

    def next_keys(self) -> str | None:
        """The next answer: from --keys (None when they run out: hang up) or typed ("" is silence)."""
        if self.keys is None:
            try:
                return input("  ⌨  keys> ").strip()
            except EOFError:
                return None
        return self.keys.pop(0) if self.keys else None

    def call(self) -> None:
        url = self.base + "/ivr/voice"
        document: ET.Element | None = self.post(url)
        try:
            while document is not None:
                document, url = self.play(document, url)
        finally:
            seconds = str(self.duration())
            self.post(self.base + "/ivr/status", CallStatus="completed", CallDuration=seconds)
            self.echo(f"  ☎  call ended after {seconds} s")

    def duration(self) -> int:
        """The call's length in whole seconds, as Twilio counts it (rounded up): the time it took, with the
        time the caller spoke into its recordings."""
        return max(1, math.ceil(time.monotonic() - self.started + self.seconds_spoken))

    def play(self, document: ET.Element, url: str) -> tuple[ET.Element | None, str]:
        """Act out one TwiML document; return the next one and its URL (None: the call is over)."""
        for verb in document:
            self.show(verb)
            if verb.tag == "Gather":
                keys = self.next_keys()
                if keys is None:
                    return None, url
                self.echo(f"  ⌨  {keys or '(silence)'}")
                action = urljoin(url, verb.attrib["action"])
                return self.post(action, Digits=keys.removesuffix("#")), action
            if verb.tag == "Record":
                action = urljoin(url, verb.attrib["action"])
                return self.record(verb, url), action
            if verb.tag == "Redirect":
                target = urljoin(url, (verb.text or "").strip())
                return self.post(target), target
            if verb.tag in ("Hangup", "Dial", "Enqueue"):
                return None, url
        return None, url

    def show(self, verb: ET.Element) -> None:
        for element in verb.iter():
            if element.tag == "Say" and element.text:
                self.echo(f"  ☎  {element.text.strip()}")
            elif element.tag == "Play":
                self.echo(f"  ☎  [plays {played_prompt(element.text or '')}]")
            elif element.tag in ("Dial", "Enqueue"):
                self.echo(f"  ☎  [{element.tag.lower()}: {' '.join(element.itertext()).strip()}]")

    def record(self, verb: ET.Element, url: str) -> ET.Element:
        sid = "RE" + uuid.uuid4().hex
        recording_url = self.recorder.publish(sid)
        spoken = wav_seconds(self.recorder.audio)
        self.seconds_spoken += spoken
        duration = str(max(1, round(spoken)))
        self.echo(f"  🎙  (speaks for {duration} s, then presses #)")
        details = {"RecordingSid": sid, "RecordingUrl": recording_url, "RecordingDuration": duration}
        callback = verb.attrib.get("recordingStatusCallback")
        if callback:
            self.post(urljoin(url, callback), RecordingStatus="completed", **details)
        return self.post(urljoin(url, verb.attrib["action"]), Digits="#", **details)


@click.command("call")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True, help="The running app.")
@click.option("--from", "from_number", default="+84912345678", show_default=True)
@click.option("--keys", default=None, help='Scripted answers, e.g. "1 1 90123# 1"; typed when absent.')
@click.option("--audio", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A WAV to answer every <Record> with.")
@click.option("--say", "say_text", default=None, help="Text spoken (espeak-ng -v vi) for every <Record>.")
@click.option("--token", default=None, help="The app's TWILIO_AUTH_TOKEN (default: the app's setting).")
@click.option("--linger", default=5.0, show_default=True, help="Seconds to keep serving recordings after the call.")
@with_appcontext
def call_command(url: str, from_number: str, keys: str | None, audio: Path | None, say_text: str | None,
                 token: str | None, linger: float) -> None:
    """Place a call to the hotline from the command line, as Twilio would."""
    token = token or current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise click.UsageError("no token: set TWILIO_AUTH_TOKEN or pass --token")
    workdir = Path(tempfile.mkdtemp(prefix="hotline-voice-"))
    if audio is None:
        audio = speak_to_wav(say_text or DEFAULT_NOTE, workdir / "note.wav")
    recorder = RecordingServer(audio)
    try:
        Phone(url, token, from_number, keys.split() if keys is not None else None, recorder).call()
        time.sleep(linger)
    finally:
        recorder.close()
        shutil.rmtree(workdir, ignore_errors=True)
