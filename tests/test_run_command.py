"""`hotline run` as the README's run command uses it: web app, worker and a private Redis."""

from __future__ import annotations

import json
import operator
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq import Worker
from sqlalchemy import create_engine
from sqlalchemy import text
from twilio.request_validator import RequestValidator

from hotline.infra.embedded_redis import redis_executable
from hotline.infra.settings import DEV_TWILIO_AUTH_TOKEN

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _health(url: str, deadline: float) -> dict[str, dict[str, object]]:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                body: dict[str, dict[str, object]] = json.load(response)
                if body["queue"]["ok"]:
                    return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("/healthz did not come up within a minute")


@pytest.mark.slow
def test_run_serves_health_within_a_minute_and_takes_a_call(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", HOTLINE_INSTANCE_PATH=str(tmp_path))
    env.pop("PUBLIC_BASE_URL", None)
    subprocess.run([str(BIN / "hotline"), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "hotline"), "seed-demo"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([str(BIN / "hotline"), "run", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = _health(url, time.monotonic() + 60)
        assert body["database"]["ok"] is True
        call = subprocess.run([str(BIN / "hotline"), "call", "--url", url, "--from", "0912345678",
                               "--keys", "1 2 90123# 1 1", "--audio", str(_silence(tmp_path)), "--linger", "0"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert call.returncode == 0, call.stdout + call.stderr
        assert "Nguyễn Văn An" in call.stdout
        assert _receipt_sent_by_worker(tmp_path, time.monotonic() + 30)
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert "/login" in output and "hotline call" in output
    assert not (tmp_path / "redis" / "redis.sock").exists() or _redis_stopped(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path / 'run.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dossier")).scalar_one() == 1
    engine.dispose()


def _receipt_sent_by_worker(tmp_path: Path, deadline: float) -> bool:
    """The worker ran the SMS job: without Twilio settings it records the message as sent locally."""
    engine = create_engine(f"sqlite:///{tmp_path / 'run.db'}")
    query = text("SELECT state FROM outgoing_message WHERE purpose = 'receipt'")
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(query).scalar() == "recorded":
                    return True
            time.sleep(0.5)
        return False
    finally:
        engine.dispose()


def _silence(tmp_path: Path) -> Path:
    import wave

    path = tmp_path / "note.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 8000)
    return path


def _redis_stopped(tmp_path: Path) -> bool:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.connect(str(tmp_path / "redis" / "redis.sock"))
    except OSError:
        return True
    finally:
        sock.close()
    return False


def _run_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What `make run` gives `hotline run` on a fresh machine, with a migrated database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
    env.pop("PUBLIC_BASE_URL", None)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}", HOTLINE_INSTANCE_PATH=str(tmp_path), **extra)
    subprocess.run([str(BIN / "hotline"), "db", "upgrade"], env=env, check=True, capture_output=True)
    return env


@pytest.fixture
def hotline_run(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Path, str]]]:
    """Start `hotline run` as a terminal would: in a process group of its own, output to a file."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **extra: str) -> tuple[subprocess.Popen[bytes], Path, str]:
        port = _free_port()
        log = tmp_path / "run.log"
        with log.open("wb") as out:
            server = subprocess.Popen([str(BIN / "hotline"), "run", "--port", str(port), "--workers", "1", *args],
                                      env=_run_env(tmp_path, **extra), stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        started.append(server)
        return server, log, f"http://127.0.0.1:{port}"

    yield start
    for server in started:
        if server.poll() is None:
            # Ctrl-C first: its children live in sessions of their own, and only it stops them.
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _answers_a_call(url: str) -> None:
    """Ring the hotline as Twilio does: a signed POST to /ivr/voice must get TwiML back."""
    form = {"CallSid": "CA" + os.urandom(16).hex(), "AccountSid": "AC" + "0" * 32, "From": "+84912345678",
            "To": "+842553822000", "CallStatus": "ringing", "Direction": "inbound"}
    signature = RequestValidator(DEV_TWILIO_AUTH_TOKEN).compute_signature(url + "/ivr/voice", form)
    request = urllib.request.Request(url + "/ivr/voice", data=urllib.parse.urlencode(form).encode(),
                                     headers={"X-Twilio-Signature": signature})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert ET.fromstring(response.read()).tag == "Response"


def _healthz(url: str) -> dict[str, dict[str, object]]:
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        body: dict[str, dict[str, object]] = json.load(response)
        return body


def _eventually(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except (OSError, RedisError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


class CallsWhile:
    """Keep ringing the hotline and reading /healthz from a thread; every failure is kept."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.answered = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(0.1):
            try:
                _healthz(self.url)
                _answers_a_call(self.url)
                self.answered += 1
            except (OSError, AssertionError, ET.ParseError) as exc:
                self.failures.append(repr(exc))

    def __enter__(self) -> CallsWhile:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def _runs_a_job(redis_url: str, timeout: float) -> None:
    job = Queue("default", connection=Redis.from_url(redis_url)).enqueue(operator.add, 2, 3)
    _eventually(lambda: job.is_finished, timeout, "a worker to run a job")
    assert job.return_value() == 5


def _ctrl_c(server: subprocess.Popen[bytes], log: Path) -> str:
    """Press Ctrl-C: SIGINT to the whole foreground process group; return the output once it exits."""
    os.killpg(server.pid, signal.SIGINT)
    assert server.wait(timeout=60) == 0, log.read_text()
    output = log.read_text()
    assert "Traceback" not in output, output
    return output


@pytest.mark.slow
def test_run_restarts_a_killed_worker_while_calls_are_answered_and_stops_in_order_on_ctrl_c(
        tmp_path: Path, hotline_run: Callable[..., tuple[subprocess.Popen[bytes], Path, str]]) -> None:
    server, log, url = hotline_run()
    _eventually(lambda: _healthz(url)["queue"]["ok"], 60, "/healthz with the private Redis")
    private = f"unix://{tmp_path / 'redis' / 'redis.sock'}"
    url_file = tmp_path / "redis" / "url"
    assert url_file.read_text().strip() == private and url_file.stat().st_mode & 0o777 == 0o600
    _runs_a_job(private, 60)

    conn = Redis.from_url(private)
    [worker] = Worker.all(connection=conn)
    with CallsWhile(url) as calls:
        os.kill(worker.pid, signal.SIGKILL)
        _eventually(lambda: any(w.pid != worker.pid for w in Worker.all(connection=conn)), 60,
                    "a worker started again to register")
        _runs_a_job(private, 60)
    assert calls.failures == [] and calls.answered >= 3
    assert "worker exited with -9 (SIGKILL); restarting in 1 s" in log.read_text().splitlines()
    assert len(re.findall(r"^worker started \(pid \d+\)$", log.read_text(), re.MULTILINE)) == 2

    output = _ctrl_c(server, log)
    stops = [line for line in output.splitlines() if line.startswith("stopping ")]
    assert stops == ["stopping worker", "stopping web app", "stopping private Redis"]
    assert not url_file.exists() and _redis_stopped(tmp_path)


@pytest.mark.slow
def test_run_answers_calls_with_redis_unreachable_and_its_worker_resumes_when_redis_appears(
        tmp_path: Path, hotline_run: Callable[..., tuple[subprocess.Popen[bytes], Path, str]]) -> None:
    port = _free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    server, log, url = hotline_run(REDIS_URL=redis_url)
    # One line per try, in the app's log format: LEVEL logger [id] message.
    waiting = re.compile(rf"^WARNING hotline\.worker \[-\] waiting for Redis at {re.escape(redis_url)} \(.+\); "
                         r"next try in \d+ s$",
                         re.MULTILINE)
    _eventually(lambda: len(waiting.findall(log.read_text())) >= 2, 60, "the worker to try Redis twice")
    assert _healthz(url)["queue"]["ok"] is False
    _answers_a_call(url)

    redis = subprocess.Popen([redis_executable(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        _eventually(Redis.from_url(redis_url).ping, 10, "redis-server to listen")
        _runs_a_job(redis_url, 60)
        _answers_a_call(url)
        output = _ctrl_c(server, log)
    finally:
        redis.terminate()
        redis.wait()
    assert "exited with" not in output  # the worker waited; it never died
    tries = [line for line in output.splitlines() if "waiting for Redis" in line]
    assert tries == waiting.findall(output)  # each try is one whole line, nothing more


@pytest.mark.slow
def test_run_forks_worker_processes_from_one_parent_and_stops_them_all(
        hotline_run: Callable[..., tuple[subprocess.Popen[bytes], Path, str]], tmp_path: Path) -> None:
    server, log, url = hotline_run("--worker-processes", "2")
    _eventually(lambda: _healthz(url)["queue"]["ok"], 60, "/healthz with the private Redis")
    conn = Redis.from_url(f"unix://{tmp_path / 'redis' / 'redis.sock'}")
    _eventually(lambda: len(Worker.all(connection=conn)) == 2, 60, "two worker processes to register")
    [parent] = [int(pid) for pid in re.findall(r"^worker started \(pid (\d+)\)$", log.read_text(), re.MULTILINE)]
    workers = [pid for worker in Worker.all(connection=conn) if (pid := worker.pid)]
    assert len(workers) == 2 and all(_parent_of(pid) == parent for pid in workers)
    _runs_a_job(f"unix://{tmp_path / 'redis' / 'redis.sock'}", 60)

    output = _ctrl_c(server, log)
    assert [line for line in output.splitlines() if line.startswith("stopping ")][0] == "stopping worker"
    assert "killing worker" not in output and "did not stop within" not in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in [parent, *workers])


def _parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
