"""The /dispatch admin page: the build-manifest button, its downloadable files, and route assignment."""

from __future__ import annotations

import csv
import io
import re
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.test import TestResponse

from hotline.dispatch.admin import MANIFESTS_PER_PAGE
from hotline.models import DossierEvent
from hotline.models import Manifest
from hotline.models import Role
from hotline.models import Route
from hotline.models import Shipment
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import assign_route
from hotline.services.outcomes import record_outcome
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


def _files(page: str) -> list[str]:
    """The files the manifest's page offers, as it links them."""
    listed = re.search(r'<p id="files">(.*?)</p>', page, re.S)
    assert listed, "the manifest's page lists no files"
    return sorted(re.findall(r'href="/dispatch/files/([^"]+)"', listed.group(1)))


def _download(client: FlaskClient, name: str) -> tuple[bytes, str]:
    with client.get(f"/dispatch/files/{name}") as response:
        assert response.status_code == 200, name
        return response.data, response.headers["Content-Disposition"]


def _build(client: FlaskClient, courier: str) -> TestResponse:
    return client.post("/dispatch/build", data={"date": DAY.isoformat(), "courier": courier,
                                                "csrf_token": _token(client)})


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_the_build_button_leads_to_the_manifests_page_and_its_files_download(
        app: Flask, client: FlaskClient, role: Role) -> None:
    user, courier = _staff(app, role)
    sign_in(client, user)
    built = _build(client, "courier")
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest).where(Manifest.courier_id == courier.id)).one()
        assert manifest.day == DAY
        shipment = session.scalars(select(Shipment)).one()
        assert (shipment.manifest_id, shipment.state) == (manifest.id, ShipmentState.ON_MANIFEST)
        tracking = shipment.tracking_code
    # POST, redirect, GET: the page the browser shows (and reloads) is the manifest's own, not the form's answer.
    assert built.status_code == 303 and built.headers["Location"] == f"/dispatch/manifests/{manifest.id}"
    page = client.get(built.headers["Location"]).get_data(as_text=True)
    assert "Đã lập bảng kê: 1 bưu gửi." in page and tracking in page
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-courier"
    assert _files(page) == [f"{stem}.csv", f"{stem}.pdf", f"{stem}.xlsx"]

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
    assert built.status_code == 303
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest)).one()
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-buu-ta-ly-son"
    names = [f"{stem}.csv", f"{stem}.pdf", f"{stem}.xlsx"]
    assert _files(client.get(built.headers["Location"]).get_data(as_text=True)) == names
    assert _download(client, f"{stem}.pdf")[0].startswith(b"%PDF-")
    assert "Trần Thị Bích" in _download(client, f"{stem}.csv")[0].decode("utf-8-sig")


def test_reloading_after_a_build_builds_nothing_more(app: Flask, client: FlaskClient) -> None:
    user, _courier = _staff(app, Role.SUPERVISOR)
    sign_in(client, user)
    page = client.post("/dispatch/build", data={"date": DAY.isoformat(), "courier": "courier",
                                                "csrf_token": _token(client)}, follow_redirects=True)
    assert page.request.method == "GET" and page.request.path.startswith("/dispatch/manifests/")
    # A reload repeats the last request, which is the GET of the manifest's page.
    again = client.get(page.request.path)
    assert again.status_code == 200 and "Đã lập bảng kê" not in again.get_data(as_text=True)
    with open_session(app) as session:
        assert len(session.scalars(select(Manifest)).all()) == 1
        assert session.scalar(select(func.count()).select_from(DossierEvent).where(
            DossierEvent.reason.like("Lên bảng kê%"))) == 1


