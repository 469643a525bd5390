"""`hotline catalogue sync`: config/procedures.toml into the database, keys that stay, retired never deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.models import AuditEntry
from hotline.models import Procedure
from hotline.services.catalogue import CatalogueError
from hotline.services.catalogue import edit_procedure
from hotline.services.catalogue import phone_menu
from hotline.services.catalogue import read_catalogue
from tests.catalogue_files import entry
from tests.catalogue_files import shipped_entries
from tests.catalogue_files import toml_text
from tests.catalogue_files import use_catalogue
from tests.factories import make_dossier
from tests.factories import make_owner


def fresh(session: Session) -> None:
    """Forget what the session read: the CLI wrote through a session of its own."""
    session.rollback()
    session.expire_all()


def rows(session: Session) -> dict[str, tuple[Any, ...]]:
    """Every procedure as the database has it now, by code."""
    fresh(session)
    return {p.code: (p.id, p.keypad_key, p.name_vi, p.fee_vnd, p.working_days, p.active, p.retired_at)
            for p in session.scalars(select(Procedure))}


def sync(runner: FlaskCliRunner, *args: str) -> list[str]:
    result = runner.invoke(args=["catalogue", "sync", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_first_sync_adds_every_procedure_with_the_files_key_and_a_second_changes_nothing(
        runner: FlaskCliRunner, session: Session) -> None:
    session.execute(delete(Procedure))
    session.commit()
    first = sync(runner)
    assert first[:2] == ["added     key 1  dang-ky-tau-ca  Đăng ký tàu cá",
                         "added     key 2  cap-lai-giay-phep-khai-thac  Cấp lại giấy phép khai thác thủy sản"]
    assert len(first) == 7 and first[-1] == "unchanged 0"
    loaded = rows(session)
    assert {code: row[1] for code, row in loaded.items()} == {e["code"]: e["key"] for e in shipped_entries()}
    assert sync(runner) == ["unchanged 6"]
    assert rows(session) == loaded
    synced = session.scalars(select(AuditEntry).where(AuditEntry.action == "catalogue_synced")).one()
    assert synced.detail is not None and synced.detail.startswith("added dang-ky-tau-ca; added cap-lai")


def test_adding_changing_and_retiring_renumbers_no_other_procedure(
        app: Flask, runner: FlaskCliRunner, session: Session, tmp_path: Path) -> None:
    before = rows(session)
    entries = [e for e in shipped_entries() if e["code"] != "chung-nhan-an-toan-ky-thuat"]  # key 3 goes
    entries[0]["fee_vnd"] = 90000
    entries.insert(0, entry("cap-van-ban-chap-thuan", 7, "Cấp văn bản chấp thuận"))  # first in the file, key 7
    use_catalogue(app, tmp_path, entries)

    assert sync(runner) == [
        "added     key 7  cap-van-ban-chap-thuan  Cấp văn bản chấp thuận",
        "changed   key 1  dang-ky-tau-ca  fee_vnd: 70000 → 90000",
        "retired   key 3  chung-nhan-an-toan-ky-thuat  (off the phone menu; kept for its dossiers)",
        "unchanged 4",
    ]
    after = rows(session)
    for code in ("cap-lai-giay-phep-khai-thac", "xoa-dang-ky-tau-ca", "chap-thuan-dong-moi-cai-hoan",
                 "xac-nhan-nguon-goc-thuy-san"):
        assert after[code] == before[code]
    retired = after["chung-nhan-an-toan-ky-thuat"]
    assert retired[:5] == before["chung-nhan-an-toan-ky-thuat"][:5] and retired[5] is False and retired[6]
    assert after["cap-van-ban-chap-thuan"][1:3] == (7, "Cấp văn bản chấp thuận")
    assert sync(runner) == ["unchanged 6"]


def test_a_retired_procedure_keeps_its_dossiers_leaves_the_menu_and_comes_back_on_its_key(
        app: Flask, runner: FlaskCliRunner, session: Session, tmp_path: Path) -> None:
    dossier = make_dossier(session, make_owner(session), key=3)
    session.commit()
    use_catalogue(app, tmp_path, [e for e in shipped_entries() if e["key"] != 3])
    sync(runner)
    fresh(session)
    assert dossier.procedure.code == "chung-nhan-an-toan-ky-thuat" and dossier.procedure.retired
    with app.app_context():
        assert [m.keypad_key for m in phone_menu(session.connection())] == [1, 2, 4, 5, 6]

    use_catalogue(app, tmp_path, shipped_entries())
    assert sync(runner) == ["restored  key 3  chung-nhan-an-toan-ky-thuat  active: False → True", "unchanged 5"]
    fresh(session)
    assert dossier.procedure.active and not dossier.procedure.retired
    with app.app_context():
        assert [m.keypad_key for m in phone_menu(session.connection())] == [1, 2, 3, 4, 5, 6]


def test_a_sync_overwrites_console_edits_of_the_fields_the_file_gives_and_says_so(
        app: Flask, runner: FlaskCliRunner, session: Session) -> None:
    first = session.scalars(select(Procedure).where(Procedure.keypad_key == 1)).one()
    edit_procedure(session, first.id, {"fee_vnd": 80000, "keypad_key": 9, "active": False})
    session.commit()
    # The file gives no `active`: the console's switch stands; the fee and the key are the file's again.
    assert sync(runner) == ["changed   key 1  dang-ky-tau-ca  keypad_key: 9 → 1 (overwrites a console edit); "
                            "fee_vnd: 80000 → 70000 (overwrites a console edit)", "unchanged 5"]
    fresh(session)
    assert (first.keypad_key, first.fee_vnd, first.active, first.console_edits) == (1, 70000, False, "active")
    assert sync(runner) == ["unchanged 6"]


def test_a_dry_run_reports_and_writes_nothing(app: Flask, runner: FlaskCliRunner, session: Session,
                                              tmp_path: Path) -> None:
    before = rows(session)
    use_catalogue(app, tmp_path, [e for e in shipped_entries() if e["key"] != 6] + [entry("moi", 8)])
    assert sync(runner, "--dry-run") == [
        "added     key 8  moi  Thủ tục thử",
        "retired   key 6  xac-nhan-nguon-goc-thuy-san  (off the phone menu; kept for its dossiers)",
        "unchanged 5",
        "dry run: nothing written",
    ]
    assert rows(session) == before
    assert session.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize(("entries", "problem"), [
    ([entry("a", 2), entry("b", 2), entry("c", 3)], "key 2 is given to 2 active procedures: a, b"),
    ([entry(f"p{n}", n % 9 + 1) for n in range(10)], "10 active procedures: the phone menu has keys for 9"),
])
def test_a_file_with_a_key_twice_or_ten_active_procedures_is_refused_and_nothing_is_written(
        app: Flask, runner: FlaskCliRunner, session: Session, tmp_path: Path,
        entries: list[dict[str, Any]], problem: str) -> None:
    before = rows(session)
    use_catalogue(app, tmp_path, entries)
    result = runner.invoke(args=["catalogue", "sync"])
    assert result.exit_code == 1
    assert "procedures.toml is not usable; nothing was written." in result.output and problem in result.output
    assert rows(session) == before


def test_an_inactive_procedure_may_share_a_key_and_stays_off_the_menu(
        app: Flask, runner: FlaskCliRunner, session: Session, tmp_path: Path) -> None:
    use_catalogue(app, tmp_path, [*shipped_entries(), entry("tam-ngung", 2, active=False)])
    assert sync(runner)[0] == "added     key 2  tam-ngung  Thủ tục thử"
    fresh(session)
    with app.app_context():
        menu = phone_menu(session.connection())
    assert [m.keypad_key for m in menu] == [1, 2, 3, 4, 5, 6]
    assert "tam-ngung" not in {session.get_one(Procedure, m.id).code for m in menu}


@pytest.mark.parametrize(("change", "problem"), [
    ({"key": 0}, "procedure 1 (a): key must be a whole number from 1 to 9"),
    ({"key": "1"}, "procedure 1 (a): key must be a whole number from 1 to 9"),
    ({"working_days": 0}, "procedure 1 (a): working_days must be a whole number from 1 to 365"),
    ({"fee_vnd": -5}, "procedure 1 (a): fee_vnd must be a whole number of đồng from 0 to 1000000000"),
    ({"fee_vnd": True}, "procedure 1 (a): fee_vnd must be a whole number of đồng"),
    ({"needs_papers": "yes"}, "procedure 1 (a): needs_papers must be true or false"),
    ({"new_vessel": 1}, "procedure 1 (a): new_vessel must be true or false"),
    ({"new_vessel": True}, "procedure 1 (a): new_vessel must be false when needs_vessel is true"),
    ({"name_vi": " "}, "procedure 1 (a): name_vi must be a text of 1 to 200 characters"),
    ({"actve": False}, "procedure 1 (a): unknown field actve"),
    ({"active": False}, "no procedure is active: the phone menu would offer nothing"),
])
def test_the_file_is_checked_field_by_field(tmp_path: Path, change: dict[str, Any], problem: str) -> None:
    (tmp_path / "procedures.toml").write_text(toml_text([{**entry("a", 1), **change}]), encoding="utf-8")
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(str(tmp_path))
    assert problem in str(refused.value).splitlines()[0]


def test_the_shipped_registration_of_a_vessel_asks_for_no_number_and_a_sync_writes_the_flag(
        runner: FlaskCliRunner, session: Session) -> None:
    registration = session.scalars(select(Procedure).where(Procedure.code == "dang-ky-tau-ca")).one()
    assert registration.new_vessel and not registration.asks_vessel_number
    session.execute(update(Procedure).where(Procedure.code == "dang-ky-tau-ca").values(new_vessel=False))
    session.commit()
    assert any("dang-ky-tau-ca" in line and "new_vessel" in line for line in sync(runner))
    session.expire_all()
    assert session.scalars(select(Procedure.new_vessel).where(Procedure.code == "dang-ky-tau-ca")).one()
    others = session.scalars(select(Procedure).where(Procedure.code != "dang-ky-tau-ca")).all()
    assert not any(p.new_vessel for p in others)


def test_every_problem_of_the_file_is_named_at_once(tmp_path: Path) -> None:
    (tmp_path / "procedures.toml").write_text(toml_text([entry("a", 10), entry("b", 1, working_days="3")]))
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(str(tmp_path))
    assert str(refused.value).splitlines() == ["procedure 1 (a): key must be a whole number from 1 to 9",
                                               "procedure 2 (b): working_days must be a whole number from 1 to 365"]


def test_a_code_given_twice_and_a_broken_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "procedures.toml").write_text(toml_text([entry("a", 1), entry("a", 2)]))
    with pytest.raises(CatalogueError, match="code a is given to 2 procedures"):
        read_catalogue(str(tmp_path))
    (tmp_path / "procedures.toml").write_text("[[procedure]\ncode = ")
    with pytest.raises(CatalogueError, match="procedures.toml cannot be read"):
        read_catalogue(str(tmp_path))
