"""Owners import with a report of refused rows, call-backs, feedback, new accounts and audited role changes."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from openpyxl import load_workbook
from sqlalchemy import select

from hotline.models import AuditEntry
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Role
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.workflow import move
from tests.console.conftest import csrf_token
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import procedure
from tests.tools import open_session

ROWS = [
    ["Họ tên", "Số điện thoại", "Xã/phường", "Địa chỉ", "Số đăng ký tàu", "Tên tàu"],
    ["Phạm Văn Đức", "0912 000 111", "", "Thôn 1", "93333", "Đức Thắng"],
    ["", "0912 000 222", "", "", "93334", ""],
    ["Võ Thị E", "12345", "", "", "93335", ""],
    ["Hồ Văn F", "0912 000 333", "Xã Không Có", "", "93336", ""],
    ["Đỗ Văn G", "0912 000 444", "", "", "XX-1", ""],
    ["Bùi Văn H", "0912 000 555", "", "", "93333", ""],
]


def _upload(client: FlaskClient, name: str, data: bytes) -> str:
    token = csrf_token(client, "/owners/import")
    response = client.post("/owners/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    return response.get_data(as_text=True)


def test_excel_import_adds_good_rows_and_names_each_refused_one(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    page = _upload(signed_in(Role.OPERATOR), "chu-tau.xlsx", data.getvalue())
    assert "Đã thêm 1 chủ tàu, 1 tàu; từ chối 5 dòng." in page
    for reason in ("Thiếu họ tên", "Số điện thoại không hợp lệ", "Không có xã/phường",
                   "Số đăng ký tàu không hợp lệ", "đã đăng ký cho chủ tàu khác"):
        assert reason in page
    with open_session(app) as session:
        assert [o.full_name for o in session.scalars(select(Owner))] == ["Phạm Văn Đức"]


def test_csv_import_and_an_unreadable_file(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.SUPERVISOR)
    csv_text = "full_name,phone,vessel_number\nNguyễn Văn K,0912000666,94444\nNguyễn Văn K,0912000666,94444\n"
    page = _upload(client, "owners.csv", csv_text.encode())
    assert "Đã thêm 1 chủ tàu, 1 tàu; từ chối 1 dòng." in page
    assert "Chỉ nhận tệp .csv hoặc .xlsx" in _upload(client, "owners.pdf", b"%PDF")


def test_callback_is_claimed_then_closed_with_its_outcome(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        task = CallbackTask(phone="+84912345678", reason="voicemail")
        session.add(task)
        session.commit()
        task_id = task.id
    client = signed_in(Role.OPERATOR)
    assert "0912 345 678" in client.get("/board/live").get_data(as_text=True)
    post_form(client, f"/callbacks/{task_id}/claim", {}, page="/board")
    other = signed_in(Role.SUPERVISOR)
    assert post_form(other, f"/callbacks/{task_id}/claim", {}, page="/board").status_code == 303
    assert "đã có người nhận" in other.get("/board").get_data(as_text=True)
    post_form(client, f"/callbacks/{task_id}/outcome", {"outcome": "đã gọi, hẹn mai"}, page="/board")
    with open_session(app) as session:
        saved = session.get(CallbackTask, task_id)
        assert saved is not None and saved.state is CallbackState.DONE
        assert saved.outcome == "đã gọi, hẹn mai"
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "callback_task")))
        assert actions == ["callback_claimed", "callback_done"]


def test_role_change_is_audited(app: Flask, signed_in: Callable[[Role], FlaskClient],
                                accounts: dict[Role, str]) -> None:
    with open_session(app) as session:
        courier_id = session.scalars(select(User.id).where(User.username == accounts[Role.COURIER])).one()
    client = signed_in(Role.ADMIN)
    post_form(client, f"/admin/users/{courier_id}", {"role": "operator", "active": "1"}, page="/admin/users")
    with open_session(app) as session:
        user = session.get(User, courier_id)
        assert user is not None and user.role is Role.OPERATOR
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "role_change")).one()
        assert entry.detail == "courier -> operator" and entry.object_id == str(courier_id)


def test_the_new_user_form_refuses_a_username_outside_the_rule_and_says_why(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.ADMIN)
    for username in ("buu-ta/ly-son", "Bưu tá", "x"):
        post_form(client, "/admin/users", {"username": username, "role": "courier"}, page="/admin/users")
        assert "Tên đăng nhập phải dài 2–60 ký tự" in client.get("/admin/users").get_data(as_text=True)
    post_form(client, "/admin/users", {"username": "operator", "role": "courier"}, page="/admin/users")
    assert "Tên đăng nhập operator đã có." in client.get("/admin/users").get_data(as_text=True)
    post_form(client, "/admin/users", {"username": " Buu-Ta.1 ", "role": "courier"}, page="/admin/users")
    assert "Đã tạo tài khoản buu-ta.1, mật khẩu:" in client.get("/admin/users").get_data(as_text=True)
    post_form(client, "/language", {"lang": "en", "next": "/admin/users"}, page="/admin/users")
    post_form(client, "/admin/users", {"username": "a/b", "role": "courier"}, page="/admin/users")
    assert "A username must be 2–60 characters" in client.get("/admin/users").get_data(as_text=True)
    with open_session(app) as session:
        couriers = session.scalars(select(User.username).where(User.role == Role.COURIER).order_by(User.id)).all()
        assert couriers == ["courier", "buu-ta.1"]


def test_reports_page_and_excel_export(signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.SUPERVISOR)
    assert "Tỷ lệ đúng hạn theo thủ tục" in client.get("/reports").get_data(as_text=True)
    export = client.get("/reports.xlsx")
    assert export.data[:2] == b"PK"


def test_a_hostile_procedure_name_is_a_text_cell_in_the_excel_export(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    hostile = '=HYPERLINK("http://evil.test","Bấm")'
    with open_session(app) as session:
        procedure(session, 2).name_vi = hostile
        dossier = make_dossier(session, make_owner(session), key=2)
        for target in (DossierState.IN_PROGRESS, DossierState.RESULT_READY):
            move(session, dossier, target, actor="test", calendar=work_calendar())
        session.commit()
    export = signed_in(Role.SUPERVISOR).get("/reports.xlsx")
    book = load_workbook(io.BytesIO(export.data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    name = book["Đúng hạn theo thủ tục"]["A2"]
    assert (name.value, name.data_type) == ("'" + hostile, "s")
    assert book["Đúng hạn theo thủ tục"]["B2"].data_type == "n"


def test_english_is_available(signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    post_form(client, "/language", {"lang": "en", "next": "/board"}, page="/board")
    assert "Log out" in client.get("/board").get_data(as_text=True)
