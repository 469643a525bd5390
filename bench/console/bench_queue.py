"""The dossier queue and the accent-free name search over a million dossiers, beside a primary-key lookup.

Run: .venv/bin/python bench/console/bench_queue.py [--reload]
Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust); it creates the database hotline_bench, and
reloads it when the models have a column the loaded table lacks. The console pages are timed through
the Flask test client as an operator signed in the way a browser signs in (CSRF token from the form).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import DOSSIERS  # noqa: E402
from load import load  # noqa: E402

from hotline.app import create_app  # noqa: E402
from hotline.infra.db import get_database  # noqa: E402
from hotline.infra.settings import PROJECT_ROOT  # noqa: E402
from hotline.models import Base  # noqa: E402
from hotline.models import Dossier  # noqa: E402
from hotline.models import DossierState  # noqa: E402
from hotline.models import Role  # noqa: E402
from hotline.models import User  # noqa: E402
from hotline.services.accounts import hash_password  # noqa: E402
from hotline.services.catalogue import sync_catalogue  # noqa: E402
from hotline.services.search import DossierQuery  # noqa: E402
from hotline.services.search import search_dossiers  # noqa: E402
from hotline.services.search import search_owners  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
# Another name (BENCH_DATABASE=hotline_bench_mine) keeps two people's runs on one server apart.
DATABASE = os.environ.get("BENCH_DATABASE", "hotline_bench")
URL = SERVER + DATABASE
RUNS = 200
TARGET_MS = 150.0
_CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(reload: bool) -> None:
    admin = create_engine(SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE})
        if exists and reload:
            conn.execute(text(f'DROP DATABASE "{DATABASE}" WITH (FORCE)'))
        if not exists or reload:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    engine = create_engine(URL)
    if _columns_missing(engine):
        engine.dispose()
        print("the bench database predates the models' columns; reloading it")
        prepare(reload=True)
        return
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        loaded = conn.scalar(select(func.count()).select_from(Dossier.__table__))
    if loaded != DOSSIERS:
        with Session(engine) as session:
            procedures = sync_catalogue(session, str(PROJECT_ROOT / "config")).listed
            session.add(User(username="bench", full_name="Bench", role=Role.OPERATOR,
                             password_hash=hash_password("bench-password")))
            session.commit()
            ids = [p.id for p in procedures]
        started = time.perf_counter()
        load(engine, ids)
        print(f"loaded {DOSSIERS:,} dossiers in {time.perf_counter() - started:.0f} s")
    engine.dispose()


def _columns_missing(engine: Engine) -> bool:
    """True when an existing table lacks a column or an index the models have (create_all adds neither)."""
    existing = inspect(engine)
    for table in Base.metadata.sorted_tables:
        if not existing.has_table(table.name):
            continue
        if not set(table.columns.keys()) <= {c["name"] for c in existing.get_columns(table.name)}:
            return True
        indexes = {i.name for i in table.indexes if getattr(i, "_ddl_if", None) is None or i._ddl_if.dialect
                   in (None, "postgresql")}
        if not indexes <= {i["name"] for i in existing.get_indexes(table.name)}:
            return True
    return False


def measure(label: str, work: Callable[[int], object]) -> float:
    for i in range(10):
        work(i)
    times = []
    for i in range(RUNS):
        started = time.perf_counter()
        work(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    print(f"{label:<52} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    return p95


def main() -> None:
    prepare("--reload" in sys.argv)
    app = create_app({"DATABASE_URL": URL, "SECRET_KEY": "bench"})
    rng = random.Random(5)
    names = ["nguyen van a", "tran thi binh", "dang duc", "vo minh", "pham huu phuc"]
    # Any word of a name, from rare to common: "an" starts a word in a sixteenth of the names.
    words = ["van an", "binh", "huu son", "thang", "an", "Đức Tâm", "minh phuc"]
    vessels = ["12345", "1234", "567", "QNg-8901"]
    results: dict[str, float] = {}
    with app.app_context():
        db = get_database()

        def in_session(query: Callable[..., object]) -> Callable[[int], object]:
            def run(i: int) -> object:
                with db.sessions() as session:
                    return query(session, i)
            return run

        results["pk"] = measure("primary-key lookup (session.get, baseline)", in_session(
            lambda s, i: s.get(Dossier, rng.randint(1, DOSSIERS))))
        results["queue"] = measure("queue page 1, no filter (search_dossiers)", in_session(
            lambda s, i: search_dossiers(s, DossierQuery())))
        results["queue_state"] = measure("queue, state=in_progress, page 3", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(state=DossierState.IN_PROGRESS, page=3))))
        results["name"] = measure("accent-free name search (search_dossiers)", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(q=names[i % len(names)]))))
        results["words"] = measure("any word of a name (search_dossiers, 7 searches)", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(q=words[i % len(words)]))))
        results["vessel"] = measure("vessel digits from their start (search_dossiers)", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(q=vessels[i % len(vessels)]))))
        results["old_phone"] = measure("pre-2018 number '0162 001 2345' (search_dossiers)", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(q="0162 001 2345"))))
        results["owners"] = measure("owners page search, words and digits (search_owners)", in_session(
            lambda s, i: search_owners(s, (words + vessels)[i % (len(words) + len(vessels))])))
        results["phone"] = measure("phone number search '0910 012 345'", in_session(
            lambda s, i: search_dossiers(s, DossierQuery(q="0910 012 345"))))
    client = app.test_client()
    login = log_in(client, "bench", "bench-password")
    if login.status_code in (302, 303):
        results["page_queue"] = measure("console GET /dossiers (rendered)", lambda i: _ok(
            client.get("/dossiers")))
        results["page_name"] = measure("console GET /dossiers?q=<name> (rendered)", lambda i: _ok(
            client.get("/dossiers", query_string={"q": names[i % len(names)]})))
        results["page_words"] = measure("console GET /dossiers?q=<words> (rendered)", lambda i: _ok(
            client.get("/dossiers", query_string={"q": words[i % len(words)]})))
        results["page_owners"] = measure("console GET /owners?q=<words or digits> (rendered)", lambda i: _ok(
            client.get("/owners", query_string={"q": (words + vessels)[i % (len(words) + len(vessels))]})))
        results["page_pk"] = measure("console GET /dossiers/<code> (one dossier page)", lambda i: _ok(
            client.get(f"/dossiers/000.00.15.H48-25{rng.randint(1, 12):02d}10-{rng.randint(1, 2000):04d}")))
    else:
        print(f"console login answered {login.status_code}; console pages not measured")
    baseline = results["pk"]
    print(f"\nratio of p95 to the primary-key lookup's p95 ({baseline:.2f} ms):")
    for key, p95 in results.items():
        verdict = "ok" if p95 < TARGET_MS else f"OVER the {TARGET_MS:.0f} ms target"
        print(f"  {key:<12} {p95 / baseline:8.1f}x   {verdict}")


def log_in(client: FlaskClient, username: str, password: str) -> TestResponse:
    """Sign in as a browser does: the console checks CSRF on every form, the login form included."""
    form = client.get("/login").get_data(as_text=True)
    token = _CSRF_TOKEN.search(form)
    if token is None:
        raise SystemExit("the login page carries no csrf_token")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1)})


def _ok(response: object) -> object:
    status = getattr(response, "status_code", 0)
    if status != 200:
        raise SystemExit(f"console answered {status}")
    return response


if __name__ == "__main__":
    main()
