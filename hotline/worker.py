"""The rq worker: loads what jobs share (the app, the speech model) once, and runs each job in the app.

It is rq's forking Worker: the model is loaded in the parent, and each job's forked process
shares its pages copy-on-write (a fork costs milliseconds, a model load seconds — see
bench/transcribe), while a crash or a timeout in native decoding code takes down only that job.
Jobs are plain functions of ids; the worker gives each one a fresh app context, so a job finds the
database, the settings and the queue through `current_app` like a request does.

`hotline worker --processes N` (or WORKER_PROCESSES) loads the model once and forks N such workers
(`infra/forks.ForkPool`), so N workers hold one copy of it rather than N (bench/capacity: memory).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import click
from flask import Flask
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq import Worker
from rq.executions import Execution
from rq.job import Job
from rq.logutils import setup_loghandlers

from hotline.infra.backoff import Backoff
from hotline.infra.db import get_database
from hotline.infra.forks import ForkPool
from hotline.infra.logs import tagged
from hotline.infra.queue import QUEUE_NAMES
from hotline.infra.queue import QueueUnavailableError
from hotline.infra.queue import get_redis
from hotline.infra.retention import retention_schedule
from hotline.infra.settings import SettingsError
from hotline.infra.settings import recordings_dir
from hotline.infra.settings import worker_processes
from hotline.models import utcnow
from hotline.services.outbox import OwedWork
from hotline.services.outbox import sweep
from hotline.services.retention import purge
from hotline.services.sms import owed_messages
from hotline.speech.model_files import looks_like_model
from hotline.speech.model_files import resolve_model_path
from hotline.speech.provider_copy import owed_provider_copies
from hotline.speech.recognizer import loaded_model
from hotline.speech.recognizer import preload_model
from hotline.speech.sweep import owed_transcriptions

log = logging.getLogger(__name__)

SWEEP_LOCK = "hotline:sweep-lock"
DEFAULT_SWEEP_INTERVAL = 60
# A round of work that lasted this long had recovered: the next outage waits 1 s again, not 30.
STEADY_SECONDS = 60.0
PURGE_LOCK = "hotline:purge-lock"
# The retention schedule counts in days: applying it once a day across all workers is enough.
DEFAULT_PURGE_INTERVAL = 24 * 3600


def preload_speech_model(app: Flask) -> str | None:
    """Load the Vosk model into this (parent) process; return its path, or None when none is installed."""
    path = resolve_model_path(app.config)
    if path is None or not looks_like_model(path):
        where = "no speech model is installed" if path is None else f"{path} is not a usable speech model"
        log.warning("%s: recordings will wait as no_model until one is installed", where)
        return None
    preload_model(path)
    log.info("speech model loaded from %s", path.resolve())
    return str(path)


def owed_work(app: Flask) -> list[OwedWork]:
    """Every kind of work owed to someone that the sweep hands to workers again: one list, one sweep."""
    return [owed_transcriptions(app.config, has_model=loaded_model() is not None), owed_messages(app.config),
            owed_provider_copies(app.config)]


class HotlineWorker(Worker):
    """An rq Worker that runs every job inside the app, sweeps the owed work that lost its job, and applies the
    retention schedule (config/retention.toml) once a day across all workers.

    rq already wakes every `maintenance_interval` for its registry cleanup, also after Redis comes
    back, so the sweep needs no extra process and no self-rescheduling job that an outage could lose.
    """

    # rq's own backoff while it waits for a job with Redis gone: 1 s doubling to this.
    max_connection_wait_time = 30.0
    stopping = False

    def __init__(self, *args: Any, app: Flask, sweep_interval: int = DEFAULT_SWEEP_INTERVAL,
                 purge_interval: int = DEFAULT_PURGE_INTERVAL, **kwargs: Any) -> None:
        # The blocking dequeue lasts worker_ttl - 15 s; keep it within one sweep interval.
        kwargs.setdefault("worker_ttl", max(sweep_interval, 1) + 15)
        kwargs["maintenance_interval"] = sweep_interval
        super().__init__(*args, **kwargs)
        self.app = app
        self.sweep_interval = sweep_interval
        self.purge_interval = purge_interval
        # A forked job process opens database connections of its own, never the parent's.
        engine = get_database().engine
        os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        # A signal or rq's shutdown command: end, rather than wait out an outage and work again.
        self.stopping = True
        super().request_stop(signum, frame)

    def register_again(self) -> None:
        """Mark the round an outage cut short as dead, so that work() can register this name again."""
        self.register_death()
        if self.pubsub_thread is not None:
            self.unsubscribe()
            self.pubsub_thread = None

    def perform_job(self, job: Job, queue: Queue, execution: Execution) -> bool:
        # The job's lines carry its id, as a request's carry the request's.
        with self.app.app_context(), tagged(job.id):
            return super().perform_job(job, queue, execution)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        with self.app.app_context():
            self.sweep()
            self.purge()

    def sweep(self) -> dict[str, list[int]]:
        """Queue again what lost its job (recordings, messages, ...); return the ids queued, by kind."""
        try:
            # One sweep per interval across all workers.
            if not self.connection.set(SWEEP_LOCK, self.name, nx=True, ex=max(self.sweep_interval - 1, 1)):
                return {}
            with get_database().sessions() as session:
                return sweep(session, self.connection, owed_work(self.app))
        except RedisError as exc:
            log.warning("sweep skipped, Redis unavailable: %s", exc)
            return {}

    def purge(self) -> dict[str, int] | None:
        """Apply the retention schedule, at most once per purge interval across all workers; the counts, or
        None when it was not this worker's turn."""
        try:
            if not self.connection.set(PURGE_LOCK, self.name, nx=True, ex=max(self.purge_interval, 1)):
                return None
        except RedisError as exc:
            log.warning("retention purge skipped, Redis unavailable: %s", exc)
            return None
        with get_database().sessions() as session:
            return purge(session, utcnow(), retention_schedule(), recordings_dir(self.app.config), source="worker")


