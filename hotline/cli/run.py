"""`hotline run`: the web app, a worker and, when REDIS_URL is not set, a private Redis."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline.cli.supervisor import Supervisor
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.logs import ACCESS_LOG_FORMAT
from hotline.infra.settings import SettingsError
from hotline.infra.settings import worker_processes

# Seconds each child gets to stop: gunicorn finishes the requests in flight, the worker its job
# (a transcription cut short is queued again by the sweep).
WEB_STOP_TIMEOUT = 15.0
WORKER_STOP_TIMEOUT = 30.0


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes")
@click.option("--no-worker", is_flag=True, help="Do not start an rq worker.")
@click.option("--worker-processes", "processes", type=click.IntRange(1), default=None,
              help="rq worker processes, forked from one parent that loads the speech model once "
                   "[default: the WORKER_PROCESSES setting, 1].")
@with_appcontext
def run_command(host: str, port: int, workers: int, no_worker: bool, processes: int | None) -> None:
    """Serve the hotline with gunicorn, with rq workers beside it that are restarted when they die.

    The web app is the phone line: if it ends, everything stops with a non-zero exit. Ctrl-C or
    SIGTERM stops the worker, then the web app, then the private Redis.
    """
    try:
        processes = processes or worker_processes(current_app.config)
    except SettingsError as exc:
        raise click.BadParameter(str(exc), param_hint="--worker-processes") from exc
    env = dict(os.environ)
    env["DATABASE_URL"] = current_app.config["DATABASE_URL"]
    env.setdefault("PUBLIC_BASE_URL", f"http://{host}:{port}")
    redis = None
    if not current_app.config.get("REDIS_URL"):
        redis = EmbeddedRedis(Path(current_app.config["INSTANCE_PATH"]) / "redis").start()
        env["REDIS_URL"] = redis.url
    try:
        if redis is not None:
            click.echo(f"private Redis on {redis.url}")
        code = _supervise(env, host, port, workers, 0 if no_worker else processes)
    finally:
        if redis is not None:
            click.echo("stopping private Redis", err=True)
            redis.stop()
    if code:
        raise SystemExit(code)


def _supervise(env: dict[str, str], host: str, port: int, workers: int, processes: int) -> int:
    bin_dir = Path(sys.executable).parent
    supervisor = Supervisor(env)
    # Threads, so that a client sending slowly holds one thread and not a whole worker: Twilio gives up
    # on a webhook after 15 s. (A body too large is refused on its length, before it is read.)
    supervisor.add("web app", [str(bin_dir / "gunicorn"), "--bind", f"{host}:{port}", "--workers", str(workers),
                               "--worker-class", "gthread", "--threads", "4",
                               "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT, "hotline.wsgi:app"],
                   restart=False, stop_timeout=WEB_STOP_TIMEOUT)
    if processes:
        # One `hotline worker` forks the processes: the speech model is loaded once for all of them.
        supervisor.add("worker", [str(bin_dir / "hotline"), "worker", "--processes", str(processes)],
                       restart=True, stop_timeout=WORKER_STOP_TIMEOUT)
    click.echo(f"console: http://{host}:{port}/login  health: http://{host}:{port}/healthz")
    # No --from: this line goes to the journal with the rest, and a number in it may be a real owner's.
    click.echo(f"place a call: {bin_dir / 'hotline'} call --url http://{host}:{port}")
    return supervisor.run()
