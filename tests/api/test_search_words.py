"""One search for the queue, the owners page and the API: any word of a name, vessel digits, old numbers."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from hotline.models import Dossier
from hotline.models import Owner
from hotline.models import OwnerName
from hotline.services import search_terms
from hotline.services.search import DossierQuery
from hotline.services.search import search_dossiers
from hotline.services.search import search_owners
from hotline.services.search_terms import matching_names
from hotline.services.search_terms import name_condition
from hotline.services.search_terms import prune_owner_names
from hotline.services.search_terms import vessel_number_start
from tests.api.conftest import Seeded
from tests.factories import make_dossier
from tests.factories import make_owner

BASE = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def owners(session: Session) -> dict[str, Owner]:
    found = {
        "an": make_owner(session, "Nguyễn Văn An", "+84912345678", vessel_digits="12345"),
        "bich": make_owner(session, "Trần Thị Bích", "+84987654321", vessel_digits="12399"),
        "toan": make_owner(session, "Lê Văn Toàn", "+84911111111", vessel_digits="91234"),
        "anh": make_owner(session, "An Thị Ánh", "+84395678945", vessel_digits=None),
    }
    return found


@pytest.fixture
def dossiers(session: Session, owners: dict[str, Owner]) -> dict[str, Dossier]:
    return {name: make_dossier(session, owner, now=BASE + timedelta(days=i)) for i, (name, owner)
            in enumerate(owners.items())}


def _queue(session: Session, q: str) -> set[str]:
    owners = {d.owner.full_name for d in search_dossiers(session, DossierQuery(q=q)).items if d.owner}
    return owners


def _owners_page(session: Session, q: str) -> set[str]:
    return {o.full_name for o in search_owners(session, q).items}


@pytest.mark.parametrize("q, names", [
    ("van an", {"Nguyễn Văn An"}),
    ("Văn An", {"Nguyễn Văn An"}),
    ("an van", {"Nguyễn Văn An"}),  # the words in any order
    ("bich", {"Trần Thị Bích"}),
    ("BÍCH", {"Trần Thị Bích"}),
    ("thi", {"Trần Thị Bích", "An Thị Ánh"}),
    ("an", {"Nguyễn Văn An", "An Thị Ánh", }),  # "An" and "Ánh" start with it; "Toàn" does not
    ("nguyen van", {"Nguyễn Văn An"}),  # the start of the full name, as before
    ("van", {"Nguyễn Văn An", "Lê Văn Toàn"}),
    ("oan", set()),  # the middle of a word is no word
    ("thi bich an", set()),  # every word must be there
])
def test_any_word_of_the_name_accent_free_finds_the_owner_in_queue_and_owners_page(
        session: Session, dossiers: dict[str, Dossier], q: str, names: set[str]) -> None:
    assert _queue(session, q) == names
    assert _owners_page(session, q) == names


def test_like_wildcards_stay_literal_in_every_word(session: Session, dossiers: dict[str, Dossier]) -> None:
    assert _queue(session, "v_n") == set()
    assert _queue(session, "% an") == set()
    assert _owners_page(session, "b%") == set()


@pytest.mark.parametrize("q, names", [
    ("12345", {"Nguyễn Văn An"}),  # all the digits
    ("123", {"Nguyễn Văn An", "Trần Thị Bích"}),  # from the start of the number part
    ("1239", {"Trần Thị Bích"}),
    ("QNg-1234", {"Nguyễn Văn An"}),
    ("qng 912", {"Lê Văn Toàn"}),
    ("234", set()),  # digits from inside the number are no start
])
def test_vessel_digits_from_their_start_find_the_owner(session: Session, dossiers: dict[str, Dossier],
                                                      q: str, names: set[str]) -> None:
    assert _queue(session, q) == names
    assert _owners_page(session, q) == names


def test_a_keyed_vessel_number_the_registry_lacks_is_found_from_its_start(
        session: Session, dossiers: dict[str, Dossier]) -> None:
    dossiers["anh"].vessel_number = "QNg-95555-TS"
    session.flush()
    assert [d.id for d in search_dossiers(session, DossierQuery(q="955")).items] == [dossiers["anh"].id]


def test_vessel_number_start_reads_only_digits_with_an_optional_province() -> None:
    assert vessel_number_start("12345", "QNg") == "QNg-12345"
    assert vessel_number_start("bđ 123", "QNg") == "BĐ-123"
    assert vessel_number_start("QNg 12345 TS", "QNg") == "QNg-12345-TS"
    assert vessel_number_start("12", "QNg") is None
    assert vessel_number_start("123456", "QNg") is None
    assert vessel_number_start("XX-123", "QNg") is None


def test_an_old_number_finds_the_owner_of_todays_and_says_so(session: Session, dossiers: dict[str, Dossier]) -> None:
    # 0169 567 8945 became 039 567 8945 in 2018; An Thị Ánh's record holds the new number.
    page = search_dossiers(session, DossierQuery(q="0169 567 8945"))
    assert [d.id for d in page.items] == [dossiers["anh"].id]
    assert page.renumbered is not None and page.renumbered.e164 == "+84395678945"
    owners = search_owners(session, "01695678945")
    assert [o.full_name for o in owners.items] == ["An Thị Ánh"]
    assert owners.renumbered is not None and owners.renumbered.old_national == "01695678945"
    assert search_dossiers(session, DossierQuery(q="0395 678 945")).renumbered is None


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the trigram index is PostgreSQL's
def test_postgres_finds_the_names_of_a_word_search_through_the_trigram_index(
        session: Session, owners: dict[str, Owner]) -> None:
    """EXPLAIN shows the GIN trigram index for the words of a name, so losing it fails here, not in a timing."""
    # A province's worth of names, analysed, so the planner weighs the index as it would in service.
    names = [f"{s} {m} {g} {t}" for s in ("nguyen", "tran", "le", "pham", "huynh", "vo", "dang", "bui")
             for m in ("van", "thi", "huu", "duc", "minh") for g in ("an", "binh", "cuong", "dung", "hai", "hung")
             for t in ("lam", "long", "nam", "phuc", "quang", "son", "tam", "thang", "tuan", "hoa")]
    session.execute(insert(OwnerName), [{"name_folded": name} for name in names])
    session.execute(text("ANALYZE owner_name"))
    session.execute(text("SELECT gin_clean_pending_list('ix_owner_name_name_folded_trgm')"))  # as autovacuum does
    session.execute(text("SET LOCAL enable_seqscan = off"))  # at this size reading them all is as good: ask
    searched = select(OwnerName.name_folded).where(name_condition(OwnerName.name_folded, "Bích"))
    sql = str(searched.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    plan = "\n".join(session.scalars(text("EXPLAIN " + sql.replace("%%", "%"))))  # as psql would read it
    assert "ix_owner_name_name_folded_trgm" in plan, plan


def test_owner_name_holds_each_name_in_use_once_and_forgets_those_nobody_holds(
        session: Session, owners: dict[str, Owner]) -> None:
    make_owner(session, "Nguyễn Văn An", "+84905000111", vessel_digits=None)  # a namesake adds nothing
    assert matching_names(session, "van an") == ["nguyen van an"]
    owners["bich"].full_name = "Trần Thị Bảo"
    session.flush()
    assert matching_names(session, "bao") == ["tran thi bao"]
    assert matching_names(session, "bich") == ["tran thi bich"]  # until pruned: it matches nobody's dossier
    prune_owner_names(session)
    assert matching_names(session, "bich") == []
    assert sorted(session.scalars(select(OwnerName.name_folded))) == [
        "an thi anh", "le van toan", "nguyen van an", "tran thi bao"]


def test_the_api_search_reads_words_and_vessel_digits(client: FlaskClient, seeded: Seeded) -> None:
    def found(q: str) -> set[str]:
        body = client.get("/api/v1/dossiers", query_string={"q": q}, headers=seeded.headers).get_json()
        return {item["code"] for item in body["items"]}

    assert found("van an") == {seeded.codes["an"], seeded.codes["anh"]}
    assert found("binh") == {seeded.codes["binh"]}
    assert found("912") == {seeded.codes["binh"]}  # QNg-91234-TS from the start of its digits


def test_words_that_fit_more_names_than_the_list_holds_are_still_answered(
        session: Session, dossiers: dict[str, Dossier], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_NAMES the words are read on the dossiers' and owners' own names: the same owners are found."""
    monkeypatch.setattr(search_terms, "MAX_NAMES", 1)
    assert matching_names(session, "an") is None
    assert _queue(session, "an") == {"Nguyễn Văn An", "An Thị Ánh"}
    assert _owners_page(session, "an") == {"Nguyễn Văn An", "An Thị Ánh"}
    assert _queue(session, "bich") == {"Trần Thị Bích"}
