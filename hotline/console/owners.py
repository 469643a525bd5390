"""Owners and their vessels: list, edit, import."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue

from hotline.console.importer import ImportFileError
from hotline.console.importer import import_owners
from hotline.console.records import OwnerProblem
from hotline.console.records import apply_owner_fields
from hotline.console.records import read_owner_fields
from hotline.console.records import vessel_for
from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.models import Owner
from hotline.services.places import ward_name
from hotline.services.search import search_owners
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _
from hotline.web.limits import takes_upload

bp = Blueprint("owners", __name__)

PER_PAGE = 50


@bp.route("/owners")
@roles_required(*STAFF)
def owners() -> ResponseReturnValue:
    text = request.args.get("q", "").strip()
    page = max(int(request.args.get("page", "1")) if request.args.get("page", "1").isdigit() else 1, 1)
    found = search_owners(get_session(), text, page, PER_PAGE, province().vessel_prefix)
    return render_template("owners.html", owners=found.items, q=text, page=found.page, total=found.total,
                           pages=found.pages, renumbered=found.renumbered)


@bp.route("/owners/<int:owner_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def owner_page(owner_id: int) -> ResponseReturnValue:
    db = get_session()
    owner = get_or_404(Owner, owner_id)
    error = None
    if request.method == "POST":
        try:
            apply_owner_fields(owner, read_owner_fields(request.form, province()), province().province_code)
            vessel_for(db, owner, request.form.get("vessel_number", ""), province().vessel_prefix,
                       request.form.get("vessel_name"))
        except OwnerProblem as problem:
            db.rollback()
            error = str(problem)
        else:
            audit("owner_edited", "owner", owner.id)
            db.commit()
            flash(_("Đã lưu."))
            return redirect(url_for("console.owners.owner_page", owner_id=owner.id)), 303
    audit("address_read", "owner", owner.id)
    db.commit()
    commune = ward_name(owner.ward_code) if owner.ward_code else ""
    return render_template("owner.html", owner=owner, commune=commune, error=error), 422 if error else 200


@bp.route("/owners/import", methods=["GET", "POST"])
@takes_upload("MAX_IMPORT_LENGTH")
@roles_required(*STAFF)
def owners_import() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("owners_import.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("owners_import.html", error=_("Hãy chọn tệp.")), 400
    db = get_session()
    try:
        report = import_owners(db, upload.filename, upload.read(), province())
    except ImportFileError as problem:
        db.rollback()
        return render_template("owners_import.html", error=str(problem)), 400
    audit("owners_imported", "owner", None,
          f"{upload.filename}: {report.added_owners} owners, {report.added_vessels} vessels, "
          f"{len(report.refused)} refused")
    db.commit()
    return render_template("owners_import.html", report=report)
