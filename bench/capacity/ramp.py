"""The callers ramped in levels under gunicorn, each level measured with the workers stopped and then busy."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from typing import Any

from bench.capacity.callers import NoteHost
from bench.capacity.callers import Tally
from bench.capacity.callers import caller
from bench.capacity.callers import feed
from bench.capacity.callers import watch_transcripts
from bench.capacity.processes import free_port
from bench.capacity.processes import signal_workers
from bench.capacity.processes import start_gunicorn
from bench.capacity.processes import start_workers
from bench.capacity.processes import stop_workers
from bench.capacity.processes import wait_for_port
from bench.capacity.processes import wait_loaded
from bench.capacity.report import report_delays
from bench.capacity.report import report_header
from bench.capacity.report import report_level
from bench.capacity.report import report_verdict
from hotline.infra.queue import get_queue


def load_test(app: Any, env: dict[str, str], host: NoteHost, phones: list[str], levels: list[int], seconds: float,
              drain_cap: float, settle: float, note_wait: float, keep_going: bool) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = start_gunicorn(port, {**env, "PUBLIC_BASE_URL": base})
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
        report_header(seconds)
        for callers in levels:
            while len(lines) < callers:
                line = threading.Thread(target=caller, args=(base, phones, host, tally, stop), daemon=True)
                line.start()
                lines.append(line)
            if measure_level(app, workers, tally, done, callers, seconds, drain_cap, settle, note_wait):
                passed_levels.append(callers)
            elif not keep_going:
                break
        wind_down(lines, helpers, tally, done, stop, stop_watch, note_wait)
        report_verdict(tally, passed_levels)
        report_delays(tally, done, levels)
    finally:
        stop.set()
        stop_watch.set()
        stop_workers(workers)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def measure_level(app: Any, workers: list[subprocess.Popen[bytes]], tally: Tally, done: dict[str, tuple[float, str]],
                  callers: int, seconds: float, drain_cap: float, settle: float, note_wait: float) -> bool:
    """One level's two phases on the running callers, workers stopped then busy; whether the level passes."""
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
    return ok


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


def wind_down(lines: list[threading.Thread], helpers: list[threading.Thread], tally: Tally,
              done: dict[str, tuple[float, str]], stop: threading.Event, stop_watch: threading.Event,
              note_wait: float) -> None:
    """Let the callers finish their calls, wait for the notes still being transcribed, then stop watching."""
    stop.set()
    for line in lines:
        line.join(timeout=90)
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
