"""The callers: the notes they speak and where those are served from, their phone, what they did, and the watchers
that note each transcript and keep the workers fed."""

from __future__ import annotations

import random
import subprocess
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from typing import cast
from urllib.parse import urljoin

import requests
from sqlalchemy import select

from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.infra.db import get_database
from hotline.infra.queue import get_queue
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.speech.jobs import transcribe_recording

TOKEN = "bench-token"  # the Twilio auth token the app is given and the phones sign with
NOTE_TEXT = ("Tôi là chủ tàu cá ở xã Bình Châu. Tôi muốn cấp lại giấy phép khai thác thủy sản cho tàu của tôi "
             "và xin gửi kết quả về nhà ở thôn Đông.")
NOTE_LENGTHS = (10, 20, 30, 45, 60)
# The branches a caller takes, with their share of calls and the keys pressed ("rec" speaks a note).
BRANCHES: dict[str, tuple[float, list[str]]] = {
    "new dossier": (0.60, ["1", "2", "90123#", "1", "rec", "1", ""]),
    "status": (0.25, ["2", "1#", "", ""]),
    "feedback": (0.10, ["3", "rec"]),
    "operator": (0.05, ["0", "rec"]),
}


def make_notes(workdir: Path) -> dict[int, bytes]:
    """Vietnamese speech (espeak-ng, 8 kHz mono 16-bit), repeated and cut to each of NOTE_LENGTHS seconds."""
    spoken, base = workdir / "spoken.wav", workdir / "base.wav"
    subprocess.run(["espeak-ng", "-v", "vi", "-w", str(spoken), NOTE_TEXT], check=True)
    subprocess.run(["sox", str(spoken), "-r", "8000", "-c", "1", "-b", "16", str(base)], check=True)
    notes = {}
    for length in NOTE_LENGTHS:
        target = workdir / f"note-{length}.wav"
        subprocess.run(["sox", str(base), str(target), "repeat", str(length // 5 + 1), "trim", "0", str(length)],
                       check=True)
        notes[length] = target.read_bytes()
    return notes


class NoteHost:
    """Serves the notes as Twilio serves recordings: /<length>/<RecordingSid> and the same + ".wav"."""

    def __init__(self, notes: dict[int, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                length = self.path.strip("/").split("/", 1)[0]
                body = notes.get(int(length)) if length.isdigit() else None
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "audio/x-wav")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, length: int, sid: str) -> str:
        return f"{self.origin}/{length}/{sid}"


@dataclass
class Tally:
    """What the callers did, by (callers, phase)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    phase: tuple[int, str] = (0, "warmup")
    steps: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    errors: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    # RecordingSid -> (note length, phase when spoken, hang-up time, phase at hang-up)
    notes: dict[str, tuple[int, tuple[int, str], float, tuple[int, str]]] = field(default_factory=dict)
    filed_by: set[str] = field(default_factory=set)

    def step(self, seconds: float) -> None:
        with self.lock:
            self.steps.setdefault(self.phase, []).append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.setdefault(self.phase, []).append(what)


class PacedPhone(Phone):
    """`hotline call`'s phone at a human pace: 3-8 s before each answer, a note as long as its recording."""

    def __init__(self, base: str, from_number: str, keys: list[str], host: NoteHost, tally: Tally,
                 http: requests.Session, stop: threading.Event) -> None:
        super().__init__(base, TOKEN, from_number, keys, cast(RecordingServer, None), echo=lambda _text: None)
        self.host, self.tally, self.http, self.stop = host, tally, http, stop
        self.spoken: list[tuple[str, int, tuple[int, str]]] = []

    def post(self, url: str, **extra: str) -> ET.Element:
        fields = self.fields(**extra)
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, fields)}
        started = time.perf_counter()
        try:
            response = self.http.post(url, data=fields, headers=headers, timeout=30)
        except requests.RequestException as exc:
            self.tally.error(f"{url}: {type(exc).__name__}")
            raise
        self.tally.step(time.perf_counter() - started)
        if response.status_code != 200:
            self.tally.error(f"{url}: HTTP {response.status_code}")
            raise RuntimeError(f"{url} answered {response.status_code}")
        return ET.fromstring(response.content)

    def next_keys(self) -> str | None:
        self.stop.wait(random.uniform(3, 8))
        return super().next_keys()

    def record(self, verb: ET.Element, url: str) -> ET.Element:
        length = random.choice(NOTE_LENGTHS)
        sid = "RE" + uuid.uuid4().hex
        self.stop.wait(length)  # the caller speaks, then presses #
        self.spoken.append((sid, length, self.tally.phase))
        details = {"RecordingSid": sid, "RecordingUrl": self.host.url(length, sid), "RecordingDuration": str(length)}
        callback = verb.attrib.get("recordingStatusCallback")
        if callback:
            self.post(urljoin(url, callback), RecordingStatus="completed", **details)
        return self.post(urljoin(url, verb.attrib["action"]), Digits="#", **details)


