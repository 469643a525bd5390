"""The pool of forked processes, with small stand-in work: restarts with backoff, a burst, a stop passed on."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap

import pytest

POOL = """
import logging, os, signal, sys, time
from hotline.infra.forks import ForkPool
logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
"""


def run_pool(body: str) -> subprocess.CompletedProcess[str]:
    """Run a pool in a Python of its own (forking the test runner would copy it), its log on stdout; a pool
    that does not end in time is killed with all its processes, then the test fails."""
    args = [sys.executable, "-c", POOL + textwrap.dedent(body)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as pool:
        try:
            stdout, stderr = pool.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(pool.pid, signal.SIGKILL)
            stdout, stderr = pool.communicate()
            pytest.fail(f"the pool did not end within 30 s:\n{stdout}{stderr}")
    return subprocess.CompletedProcess(args, pool.returncode, stdout, stderr)


def test_a_process_that_keeps_dying_comes_back_after_doubling_delays_up_to_the_cap() -> None:
    run = run_pool("""
        restarts = []
        class Counting(logging.Handler):
            def emit(self, record):
                if "restarting in" in record.getMessage():
                    restarts.append(record)
                    if len(restarts) == 5:
                        os.kill(os.getpid(), signal.SIGTERM)
        logging.getLogger("hotline.infra.forks").addHandler(Counting())
        pool = ForkPool(1, lambda number: sys.exit(3), first_delay=0.05, max_delay=0.2, poll_interval=0.01)
        sys.exit(pool.run())
    """)
    assert run.returncode == 0, run.stdout + run.stderr
    delays = re.findall(r"^process 1 \(pid \d+\) exited with 3; restarting in (\S+) s$", run.stdout, re.MULTILINE)
    assert delays == ["0.05", "0.1", "0.2", "0.2", "0.2"]
    assert len(re.findall(r"^process 1 started", run.stdout, re.MULTILINE)) == 5


def test_a_burst_ends_with_its_last_process_and_says_whether_one_failed() -> None:
    run = run_pool("""
        pool = ForkPool(3, lambda number: sys.exit(0 if number != 2 else 4), restart=False, poll_interval=0.01)
        print("pool", pool.run())
    """)
    assert run.returncode == 0, run.stderr
    assert "process 2 (pid" in run.stdout and re.search(r"process 2 \(pid \d+\) ended with 4", run.stdout)
    assert run.stdout.rstrip().endswith("pool 1")
    assert "restarting" not in run.stdout


def test_a_stop_reaches_every_process_once_and_the_pool_waits_for_them() -> None:
    run = run_pool("""
        def work(number):
            stopped = []
            signal.signal(signal.SIGTERM, lambda signum, frame: stopped.append(signum))
            os.write(1, f"ready {number}\\n".encode())
            while not stopped:
                time.sleep(0.01)
            time.sleep(0.3)  # a job finishing
            os.write(1, f"finished {number}\\n".encode())
        pool = ForkPool(2, work, poll_interval=0.01)
        signal.signal(signal.SIGALRM, lambda signum, frame: os.kill(os.getpid(), signal.SIGTERM))
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        print("pool", pool.run())
    """)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert sorted(line for line in lines if line.startswith(("ready", "finished"))) == [
        "finished 1", "finished 2", "ready 1", "ready 2"]
    assert lines.count("SIGTERM: stopping every process") == 1
    assert lines[-1] == "pool 0"
