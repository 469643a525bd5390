"""Decision 766's figures, counted from known records: each share's part and whole, for a period and a procedure."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from hotline.services.catalogue import work_calendar
from hotline.services.province_index import Period
from hotline.services.province_index import Share
from hotline.services.province_index import measure
from tests.console.report_world import ALL_PROCEDURES
from tests.console.report_world import FIRST
from tests.console.report_world import FIRST_ONLY
from tests.console.report_world import MARCH
from tests.console.report_world import build_march
from tests.factories import procedure


def _figures(session: Session, period: Period) -> dict[str, tuple[int, int]]:
    index = measure(session, work_calendar(), period)
    names = ["early", "on_time", "late", "timely", "satisfied", "sent_by_post", "returned_by_post",
             "calls_answered"]
    shares: dict[str, Share] = {name: getattr(index, name) for name in names}
    return {name: (share.part, share.whole) for name, share in shares.items()}


def test_each_figure_counts_the_records_of_the_period_by_local_day(session: Session) -> None:
    build_march(session)
    session.commit()
    assert _figures(session, Period(*MARCH)) == ALL_PROCEDURES


def test_a_procedure_narrows_every_figure_but_the_calls(session: Session) -> None:
    build_march(session)
    session.commit()
    assert _figures(session, Period(*MARCH, procedure_id=procedure(session, FIRST).id)) == FIRST_ONLY


def test_a_period_with_nothing_in_it_has_no_rate_rather_than_zero(session: Session) -> None:
    build_march(session)
    session.commit()
    index = measure(session, work_calendar(), Period(date(2025, 1, 1), date(2025, 1, 31)))
    assert index.timely == Share(0, 0) and index.timely.rate is None
    assert Share(4, 5).rate == 0.8


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2), date(2026, 3, 1))