def caller(base: str, phones: list[str], host: NoteHost, tally: Tally, stop: threading.Event) -> None:
    """One caller line: whole calls one after another, the branch drawn by its share, until stop."""
    http = requests.Session()
    names = list(BRANCHES)
    weights = [BRANCHES[name][0] for name in names]
    stop.wait(random.uniform(0, 8))
    while not stop.is_set():
        branch = random.choices(names, weights)[0]
        with tally.lock:
            filed = list(tally.filed_by)
        if branch == "status" and not filed:
            branch = "new dossier"
        phone = random.choice(filed if branch == "status" else phones)
        keys = [key for key in BRANCHES[branch][1] if key != "rec"]
        # "rec" marks where the caller is asked for a note: the phone answers a <Record> itself.
        call = PacedPhone(base, phone, keys, host, tally, http, stop)
        try:
            call.call()
        except Exception:  # noqa: BLE001 - counted in the tally; the caller line places its next call
            pass
        hung_up = time.time()
        with tally.lock:
            tally.calls[branch] = tally.calls.get(branch, 0) + 1
            if branch == "new dossier":
                tally.filed_by.add(phone)
            for sid, length, spoken in call.spoken:
                tally.notes[sid] = (length, spoken, hung_up, tally.phase)


def watch_transcripts(app: Any, tally: Tally, done: dict[str, tuple[float, str]], stop: threading.Event) -> None:
    """Note the time each caller's recording reaches a final transcript status (polled every 0.5 s)."""
    while not stop.is_set():
        with tally.lock:
            waiting = [sid for sid in tally.notes if sid not in done]
        if waiting:
            with app.app_context(), get_database().sessions() as session:
                rows = session.execute(select(Recording.recording_sid, Recording.status)
                                       .where(Recording.recording_sid.in_(waiting[:500]))).all()
            now = time.time()
            for sid, status in rows:
                if status.is_final:
                    done[sid] = (now, status.value)
        stop.wait(0.5)


def add_filler(app: Any, host: NoteHost, length: int | None = None) -> None:
    """One note not from a caller, queued as a call would queue it: keeps the workers busy."""
    length = length or random.choice(NOTE_LENGTHS)
    sid = "RE" + uuid.uuid4().hex
    with app.app_context(), get_database().sessions() as session:
        rec = Recording(recording_sid=sid, url=host.url(length, sid), purpose=RecordingPurpose.NOTE,
                        duration_s=length, status=TranscriptStatus.QUEUED)
        session.add(rec)
        session.commit()
        get_queue("transcription").enqueue(transcribe_recording, rec.id)


def feed(app: Any, host: NoteHost, tally: Tally, stop: threading.Event) -> None:
    """While a busy phase runs, add a filler note whenever the transcription queue is empty."""
    while not stop.is_set():
        if tally.phase[1] in ("busy", "warmup"):
            with app.app_context():
                if get_queue("transcription").count == 0:
                    add_filler(app, host)
        stop.wait(0.5)

