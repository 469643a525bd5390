"""The supervisor of `hotline run`, with small stand-in children: restarts, backoff, the vital child, stop order."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hotline.cli.supervisor import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def stand_in(journal: Path, name: str, *, obeys_sigterm: bool = True) -> list[str]:
    """A child that writes `name` to the journal when SIGTERM reaches it, then exits (or carries on)."""
    return child(f"""
import os, signal, sys, time
def on_term(signum, frame):
    with open({str(journal)!r}, "a") as fh:
        fh.write({name!r} + " " + str(os.getsid(0)) + "\\n")
    if {obeys_sigterm!r}:
        sys.exit(0)
signal.signal(signal.SIGTERM, on_term)
with open({str(journal)!r} + ".ready", "a") as fh:
    fh.write({name!r} + "\\n")
time.sleep(60)
""")


def interrupt_after(lines: list[str], pattern: str, count: int) -> Callable[[str], None]:
    """A `say` that keeps the lines and plays Ctrl-C once `count` of them match `pattern`."""

    def say(line: str) -> None:
        lines.append(line)
        if re.search(pattern, line) and sum(bool(re.search(pattern, seen)) for seen in lines) == count:
            os.kill(os.getpid(), signal.SIGINT)

    return say


def restart_delays(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := re.search(r"restarting in (\S+) s$", line))]


def test_a_worker_that_keeps_dying_comes_back_after_doubling_delays_up_to_the_cap() -> None:
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), first_delay=0.05, max_delay=0.2, steady_after=30, poll_interval=0.01,
                            say=interrupt_after(lines, "restarting in", 5))
    supervisor.add("web app", SLEEPER, restart=False, stop_timeout=5)
    supervisor.add("worker", child("import sys; sys.exit(3)"), restart=True, stop_timeout=5)

    assert supervisor.run() == 0

    assert [line for line in lines if "exited" in line] == [
        f"worker exited with 3; restarting in {delay} s" for delay in ("0.05", "0.1", "0.2", "0.2", "0.2")]
    # Ctrl-C came with the fifth exit, so its restart never happened.
    assert sum(line.startswith("worker started (pid ") for line in lines) == 5
    web = supervisor.children[0].process
    assert web is not None and web.returncode == -signal.SIGTERM
    assert lines[-1] == "stopping web app"


def test_a_worker_that_stayed_up_a_while_comes_back_after_the_first_delay_again() -> None:
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), first_delay=0.05, max_delay=1, steady_after=0.2, poll_interval=0.01,
                            say=interrupt_after(lines, "restarting in", 3))
    supervisor.add("web app", SLEEPER, restart=False, stop_timeout=5)
    supervisor.add("worker", child("import sys, time; time.sleep(0.3); sys.exit(1)"), restart=True, stop_timeout=5)

    assert supervisor.run() == 0

    assert restart_delays(lines) == ["0.05", "0.05", "0.05"]


def test_the_web_app_ending_stops_the_worker_and_exits_non_zero(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), poll_interval=0.01, say=lines.append)
    supervisor.add("web app", child("import sys, time; time.sleep(0.5); sys.exit(2)"), restart=False, stop_timeout=5)
    supervisor.add("worker", stand_in(journal, "worker"), restart=True, stop_timeout=5)

    assert supervisor.run() == 1

    assert "web app exited with 2; stopping the hotline" in lines
    assert lines[-1] == "stopping worker"
    worker = supervisor.children[1].process
    assert worker is not None and worker.returncode == 0
    assert journal.read_text().split()[0] == "worker"


def test_stopping_goes_worker_first_then_web_app_and_kills_a_child_that_does_not_stop(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), poll_interval=0.01, say=lines.append)
    supervisor.add("web app", stand_in(journal, "web"), restart=False, stop_timeout=5)
    supervisor.add("worker", stand_in(journal, "worker", obeys_sigterm=False), restart=True, stop_timeout=0.3)
    ready = Path(f"{journal}.ready")
    _interrupt_when(lambda: ready.exists() and len(ready.read_text().split()) == 2)

    assert supervisor.run() == 0

    stopped = [entry.split() for entry in journal.read_text().splitlines()]
    assert [name for name, _session in stopped] == ["worker", "web"]
    pids = {c.name: c.process.pid for c in supervisor.children if c.process is not None}
    # Each child leads a session of its own, so a terminal's Ctrl-C reaches only the supervisor.
    assert {name: int(session) for name, session in stopped} == {"worker": pids["worker"], "web": pids["web app"]}
    assert lines[2:] == ["stopping worker", "worker did not stop within 0.3 s; killing it", "stopping web app"]
    assert [c.process.returncode for c in supervisor.children if c.process] == [0, -signal.SIGKILL]


def test_a_second_ctrl_c_while_stopping_kills_at_once(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), poll_interval=0.01, say=lines.append)
    supervisor.add("web app", SLEEPER, restart=False, stop_timeout=60)
    supervisor.add("worker", stand_in(journal, "worker", obeys_sigterm=False), restart=True, stop_timeout=60)
    _interrupt_when(lambda: Path(f"{journal}.ready").exists())
    _interrupt_when(journal.exists)  # the worker got SIGTERM and ignores it: Ctrl-C again

    began = time.monotonic()
    assert supervisor.run() == 0

    assert time.monotonic() - began < 10
    # Both timeouts were 60 s; the web app may or may not have ended on SIGTERM before its kill.
    assert lines.index("stopping worker") < lines.index("killing worker") < lines.index("stopping web app")
    assert journal.read_text().split()[0] == "worker"


def test_what_a_killed_worker_leaves_in_its_process_group_is_stopped_too(tmp_path: Path) -> None:
    grandchild_pid = tmp_path / "grandchild.pid"
    spawner = child(f"""
import subprocess, sys, time
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open({str(grandchild_pid)!r}, "w").write(str(helper.pid))
time.sleep(60)
""")
    lines: list[str] = []
    supervisor = Supervisor(dict(os.environ), first_delay=30, poll_interval=0.01,
                            say=interrupt_after(lines, "restarting in", 1))
    supervisor.add("web app", SLEEPER, restart=False, stop_timeout=5)
    supervisor.add("worker", spawner, restart=True, stop_timeout=5)

    def kill_the_worker() -> bool:
        if not grandchild_pid.exists() or not grandchild_pid.read_text():
            return False
        worker = supervisor.children[1].process
        assert worker is not None
        os.kill(worker.pid, signal.SIGKILL)
        return True

    _when(kill_the_worker)
    assert supervisor.run() == 0

    assert "worker exited with -9 (SIGKILL); restarting in 30 s" in lines
    assert _gone(int(grandchild_pid.read_text()), timeout=5)


def _when(action: Callable[[], bool]) -> None:
    """Run `action` from a background thread until it says it has acted (within 20 s)."""
    import threading

    def loop() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not action():
            time.sleep(0.01)

    threading.Thread(target=loop, daemon=True).start()


def _interrupt_when(condition: Callable[[], bool]) -> None:
    def act() -> bool:
        if condition():
            os.kill(os.getpid(), signal.SIGINT)
            return True
        return False

    _when(act)


def _gone(pid: int, timeout: float) -> bool:
    """True once `pid` has ended (a zombie waiting for init to reap it counts as ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False
