"""What the owner pays, told before filing and the same on every surface: call, SMS, receipt, console, courier."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.charges import charges_for
from hotline.services.courier_routes import fill_routes
from hotline.services.places import find_ward
from hotline.services.rounds import build_day_manifest
from hotline.services.workflow import move
from tests.dispatch.dispatch_helpers import DAY
from tests.factories import make_owner
from tests.factories import procedure
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

# Re-issue of a fishing licence: a fee of 40.000 đ, no papers, the result by post for 25.000 đ.
TOLD = "Lệ phí thủ tục: 40.000 đồng. Cước bưu chính: 25.000 đồng. " \
       "Khi giao kết quả tận nhà, bưu điện sẽ thu tổng cộng 65.000 đồng."


def file_by_phone(app: Flask) -> tuple[str, str]:
    """A known owner in Lý Sơn files procedure 2 for vessel 90123; returns what they heard before filing,
    and the dossier's code."""
    with open_session(app) as session:
        make_owner(session, ward_code=find_ward(51, "Đặc khu Lý Sơn"))
        session.commit()
    phone = Caller(app.test_client())
    phone.dial()
    for keys in ("1", "2", "90123#"):
        phone.press(keys)
    told = said(phone.press("1"))
    phone.record()
    phone.press("1")  # keep the address on file: the dossier is filed
    with open_session(app) as session:
        return told, session.scalars(select(Dossier.code)).one()


def receipt_text(client: FlaskClient, code: str) -> str:
    pdf = client.get(f"/dossiers/{code}/receipt.pdf")
    assert pdf.status_code == 200
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.data, capture_output=True,
                          check=True).stdout.decode()


def test_one_dossier_shows_the_same_amount_on_every_surface(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    operator, courier_phone = signed_in(Role.OPERATOR), signed_in(Role.COURIER)
    told, code = file_by_phone(app)
    assert TOLD in told and told.index(TOLD) < told.index("Sau tiếng bíp")  # before the note, before filing
    with open_session(app) as session:
        sms = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")).one()
        assert sms.body.endswith("Bưu điện thu 65.000 đ khi trả kết quả.")

    page = operator.get(f"/dossiers/{code}").get_data(as_text=True)
    assert '<strong id="to-collect">65.000 đ</strong>' in page
    assert "40.000 đ" in page and "25.000 đ" in page and "₫" not in page
    receipt = receipt_text(operator, code)
    assert all(line in " ".join(receipt.split()) for line in
               ("Lệ phí: 40.000 đ", "Cước bưu chính: 25.000 đ", "Tổng thu khi trả kết quả: 65.000 đ"))

    with app.app_context(), open_session(app) as session:
        courier = session.scalars(select(User).where(User.username == Role.COURIER.value)).one()
        fill_routes(session, app.config["CONFIG_DIR"], 51)
        dossier = session.scalars(select(Dossier)).one()
        for target in (DossierState.IN_PROGRESS, DossierState.RESULT_READY):
            move(session, dossier, target, actor="test", calendar=work_calendar())
        _, sheet = build_day_manifest(session, DAY, courier, work_calendar(), "http://hotline.test")
        delivery = session.scalars(select(Shipment).where(Shipment.kind == ShipmentKind.DELIVERY)).one()
        tracking = delivery.tracking_code
        assert delivery.amount_vnd == 65000 and sheet.total_amount_vnd == 65000
        session.commit()
    stop = courier_phone.get(f"/courier/s/{tracking}").get_data(as_text=True)
    assert "Thu hộ: 65.000 đ" in stop


def test_papers_by_post_add_the_pickup_s_postage_to_what_the_result_collects(app: Flask) -> None:
    with app.app_context(), open_session(app) as session:
        papers, no_papers = procedure(session, 3), procedure(session, 2)
        assert (charges_for(papers).postage_vnd, charges_for(papers).to_collect_vnd) == (50000, 50000)
        assert (charges_for(no_papers).postage_vnd, charges_for(no_papers).to_collect_vnd) == (25000, 65000)


def test_a_fee_changed_after_filing_changes_nothing_the_owner_was_told(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    """The receipt, the dossier page and the courier's amount keep the fee and postage said on the call."""
    operator = signed_in(Role.OPERATOR)
    _, code = file_by_phone(app)
    with app.app_context(), open_session(app) as session:
        procedure(session, 2).fee_vnd = 90000  # an admin raises the fee the next day
        session.commit()
    page = operator.get(f"/dossiers/{code}").get_data(as_text=True)
    assert '<strong id="to-collect">65.000 đ</strong>' in page
    assert "Tổng thu khi trả kết quả: 65.000 đ" in " ".join(receipt_text(operator, code).split())
    with app.app_context(), open_session(app) as session:
        fill_routes(session, app.config["CONFIG_DIR"], 51)
        courier = session.scalars(select(User).where(User.username == Role.COURIER.value)).one()
        dossier = session.scalars(select(Dossier)).one()
        for target in (DossierState.IN_PROGRESS, DossierState.RESULT_READY):
            move(session, dossier, target, actor="test", calendar=work_calendar())
        build_day_manifest(session, DAY, courier, work_calendar(), "http://hotline.test")
        delivery = session.scalars(select(Shipment).where(Shipment.kind == ShipmentKind.DELIVERY)).one()
        assert delivery.amount_vnd == 65000
        # A dossier filed after the change is told, and charged, the new fee.
        assert charges_for(procedure(session, 2)).to_collect_vnd == 115000
