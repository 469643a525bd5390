"""The /dispatch admin page: the build-manifest button, its downloadable files, and route assignment."""

from __future__ import annotations

import csv
import errno
import io
import re
import secrets
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.test import TestResponse

from hotline.dispatch import files
from hotline.domain.manifest import ManifestSheet
from hotline.models import Manifest
from hotline.models import Role
from hotline.models import Route
from hotline.models import Shipment
from hotline.models import ShipmentState
from hotline.models import User
from hotline.services.courier_routes import assign_route
from hotline.services.places import find_ward
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.dispatch.dispatch_helpers import sign_in
from tests.factories import make_user
from tests.tools import open_session

_TOKEN = re.compile(r'action="/dispatch/(?:build|routes)"[^>]*>\s*<input type="hidden" name="csrf_token" '
                    r'value="([^"]+)"')


def _staff(app: Flask, role: Role) -> tuple[User, User]:
    """A signed-in-able user of `role`, and the demo courier with one delivery waiting in Lý Sơn."""
    with open_session(app) as session:
        courier, _other = couriers(session, app)
        ready_dossier(session, name="Trần Thị Bích", commune="Đặc khu Lý Sơn", digits="96588")
        user = courier if role is Role.COURIER else make_user(session, role, username=f"{role.value}-d")
        user.session_token = user.session_token or secrets.token_hex(16)
        session.commit()
        return user, courier


def _token(client: FlaskClient) -> str:
    page = client.get("/dispatch/")
    assert page.status_code == 200
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, "no CSRF token in the dispatch page's forms"
    return match.group(1)


def _built(page: str) -> list[str]:
    """The files the build just wrote, as the page lists them."""
    listed = re.search(r'<ul class="card" id="built">(.*?)</ul>', page, re.S)
    assert listed, "the page lists no files built"
    return sorted(re.findall(r'href="/dispatch/files/([^"]+)"', listed.group(1)))


def _download(client: FlaskClient, name: str) -> tuple[bytes, str]:
    with client.get(f"/dispatch/files/{name}") as response:
        assert response.status_code == 200, name
        return response.data, response.headers["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_the_build_button_makes_the_manifest_and_its_files_download(
        app: Flask, client: FlaskClient, role: Role) -> None:
    user, courier = _staff(app, role)
    sign_in(client, user)
    built = client.post("/dispatch/build", data={"date": DAY.isoformat(), "courier": "courier",
                                                 "csrf_token": _token(client)})
    assert built.status_code == 200
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest).where(Manifest.courier_id == courier.id)).one()
        assert manifest.day == DAY
        shipment = session.scalars(select(Shipment)).one()
        assert (shipment.manifest_id, shipment.state) == (manifest.id, ShipmentState.ON_MANIFEST)
        tracking = shipment.tracking_code
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-courier"
    assert _built(built.get_data(as_text=True)) == [f"{stem}.csv", f"{stem}.pdf", f"{stem}.xlsx"]

    pdf, disposition = _download(client, f"{stem}.pdf")
    assert pdf.startswith(b"%PDF-") and disposition.startswith("attachment")
    rows = list(csv.reader(io.StringIO(_download(client, f"{stem}.csv")[0].decode("utf-8-sig"))))
    assert any(tracking in row and "Trần Thị Bích" in row for row in rows)
    book = load_workbook(io.BytesIO(_download(client, f"{stem}.xlsx")[0]))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert tracking in cells and "Trần Thị Bích" in cells
    assert client.get("/dispatch/files/..%2Fsecret").status_code == 404
    assert client.get("/dispatch/files/bang-ke-none.pdf").status_code == 404
    for name in (f"bang-ke-{manifest.id}-2026-03-03-courier.pdf", f"bang-ke-{manifest.id + 1}-{DAY}-courier.pdf",
                 f"bang-ke-{10**12}-{DAY}-courier.pdf", f"{stem}.exe", f".{stem}.pdf"):
        assert client.get(f"/dispatch/files/{name}").status_code == 404, name


# An account made before usernames were checked, as such a row still stands in the database.
OLD_USERNAME = "Bưu tá/../Lý Sơn"


def _build(client: FlaskClient, courier: str) -> TestResponse:
    return client.post("/dispatch/build", data={"date": DAY.isoformat(), "courier": courier,
                                                "csrf_token": _token(client)})


def _manifest_files(app: Flask) -> list[str]:
    """Every file in the manifest directory, hidden ones too."""
    return sorted(p.name for p in (Path(app.config["INSTANCE_PATH"]) / "manifests").iterdir())


def test_a_courier_whose_username_holds_a_slash_gets_files_that_download(app: Flask, client: FlaskClient) -> None:
    with open_session(app) as session:
        courier = make_user(session, Role.COURIER, username=OLD_USERNAME)
        assign_route(session, find_ward(51, "Đặc khu Lý Sơn"), courier)
        ready_dossier(session, name="Trần Thị Bích")
        lead = make_user(session, Role.SUPERVISOR, username="lead")
        lead.session_token = secrets.token_hex(16)
        session.commit()
    sign_in(client, lead)
    built = _build(client, OLD_USERNAME)
    assert built.status_code == 200
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest)).one()
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-buu-ta-ly-son"
    names = [f"{stem}.csv", f"{stem}.pdf", f"{stem}.xlsx"]
    assert _built(built.get_data(as_text=True)) == names == _manifest_files(app)
    assert _download(client, f"{stem}.pdf")[0].startswith(b"%PDF-")
    assert "Trần Thị Bích" in _download(client, f"{stem}.csv")[0].decode("utf-8-sig")


