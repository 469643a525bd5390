"""The rq worker: loads what jobs share (the app, the speech model) once, before taking jobs."""

from __future__ import annotations

import os

import click
from flask import Flask
from flask import current_app
from flask.cli import with_appcontext
from rq import Worker

from hotline.db import get_database
from hotline.queue import QUEUE_NAMES
from hotline.queue import get_redis

_app: Flask | None = None


def job_app() -> Flask:
    """The app a job runs in: the worker's own, or a new one when a job runs outside a worker."""
    global _app
    if _app is None:
        from hotline.app import create_app

        _app = create_app()
    return _app


def prepare_worker(app: Flask) -> None:
    """Make the app the jobs' app; forked job processes open their own database connections."""
    global _app
    _app = app
    engine = get_database().engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--queue", "queues", multiple=True, default=QUEUE_NAMES, show_default=True)
@with_appcontext
def worker_command(burst: bool, queues: tuple[str, ...]) -> None:
    """Run an rq worker on the transcription, notification and default queues."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    prepare_worker(app)
    worker = Worker(list(queues), connection=get_redis())
    worker.work(burst=burst, with_scheduler=True)
