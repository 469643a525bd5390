"""The operator's and the courier's day, as far as money and vessels go, at a desk's width and a phone's.

The operator types in a dossier for a boat another owner registered: it is filed, and flagged on the dossier
page and in the queue; the dossier page tells what the post will collect. Once the result is ready, the
courier's stop asks to collect exactly that amount.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import fill_routes
from hotline.services.places import find_ward
from hotline.services.rounds import build_day_manifest
from hotline.services.workflow import move
from tests.browser.conftest import check_page
from tests.browser.conftest import follow
from tests.browser.conftest import sign_in
from tests.console.conftest import PASSWORD
from tests.factories import make_owner
from tests.factories import make_user
from tests.tools import open_session

pytestmark = [pytest.mark.browser]

# Re-issue of a fishing licence: 40.000 đ fee, the result by post for 25.000 đ.
TO_COLLECT = "65.000 đ"


def the_centre(app: Flask) -> int:
    """An operator, a courier routed to Lý Sơn, the calling owner and the owner whose boat QNg-77777-TS is."""
    with open_session(app) as session:
        for role in (Role.OPERATOR, Role.COURIER):
            make_user(session, role, username=role.value, password=PASSWORD)
        caller = make_owner(session, name="Nguyễn Văn An", ward_code=find_ward(51, "Đặc khu Lý Sơn"))
        make_owner(session, name="Phạm Thị Lan", phone="+84987000111", vessel_digits="77777")
        fill_routes(session, app.config["CONFIG_DIR"], 51)
        session.commit()
        return caller.id


def the_result_goes_out(app: Flask) -> str:
    """The centre accepts the dossier and issues the result; the courier's manifest for today takes it."""
    with app.app_context(), open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        for target in (DossierState.IN_PROGRESS, DossierState.RESULT_READY):
            move(session, dossier, target, actor="test", calendar=work_calendar())
        courier = session.scalars(select(User).where(User.username == Role.COURIER.value)).one()
        build_day_manifest(session, datetime.now(LOCAL_TZ).date(), courier, work_calendar(), "http://hotline.test")
        tracking = session.scalars(select(Shipment.tracking_code).where(Shipment.kind == ShipmentKind.DELIVERY)).one()
        session.commit()
        return tracking


def test_the_operator_sees_the_flag_and_the_amount_the_courier_collects(
        page: Any, app: Flask, viewport: str) -> None:
    owner_id = the_centre(app)
    sign_in(page, Role.OPERATOR.value)
    page.goto(f"/dossiers/new?owner_id={owner_id}")
    check_page(page)
    options = page.locator("select[name=procedure_id] option").all_inner_texts()
    assert any("Cấp lại giấy phép khai thác thủy sản" in o and f"bưu điện thu {TO_COLLECT}" in o for o in options)
    assert any(o.startswith("1. Đăng ký tàu cá") and "tàu mới, không cần số đăng ký" in o for o in options)
    page.select_option("select[name=procedure_id]", label=next(o for o in options if o.startswith("2.")))
    page.fill("input[name=vessel_number]", "77777")
    page.click("text=Tạo hồ sơ")
    page.wait_for_url(re.compile(r"/dossiers/000\.00\.15\.H48-"))
    check_page(page)
    flag = page.locator("#vessel-flag").inner_text()
    assert "Tàu đăng ký cho chủ tàu khác" in flag and "đăng ký cho Phạm Thị Lan" in flag
    assert page.locator("#to-collect").inner_text() == TO_COLLECT
    code = page.url.rsplit("/", 1)[1]

    page.goto("/dossiers")
    check_page(page)
    row = page.locator("tr", has=page.locator(f"a:text-is('{code}')"))
    assert row.locator(".vessel-flag").inner_text() == "Tàu đăng ký cho chủ tàu khác"

    tracking = the_result_goes_out(app)
    page.goto(f"/dossiers/{code}")
    assert page.locator("#to-collect").inner_text() == TO_COLLECT
    follow(page, page.locator("text=Đăng xuất"))
    sign_in(page, Role.COURIER.value)
    page.goto("/courier/")
    check_page(page)
    assert f"1 điểm, thu hộ {TO_COLLECT}" in page.locator("main").inner_text()
    follow(page, page.locator("text=Bảng kê giao nhận ngày"))
    check_page(page)
    assert f"thu {TO_COLLECT}" in page.locator("ol.stops").inner_text()
    follow(page, page.locator(f"text={tracking}"))
    check_page(page)
    assert f"Thu hộ: {TO_COLLECT}" in page.locator("main").inner_text()
    assert page.locator("input[name=amount_collected]").input_value() == "65000"
