"""Whole new-dossier calls against the app under gunicorn, beside a bare insert+commit endpoint.

Run: .venv/bin/python bench/ivr/bench_ivr.py [--seconds 10] [--slices 5] [--connections 10 50] [--history 1000]
Prints steps/s, p50 and p99 for both and the ratio; DATABASE_URL picks the database (default: SQLite).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator

from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.models import Owner
from hotline.services.catalogue import sync_catalogue

TOKEN = "bench-token"
# Sync process workers, one per core (SPEC §10: these machines have 2 cores; threads behind SQLite
# add lock retries). The same command serves both sides.
WORKERS = os.cpu_count() or 2
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--worker-class", "sync", "--log-level", "warning"]
# One new dossier: keys and recordings in the order the call asks for them.
SCRIPT = ["1", "2", "90123", "1", "record", "1", "", "end"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(url: str) -> None:
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        sync_catalogue(session, str(PROJECT_ROOT / "config"))
        session.add(Owner(full_name="Nguyễn Văn A", phone="+84912345678", address_line="Thôn Đông"))
        session.commit()
    engine.dispose()


def serve(target: str, port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([*GUNICORN, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", target], env=env,
                            cwd=str(Path(__file__).parent))
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn {target} did not start")


def one_call(http: requests.Session, base: str, validator: RequestValidator, latencies: list[float]) -> None:
    """Place one whole new-dossier call, step by step, recording each step's latency."""
    sid = "CA" + uuid.uuid4().hex
    url, extra = base + "/ivr/voice", dict[str, str]()
    for answer in SCRIPT:
        fields = {"CallSid": sid, "From": "+84912345678", "To": "+842553822000", "CallStatus": "in-progress",
                  **extra}
        start = time.perf_counter()
        response = http.post(url, data=fields, headers={"X-Twilio-Signature":
                                                       validator.compute_signature(url, fields)})
        latencies.append(time.perf_counter() - start)
        response.raise_for_status()
        if answer == "end":
            return
        body = response.text
        action = body.split('action="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        url = base + action
        extra = {"Digits": answer}
        if answer == "record":
            extra = {"Digits": "#", "RecordingSid": "RE" + uuid.uuid4().hex, "RecordingDuration": "3",
                     "RecordingUrl": "http://127.0.0.1:9/none"}
    raise AssertionError("unreachable")


def place_calls(work: object, calls: int, connections: int = 10) -> None:
    """Place `calls` whole calls from `connections` threads: the history a running hotline has."""
    left = iter(range(calls))
    lock = threading.Lock()

    def loop() -> None:
        http = requests.Session()
        while True:
            with lock:
                if next(left, None) is None:
                    return
            work(http, [])  # type: ignore[operator]

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def analyze(url: str) -> None:
    """Gather the planner's statistics, as autovacuum (PostgreSQL) or a nightly job (SQLite) would have."""
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    engine.dispose()


def load(work: object, connections: int, seconds: float) -> tuple[int, float, list[float]]:
    """Run `work(http, latencies)` from `connections` threads for `seconds`: requests, elapsed, latencies."""
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def loop() -> None:
        http = requests.Session()
        mine: list[float] = []
        while time.monotonic() < stop:
            work(http, mine)  # type: ignore[operator]
        latencies.extend(mine)

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.monotonic() - begin, latencies


Figures = tuple[float, float, float]


def side_by_side(ivr: object, bare: object, connections: int, seconds: float, slices: int) -> tuple[Figures, Figures]:
    """Measure both sides in alternating slices, so that a change in the machine's load meets both alike.

    Returns (steps/s, p50 ms, p99 ms) for each side.
    """
    totals: dict[int, tuple[int, float, list[float]]] = {0: (0, 0.0, []), 1: (0, 0.0, [])}
    for _ in range(slices):
        for side, work in enumerate((ivr, bare)):
            done, elapsed, latencies = load(work, connections, seconds / slices)
            count, time_spent, kept = totals[side]
            totals[side] = (count + done, time_spent + elapsed, kept + latencies)

    def figures(side: int) -> Figures:
        count, time_spent, latencies = totals[side]
        cuts = statistics.quantiles(latencies, n=100)
        return count / time_spent, cuts[49] * 1000, cuts[98] * 1000

    return figures(0), figures(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10, help="per side and connection count")
    parser.add_argument("--slices", type=int, default=5, help="alternations of the two sides within --seconds")
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--history", type=int, default=1000,
                        help="whole calls placed (and the statistics gathered) before measuring")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-ivr-"))
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    prepare_database(db_url)
    with EmbeddedRedis(workdir / "redis", persist=False) as redis:
        app_port, bare_port = free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis.url, "TWILIO_AUTH_TOKEN": TOKEN,
               "PUBLIC_BASE_URL": f"http://127.0.0.1:{app_port}", "SECRET_KEY": "bench",
               "HOTLINE_INSTANCE_PATH": str(workdir / "instance"), "PYTHONPATH": str(PROJECT_ROOT)}
        servers = [serve(target, port, env, args.workers)
                   for target, port in (("hotline.wsgi:app", app_port), ("bare_app:app", bare_port))]
        try:
            validator = RequestValidator(TOKEN)
            base = f"http://127.0.0.1:{app_port}"
            bare = f"http://127.0.0.1:{bare_port}/bare"

            def call(http: requests.Session, lat: list[float]) -> None:
                one_call(http, base, validator, lat)

            def insert(http: requests.Session, lat: list[float]) -> None:
                start = time.perf_counter()
                http.post(bare, data={"CallSid": "x"}).raise_for_status()
                lat.append(time.perf_counter() - start)

            print(f"database: {db_url.split(':')[0]}, gunicorn: --workers {args.workers} {' '.join(GUNICORN[1:])}, "
                  f"{args.seconds:.0f} s a side in {args.slices} alternating slices, {args.history} calls of history")
            print(f"{'conns':>5} {'what':<22} {'steps/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
            # A hotline runs on a database with history and planner statistics. Measured on tables created
            # seconds before, PostgreSQL kept the plans it had prepared for empty tables (sequential scans)
            # until autovacuum's first ANALYZE, a minute later. The calls also warm the workers up.
            place_calls(call, args.history)
            analyze(db_url)
            load(call, 4, 2)
            load(insert, 4, 1)
            for connections in args.connections:
                ivr, baseline = side_by_side(call, insert, connections, args.seconds, args.slices)
                print(f"{connections:>5} {'new-dossier call steps':<22} {ivr[0]:>8.0f} {ivr[1]:>8.1f} {ivr[2]:>8.1f}")
                print(f"{connections:>5} {'bare insert+commit':<22} {baseline[0]:>8.0f} {baseline[1]:>8.1f} "
                      f"{baseline[2]:>8.1f}")
                print(f"{connections:>5} ratio (ivr / bare): {ivr[0] / baseline[0]:.2f}")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=15)


if __name__ == "__main__":
    main()
