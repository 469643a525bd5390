"""The request log: deadlines in the province's working days, what is due, and exports and erasures audited."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.phone import PhoneNumberError
from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.models import AuditEntry
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import RequestState
from hotline.services.catalogue import work_calendar
from hotline.services.erasure import ErasureRefusedError
from hotline.services.privacy_requests import carry_out_erasure
from hotline.services.privacy_requests import count_due
from hotline.services.privacy_requests import deadlines
from hotline.services.privacy_requests import give_export
from hotline.services.privacy_requests import log_request
from hotline.services.privacy_requests import mark_answered
from hotline.services.privacy_requests import request_list
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.privacy.person import PHONE
from tests.privacy.person import fill_person
from tests.privacy.person import stores


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def test_deadlines_skip_tet_and_the_provinces_own_days_off(session: Session) -> None:
    # Thursday 12 February 2026: the province's bridge day (13th), the weekend, Tết (16th-20th), the weekend
    # and the province's extra day (23rd) all pass before the first working day counts.
    assert deadlines(work_calendar(), local(2026, 2, 12, 10)) == (date(2026, 2, 25), date(2026, 3, 16))
    # The national calendar alone would have made the answer due on the 23rd: the config is what moved it.
    assert deadlines(WorkCalendar(), local(2026, 2, 12, 10))[0] == date(2026, 2, 23)


def test_a_request_taken_after_hours_or_at_the_weekend_counts_from_the_next_working_day(session: Session) -> None:
    calendar = work_calendar()
    assert deadlines(calendar, local(2026, 3, 2, 10))[0] == date(2026, 3, 4)   # Monday morning
    assert deadlines(calendar, local(2026, 3, 2, 18))[0] == date(2026, 3, 5)   # Monday evening
    assert deadlines(calendar, local(2026, 3, 7, 10)) == (date(2026, 3, 11), date(2026, 3, 30))  # Saturday


def test_a_request_is_logged_with_its_number_normalised_or_refused(session: Session) -> None:
    request = log_request(session, work_calendar(), "0905 111 222", RequestKind.ERASURE, "  qua điện thoại ",
                          received_at=local(2026, 3, 2, 9))
    assert (request.phone, request.note, request.state) == (PHONE, "qua điện thoại", RequestState.OPEN)
    assert (request.answer_due, request.act_due) == (date(2026, 3, 4), date(2026, 3, 23))
    with pytest.raises(PhoneNumberError):
        log_request(session, work_calendar(), "12", RequestKind.ACCESS)


def test_due_requests_are_counted_until_answered_then_by_their_act_deadline(session: Session) -> None:
    calendar = work_calendar()
    received = local(2026, 3, 2, 9)  # answer due Wed 4 March, act due Mon 23 March
    first = log_request(session, calendar, PHONE, RequestKind.ACCESS, received_at=received)
    second = log_request(session, calendar, "+84912000999", RequestKind.OBJECTION, received_at=local(2026, 3, 5, 9))
    assert count_due(session, calendar, date(2026, 3, 2)) == 0
    assert count_due(session, calendar, date(2026, 3, 3)) == 1   # due tomorrow
    assert count_due(session, calendar, date(2026, 3, 9)) == 2   # one overdue, one due today
    mark_answered(first, None)
    assert count_due(session, calendar, date(2026, 3, 9)) == 1
    assert count_due(session, calendar, date(2026, 3, 20)) == 2  # Friday: the act is due on Monday
    assert [r.id for r in request_list(session)] == [second.id, first.id]  # the nearer deadline first


def test_an_access_export_closes_the_request_and_audits_counts_only(session: Session, tmp_path: Path) -> None:
    fill_person(session, stores(tmp_path).recordings)
    request = log_request(session, work_calendar(), PHONE, RequestKind.ACCESS)
    data = give_export(session, request, "json", None, "127.0.0.1")
    assert data["phone"] == PHONE and data["counts"]["owner"] == 1
    assert request.state is RequestState.DONE and request.closed_at is not None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy_export")).one()
    assert entry.object_id == str(request.id) and "owner=1" in (entry.detail or "")
    assert "905" not in (entry.detail or "") and "Tư" not in (entry.detail or "")


def test_an_erasure_waits_for_open_dossiers_and_says_which(session: Session, tmp_path: Path) -> None:
    owner = make_owner(session, phone=PHONE)
    dossier = make_dossier(session, owner, state=DossierState.IN_PROGRESS)
    request = log_request(session, work_calendar(), PHONE, RequestKind.ERASURE)
    with pytest.raises(ErasureRefusedError) as refused:
        carry_out_erasure(session, request, "chủ tàu yêu cầu", None, stores(tmp_path))
    assert refused.value.codes == [dossier.code]
    assert request.state is RequestState.OPEN and dossier.code in (request.outcome or "")
    assert session.scalars(select(AuditEntry.action)).all() == ["privacy_erase_refused"]
    assert session.get(Owner, owner.id) is not None and owner.full_name == "Nguyễn Văn A"


def test_an_erasure_closes_its_request_with_the_reason_and_audits_counts(session: Session, tmp_path: Path) -> None:
    fill_person(session, stores(tmp_path).recordings)
    request = log_request(session, work_calendar(), PHONE, RequestKind.ERASURE)
    erased = carry_out_erasure(session, request, "Chủ tàu yêu cầu ngày 2/3", None, stores(tmp_path),
                               "10.0.0.9")
    session.commit()
    assert erased.audio_files == 2 and erased.counts["owner"] == 1
    assert request.state is RequestState.DONE
    assert (request.outcome or "").startswith("Chủ tàu yêu cầu ngày 2/3\n")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy_erase")).one()
    assert entry.detail == erased.summary() and entry.address == "10.0.0.9"
    assert "audio_files=2" in entry.detail and "owner=1" in entry.detail
    assert session.scalars(select(PrivacyRequest.phone)).all() == [PHONE, PHONE]  # the log keeps its number
