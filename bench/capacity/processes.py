"""The processes the bench starts and weighs: Pss from /proc, process trees, ports, gunicorn and the workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from hotline.infra.sessions import signal_session
from hotline.infra.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent


def pss_kib(smaps_rollup: str) -> int:
    """The Pss figure (KiB) of a /proc/<pid>/smaps_rollup text."""
    for line in smaps_rollup.splitlines():
        name, _, rest = line.partition(":")
        if name == "Pss":
            return int(rest.split()[0])
    raise ValueError("no Pss line")


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc/<pid>/task/*/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                pass
    return found


def tree_pss_kib(pid: int) -> tuple[int, int]:
    """(summed Pss in KiB, number of processes) of pid and its descendants."""
    total = count = 0
    for member in process_tree(pid):
        try:
            total += pss_kib(Path(f"/proc/{member}/smaps_rollup").read_text())
            count += 1
        except (OSError, ValueError):
            pass
    return total, count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """gunicorn as deployed (deploy/gunicorn.conf.py), two web workers serving `hotline.wsgi:app` on port."""
    return subprocess.Popen([str(BIN / "gunicorn"), "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"),
                             "--workers", "2", "--bind", f"127.0.0.1:{port}", "hotline.wsgi:app"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def start_workers(count: int, env: dict[str, str], *, pool: bool = False) -> list[subprocess.Popen[bytes]]:
    """`hotline worker --queue transcription` processes, each its own process group (SIGSTOP reaches its job);
    with `pool`, one `hotline worker --processes count` whose parent loads the model for all of them."""
    args = [str(BIN / "hotline"), "worker", "--queue", "transcription"]
    if pool:
        return [subprocess.Popen([*args, "--processes", str(count)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)]
    return [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
            for _ in range(count)]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for proc in workers:
        signal_session(proc.pid, signal.SIGCONT)
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in workers:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            signal_session(proc.pid, signal.SIGKILL)
            proc.wait()


def signal_workers(workers: list[subprocess.Popen[bytes]], signum: int) -> None:
    """Signal each worker's whole session: a job's process sits in a process group of its own (rq), so
    a group's SIGSTOP would leave a decoding job running."""
    for proc in workers:
        signal_session(proc.pid, signum)


def wait_loaded(workers: list[subprocess.Popen[bytes]], timeout: float = 120) -> None:
    """Until each worker's Pss has stopped growing (the model is loaded) for 3 s."""
    deadline = time.monotonic() + timeout
    last, steady_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = sum(tree_pss_kib(p.pid)[0] for p in workers)
        if abs(now - last) > 1024:
            last, steady_since = now, time.monotonic()
        elif time.monotonic() - steady_since > 3 and now > 50 * 1024 * len(workers):
            return
        time.sleep(0.5)
