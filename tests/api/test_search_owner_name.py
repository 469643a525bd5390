"""The owner's folded name copied onto each dossier: set with the owner, following renames, indexed."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Owner
from hotline.services.search import DossierQuery
from hotline.services.search import filter_conditions
from hotline.services.search import search_dossiers
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import procedure

NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


def _stored_copies(session: Session) -> dict[int, str | None]:
    """The copies as the database holds them, not as objects in memory remember them."""
    rows = session.execute(text("SELECT id, owner_name_folded FROM dossier"))
    return {row.id: row.owner_name_folded for row in rows}


def _names_found(session: Session, q: str) -> list[int]:
    return [d.id for d in search_dossiers(session, DossierQuery(q=q)).items]


def test_a_dossier_opened_for_an_owner_carries_the_folded_name(session: Session) -> None:
    owner = make_owner(session, "Đặng Thị Ánh", vessel_digits=None)
    with_owner = make_dossier(session, owner, now=NOW)
    without = make_dossier(session, None, now=NOW)
    assert _stored_copies(session) == {with_owner.id: "dang thi anh", without.id: None}


def test_renaming_an_owner_renames_every_copy_and_the_search_follows(session: Session) -> None:
    owner = make_owner(session, "Nguyễn Văn Chưa Rõ", vessel_digits=None)
    other = make_owner(session, "Nguyễn Văn Tư", "+84987654321", vessel_digits=None)
    first, second = make_dossier(session, owner, now=NOW), make_dossier(session, owner, now=NOW)
    untouched = make_dossier(session, other, now=NOW)
    session.commit()
    session.expunge(second)  # one copy is only in the database, one is also loaded in memory

    owner.full_name = "Lê Thị Hoa"
    session.flush()

    assert _stored_copies(session) == {first.id: "le thi hoa", second.id: "le thi hoa", untouched.id: "nguyen van tu"}
    assert first.owner_name_folded == "le thi hoa"
    assert sorted(_names_found(session, "le thi")) == sorted([first.id, second.id])
    assert _names_found(session, "nguyen van") == [untouched.id]


def test_a_change_other_than_the_name_leaves_the_copies_alone(session: Session) -> None:
    owner = make_owner(session, "Võ Minh An", vessel_digits=None)
    dossier = make_dossier(session, owner, now=NOW)
    session.execute(text("UPDATE dossier SET owner_name_folded = 'marker'"))
    owner.address_line = "Thôn Tây"
    session.flush()
    assert _stored_copies(session) == {dossier.id: "marker"}


def test_moving_a_dossier_to_another_owner_or_to_none_moves_the_copy(session: Session) -> None:
    first = make_owner(session, "Phạm Hữu Phúc", vessel_digits=None)
    second = make_owner(session, "Huỳnh Văn Lâm", "+84987654321", vessel_digits=None)
    dossier = make_dossier(session, first, now=NOW)

    dossier.owner = second
    session.flush()
    assert _stored_copies(session) == {dossier.id: "huynh van lam"}

    dossier.owner = None
    session.flush()
    assert _stored_copies(session) == {dossier.id: None}

    dossier.owner_id = first.id  # by id alone, as a bulk fix-up might
    session.flush()
    assert _stored_copies(session) == {dossier.id: "pham huu phuc"}
    assert _names_found(session, "pham huu") == [dossier.id]


def test_an_owner_renamed_before_the_dossier_is_flushed_gives_the_new_name(session: Session) -> None:
    owner = Owner(full_name="Chưa rõ", phone="+84912000111")
    session.add(owner)
    session.add(Dossier(code="X.1-261102-0001", phone_code="11111111", owner=owner,
                        procedure=procedure(session), state=DossierState.RECEIVED, received_at=NOW))
    owner.full_name = "Bùi Văn Sơn"
    session.flush()
    assert list(_stored_copies(session).values()) == ["bui van son"]


def test_the_name_search_reads_the_copy_through_its_index(session: Session) -> None:
    make_owner(session, "Nguyễn Văn An", vessel_digits=None)
    make_owner(session, "Nguyễn Văn Bình", "+84987654321", vessel_digits=None)
    dialect = session.get_bind().dialect
    conditions = filter_conditions(session, DossierQuery(q="nguyen van"), date(2026, 11, 15))
    statement = select(Dossier.id).where(*conditions).order_by(Dossier.received_at.desc(), Dossier.id.desc())
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    assert "JOIN" not in sql.upper()
    assert "'nguyen van an', 'nguyen van binh'" in sql  # the names the words fit, found in owner_name first
    if dialect.name == "sqlite":
        plan = " ".join(str(row[-1]) for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "ix_dossier_owner_name_sqlite" in plan, plan
    else:
        # The test tables are tiny, so forbid the sequential scan to see which index the names can use.
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(row[0] for row in session.execute(text("EXPLAIN " + sql.replace("%", "%%"))))
        assert "ix_dossier_owner_name_pattern" in plan, plan
