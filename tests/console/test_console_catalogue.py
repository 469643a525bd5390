"""The catalogue in the console: admins only, fees in đồng, every field checked, audited, heard on the phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update

from hotline.console.catalogue import read_dong
from hotline.models import AuditEntry
from hotline.models import Procedure
from hotline.models import Role
from hotline.services.catalogue import phone_menu
from tests.console.conftest import csrf_token
from tests.tools import open_session

FIRST = "/admin/procedures/{id}"
CHECKBOXES = ("needs_papers", "needs_vessel", "new_vessel", "active")


def procedure_id(app: Flask, key: int) -> int:
    with open_session(app) as session:
        return session.scalars(select(Procedure.id).where(Procedure.keypad_key == key, Procedure.active)).one()


def stored(app: Flask, ident: int) -> tuple[object, ...]:
    with open_session(app) as session:
        p = session.get_one(Procedure, ident)
        return (p.name_vi, p.name_en, p.working_days, p.fee_vnd, p.keypad_key, p.needs_papers, p.needs_vessel,
                p.new_vessel, p.active, p.console_edits)


def audited(app: Flask) -> list[tuple[str, str | None, str | None]]:
    with open_session(app) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "procedure_changed"))
        return [(e.object_id or "", e.detail, e.address) for e in entries]


def the_form(**changes: str) -> dict[str, str]:
    """Procedure 1 as the shipped catalogue has it, as the edit form posts it, with `changes`
    (a box changed to "" is unticked, and a browser leaves it out)."""
    form = {"name_vi": "Đăng ký tàu cá", "name_en": "Fishing vessel registration", "working_days": "3",
            "fee_vnd": "70.000", "keypad_key": "1", "needs_papers": "1", "needs_vessel": "", "new_vessel": "1",
            "active": "1", **changes}
    return {name: value for name, value in form.items() if value or name not in CHECKBOXES}


def post(client: FlaskClient, ident: int, form: dict[str, str]) -> str:
    path = FIRST.format(id=ident)
    response = client.post(path, data={**form, "csrf_token": csrf_token(client, path)})
    return f"{response.status_code} {response.get_data(as_text=True)}"


def retire(app: Flask, key: int) -> int:
    ident = procedure_id(app, key)
    with open_session(app) as session:
        session.execute(update(Procedure).where(Procedure.id == ident)
                        .values(active=False, retired_at=datetime.now(UTC)))
        session.commit()
    return ident


def test_the_list_shows_each_procedures_key_fee_and_state(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    retired = retire(app, 3)
    with open_session(app) as session:
        session.execute(update(Procedure).where(Procedure.keypad_key == 5).values(active=False))
        session.commit()
    page = signed_in(Role.ADMIN).get("/admin/procedures").get_data(as_text=True)
    first = page[page.index(f'id="procedure-{procedure_id(app, 1)}"'):]
    first = first[:first.index("</tr>")]
    assert "<td data-label=\"Phím\">1</td>" in first and "70.000 đ" in first and "Đang dùng" in first
    gone = page[page.index(f'id="procedure-{retired}"'):]
    assert "Đã bỏ khỏi tệp danh mục" in gone[:gone.index("</tr>")]
    assert page.count("Tạm ngừng") == 1
    assert "config/procedures.toml là nguồn chính" in page


def test_an_admin_edit_is_saved_audited_and_heard_on_the_phone_at_once(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = procedure_id(app, 1)
    with open_session(app) as session:
        assert phone_menu(session.connection())[0].name_vi == "Đăng ký tàu cá"  # this process now keeps the menu
    admin = signed_in(Role.ADMIN)
    answer = post(admin, ident, the_form(name_vi="Đăng ký tàu cá mới", fee_vnd="85.000 ₫", working_days="5"))
    assert answer.startswith("303")
    assert stored(app, ident) == ("Đăng ký tàu cá mới", "Fishing vessel registration", 5, 85000, 1, True, False,
                                  True, True, "fee_vnd,name_vi,working_days")
    assert audited(app) == [(str(ident), "dang-ky-tau-ca: name_vi: Đăng ký tàu cá → Đăng ký tàu cá mới; "
                                         "working_days: 3 → 5; fee_vnd: 70000 → 85000", "127.0.0.1")]
    listed = admin.get("/admin/procedures").get_data(as_text=True)
    assert "Đã lưu thủ tục dang-ky-tau-ca: Tên tiếng Việt, Ngày làm việc, Lệ phí." in listed
    assert "85.000 đ" in listed
    with open_session(app) as session:
        assert phone_menu(session.connection())[0].name_vi == "Đăng ký tàu cá mới"


def test_an_unchanged_form_saves_nothing_and_says_so(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    admin = signed_in(Role.ADMIN)
    assert post(admin, procedure_id(app, 1), the_form(fee_vnd="70000")).startswith("303")
    assert "Không có gì thay đổi." in admin.get("/admin/procedures").get_data(as_text=True)
    assert audited(app) == []


def test_bad_input_is_answered_field_by_field_and_changes_nothing(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = procedure_id(app, 1)
    before = stored(app, ident)
    answer = post(signed_in(Role.ADMIN), ident,
                  the_form(name_vi="  ", name_en="x" * 201, working_days="ba", fee_vnd="bảy chục", keypad_key="0"))
    assert answer.startswith("422")
    for message in ("Hãy nhập tên tiếng Việt.", "Tên dài quá 200 ký tự.",
                    "Số ngày làm việc phải là số nguyên từ 1 đến 365.",
                    "Lệ phí phải là số đồng từ 0 đến 1.000.000.000, ví dụ 70.000.", "Hãy chọn phím từ 1 đến 9."):
        assert message in answer
    for field in ("name_vi", "name_en", "working_days", "fee_vnd", "keypad_key"):
        assert f'aria-invalid="true" aria-describedby="{field}-error"' in answer
    assert 'value="bảy chục"' in answer  # what was typed stays to be corrected
    assert stored(app, ident) == before and audited(app) == []


def test_a_new_vessel_procedure_cannot_also_ask_for_a_registration_number(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = procedure_id(app, 1)
    before = stored(app, ident)
    answer = post(signed_in(Role.ADMIN), ident, the_form(needs_vessel="1"))
    assert answer.startswith("422")
    assert "Tàu đăng ký mới chưa có số đăng ký: bỏ chọn «Cần số đăng ký tàu»." in answer
    assert 'aria-invalid="true" aria-describedby="new_vessel-error"' in answer
    assert stored(app, ident) == before
    assert post(signed_in(Role.ADMIN), ident, the_form(new_vessel="")).startswith("303")
    assert stored(app, ident)[6:8] == (False, False)


def test_a_key_another_active_procedure_has_is_refused(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = procedure_id(app, 1)
    before = stored(app, ident)
    admin = signed_in(Role.ADMIN)
    answer = post(admin, ident, the_form(keypad_key="2"))
    assert answer.startswith("422")
    assert "Phím 2 đang dùng cho thủ tục «Cấp lại giấy phép khai thác thủy sản»." in answer
    assert stored(app, ident) == before
    # Off the menu, a procedure may keep a key another one has.
    assert post(admin, ident, the_form(keypad_key="2", active="")).startswith("303")
    assert stored(app, ident)[4:9] == (2, True, False, True, False)


def test_a_retired_procedure_is_not_put_back_on_the_menu_from_the_console(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = retire(app, 3)
    admin = signed_in(Role.ADMIN)
    page = admin.get(FIRST.format(id=ident)).get_data(as_text=True)
    assert 'name="active" value="1"  disabled aria-describedby="retired-note"' in page
    form = the_form(name_vi="Cấp giấy chứng nhận an toàn kỹ thuật tàu cá", keypad_key="3", working_days="5",
                    fee_vnd="0")
    answer = post(admin, ident, form)
    assert answer.startswith("422") and "thêm lại vào tệp rồi chạy catalogue sync" in answer
    with open_session(app) as session:
        assert not session.get_one(Procedure, ident).active


def test_the_new_dossier_form_offers_no_retired_procedure(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    retired = retire(app, 3)
    page = signed_in(Role.OPERATOR).get("/dossiers/new").get_data(as_text=True)
    assert f'<option value="{retired}"' not in page and f'<option value="{procedure_id(app, 4)}"' in page


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SUPERVISOR])
def test_only_admins_edit_the_catalogue(app: Flask, role: Role, signed_in: Callable[[Role], FlaskClient]) -> None:
    ident = procedure_id(app, 1)
    before = stored(app, ident)
    client = signed_in(role)
    answer = client.post(FIRST.format(id=ident), data={**the_form(fee_vnd="1"),
                                                       "csrf_token": csrf_token(client, "/board")})
    assert answer.status_code == 403
    assert stored(app, ident) == before


class _Controls(HTMLParser):
    """Every form control of a page, and the ids that a <label for> names or a <label> wraps."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if found.get("for"):
                self.labelled.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append({**found, "wrapped": "yes" if self._in_label else None})

    def handle_endtag(self, tag: str) -> None:
        self._in_label -= tag == "label"


