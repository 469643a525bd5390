"""A vessel another owner registered, or one the registry does not know, is flagged for the operator whichever
channel filed it; a procedure that registers a new vessel asks for no number; and a dossier typed in by an
operator is received exactly as one filed by phone."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import VesselFlag
from hotline.services.dossiers import open_dossier
from tests.console.conftest import post_form
from tests.factories import make_owner
from tests.factories import procedure
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

OTHER_PHONE = "+84987000111"


def owners(app: Flask) -> int:
    """The caller (Nguyễn Văn A, vessel 90123) and another owner (vessel 77777); returns the caller's id."""
    with open_session(app) as session:
        mine = make_owner(session)
        make_owner(session, name="Phạm Thị Lan", phone=OTHER_PHONE, vessel_digits="77777")
        session.commit()
        return mine.id


def file_by_phone(app: Flask, digits: str) -> Dossier:
    phone = Caller(app.test_client())
    phone.dial()
    for keys in ("1", "2", f"{digits}#", "1"):
        phone.press(keys)
    phone.record()
    phone.press("1")
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        session.expunge(dossier)
        return dossier


def test_a_call_for_another_owner_s_vessel_is_filed_and_flagged_on_the_dossier_and_in_the_queue(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    owners(app)
    dossier = file_by_phone(app, "77777")
    assert (dossier.vessel_flag, dossier.needs_review) == (VesselFlag.OTHER_OWNER, True)
    operator = signed_in(Role.OPERATOR)
    page = operator.get(f"/dossiers/{dossier.code}").get_data(as_text=True)
    assert "Tàu đăng ký cho chủ tàu khác" in page and "đăng ký cho Phạm Thị Lan" in page
    queue = operator.get("/dossiers").get_data(as_text=True)
    assert '<span class="badge late vessel-flag">Tàu đăng ký cho chủ tàu khác</span>' in queue


def test_a_call_for_a_vessel_the_registry_does_not_know_is_flagged(app: Flask) -> None:
    owners(app)
    dossier = file_by_phone(app, "55555")
    assert (dossier.vessel_id, dossier.vessel_number, dossier.vessel_flag) == (
        None, "QNg-55555-TS", VesselFlag.NOT_REGISTERED)


def test_the_caller_s_own_vessel_carries_no_flag(app: Flask) -> None:
    owners(app)
    dossier = file_by_phone(app, "90123")
    assert dossier.vessel_id is not None and dossier.vessel_flag is None and not dossier.needs_review


def test_registering_a_new_vessel_by_phone_asks_for_no_number(app: Flask) -> None:
    owners(app)
    phone = Caller(app.test_client())
    phone.dial()
    phone.press("1")
    heard = said(phone.press("1"))  # Đăng ký tàu cá: a new vessel, no number yet
    assert "Lệ phí thủ tục: 70.000 đồng" in heard and "số đăng ký" not in heard and "bíp" in heard
    phone.record()
    phone.press("1")
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        assert (dossier.vessel_number, dossier.vessel_flag, dossier.state) == (
            None, None, DossierState.AWAITING_PAPERS)


def test_an_operator_files_another_owner_s_vessel_flagged_not_refused(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    mine = owners(app)
    operator = signed_in(Role.OPERATOR)
    form = {"owner_id": str(mine), "procedure_id": "2", "vessel_number": "77777", "note": ""}
    assert post_form(operator, "/dossiers/new", form, page="/dossiers/new").status_code == 303
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        assert (dossier.channel, dossier.vessel_flag) == (Channel.OPERATOR, VesselFlag.OTHER_OWNER)
        assert dossier.vessel is not None and dossier.vessel.registration_number == "QNg-77777-TS"


def test_the_console_form_needs_no_number_for_a_new_vessel_and_one_for_an_existing_one(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    mine = owners(app)
    operator = signed_in(Role.OPERATOR)
    form = {"owner_id": str(mine), "procedure_id": "2", "vessel_number": "", "note": ""}
    refused = post_form(operator, "/dossiers/new", form, page="/dossiers/new")
    assert refused.status_code == 422 and "Thủ tục này cần số đăng ký tàu." in refused.get_data(as_text=True)
    assert "tàu mới, không cần số đăng ký" in operator.get("/dossiers/new").get_data(as_text=True)
    assert post_form(operator, "/dossiers/new", {**form, "procedure_id": "1"},
                     page="/dossiers/new").status_code == 303


def test_a_dossier_typed_in_by_an_operator_is_received_as_one_filed_by_phone(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    """The same receipt SMS, and a procedure needing original papers waits for the same pickup."""
    mine = owners(app)
    operator = signed_in(Role.OPERATOR)
    form = {"owner_id": str(mine), "procedure_id": "3", "vessel_number": "90123", "note": ""}
    assert post_form(operator, "/dossiers/new", form, page="/dossiers/new").status_code == 303
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        owner = session.get_one(Owner, mine)
        assert dossier.state is DossierState.AWAITING_PAPERS
        assert [e.actor for e in dossier.events] == [dossier.events[0].actor] * 2
        pickup = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
        assert (pickup.kind, pickup.state, pickup.amount_vnd) == (ShipmentKind.PICKUP, ShipmentState.PLANNED, 0)
        receipt = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")).one()
        assert receipt.to_number == owner.phone and receipt.dossier_id == dossier.id
        assert dossier.code in receipt.body and dossier.phone_code in receipt.body
        assert receipt.body.endswith("Bưu điện thu 50.000 đ khi trả kết quả.")


def test_a_call_s_draft_an_operator_completes_is_received_as_one_filed_by_phone(
        app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    """A caller cut off mid-dossier leaves a draft; the operator who completes it sets off the same receipt SMS,
    promise, charges and pickup as a call that got to the end."""
    mine = owners(app)
    with app.app_context(), open_session(app) as session:
        owner = session.get_one(Owner, mine)
        draft = open_dossier(session, unit_code="000.00.15.H48", procedure=procedure(session, 3),
                             state=DossierState.DRAFT, actor="ivr", owner=owner)
        session.commit()
        code = draft.code
        assert draft.promised_date is None and draft.fee_vnd is None
    operator = signed_in(Role.OPERATOR)
    moved = post_form(operator, f"/dossiers/{code}/move", {"to": "received"}, page=f"/dossiers/{code}")
    assert moved.status_code == 303
    with app.app_context(), open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        assert dossier.state is DossierState.AWAITING_PAPERS
        assert dossier.promised_date is not None and dossier.fee_vnd is not None
        pickup = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
        assert (pickup.kind, pickup.state) == (ShipmentKind.PICKUP, ShipmentState.PLANNED)
        receipt = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")).one()
        assert receipt.dossier_id == dossier.id and dossier.phone_code in receipt.body
