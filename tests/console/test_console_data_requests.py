"""The supervisors' page for privacy requests: the log with its deadlines, downloads, erasure with a confirmation."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.infra.settings import recordings_dir
from hotline.models import AuditEntry
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import RequestState
from hotline.models import Role
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.privacy_requests import log_request
from tests.console.conftest import csrf_token
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.privacy.person import PHONE
from tests.privacy.person import Person
from tests.privacy.person import fill_person
from tests.tools import open_session
from tests.tools import require_tool


def new_request(app: Flask, kind: RequestKind = RequestKind.ERASURE, days_ago: int = 0) -> int:
    with open_session(app) as session:
        item = log_request(session, work_calendar(), PHONE, kind, "qua điện thoại",
                           received_at=utcnow() - timedelta(days=days_ago))
        session.commit()
        return item.id


@pytest.fixture
def person(app: Flask) -> Person:
    with open_session(app) as session:
        filled = fill_person(session, recordings_dir(app.config))
        session.commit()
    return filled


def post(client: FlaskClient, path: str, data: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    response = client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/data-requests")})
    return response.status_code, response.get_data(as_text=True), dict(response.headers)


class _Controls(HTMLParser):
    """Form controls a person fills in, and the labels that name them."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append({**found, "wrapped": "yes" if self._in_label else None})

    def handle_endtag(self, tag: str) -> None:
        self._in_label -= tag == "label"


def unlabelled(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(html)
    return [str(c.get("name")) for c in parser.controls
            if not c["wrapped"] and c.get("id") not in parser.label_for and not c.get("aria-label")]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COURIER])
