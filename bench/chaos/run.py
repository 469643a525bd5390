"""The chaos run at ten times the test's size: 1,000 calls through 20 worker kills, a 60 s Redis outage and a
crash of the web app, with the same harness as tests/test_chaos.py (tests/chaos/).

Run: .venv/bin/python bench/chaos/run.py [--calls 1000] [--call-seconds 300] [--kills 20] [--outage 60]
DATABASE_URL names the PostgreSQL server (default: the local one); the run makes a database of its own there
and drops it at the end. It prints the figures that README.md keeps.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

# The harness lives with the tests, which share it; this script runs from its own folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.chaos.database import create_postgres_database  # noqa: E402
from tests.chaos.database import drop_postgres_database  # noqa: E402
from tests.chaos.phones import record_note  # noqa: E402
from tests.chaos.plan import Plan  # noqa: E402
from tests.chaos.plan import Run  # noqa: E402
from tests.chaos.plan import run_chaos  # noqa: E402

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def report(run: Run) -> None:
    plan = run.plan
    print(f"{plan.calls} calls over {plan.call_seconds:.0f} s, {plan.workers} workers; on "
          f"{platform.node()} ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)")
    for at, _action, what in run.done:
        print(f"  {at:6.1f} s  {what}")
    for job in run.interrupted:
        print(f"  a kill cut short {job.job}({job.row_id})")
    for exit_ in run.unexpected_exits:
        print(f"  UNEXPECTED: {exit_}")
    failed = run.audit.failed_calls
    for sid, error in list(failed.items())[:10]:
        print(f"  FAILED CALL {sid}: {error}")
    print("| figure | count |\n|---|---|")
    for name, count in run.audit.figures(run.note_sha256).items():
        print(f"| {name} | {count} |")
    print(f"| seconds to drain after recovery | {run.drain_seconds:.0f} |")
    for kind, seconds in run.drained.items():
        print(f"| … until the {kind} were done | {seconds:.0f} |")
    print(f"| seconds for the whole run | {run.total_seconds:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--call-seconds", type=float, default=300, help="calls are placed evenly over this time")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of a worker, round the workers")
    parser.add_argument("--outage", type=float, default=60, help="seconds Redis is stopped")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--drain-timeout", type=float, default=3600)
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs, Redis, recordings)")
    args = parser.parse_args()
    plan = Plan(calls=args.calls, call_seconds=args.call_seconds, worker_kills=args.kills, redis_outage=args.outage,
                workers=args.workers)
    server = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES
    workdir = Path(tempfile.mkdtemp(prefix="bench-chaos-"))
    database = create_postgres_database(server)
    began = time.strftime("%Y-%m-%d %H:%M")
    try:
        run = run_chaos(plan, workdir / "run", database, record_note(workdir / "note.wav"),
                        drain_timeout=args.drain_timeout)
    finally:
        drop_postgres_database(server, database)
    print(f"chaos run of {began}, working folder {workdir}")
    report(run)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