def test_every_control_of_the_edit_form_has_a_label(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    controls = _Controls()
    controls.feed(signed_in(Role.ADMIN).get(FIRST.format(id=procedure_id(app, 1))).get_data(as_text=True))
    form = [c for c in controls.controls if c.get("name") != "lang"]
    assert {c["name"] for c in form} == {"name_vi", "name_en", "working_days", "fee_vnd", "keypad_key",
                                         "needs_papers", "needs_vessel", "new_vessel", "active"}
    assert unlabelled(controls) == []


def unlabelled(controls: _Controls) -> list[str | None]:
    return [c.get("name") for c in controls.controls if not (c["wrapped"] or c.get("id") in controls.labelled)]


def test_the_label_check_would_see_a_bare_control() -> None:
    controls = _Controls()
    controls.feed('<label for="a">A</label><input id="a" name="a"><label>B <input name="b"></label>'
                  '<input id="c" name="c"><select name="d"></select><input type="hidden" name="e">')
    assert unlabelled(controls) == ["c", "d"]


@pytest.mark.parametrize(("typed", "amount"), [
    ("70.000", 70000), ("70000", 70000), ("70 000 ₫", 70000), ("70,000đ", 70000), ("0", 0), ("1.250.000", 1250000),
    ("7.0000", None), ("-5", None), ("bảy chục", None), ("", None), ("70.000,5", None),
])
def test_fees_are_read_as_people_write_dong(typed: str, amount: int | None) -> None:
    assert read_dong(typed) == amount
