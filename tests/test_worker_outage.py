"""The worker and Redis outages: it waits for Redis at start, and survives one in the middle of a job."""

from __future__ import annotations

import logging
import operator
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue

from hotline.infra.backoff import Backoff
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.worker import wait_for_redis

HOTLINE = str(Path(sys.executable).parent / "hotline")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_waiting_for_redis_says_one_line_per_try_with_backoff_and_no_password(caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    conn = Redis.from_url(f"redis://:hunter2@127.0.0.1:{port}/0", socket_connect_timeout=1)
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    with caplog.at_level(logging.INFO, logger="hotline.worker"):
        assert wait_for_redis(conn, stop, Backoff(0.05, 0.2)) is False
    timer.join()

    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) >= 4
    assert all(line.startswith(f"waiting for Redis at redis://127.0.0.1:{port}/0 (Error 111 ") for line in lines)
    assert [re.findall(r"next try in (\S+) s$", line) for line in lines[:4]] == [["0.05"], ["0.1"], ["0.2"], ["0.2"]]
    assert not any("hunter2" in line or "\n" in line for line in lines)
    assert not any(record.exc_info for record in caplog.records)


def test_waiting_for_redis_ends_when_a_server_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    server = EmbeddedRedis(tmp_path / "redis", persist=False)
    conn = Redis.from_url(server.url)
    stop = threading.Event()
    give_up = threading.Timer(20, stop.set)
    appear = threading.Timer(0.3, server.start)
    give_up.start()
    appear.start()
    try:
        with caplog.at_level(logging.INFO, logger="hotline.worker"):
            assert wait_for_redis(conn, stop, Backoff(0.05, 0.1)) is True
    finally:
        give_up.cancel()
        appear.join()
        server.stop()
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0].startswith(f"waiting for Redis at {server.url} (")
    assert lines[-1] == f"Redis at {server.url} answers"


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@pytest.mark.slow
def test_a_worker_survives_redis_going_away_during_a_job_and_resumes_by_itself(app: Flask, tmp_path: Path) -> None:
    # Persisting, as `hotline run`'s private Redis does: the worker's registration outlives the outage.
    server = EmbeddedRedis(tmp_path / "redis", persist=True).start()
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": server.url,
           "HOTLINE_INSTANCE_PATH": str(tmp_path / "instance"), "VOSK_MODEL_PATH": str(tmp_path / "no-model")}
    with log.open("wb") as out:
        worker = subprocess.Popen([HOTLINE, "worker"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        queue = Queue("default", connection=Redis.from_url(server.url))
        job = queue.enqueue(time.sleep, 2)
        wait_for(lambda: job.get_status() == "started", 60, "the worker to start the job")
        server.stop()
        wait_for(lambda: "lost Redis at" in log.read_text(), 30, "the worker to notice Redis is gone")
        assert worker.poll() is None
        server.start()

        queue = Queue("default", connection=Redis.from_url(server.url))
        job = queue.enqueue(operator.add, 2, 3)
        wait_for(lambda: job.is_finished, 60, "the worker to run a job after the outage")
        assert job.return_value() == 5
        assert worker.poll() is None
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            code = worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            code = worker.wait()
        server.stop()
    output = log.read_text()
    assert code == 0, output
    assert re.search(rf"lost Redis at {re.escape(server.url)} \(.*\); trying again in \d+ s", output)
    assert output.count("*** Listening on") == 2  # registered again after the outage
