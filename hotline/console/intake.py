"""A new dossier taken by an operator on the phone, for a known or a new owner."""

from __future__ import annotations

from flask import Blueprint
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import or_
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from hotline.console.records import OwnerProblem
from hotline.console.records import owner_from_form
from hotline.console.records import vessel_number
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.infra.text import fold
from hotline.models import Channel
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Procedure
from hotline.services.catalogue import active_procedures
from hotline.services.charges import charges_for
from hotline.services.receiving import Filing
from hotline.services.receiving import complete_filing
from hotline.services.receiving import open_filed
from hotline.services.search import owner_condition
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("intake", __name__)


def matching_owners(text: str) -> list[Owner]:
    """Owners the search box finds (services/search.py: any word of the name, the number, vessel digits),
    or whose phone ends with the digits typed."""
    if not fold(text):
        return []
    session = get_session()
    conditions = [owner_condition(session, text, province().vessel_prefix)]
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 6:
        conditions.append(Owner.phone.endswith(digits[-9:], autoescape=True))
    return list(session.scalars(select(Owner).where(or_(*conditions)).order_by(Owner.full_name).limit(20)))


@bp.route("/dossiers/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_dossier() -> ResponseReturnValue:
    db = get_session()
    form: MultiDict[str, str] = request.form if request.method == "POST" else request.args
    owner_id = form.get("owner_id", "")
    owner = db.get(Owner, int(owner_id)) if owner_id.isdigit() else None
    procedures = active_procedures(db)
    context = {"procedures": procedures, "charges": {p.id: charges_for(p) for p in procedures}, "owner": owner,
               "form": form, "found": matching_owners(form.get("find", "")) if form.get("find") else []}
    if request.method == "GET":
        return render_template("new_dossier.html", **context)
    procedure = db.get(Procedure, int(form["procedure_id"])) if form.get("procedure_id", "").isdigit() else None
    try:
        if procedure is None or not procedure.active:
            raise OwnerProblem(_("Hãy chọn thủ tục."))
        if owner is None:
            owner = owner_from_form(db, form, province())
            db.add(owner)
        number = vessel_number(form.get("vessel_number", ""), province().vessel_prefix)
        if procedure.asks_vessel_number and number is None:
            raise OwnerProblem(_("Thủ tục này cần số đăng ký tàu."))
    except OwnerProblem as problem:
        db.rollback()
        return render_template("new_dossier.html", error=str(problem), **context), 422
    # The same filing as the hotline's: the vessel checked and flagged, the SMS receipt, the papers' pickup.
    dossier = open_filed(db, Filing(procedure=procedure, owner=owner, channel=Channel.OPERATOR,
                                    actor=current_user.actor, vessel_number=number, user_id=current_user.user_id),
                         DossierState.RECEIVED)
    dossier.note = form.get("note", "").strip() or None
    complete_filing(db, dossier, "vi")
    audit("dossier_opened", "dossier", dossier.code)
    db.commit()
    return redirect(url_for("console.dossiers.dossier_page", code=dossier.code)), 303
