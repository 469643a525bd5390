"""A chaos run: calls keep coming while workers are SIGKILLed, Redis stops and the web app crashes.

The same run serves tests/test_chaos.py (100+ calls) and bench/chaos (1,000): a Plan says how many calls
over how long and what breaks; `run_chaos` starts the stack, places the calls, breaks things on the plan's
timeline, waits for everything owed to be done and audits what is left.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from sqlalchemy import create_engine

from tests.chaos.audit import Audit
from tests.chaos.audit import audit
from tests.chaos.audit import wait_for_drain
from tests.chaos.database import callers
from tests.chaos.database import prepare_database
from tests.chaos.phones import Switchboard
from tests.chaos.stack import DEFAULT_TIMINGS
from tests.chaos.stack import Interrupted
from tests.chaos.stack import Stack
from tests.chaos.stack import Timings

# Where the outage starts, as a share of the calling time: calls run before, during and after it.
OUTAGE_STARTS = 0.15
# Kills fall between these shares of the calling time, outside the outage.
KILLS_FROM, KILLS_UNTIL = 0.05, 0.9


@dataclass(frozen=True)
class Event:
    at: float
    action: str
    target: int = 0


@dataclass(frozen=True)
class Plan:
    """`calls` calls placed evenly over `call_seconds`; meanwhile `worker_kills` SIGKILLs (round the
    workers), one Redis outage of `redis_outage` seconds and `web_restarts` crashes of the web app."""

    calls: int
    call_seconds: float
    worker_kills: int
    redis_outage: float
    web_restarts: int = 1
    workers: int = 2

    def timeline(self) -> list[Event]:
        """The events in time order, in seconds from the first call."""
        down = OUTAGE_STARTS * self.call_seconds
        up = down + self.redis_outage
        if up >= KILLS_UNTIL * self.call_seconds:
            raise ValueError("the calls must go on well after Redis is back: give more call_seconds")
        events = [Event(down, "stop redis"), Event(up, "start redis")]
        for number in range(self.web_restarts):
            events.append(Event(up + (number + 0.5) * (KILLS_UNTIL * self.call_seconds - up) / self.web_restarts,
                                "restart web"))
        before = down - KILLS_FROM * self.call_seconds
        after = KILLS_UNTIL * self.call_seconds - up
        for number in range(self.worker_kills):
            # Evenly along the time outside the outage, as if that time were one stretch.
            offset = (number + 0.5) * (before + after) / self.worker_kills
            at = KILLS_FROM * self.call_seconds + offset if offset < before else up + 2 + (offset - before)
            events.append(Event(at, "kill worker", number % self.workers))
        return sorted(events, key=lambda event: event.at)


@dataclass
class Run:
    """What a run did and what it left."""

    plan: Plan
    audit: Audit
    note_sha256: str
    # (seconds from the first call, the event's action, what happened) once each event was over.
    done: list[tuple[float, str, str]] = field(default_factory=list)
    # The jobs the kills cut short.
    interrupted: list[Interrupted] = field(default_factory=list)
    # Processes that ended without the run ending them (each one restarted), with their exit codes.
    unexpected_exits: list[str] = field(default_factory=list)
    # Seconds from recovery (the later of the last chaos event and the last hang-up) until nothing was owed,
    # and until the texts, and the notes, were each done.
    drain_seconds: float = 0.0
    drained: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0


def run_chaos(plan: Plan, workdir: Path, database_url: str, note: Path, timings: Timings = DEFAULT_TIMINGS,
              drain_timeout: float = 300) -> Run:
    """Run the plan against a fresh stack in `workdir` on the (empty) database `database_url`; every caller
    plays `note`. TimeoutError, with the processes' logs, if work is still owed `drain_timeout` s after."""
    began = time.monotonic()
    owners = callers(plan.calls)
    prepare_database(database_url, owners)
    engine = create_engine(database_url)
    try:
        with Stack(workdir, database_url, workers=plan.workers, timings=timings) as stack:
            board = Switchboard(stack.url, owners, plan.call_seconds, note).start()
            calls_began = time.monotonic()
            try:
                done, interrupted, exits = _break_things(stack, plan.timeline(), calls_began)
                outcomes = board.outcomes()
                recovered = max([t for t, _action, _what in done] + [o.hung_up_at for o in outcomes])
                try:
                    drained = wait_for_drain(engine, drain_timeout,
                                             tick=lambda: exits.extend(_check_processes(stack)))
                except TimeoutError as exc:
                    raise TimeoutError(f"{exc}\n{stack.logs()}") from exc
            finally:
                board.close()
            assert stack.twilio is not None
            result = audit(engine, outcomes, stack.twilio, stack.recordings)
    finally:
        engine.dispose()
    return Run(plan, result, hashlib.sha256(note.read_bytes()).hexdigest(),
               [(t - calls_began, action, what) for t, action, what in done], interrupted, exits,
               max(drained.values()) - recovered, {kind: max(0.0, at - recovered) for kind, at in drained.items()},
               time.monotonic() - began)


def _break_things(stack: Stack, timeline: list[Event],
                  start: float) -> tuple[list[tuple[float, str, str]], list[Interrupted], list[str]]:
    """Act out the timeline; return when each event was over, the jobs the kills cut short, and any
    process that ended by itself."""
    done: list[tuple[float, str, str]] = []
    interrupted: list[Interrupted] = []
    exits: list[str] = []
    for event in timeline:
        while time.monotonic() < start + event.at:
            exits += _check_processes(stack)
            time.sleep(0.2)
        if event.action == "kill worker":
            target = stack.busy_worker(event.target)
            job = stack.kill_worker(target)
            interrupted += [job] if job is not None else []
            label = f"worker {target} SIGKILLed" + (f" in {job.job}({job.row_id})" if job else "") + ", started again"
        elif event.action == "stop redis":
            stack.redis.stop()
            label = "Redis stopped"
        elif event.action == "start redis":
            stack.redis.start()
            label = "Redis started again with its data"
        else:
            stack.restart_web()
            label = "web app SIGKILLed and serving again"
        done.append((time.monotonic(), event.action, label))
    return done, interrupted, exits


def _check_processes(stack: Stack) -> list[str]:
    """Restart any worker or web app that ended without being told to; say which and how."""
    exits = []
    for index, worker in enumerate(stack.workers):
        if worker is not None and worker.poll() is not None:
            exits.append(f"worker {index} exited with {worker.returncode}")
            stack.start_worker(index)
    if stack.web is not None and stack.web.poll() is not None:
        exits.append(f"web app exited with {stack.web.returncode}")
        stack.start_web()
    return exits
