"""Courier pages, made for a phone: today's manifests, the stops in order, an outcome per stop."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hotline.dispatch.files import public_base_url
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_session
from hotline.infra.text import mark
from hotline.models import Manifest
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import StopOutcome
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.closing import ManifestCloseError
from hotline.services.closing import close_manifest
from hotline.services.outcomes import OutcomeError
from hotline.services.outcomes import allowed_outcomes
from hotline.services.outcomes import is_courier_of
from hotline.services.outcomes import record_outcome
from hotline.services.owner_texts import FAILURE_REASONS
from hotline.services.rounds import manifest_sheet
from hotline.services.rounds import stop_of
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("courier", __name__, url_prefix="/courier", template_folder="templates")


def _me() -> User:
    return get_session().get_one(User, current_user.user_id)


@bp.get("/")
@roles_required(Role.COURIER)
def today() -> ResponseReturnValue:
    """Today's manifests of the signed-in courier, each with its stops in order."""
    session = get_session()
    me = _me()
    day = datetime.now(LOCAL_TZ).date()
    manifests = session.scalars(select(Manifest).where(Manifest.courier_id == me.id, Manifest.day == day))
    sheets = [(m, manifest_sheet(session, m, me, public_base_url())) for m in manifests]
    return render_template("dispatch/courier_today.html", day=day, sheets=sheets)


def _my_manifest(manifest_id: int) -> tuple[Manifest, User]:
    found = get_session().get(Manifest, manifest_id)
    me = _me()
    if found is None or found.courier_id != me.id:
        abort(404)
    return found, me


@bp.get("/manifests/<int:manifest_id>")
@roles_required(Role.COURIER)
def manifest(manifest_id: int) -> ResponseReturnValue:
    found, me = _my_manifest(manifest_id)
    return render_template("dispatch/courier_manifest.html", manifest=found,
                           sheet=manifest_sheet(get_session(), found, me, public_base_url()))


@bp.post("/manifests/<int:manifest_id>/close")
@roles_required(Role.COURIER)
def close(manifest_id: int) -> ResponseReturnValue:
    """Close one's own round: every stop has an outcome, or the rest is carried over on purpose."""
    found, me = _my_manifest(manifest_id)
    session = get_session()
    try:
        carried = close_manifest(session, found, me, carry_over=request.form.get("carry_over") == "1")
    except ManifestCloseError as exc:
        session.rollback()
        return render_template("dispatch/courier_manifest.html", manifest=found, error=_(exc.message, **exc.values),
                               sheet=manifest_sheet(session, found, me, public_base_url())), 409
    audit("manifest_closed", "manifest", found.id, f"{len(carried)} carried over")
    session.commit()
    flash(_("Đã chốt bảng kê; {n} điểm chuyển sang bảng kê sau.", n=len(carried)))
    return redirect(url_for("courier.manifest", manifest_id=found.id))


def _my_stop(tracking_code: str) -> tuple[Shipment, User]:
    """The stop if it is on one of this courier's manifests; any other stop does not exist for them."""
    session = get_session()
    me = _me()
    shipment = session.scalar(select(Shipment).where(Shipment.tracking_code == tracking_code))
    if shipment is None or not is_courier_of(session, shipment, me):
        abort(404)
    return shipment, me


@bp.get("/s/<tracking_code>")
@roles_required(Role.COURIER)
def stop(tracking_code: str) -> ResponseReturnValue:
    """One stop, with a form per outcome still open; each form carries its own one-time token."""
    shipment, _ = _my_stop(tracking_code)
    return _stop_page(shipment)


def _stop_page(shipment: Shipment, error: str | None = None) -> str:
    return render_template("dispatch/courier_stop.html", shipment=shipment, outcomes=allowed_outcomes(shipment),
                           stop=stop_of(get_session(), shipment, public_base_url()), reasons=FAILURE_REASONS,
                           token=secrets.token_urlsafe(24), error=error)


def _read_outcome() -> tuple[StopOutcome, int]:
    try:
        outcome = StopOutcome(request.form.get("outcome", ""))
    except ValueError:
        raise OutcomeError(mark("Hãy chọn một kết quả.")) from None
    try:
        amount = int(request.form.get("amount_collected") or 0)
    except ValueError:
        raise OutcomeError(mark("Số tiền đã thu phải là số đồng, không có dấu chấm.")) from None
    if amount < 0:
        raise OutcomeError(mark("Số tiền đã thu phải là số đồng, không có dấu chấm."))
    return outcome, amount


@bp.post("/s/<tracking_code>")
@roles_required(Role.COURIER)
def mark_stop(tracking_code: str) -> ResponseReturnValue:
    """Record the outcome; the same form sent twice (a double tap) records it once."""
    shipment, me = _my_stop(tracking_code)
    session = get_session()
    token = request.form.get("token", "")
    try:
        outcome, amount = _read_outcome()
        if len(token) < 16:
            raise OutcomeError(mark("Biểu mẫu đã cũ, vui lòng tải lại trang."))
        record_outcome(session, shipment, me, outcome, token, calendar=work_calendar(),
                       reason=request.form.get("reason") or None, received_by=request.form.get("received_by"),
                       amount_collected=amount)
    except OutcomeError as exc:
        session.rollback()
        return _stop_page(shipment, _(exc.message, **exc.values)), 409
    session.commit()
    return redirect(url_for("courier.manifest", manifest_id=shipment.manifest_id))