def test_operators_and_couriers_are_refused(role: Role, app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    request_id = new_request(app)
    client = signed_in(role)
    assert client.get("/data-requests").status_code == 403
    assert client.get(f"/data-requests/{request_id}/erase").status_code == 403
    token = csrf_token(client, "/board" if role is Role.OPERATOR else "/login")
    for path in ("/data-requests", f"/data-requests/{request_id}/export.json", f"/data-requests/{request_id}/erase"):
        assert client.post(path, data={"csrf_token": token, "phone": PHONE, "kind": "access"}).status_code == 403
    assert 'id="nav-privacy"' not in client.get("/board").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_see_the_log_with_labelled_controls(role: Role, app: Flask,
                                                                    signed_in: Callable[[Role], FlaskClient]) -> None:
    new_request(app)
    response = signed_in(role).get("/data-requests")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "0905 111 222" in html
    assert unlabelled(html) == []


def test_the_page_and_the_nav_show_what_is_due(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    late = new_request(app, RequestKind.ACCESS, days_ago=10)
    fresh = new_request(app, RequestKind.OBJECTION)
    client = signed_in(Role.SUPERVISOR)
    html = client.get("/data-requests").get_data(as_text=True)
    late_row = re.search(rf'<tr id="request-{late}">.*?</tr>', html, re.S)
    fresh_row = re.search(rf'<tr id="request-{fresh}">.*?</tr>', html, re.S)
    assert late_row and "Quá hạn" in late_row.group(0)
    assert fresh_row and "Quá hạn" not in fresh_row.group(0)
    assert re.search(r"\d\d/\d\d/\d{4}", late_row.group(0))
    assert html.index(f'id="request-{late}"') < html.index(f'id="request-{fresh}"')  # nearest deadline first
    board = client.get("/board").get_data(as_text=True)
    nav = re.search(r'<a href="/data-requests" id="nav-privacy">(.*?)</a>', board, re.S)
    assert nav and re.search(r"\b[12] đến hạn", nav.group(1))


def test_logging_a_request_counts_its_deadlines_and_audits_it(app: Flask,
                                                               signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.SUPERVISOR)
    status, _html, headers = post(client, "/data-requests",
                                  {"phone": "0905 111 222", "kind": "erasure", "note": "gọi 2/3"})
    assert status == 303 and headers["Location"] == "/data-requests"
    page = client.get("/data-requests").get_data(as_text=True)
    with open_session(app) as session:
        item = session.scalars(select(PrivacyRequest)).one()
        assert (item.phone, item.kind, item.note) == (PHONE, RequestKind.ERASURE, "gọi 2/3")
        assert item.answer_due == work_calendar().due_date(item.received_at, 2)
        assert session.scalars(select(AuditEntry.action)).all()[-1] == "privacy_request_logged"
    assert f"trả lời trước {item.answer_due:%d/%m/%Y}, giải quyết trước {item.act_due:%d/%m/%Y}" in page


def test_a_bad_number_is_shown_beside_its_field_and_nothing_is_logged(app: Flask,
                                                                      signed_in: Callable[[Role], FlaskClient]) -> None:
    status, html, _headers = post(signed_in(Role.SUPERVISOR), "/data-requests", {"phone": "09x", "kind": "access"})
    assert status == 422 and "Số điện thoại không hợp lệ" in html
    assert 'aria-invalid="true" aria-describedby="phone-error"' in html and 'value="09x"' in html
    with open_session(app) as session:
        assert session.scalars(select(PrivacyRequest)).all() == []


def test_downloads_give_the_json_and_the_pdf_and_audit_each(app: Flask, person: Person, tmp_path: Path,
                                                            signed_in: Callable[[Role], FlaskClient]) -> None:
    request_id = new_request(app, RequestKind.ACCESS)
    client = signed_in(Role.SUPERVISOR)
    token = csrf_token(client, "/data-requests")
    got = client.post(f"/data-requests/{request_id}/export.json", data={"csrf_token": token})
    assert got.status_code == 200 and got.mimetype == "application/json"
    assert got.headers["Content-Disposition"] == f'attachment; filename="du-lieu-ca-nhan-{request_id}.json"'
    assert json.loads(got.get_data())["tables"]["owner"][0]["full_name"] == "Lê Văn Tư"
    pdf = client.post(f"/data-requests/{request_id}/export.pdf", data={"csrf_token": token})
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    pdftotext = require_tool("pdftotext", "poppler-utils")
    (tmp_path / "e.pdf").write_bytes(pdf.get_data())
    assert "Lê Văn Tư" in subprocess.run([pdftotext, str(tmp_path / "e.pdf"), "-"], capture_output=True,
                                         text=True, check=True).stdout
    archive = client.post(f"/data-requests/{request_id}/export.zip", data={"csrf_token": token})
    assert archive.mimetype == "application/zip"
    assert len([n for n in zipfile.ZipFile(io.BytesIO(archive.get_data())).namelist() if n.startswith("ghi-am/")]) == 2
    with open_session(app) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy_export")).all()
        assert [e.detail.split(":")[0] for e in entries if e.detail] == ["json", "pdf", "zip"]
        assert all(e.user_id is not None and e.address == "127.0.0.1" for e in entries)
        assert session.get(PrivacyRequest, request_id).state is RequestState.DONE  # type: ignore[union-attr]


def test_erasure_asks_for_a_reason_and_a_confirmation_then_erases(app: Flask, person: Person,
                                                                   signed_in: Callable[[Role], FlaskClient]) -> None:
    request_id = new_request(app)
    client = signed_in(Role.SUPERVISOR)
    page = client.get(f"/data-requests/{request_id}/erase").get_data(as_text=True)
    assert "Hồ sơ chủ tàu" in page and 'name="confirm"' in page and unlabelled(page) == []
    status, html, _ = post(client, f"/data-requests/{request_id}/erase", {"reason": "chủ tàu yêu cầu"})
    assert status == 422 and "đánh dấu xác nhận" in html
    with open_session(app) as session:
        assert session.scalars(select(Owner.full_name)).all() == ["Lê Văn Tư"]
    status, _html, headers = post(client, f"/data-requests/{request_id}/erase", {"reason": "chủ tàu yêu cầu",
                                                                           "confirm": "yes"})
    assert status == 303 and "Đã xoá dữ liệu theo yêu cầu" in client.get("/data-requests").get_data(as_text=True)
    assert [path for path in person.audio_files if path.exists()] == []
    with open_session(app) as session:
        assert session.scalars(select(Owner)).all() == []
        assert session.get(PrivacyRequest, request_id).state is RequestState.DONE  # type: ignore[union-attr]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy_erase")).one()
        assert entry.object_id == str(request_id) and "owner=1" in (entry.detail or "")


def test_erasure_with_a_dossier_in_progress_is_refused_naming_it(app: Flask,
                                                                      signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        code = make_dossier(session, make_owner(session, phone=PHONE), state=DossierState.IN_PROGRESS).code
        session.commit()
    request_id = new_request(app)
    client = signed_in(Role.SUPERVISOR)
    page = client.get(f"/data-requests/{request_id}/erase").get_data(as_text=True)
    assert code in page and 'name="confirm"' not in page
    status, html, _ = post(client, f"/data-requests/{request_id}/erase", {"reason": "x", "confirm": "yes"})
    assert status == 409 and f"còn 1 hồ sơ đang giải quyết ({code})" in html
    with open_session(app) as session:
        item = session.get(PrivacyRequest, request_id)
        assert item is not None and item.state is RequestState.OPEN and code in (item.outcome or "")
        assert session.scalars(select(Owner.full_name)).all() == ["Nguyễn Văn A"]


def test_a_request_is_answered_then_done(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    request_id = new_request(app, RequestKind.CORRECTION)
    client = signed_in(Role.ADMIN)
    assert post(client, f"/data-requests/{request_id}/answered")[0] == 303
    assert post(client, f"/data-requests/{request_id}/done", {"outcome": "đã sửa địa chỉ"})[0] == 303
    assert post(client, f"/data-requests/{request_id}/reopen")[0] == 404
    with open_session(app) as session:
        item = session.get(PrivacyRequest, request_id)
        assert item is not None and item.state is RequestState.DONE and item.outcome == "đã sửa địa chỉ"
        assert item.answered_at is not None and item.answered_at <= item.closed_at  # type: ignore[operator]
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "privacy_request"))
        assert list(actions) == ["privacy_request_answered", "privacy_request_done"]