def test_a_manifest_built_by_the_cli_downloads_from_the_list_with_its_results(
        app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path) -> None:
    user, courier = _staff(app, Role.SUPERVISOR)
    # Written elsewhere (a printer's folder): the console still has every file, drawn from the database.
    result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier",
                                 "--out", str(tmp_path / "printed")])
    assert result.exit_code == 0, result.output
    assert not (Path(app.config["INSTANCE_PATH"]) / "manifests").exists()
    with open_session(app) as session:
        manifest = session.scalars(select(Manifest)).one()
    sign_in(client, user)
    listing = client.get("/dispatch/").get_data(as_text=True)
    stem = f"bang-ke-{manifest.id}-{DAY.isoformat()}-courier"
    assert [f'href="/dispatch/files/{stem}.{ext}"' in listing for ext in ("pdf", "csv", "xlsx")] == [True] * 3
    assert _download(client, f"{stem}.pdf")[0].startswith(b"%PDF-")
    assert _result_in_csv(client, f"{stem}.csv") == ""
    with open_session(app) as session:
        stop = session.scalars(select(Shipment)).one()
        record_outcome(session, stop, session.get_one(User, courier.id), StopOutcome.FAILED, "t" * 24,
                       calendar=work_calendar(), reason="at_sea")
        session.commit()
    # Downloaded again after the courier marked the stop, the file has the result: it is drawn when asked for.
    assert _result_in_csv(client, f"{stem}.csv") == "Không giao được: chủ tàu đang đi biển"


def _result_in_csv(client: FlaskClient, name: str) -> str:
    """The result column of the one stop in the manifest's CSV."""
    header, stop, _totals = csv.reader(io.StringIO(_download(client, name)[0].decode("utf-8-sig")))
    return stop[header.index("Kết quả")]


def test_every_manifest_stays_in_the_list_page_by_page(app: Flask, client: FlaskClient) -> None:
    user, courier = _staff(app, Role.SUPERVISOR)
    with open_session(app) as session:
        for n in range(MANIFESTS_PER_PAGE + 2):
            session.add(Manifest(day=DAY - timedelta(days=n), courier_id=courier.id))
        session.commit()
    sign_in(client, user)
    first = client.get("/dispatch/").get_data(as_text=True)
    second = client.get("/dispatch/?page=2").get_data(as_text=True)
    oldest = (DAY - timedelta(days=MANIFESTS_PER_PAGE + 1)).strftime("%d/%m/%Y")
    assert first.count('<tr class="manifest">') == MANIFESTS_PER_PAGE and oldest not in first
    assert second.count('<tr class="manifest">') == 2 and oldest in second
    assert 'href="/dispatch/?page=2#manifests"' in first


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
    moved = client.post("/dispatch/routes", data={"ward_code": ly_son, "courier_id": other.id, "csrf_token": token},
                        follow_redirects=True)
    assert moved.status_code == 200
    assert re.search(rf'value="{ly_son}">\s*<select[^>]*>.*?<option value="{other.id}" selected>', moved.get_data(
        as_text=True), re.S)
    cleared = client.post("/dispatch/routes", data={"ward_code": ly_son, "courier_id": "", "csrf_token": token})
    assert cleared.status_code == 303
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


def _without_commune(app: Flask) -> tuple[str, str]:
    """A result ready for an owner whose dossier names no commune: (its tracking code, its dossier code)."""
    with open_session(app) as session:
        dossier = ready_dossier(session, name="Lê Văn Tám", digits="97001", phone="+84905333444")
        shipment = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
        shipment.ward_code = None
        session.commit()
        return shipment.tracking_code, dossier.code


def test_a_shipment_with_no_commune_is_reported_when_a_manifest_is_built(app: Flask, client: FlaskClient) -> None:
    user, _courier = _staff(app, Role.SUPERVISOR)
    tracking, code = _without_commune(app)
    sign_in(client, user)
    page = client.get(_build(client, "courier").headers["Location"]).get_data(as_text=True)
    report = re.search(r'<section class="card flash error" id="no-commune".*?</section>', page, re.S)
    assert report, "the manifest's page does not say what was left off"
    assert "1 bưu gửi chưa lên bảng kê nào vì hồ sơ chưa có xã/phường" in report.group(0)
    assert tracking in report.group(0) and f'href="/dossiers/{code}"' in report.group(0)
    assert tracking not in page.replace(report.group(0), "")


def test_the_cli_reports_a_shipment_with_no_commune(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _staff(app, Role.SUPERVISOR)
    tracking, code = _without_commune(app)
    result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Chưa lên bảng kê nào vì chưa có xã/phường (1 bưu gửi; sửa địa chỉ trên hồ sơ):" in result.output
    assert f"{tracking}  hồ sơ {code}" in result.output
