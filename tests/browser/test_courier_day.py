"""The post's day, in the browser: a dispatcher builds the round and takes its files, the courier walks it.

At a desk's width and a phone's: the dispatcher builds today's manifest and reloads the page it lands on
(nothing is built twice), downloads its PDF, CSV and Excel from the list of manifests and finds the stops
in each; then the courier signs in, follows the top link to their own page, finds a pickup worded as a
pickup, marks it and sees its result.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from hotline.infra.text import fold
from hotline.models import DossierEvent
from hotline.models import Manifest
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import User
from tests.browser.conftest import check_page
from tests.browser.conftest import follow
from tests.browser.conftest import sign_in
from tests.console.conftest import accounts  # noqa: F401  (the fixture: one account per role)
from tests.dispatch.dispatch_helpers import papers_dossier
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.tools import open_session
from tests.tools import require_tool

pytestmark = [pytest.mark.browser]

OWNER = "Nguyễn Văn An"


def _waiting_for_the_post(app: Flask) -> dict[ShipmentKind, str]:
    """In Lý Sơn, the demo courier's commune: papers to pick up from one owner, a result for another.

    The courier's account is named for the round, as the demo's is, so the title must not say "bưu tá" twice.
    """
    with open_session(app) as session:
        session.scalars(select(User).where(User.username == "courier")).one().full_name = "Bưu tá Lý Sơn"
        papers_dossier(session, name=OWNER, address=None)
        ready_dossier(session, name="Trần Thị Bích", digits="96588", phone="+84905333444")
        session.commit()
        return {s.kind: s.tracking_code for s in session.scalars(select(Shipment))}


def _download(page: Any, label: str, suffix: str) -> bytes:
    """The file behind the manifest list's `label` link, checked to come under its own name."""
    row = page.locator("tr.manifest").first
    with page.expect_download() as info:
        row.get_by_role("link", name=label, exact=True).click()
    assert info.value.suggested_filename.endswith(suffix)
    return Path(info.value.path()).read_bytes()


def _dispatcher_builds_and_downloads(page: Any, app: Flask, codes: dict[ShipmentKind, str]) -> None:
    sign_in(page, "supervisor")
    page.goto("/dispatch/")
    check_page(page)
    page.select_option("select[name=courier]", "courier")
    page.get_by_role("button", name="Lập bảng kê").click()
    page.wait_for_url("**/dispatch/manifests/*")
    assert page.locator(".flash").first.inner_text() == "Đã lập bảng kê: 2 bưu gửi."
    assert page.locator("tr.stop").count() == 2
    assert fold(page.locator("h1").inner_text()).count("buu ta") == 1
    check_page(page)
    page.reload()
    assert page.locator(".flash").count() == 0 and page.locator("tr.stop").count() == 2
    with open_session(app) as session:
        assert session.scalar(select(func.count()).select_from(Manifest)) == 1
        assert session.scalar(select(func.count()).select_from(DossierEvent).where(
            DossierEvent.reason.like("Lên bảng kê%"))) == 2

    follow(page, page.get_by_role("link", name="« Điều phối bưu chính"))
    check_page(page)
    text = subprocess.run([require_tool("pdftotext", "poppler-utils"), "-raw", "-", "-"],
                          input=_download(page, "PDF", ".pdf"), capture_output=True, check=True).stdout.decode()
    assert codes[ShipmentKind.PICKUP] in text and codes[ShipmentKind.DELIVERY] in text
    assert "0912 345 678" in text and "Nhận hồ sơ giấy" in text and "None" not in text
    assert fold(text).count("buu ta") == 1
    rows = list(csv.reader(io.StringIO(_download(page, "CSV", ".csv").decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:-1]} == set(codes.values())
    assert rows[-1][rows[0].index("Thu hộ (đ)")] != "0"
    book = load_workbook(io.BytesIO(_download(page, "Excel", ".xlsx")))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert set(codes.values()) <= set(cells) and OWNER in cells
    amounts = [row[rows[0].index("Thu hộ (đ)")] for row in book.active.iter_rows(min_row=3)]
    assert {cell.number_format for cell in amounts} == {"#,##0"} and amounts[-1].value > 0


def _courier_marks_the_pickup(page: Any, codes: dict[ShipmentKind, str]) -> None:
    follow(page, page.locator("#logout"))
    sign_in(page, "courier")
    follow(page, page.locator("a.brand"))
    assert page.url.endswith("/courier/")
    check_page(page)
    follow(page, page.locator("section.card h2 a").first)
    check_page(page)
    pickup = page.locator("li.stop", has_text=codes[ShipmentKind.PICKUP])
    assert "Nhận hồ sơ giấy" in pickup.inner_text() and "None" not in pickup.inner_text()
    assert "0912 345 678" in pickup.inner_text()
    follow(page, pickup.get_by_role("link", name=codes[ShipmentKind.PICKUP]))
    check_page(page)
    assert "None" not in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Đã nhận hồ sơ").is_visible()
    assert page.get_by_role("button", name="Đã giao", exact=True).count() == 0
    page.get_by_label("Người giao").fill(OWNER)
    page.get_by_role("button", name="Đã nhận hồ sơ").click()
    page.wait_for_url("**/courier/manifests/*")
    check_page(page)
    marked = page.locator("li.stop", has_text=codes[ShipmentKind.PICKUP]).locator(".result")
    assert marked.inner_text() == f"Đã nhận hồ sơ — Người giao: {OWNER}"
    waiting = page.locator("li.stop", has_text=codes[ShipmentKind.DELIVERY]).locator(".result")
    assert waiting.inner_text() == "Chưa có kết quả"


def test_the_posts_day_from_the_dispatch_desk_to_the_last_stop(
        page: Any, app: Flask, accounts: dict[Any, str]) -> None:  # noqa: F811
    codes = _waiting_for_the_post(app)
    _dispatcher_builds_and_downloads(page, app, codes)
    _courier_marks_the_pickup(page, codes)
