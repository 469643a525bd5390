"""The memory of N transcription workers, separate and forked from one parent, beside one worker's."""

from __future__ import annotations

import time
from typing import Any

from bench.capacity.callers import NOTE_LENGTHS
from bench.capacity.callers import NoteHost
from bench.capacity.callers import add_filler
from bench.capacity.processes import start_workers
from bench.capacity.processes import stop_workers
from bench.capacity.processes import tree_pss_kib
from bench.capacity.processes import wait_loaded
from hotline.infra.queue import get_queue


def memory(app: Any, env: dict[str, str], host: NoteHost, counts: list[int]) -> None:
    print("\n== memory: N workers with the model loaded (sum of Pss over every process and its children) ==")
    print("   separate: N `hotline worker` processes; one parent: `hotline worker --processes N`")
    print(f"{'workers':>7} {'how':<10} {'idle MiB':>9} {'x one':>6} {'in a job MiB':>13} {'x one':>6} {'procs':>6}")
    one: tuple[float, float] | None = None
    for count in counts:
        for pool in (False, True) if count > 1 else (False,):
            idle, busy, procs = measure_workers(app, env, host, count, pool)
            one = one or (idle, busy)
            print(f"{count:>7} {'one parent' if pool else 'separate':<10} {idle:>9.0f} {idle / one[0]:>6.2f} "
                  f"{busy:>13.0f} {busy / one[1]:>6.2f} {procs:>6}", flush=True)


def measure_workers(app: Any, env: dict[str, str], host: NoteHost, count: int, pool: bool) -> tuple[float, float, int]:
    """(idle MiB, peak MiB while each worker decodes a note, processes at the peak) of `count` workers."""
    workers = start_workers(count, env, pool=pool)
    try:
        wait_loaded(workers)
        sampled = [tree_pss_kib(p.pid) for p in workers]
        idle, idle_members = sum(s[0] for s in sampled) / 1024, sum(s[1] for s in sampled)
        with app.app_context():
            queue = get_queue("transcription")
            # The longest note for every worker: each peak is a decoder's largest, the same in every row.
            for _ in range(count):
                add_filler(app, host, max(NOTE_LENGTHS))
            busy, procs, deadline = 0.0, 0, time.monotonic() + 180
            while time.monotonic() < deadline:
                sampled = [tree_pss_kib(p.pid) for p in workers]
                now, members = sum(s[0] for s in sampled) / 1024, sum(s[1] for s in sampled)
                # More processes than at rest: job processes (forked per job) are running.
                if members > idle_members and now > busy:
                    busy, procs = now, members
                if queue.count == 0 and queue.started_job_registry.count == 0 and busy:
                    break
                time.sleep(0.2)
    finally:
        stop_workers(workers)
    return idle, busy, procs
