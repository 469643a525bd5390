"""`hotline run`: the web app, a worker and, when REDIS_URL is not set, a private Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline.infra.embedded_redis import EmbeddedRedis


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, env=env)


def _wait(processes: list[subprocess.Popen[bytes]]) -> None:
    """Return when a process ends or on Ctrl-C / SIGTERM."""
    stop = False

    def _on_signal(_sig: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        while not stop and all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes")
@click.option("--no-worker", is_flag=True, help="Do not start an rq worker.")
@with_appcontext
def run_command(host: str, port: int, workers: int, no_worker: bool) -> None:
    """Serve the hotline with gunicorn, with an rq worker beside it."""
    env = dict(os.environ)
    env["DATABASE_URL"] = current_app.config["DATABASE_URL"]
    env.setdefault("PUBLIC_BASE_URL", f"http://{host}:{port}")
    redis = None
    if not current_app.config.get("REDIS_URL"):
        redis = EmbeddedRedis(Path(current_app.instance_path) / "redis").start()
        env["REDIS_URL"] = redis.url
        click.echo(f"private Redis on {redis.url}")
    bin_dir = Path(sys.executable).parent
    processes = [
        # Threads, so that a client sending slowly holds one thread and not a whole worker: Twilio gives up
        # on a webhook after 15 s. (A body too large is refused on its length, before it is read.)
        _spawn([str(bin_dir / "gunicorn"), "--bind", f"{host}:{port}", "--workers", str(workers),
                "--worker-class", "gthread", "--threads", "4",
                "--access-logfile", "-", "hotline.wsgi:app"], env),
    ]
    if not no_worker:
        processes.append(_spawn([str(bin_dir / "hotline"), "worker"], env))
    click.echo(f"console: http://{host}:{port}/login  health: http://{host}:{port}/healthz")
    click.echo(f"place a call: {bin_dir / 'hotline'} call --url http://{host}:{port} --from 0912345678")
    try:
        _wait(processes)
    finally:
        if redis is not None:
            redis.stop()
