"""A pool of forked processes: the parent loads what they share, then forks them, restarts the ones that die
and passes a stop on to them.

A forked process shares its parent's pages copy-on-write, so what the parent loaded before forking (the
speech model: hundreds of MB) is in memory once, however many processes use it. The processes stay in the
parent's process group, so whatever stops the group (systemd's SIGKILL after its timeout, `hotline run`'s
supervisor) reaches them too. A process that dies comes back after a delay that doubles while it keeps
dying, as `hotline run` restarts its children. What a process that died leaves behind (an rq worker's
scheduler, a job it was running) is handed by the kernel to the parent, which stops it: nothing outlives
the process that started it.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from hotline.infra.backoff import Backoff

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# prctl(2): the orphans of this process's descendants become its children rather than init's.
PR_SET_CHILD_SUBREAPER = 36
# Seconds a leftover process gets between SIGTERM and SIGKILL.
STRAY_STOP_SECONDS = 10.0


def become_subreaper() -> bool:
    """Have the kernel hand this process the orphans of its descendants (Linux); False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def children_of(pid: int) -> set[int]:
    """The live (or not yet reaped) children of a process, from /proc (empty where /proc does not say)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.update(int(child) for child in (task / "children").read_text().split())
    return found


def exit_status(code: int) -> str:
    """`-9 (SIGKILL)` for a process a signal ended, the plain code otherwise."""
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


@dataclass
class Slot:
    """One place in the pool: the process in it now, and when it comes back after dying."""

    number: int
    backoff: Backoff
    pid: int | None = None
    started_at: float = 0.0
    restart_at: float | None = None


class ForkPool:
    """Fork `size` processes that each run `work(number)`; restart the ones that die until told to stop.

    SIGINT and SIGTERM to the parent are passed on to every process (a second one too: for an rq worker,
    the first is a warm shutdown and the second a cold one); the parent returns once all have ended.
    With `restart=False` (a burst) a process that ends is not replaced and the pool ends with the last one.
    """

    def __init__(self, size: int, work: Callable[[int], None], *, name: str = "process", restart: bool = True,
                 first_delay: float = 1.0, max_delay: float = 30.0, steady_after: float = 60.0,
                 poll_interval: float = 0.2) -> None:
        self.work = work
        self.name = name
        self.restart = restart
        # A process that stayed up this long had recovered: its next restart waits `first_delay` again.
        self.steady_after = steady_after
        self.poll_interval = poll_interval
        self.slots = [Slot(number, Backoff(first_delay, max_delay)) for number in range(1, size + 1)]
        self.stopping = False
        self.failed = False
        # Leftovers of dead processes, with when they get SIGKILL.
        self.strays: dict[int, float] = {}

    def run(self) -> int:
        """Run the pool until told to stop (0), or in a burst until every process has ended (1 if one failed)."""
        previous = {sig: signal.signal(sig, self._pass_on) for sig in STOP_SIGNALS}
        become_subreaper()
        try:
            for slot in self.slots:
                self._start(slot)
            while self._watch():
                time.sleep(self.poll_interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 1 if self.failed and not self.stopping else 0

    def _pass_on(self, signum: int, _frame: FrameType | None) -> None:
        if not self.stopping:
            log.info("%s: stopping every %s", signal.Signals(signum).name, self.name)
        self.stopping = True
        for slot in self.slots:
            slot.restart_at = None
            if slot.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(slot.pid, signum)

    def _start(self, slot: Slot) -> None:
        # No stop signal between the fork and the parent noting the pid: the handler would miss the new process.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        pid = os.fork()
        if pid == 0:
            self._child(slot.number)
        slot.pid, slot.started_at, slot.restart_at = pid, time.monotonic(), None
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        log.info("%s %d started (pid %d)", self.name, slot.number, pid)

    def _child(self, number: int) -> None:
        """Run the work in the forked process and end it there: it never returns into the parent's code."""
        code = 0
        try:
            # Until the work sets its own, a stop signal simply ends this process (it holds no job yet).
            for sig in STOP_SIGNALS:
                signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            self.work(number)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BaseException:  # noqa: BLE001 - the process ends here; the parent sees the code and restarts it
            log.exception("%s %d failed", self.name, number)
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _watch(self) -> bool:
        """Reap the processes that ended and restart the ones due; False once the pool has nothing left to do."""
        now = time.monotonic()
        for slot in self.slots:
            if slot.pid is not None:
                self._reap(slot, now)
            elif slot.restart_at is not None and now >= slot.restart_at and not self.stopping:
                self._start(slot)
        self._end_strays(now)
        return bool(self.strays) or any(slot.pid is not None or slot.restart_at is not None for slot in self.slots)

    def _end_strays(self, now: float) -> None:
        """Stop what dead processes left behind, which the kernel handed to this parent, and reap it."""
        ours = {slot.pid for slot in self.slots}
        for pid in children_of(os.getpid()) - ours - set(self.strays):
            log.warning("ending pid %d, left behind by a %s that ended", pid, self.name)
            self.strays[pid] = now + STRAY_STOP_SECONDS
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid, kill_at in list(self.strays.items()):
            try:
                ended = os.waitpid(pid, os.WNOHANG)[0] != 0
            except ChildProcessError:
                ended = True
            if ended:
                del self.strays[pid]
            elif now >= kill_at:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def _reap(self, slot: Slot, now: float) -> None:
        assert slot.pid is not None
        pid, status = os.waitpid(slot.pid, os.WNOHANG)
        if pid == 0:
            return
        code = os.waitstatus_to_exitcode(status)
        slot.pid = None
        if self.stopping or not self.restart:
            self.failed = self.failed or code != 0
            log.info("%s %d (pid %d) ended with %s", self.name, slot.number, pid, exit_status(code))
            return
        if now - slot.started_at >= self.steady_after:
            slot.backoff.reset()
        delay = slot.backoff.next_delay()
        slot.restart_at = now + delay
        log.warning("%s %d (pid %d) exited with %s; restarting in %g s", self.name, slot.number, pid,
                    exit_status(code), delay)
