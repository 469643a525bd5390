"""The supervisor of `hotline run`: the web app is the phone line, the worker is restarted when it dies.

Each child runs in a session of its own, so a terminal's Ctrl-C reaches only the supervisor, which then
stops the children one at a time, in the reverse of the order they were added (the worker before the web
app), each with SIGTERM and, after its timeout, SIGKILL to its whole process group. A second Ctrl-C while
stopping skips the timeouts. When a child ends, what it leaves in its process group (the worker's rq
scheduler) gets SIGTERM, so nothing outlives it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import click

from hotline.infra.backoff import Backoff
from hotline.infra.forks import exit_status
from hotline.infra.sessions import signal_session


@dataclass
class Child:
    """One supervised process: `restart` children come back after a backoff, the others are vital."""

    name: str
    args: list[str]
    restart: bool
    stop_timeout: float
    backoff: Backoff
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float | None = None


def exit_code(process: subprocess.Popen[bytes]) -> int | None:
    """The child's exit code once it has ended, after SIGTERM to what is left in its process group."""
    if process.returncode is not None:
        return process.returncode
    if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        return None
    # Not reaped yet: the ended leader still holds the group's id, so no other process can have it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    return process.wait()


def _say(line: str) -> None:
    click.echo(line, err=True)


class Supervisor:
    """Start the children, restart the ones that may be restarted, and stop them all in order."""

    def __init__(self, env: dict[str, str], *, first_delay: float = 1.0, max_delay: float = 30.0,
                 steady_after: float = 60.0, poll_interval: float = 0.2,
                 say: Callable[[str], None] = _say) -> None:
        self.env = env
        self.first_delay = first_delay
        self.max_delay = max_delay
        # A child that stayed up this long had recovered: its next restart waits `first_delay` again.
        self.steady_after = steady_after
        self.poll_interval = poll_interval
        self.say = say
        self.children: list[Child] = []
        self._stopping = threading.Event()
        self._hurry = threading.Event()

    def add(self, name: str, args: list[str], *, restart: bool, stop_timeout: float) -> None:
        backoff = Backoff(self.first_delay, self.max_delay)
        self.children.append(Child(name, args, restart, stop_timeout, backoff))

    def run(self) -> int:
        """Supervise until Ctrl-C or SIGTERM (0) or until a child that is not restarted ends (1)."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for child in self.children:
                self._start(child)
            return self._watch()
        finally:
            self._stopping.set()
            for child in reversed(self.children):
                self._stop(child)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        if self._stopping.is_set():
            self._hurry.set()
        self._stopping.set()

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.args, env=self.env, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        child.started_at = time.monotonic()
        child.restart_at = None
        self.say(f"{child.name} started (pid {child.process.pid})")

    def _watch(self) -> int:
        while not self._stopping.wait(self.poll_interval):
            now = time.monotonic()
            for child in self.children:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        self._start(child)
                    continue
                assert child.process is not None
                code = exit_code(child.process)
                if code is None:
                    continue
                if not child.restart:
                    self.say(f"{child.name} exited with {exit_status(code)}; stopping the hotline")
                    return 1
                if now - child.started_at >= self.steady_after:
                    child.backoff.reset()
                delay = child.backoff.next_delay()
                self.say(f"{child.name} exited with {exit_status(code)}; restarting in {delay:g} s")
                child.restart_at = now + delay
        return 0

    def _stop(self, child: Child) -> None:
        process = child.process
        if process is None or exit_code(process) is not None:
            return
        self.say(f"stopping {child.name}")
        process.terminate()
        deadline = time.monotonic() + child.stop_timeout
        while exit_code(process) is None and time.monotonic() < deadline and not self._hurry.is_set():
            self._hurry.wait(0.05)
        if exit_code(process) is None:
            self.say(f"killing {child.name}" if self._hurry.is_set()
                     else f"{child.name} did not stop within {child.stop_timeout:g} s; killing it")
            # The whole session: an rq job's process sits in a group of its own (infra/sessions.py).
            signal_session(process.pid, signal.SIGKILL)
            process.wait()
