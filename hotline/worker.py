"""The rq worker: loads what jobs share (the app, the speech model) once, before taking jobs.

It is rq's forking Worker: the model is loaded in the parent, and each job's forked process
shares its pages copy-on-write (a fork costs milliseconds, a model load seconds — see
bench/transcribe), while a crash or a timeout in native decoding code takes down only that job.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import click
from flask import Flask
from flask import current_app
from flask import has_app_context
from flask.cli import with_appcontext
from redis.exceptions import RedisError
from rq import Worker

from hotline.db import get_database
from hotline.queue import QUEUE_NAMES
from hotline.queue import get_redis

log = logging.getLogger(__name__)

SWEEP_LOCK = "hotline:sweep-lock"
DEFAULT_SWEEP_INTERVAL = 60

_app: Flask | None = None


def job_app() -> Flask:
    """The app a job runs in: the current or the worker's own, or a new one outside a worker."""
    global _app
    if has_app_context():
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        return app
    if _app is None:
        from hotline.app import create_app

        _app = create_app()
    return _app


def preload_speech_model(app: Flask) -> str | None:
    """Load the Vosk model into this (parent) process; return its path, or None when none is installed."""
    from hotline.speech.models import looks_like_model
    from hotline.speech.models import resolve_model_path
    from hotline.speech.recognizer import preload_model

    path = resolve_model_path(app.config)
    if path is None or not looks_like_model(path):
        log.warning("no speech model at %s: recordings will wait as no_model until one is installed", path)
        return None
    preload_model(path)
    log.info("speech model loaded from %s", path.resolve())
    return str(path)


def prepare_worker(app: Flask) -> None:
    """Make the app the jobs' app; forked job processes open their own database connections."""
    global _app
    _app = app
    engine = get_database().engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))


class SweepingWorker(Worker):
    """An rq Worker whose periodic maintenance also sweeps recordings that lost their job.

    rq already wakes every `maintenance_interval` for its registry cleanup, also after Redis comes
    back, so the sweep needs no extra process and no self-rescheduling job that an outage could lose.
    """

    def __init__(self, *args: Any, sweep_interval: int = DEFAULT_SWEEP_INTERVAL, **kwargs: Any) -> None:
        # The blocking dequeue lasts worker_ttl - 15 s; keep it within one sweep interval.
        kwargs.setdefault("worker_ttl", max(sweep_interval, 1) + 15)
        kwargs["maintenance_interval"] = sweep_interval
        super().__init__(*args, **kwargs)
        self.sweep_interval = sweep_interval

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        self.sweep()

    def sweep(self) -> list[int]:
        from hotline.speech.recognizer import loaded_model
        from hotline.speech.sweep import sweep_recordings

        try:
            # One sweep per interval across all workers.
            if not self.connection.set(SWEEP_LOCK, self.name, nx=True, ex=max(self.sweep_interval - 1, 1)):
                return []
        except RedisError as exc:
            log.warning("sweep skipped, Redis unavailable: %s", exc)
            return []
        with get_database().sessions() as session:
            requeued = sweep_recordings(session, self.connection, current_app.config,
                                        has_model=loaded_model() is not None)
        if requeued:
            log.info("sweep queued recordings %s again", requeued)
        return requeued


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--queue", "queues", multiple=True, default=QUEUE_NAMES, show_default=True)
@click.option("--sweep-interval", default=DEFAULT_SWEEP_INTERVAL, show_default=True, type=click.IntRange(1),
              help="Seconds between sweeps for recordings whose job was lost.")
@with_appcontext
def worker_command(burst: bool, queues: tuple[str, ...], sweep_interval: int) -> None:
    """Run an rq worker on the transcription, notification and default queues."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    prepare_worker(app)
    preload_speech_model(app)
    worker = SweepingWorker(list(queues), connection=get_redis(), sweep_interval=sweep_interval)
    worker.work(burst=burst, with_scheduler=True)