def test_a_failed_file_write_leaves_one_manifest_whose_files_come_back(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    user, _courier = _staff(app, Role.SUPERVISOR)
    sign_in(client, user)
    write_xlsx = files.write_xlsx

    def disk_full_once(sheet: ManifestSheet, path: Path) -> Path:
        monkeypatch.setattr(files, "write_xlsx", write_xlsx)
        path.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_xlsx", disk_full_once)
    failed = _build(client, "courier")
    assert failed.status_code == 500
    page = failed.get_data(as_text=True)
    assert "Đã lập bảng kê nhưng chưa ghi được tệp" in page
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest)).one()
        tracking = session.scalars(select(Shipment.tracking_code)).one()
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-courier"
    # No half-written workbook, no temporary file left behind; the page links the missing file all the same.
    assert _manifest_files(app) == [f"{stem}.csv", f"{stem}.pdf"]
    assert f'href="/dispatch/files/{stem}.xlsx"' in page

    book = load_workbook(io.BytesIO(_download(client, f"{stem}.xlsx")[0]))
    assert tracking in [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert _manifest_files(app) == [f"{stem}.csv", f"{stem}.pdf", f"{stem}.xlsx"]
    again = _build(client, "courier")
    assert again.status_code == 200
    assert _built(again.get_data(as_text=True)) == _manifest_files(app)
    with open_session(app) as session:
        assert session.scalars(select(Manifest.id)).all() == [manifest.id]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COURIER])
def test_operators_and_couriers_cannot_build_download_or_route(app: Flask, client: FlaskClient, role: Role) -> None:
    user, _courier = _staff(app, role)
    sign_in(client, user)
    assert client.get("/dispatch/").status_code == 403
    assert client.post("/dispatch/build", data={"date": DAY.isoformat(), "courier": "courier"}).status_code in (
        400, 403)
    with open_session(app) as session:
        assert session.scalars(select(Manifest)).all() == []


def test_a_supervisor_reassigns_and_clears_a_commune(app: Flask, client: FlaskClient) -> None:
    user, courier = _staff(app, Role.SUPERVISOR)
    sign_in(client, user)
    ly_son = find_ward(51, "Đặc khu Lý Sơn")
    with open_session(app) as session:
        other = session.scalars(select(User).where(User.username == "courier2")).one()
        assert session.scalars(select(Route.courier_id).where(Route.ward_code == ly_son)).one() == courier.id
    token = _token(client)
    moved = client.post("/dispatch/routes", data={"ward_code": ly_son, "courier_id": other.id, "csrf_token": token})
    assert moved.status_code == 200
    assert re.search(rf'value="{ly_son}">\s*<select[^>]*>.*?<option value="{other.id}" selected>', moved.get_data(
        as_text=True), re.S)
    cleared = client.post("/dispatch/routes", data={"ward_code": ly_son, "courier_id": "", "csrf_token": token})
    assert cleared.status_code == 200
    foreign = client.post("/dispatch/routes", data={"ward_code": 1, "courier_id": other.id, "csrf_token": token})
    assert foreign.status_code == 400
    assert "Xã/phường không thuộc tỉnh." in foreign.get_data(as_text=True)
    with open_session(app) as session:
        assert session.scalars(select(Route).where(Route.ward_code == ly_son)).all() == []


@pytest.mark.parametrize("path", ["/dispatch/build", "/dispatch/routes"])
@pytest.mark.parametrize("token", [None, "forged"])
def test_dispatch_forms_refuse_a_missing_or_wrong_csrf_token(
        app: Flask, client: FlaskClient, path: str, token: str | None) -> None:
    user, courier = _staff(app, Role.ADMIN)
    sign_in(client, user)
    data = {"date": DAY.isoformat(), "courier": "courier", "ward_code": str(find_ward(51, "Xã Bình Sơn")),
            "courier_id": ""}
    if token is not None:
        data["csrf_token"] = token
    assert client.post(path, data=data).status_code == 400
    with open_session(app) as session:
        assert session.scalars(select(Manifest)).all() == []
        assert session.scalars(select(Route.courier_id).where(Route.ward_code == int(data["ward_code"]))).one() == (
            courier.id)


def test_the_page_shows_the_configured_routes_without_writing_them(app: Flask, client: FlaskClient) -> None:
    with open_session(app) as session:
        make_user(session, Role.COURIER, username="courier")
        manager = make_user(session, Role.SUPERVISOR, username="lead")
        manager.session_token = secrets.token_hex(16)
        session.commit()
    sign_in(client, manager)
    ly_son = find_ward(51, "Đặc khu Lý Sơn")
    page = client.get("/dispatch/")
    assert page.status_code == 200
    # routes.toml gives Lý Sơn to the demo courier: the page shows it, and a GET leaves the table as it was.
    assert re.search(rf'value="{ly_son}">\s*<select[^>]*>.*?<option value="\d+" selected>courier<', page.get_data(
        as_text=True), re.S)
    with open_session(app) as session:
        assert session.scalars(select(Route)).all() == []
