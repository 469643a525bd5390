"""Every process of a session, for a kill that must reach them all.

`hotline run` starts each child in a session of its own, and so do the tests' harnesses. A process group
is not enough to reach everything under a worker: rq puts each job's process (its "work horse") in a group
of its own, so a SIGKILL to the worker's group leaves the job running as an orphan. The session stays the
worker's, so the processes that share its id are the ones to kill. Linux only: it reads /proc.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PROC = Path("/proc")


def session_members(session_id: int) -> list[int]:
    """The ids of the live processes in session `session_id`."""
    members = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        # pid (comm) state ppid pgrp session …; comm may hold spaces and parentheses, so split after the last ")".
        state, _ppid, _pgrp, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == session_id and state != "Z":  # a zombie has ended; only its parent's wait is left
            members.append(int(entry.name))
    return members


def signal_session(session_id: int, signum: int) -> None:
    """Send `signum` to every process of the session, its leader included; twice, for one forked meanwhile."""
    for _ in range(2):
        for pid in session_members(session_id):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)
