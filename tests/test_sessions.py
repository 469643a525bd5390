"""A kill that must reach every process of a worker reaches the job process rq puts in a group of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from hotline.infra.sessions import session_members
from hotline.infra.sessions import signal_session

# A leader that forks a child which, as rq's work horse does, moves to a process group of its own.
LEADER = """
import os, sys, time
child = os.fork()
if child == 0:
    os.setpgrp()
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


def test_a_group_kill_misses_the_job_process_and_a_session_kill_reaches_it() -> None:
    leader = subprocess.Popen([sys.executable, "-c", LEADER], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    assert leader.stdout is not None
    with leader.stdout:
        child = int(leader.stdout.readline())
    try:
        assert sorted(session_members(leader.pid)) == sorted([leader.pid, child])
        os.killpg(leader.pid, signal.SIGKILL)
        leader.wait()
        assert alive(child)  # what rq's work horse does to a killpg: it runs on as an orphan
        signal_session(leader.pid, signal.SIGKILL)
        assert wait_gone(child)
        assert session_members(leader.pid) == []
    finally:
        signal_session(leader.pid, signal.SIGKILL)
        leader.wait()