def redis_address(conn: Redis) -> str:
    """Where a client connects, without any password its URL held."""
    kwargs = conn.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix://{kwargs['path']}"
    return f"redis://{kwargs.get('host')}:{kwargs.get('port')}/{kwargs.get('db', 0)}"


def wait_for_redis(conn: Redis, stop: threading.Event, backoff: Backoff) -> bool:
    """Return once Redis answers, saying so in one line per failed try; False if told to stop first."""
    failed = False
    while not stop.is_set():
        try:
            conn.ping()
        except RedisError as exc:
            delay = backoff.next_delay()
            log.warning("waiting for Redis at %s (%s); next try in %g s", redis_address(conn), exc, delay)
            failed = True
            stop.wait(delay)
            continue
        if failed:
            log.info("Redis at %s answers", redis_address(conn))
        return True
    return False


def _stop_on_signals(stop: threading.Event) -> None:
    """Between rounds of work, Ctrl-C and SIGTERM end the worker quietly (rq has its own inside work())."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def work_through_outages(conn: Redis, make_worker: Callable[[], HotlineWorker], burst: bool) -> None:
    """Work until told to stop, waiting out every Redis outage, at start and in the middle of work.

    rq's Worker retries a lost connection only while it waits for a job (rq 3.0); one lost when it
    starts, in its maintenance or during a job ends work(). Then wait for Redis with backoff, register
    the worker again and go on.
    """
    stop = threading.Event()
    backoff = Backoff()
    worker: HotlineWorker | None = None
    while True:
        _stop_on_signals(stop)
        if not wait_for_redis(conn, stop, backoff):
            return
        began = time.monotonic()
        try:
            if worker is None:
                worker = make_worker()
            else:
                worker.register_again()
            if stop.is_set():
                return
            worker.work(burst=burst, with_scheduler=True)
        except RedisError as exc:
            if worker is not None and worker.stopping:
                return
            reason = f"lost Redis at {redis_address(conn)} ({exc})"
        else:
            if burst or worker.stopping:
                return
            reason = "the worker stopped"
        _stop_on_signals(stop)
        if time.monotonic() - began >= STEADY_SECONDS:
            backoff.reset()
        delay = backoff.next_delay()
        log.warning("%s; trying again in %g s", reason, delay)
        stop.wait(delay)


def work_in_fork(number: int, conn: Redis, make_worker: Callable[[], HotlineWorker], burst: bool) -> None:
    """One process of `hotline worker --processes N`: the single worker's loop, on the parent's model."""
    # The parent's database connections stay the parent's; this process opens its own.
    get_database().engine.dispose(close=False)
    shared = "sharing the speech model its parent loaded" if loaded_model() is not None else "with no speech model"
    log.info("worker process %d (pid %d) %s", number, os.getpid(), shared)
    work_through_outages(conn, make_worker, burst)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--queue", "queues", multiple=True, default=QUEUE_NAMES, show_default=True)
@click.option("--sweep-interval", default=DEFAULT_SWEEP_INTERVAL, show_default=True, type=click.IntRange(1),
              help="Seconds between sweeps for owed work (recordings, messages) whose job was lost.")
@click.option("--processes", type=click.IntRange(1), default=None,
              help="Worker processes forked from one parent that loads the speech model once for all of them "
                   "[default: the WORKER_PROCESSES setting, 1].")
@with_appcontext
def worker_command(burst: bool, queues: tuple[str, ...], sweep_interval: int, processes: int | None) -> None:
    """Run rq workers on the transcription, notification and default queues: one, or a pool of processes."""
    setup_loghandlers("INFO", name="hotline")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        count = processes or worker_processes(app.config)
    except SettingsError as exc:
        raise click.BadParameter(str(exc), param_hint="--processes") from exc
    try:
        connection = get_redis()
    except QueueUnavailableError as exc:
        raise click.ClickException(f"{exc}: the worker takes its jobs from Redis") from exc
    preload_speech_model(app)

    def make_worker() -> HotlineWorker:
        return HotlineWorker(list(queues), connection=connection, app=app, sweep_interval=sweep_interval)

    if count == 1:
        work_through_outages(connection, make_worker, burst)
        return
    # Forked after the model is loaded, so the N processes share its pages (bench/capacity: memory).
    pool = ForkPool(count, lambda number: work_in_fork(number, connection, make_worker, burst),
                    name="worker process", restart=not burst)
    code = pool.run()
    if code:
        raise SystemExit(code)
