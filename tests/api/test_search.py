"""The dossier queue search: each reading of the search box, the filters, paging and counting."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from hotline.domain.phone import PhoneNumberError
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.services import search
from hotline.services.search import DossierQuery
from hotline.services.search import search_dossiers
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import procedure

BASE = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def people(session: Session) -> dict[str, Dossier]:
    """Four dossiers of three owners on four days; the newest first is the queue's order."""
    an = make_owner(session, "Nguyễn Văn An", "+84912345678", vessel_digits="90123")
    binh = make_owner(session, "Trần Thị Bình", "+84987654321", vessel_digits="91234")
    duc = make_owner(session, "Đặng Đức", "+84911111111", vessel_digits=None)
    dossiers = {
        "an1": make_dossier(session, an, now=BASE),
        "binh": make_dossier(session, binh, key=2, state=DossierState.DRAFT, now=BASE + timedelta(days=1)),
        "duc": make_dossier(session, duc, now=BASE + timedelta(days=2)),
        "an2": make_dossier(session, an, state=DossierState.IN_PROGRESS, now=BASE + timedelta(days=3)),
    }
    dossiers["duc"].channel = Channel.POST
    dossiers["an2"].due_date = date(2026, 11, 10)
    dossiers["an1"].due_date = date(2026, 11, 20)
    session.flush()
    return dossiers


def _found(session: Session, **filters: object) -> list[str]:
    page = search_dossiers(session, DossierQuery(**filters), today=date(2026, 11, 15))  # type: ignore[arg-type]
    return [d.code for d in page.items]


def _codes(people: dict[str, Dossier], *names: str) -> list[str]:
    return [people[n].code for n in names]


def test_empty_query_lists_everything_newest_first(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    assert _found(session) == _codes(people, "an2", "duc", "binh", "an1")


def test_name_without_accents_or_case_finds_the_owner(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    assert _found(session, q="nguyen van an") == _codes(people, "an2", "an1")
    assert _found(session, q="NGUYEN") == _codes(people, "an2", "an1")
    assert _found(session, q="dang duc") == _codes(people, "duc")
    assert _found(session, q="Trần  Thị") == _codes(people, "binh")


def test_like_wildcards_in_a_name_are_taken_literally(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    assert _found(session, q="%") == []
    assert _found(session, q="ng_yen") == []


def test_dossier_code_full_or_prefix(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    code = people["binh"].code
    assert _found(session, q=code) == [code]
    assert _found(session, q=code.lower()) == [code]
    assert _found(session, q=code[: len("000.00.15.H48-2611")]) == _codes(people, "an2", "duc", "binh", "an1")
    assert _found(session, q="000.00.15.H48-261103") == _codes(people, "binh")


def test_phone_code_with_spaces(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    phone_code = people["duc"].phone_code
    spaced = f"{phone_code[:4]} {phone_code[4:]}"
    assert _found(session, q=spaced) == _codes(people, "duc")


def test_phone_number_in_any_writing(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    for writing in ("0912345678", "0912 345 678", "+84 912-345-678", "(091) 234.5678"):
        assert _found(session, q=writing) == _codes(people, "an2", "an1"), writing
    assert _found(session, phone="0987.654.321") == _codes(people, "binh")


def test_invalid_phone_filter_is_refused(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PhoneNumberError):
        search_dossiers(session, DossierQuery(phone="12"))


def test_vessel_number_in_any_writing(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    for writing in ("QNg-91234-TS", "qng 91234", "91234"):
        assert _found(session, q=writing) == _codes(people, "binh"), writing


def test_vessel_number_keyed_but_not_registered(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    people["duc"].vessel_number = "QNg-95555-TS"
    session.flush()
    assert _found(session, q="95555") == _codes(people, "duc")


def test_filters_combine(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    assert _found(session, state=DossierState.DRAFT) == _codes(people, "binh")
    assert _found(session, procedure_id=procedure(session, 2).id) == _codes(people, "binh")
    assert _found(session, channel=Channel.POST) == _codes(people, "duc")
    assert _found(session, overdue=True) == _codes(people, "an2")
    assert _found(session, due_before=date(2026, 11, 20)) == _codes(people, "an2", "an1")
    assert _found(session, q="nguyen", state=DossierState.RECEIVED) == _codes(people, "an1")


def test_received_dates_are_days_in_the_centres_time_zone(session: Session, people) -> None:  # type: ignore[no-untyped-def]
    # 03:00 UTC is 10:00 in Hanoi, so each dossier belongs to its UTC calendar day here.
    assert _found(session, received_from=date(2026, 11, 3), received_to=date(2026, 11, 4)) == _codes(
        people, "duc", "binh")
    late = make_dossier(session, None, now=datetime(2026, 11, 1, 18, 0, tzinfo=UTC))  # 01:00 on 2 Nov in Hanoi
    assert late.code in _found(session, received_from=date(2026, 11, 2), received_to=date(2026, 11, 2))


def test_paging_and_capped_counting(session: Session, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = search_dossiers(session, DossierQuery(page=2, per_page=3))
    assert ([d.code for d in page.items], page.total, page.pages, page.exact) == (
        _codes(people, "an1"), 4, 2, True)
    beyond = search_dossiers(session, DossierQuery(page=99, per_page=3))
    assert beyond.page == 2
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    capped = search_dossiers(session, DossierQuery(per_page=2))
    assert (capped.total, capped.exact, capped.pages) == (3, False, 2)
