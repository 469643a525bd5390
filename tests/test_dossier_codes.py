"""Dossier codes: the national form, a daily sequence no two processes share, phone codes."""

from __future__ import annotations

import multiprocessing
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from hotline.domain.codes import damm_is_valid
from hotline.infra.db import make_engine
from hotline.models import Base
from hotline.services.dossiers import next_sequence
from tests.factories import UNIT
from tests.factories import make_dossier
from tests.tools import require_postgres

# A day no other test allocates numbers for.
DAY = date(2031, 1, 2)


def test_codes_follow_the_national_form_and_count_per_day(session: Session) -> None:
    first = make_dossier(session, now=datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    second = make_dossier(session, now=datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    next_day = make_dossier(session, now=datetime(2026, 11, 29, 2, 0, tzinfo=UTC))
    assert first.code == f"{UNIT}-261128-0001"
    assert second.code == f"{UNIT}-261128-0002"
    assert next_day.code == f"{UNIT}-261129-0001"


def test_the_day_is_vietnams_not_utcs(session: Session) -> None:
    # 18:30 UTC on the 27th is 01:30 on the 28th in Quảng Ngãi.
    dossier = make_dossier(session, now=datetime(2026, 11, 27, 18, 30, tzinfo=UTC))
    assert "-261128-" in dossier.code


def test_every_dossier_gets_a_unique_damm_checked_phone_code(session: Session) -> None:
    codes = {make_dossier(session).phone_code for _ in range(30)}
    assert len(codes) == 30
    assert all(len(c) == 8 and damm_is_valid(c) for c in codes)


def _allocate(url: str, count: int, barrier: multiprocessing.synchronize.Barrier,
              out: multiprocessing.Queue[list[int]]) -> None:
    engine = make_engine(url)
    got = []
    barrier.wait()
    for _ in range(count):
        with Session(engine) as session, session.begin():
            got.append(next_sequence(session, UNIT, DAY))
    engine.dispose()
    out.put(got)


def _race(url: str, processes: int = 4, each: int = 40) -> list[int]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes)
    out: multiprocessing.Queue[list[int]] = ctx.Queue()
    workers = [ctx.Process(target=_allocate, args=(url, each, barrier, out)) for _ in range(processes)]
    for w in workers:
        w.start()
    results = [n for _ in workers for n in out.get(timeout=120)]
    for w in workers:
        w.join(timeout=30)
        assert w.exitcode == 0
    return results


@pytest.mark.slow
def test_concurrent_processes_never_share_a_number_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    Base.metadata.create_all(create_engine(url))
    numbers = _race(url)
    assert sorted(numbers) == list(range(1, 161))


@pytest.mark.slow
def test_concurrent_processes_never_share_a_number_on_postgresql(request: pytest.FixtureRequest) -> None:
    require_postgres()
    url = request.getfixturevalue("postgres_url")
    numbers = _race(url)
    assert sorted(numbers) == list(range(1, 161))
