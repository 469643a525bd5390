"""The dispatch admin page: build a courier's manifest, see each manifest and download its files, assign communes.

Every form posts and then redirects to a page (POST, redirect, GET): reloading a page never builds or closes
a manifest again. A manifest's files are drawn from the database when asked for, so every manifest, built here
or by `hotline manifest build`, downloads at any time with the results its stops have by then.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy import select

from hotline.dispatch.files import file_names
from hotline.dispatch.files import manifest_download
from hotline.dispatch.files import public_base_url
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.models import Manifest
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import User
from hotline.services.catalogue import work_calendar
from hotline.services.closing import ManifestCloseError
from hotline.services.closing import close_manifest
from hotline.services.courier_routes import assign_route
from hotline.services.courier_routes import fill_routes
from hotline.services.courier_routes import route_map
from hotline.services.places import wards_of
from hotline.services.rounds import build_day_manifest
from hotline.services.rounds import manifest_sheet
from hotline.services.rounds import waiting_without_commune
from hotline.web.auth import MANAGERS
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.dates import DayError
from hotline.web.dates import parse_day
from hotline.web.i18n import translate as _

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch", template_folder="templates")
MANIFESTS_PER_PAGE = 30


def _page(error: str | None = None) -> str:
    """The page, read only: while no route is set it shows the ones config/routes.toml would seed."""
    session = get_session()
    couriers = list(session.scalars(select(User).where(User.role == Role.COURIER).order_by(User.username)))
    routes = route_map(session, current_app.config["CONFIG_DIR"], province().province_code)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    stops = select(func.count(Shipment.id)).where(Shipment.manifest_id == Manifest.id).scalar_subquery()
    listed = session.execute(select(Manifest, User, stops).join(User, User.id == Manifest.courier_id)
                             .order_by(Manifest.day.desc(), User.username, Manifest.id)
                             .offset((page - 1) * MANIFESTS_PER_PAGE).limit(MANIFESTS_PER_PAGE + 1)).all()
    files = {manifest.id: file_names(manifest, courier) for manifest, courier, _stops in listed}
    return render_template("dispatch/admin.html", couriers=couriers, routes=routes, error=error,
                           wards=wards_of(province().province_code), today=datetime.now(LOCAL_TZ).date(),
                           manifests=listed[:MANIFESTS_PER_PAGE], files=files, page=page,
                           more=len(listed) > MANIFESTS_PER_PAGE, no_commune=waiting_without_commune(session))


@bp.get("/")
@roles_required(*MANAGERS)
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/build")
@roles_required(*MANAGERS)
def build() -> ResponseReturnValue:
    """The console's "build manifest" button: the same as `hotline manifest build`, then the manifest's page."""
    session = get_session()
    courier = session.scalar(select(User).where(User.username == request.form.get("courier", ""),
                                                User.role == Role.COURIER))
    try:
        day = parse_day(request.form.get("date", ""))
    except DayError as problem:
        return _page(error=str(problem)), 400
    if day is None:
        return _page(error=_("Hãy nhập ngày của bảng kê.")), 400
    if courier is None:
        return _page(error=_("Hãy chọn bưu tá.")), 400
    fill_routes(session, current_app.config["CONFIG_DIR"], province().province_code)
    manifest, sheet = build_day_manifest(session, day, courier, work_calendar(), public_base_url())
    session.commit()
    flash(_("Đã lập bảng kê: {n} bưu gửi.", n=sheet.total_stops))
    return redirect(url_for("dispatch.manifest", manifest_id=manifest.id), code=303)


@bp.get("/manifests/<int:manifest_id>")
@roles_required(*MANAGERS)
def manifest(manifest_id: int) -> ResponseReturnValue:
    """One manifest: its stops with their results, its files, and closing it."""
    session = get_session()
    found = get_or_404(Manifest, manifest_id)
    courier = session.get_one(User, found.courier_id)
    return render_template("dispatch/manifest.html", manifest=found, files=file_names(found, courier),
                           sheet=manifest_sheet(session, found, courier, public_base_url()),
                           no_commune=waiting_without_commune(session))


@bp.get("/files/<name>")
@roles_required(*MANAGERS)
def download(name: str) -> ResponseReturnValue:
    found = manifest_download(get_session(), name)
    if found is None:
        abort(404)
    return send_file(found, as_attachment=True, download_name=name)


@bp.post("/routes")
@roles_required(*MANAGERS)
def routes() -> ResponseReturnValue:
    """Give a commune to a courier, or to nobody."""
    session = get_session()
    ward_code = request.form.get("ward_code", type=int)
    if ward_code not in dict(wards_of(province().province_code)):
        return _page(error=_("Xã/phường không thuộc tỉnh.")), 400
    courier = session.get(User, request.form.get("courier_id", type=int) or 0)
    fill_routes(session, current_app.config["CONFIG_DIR"], province().province_code)
    assign_route(session, ward_code, courier if courier and courier.role is Role.COURIER else None)
    session.commit()
    flash(_("Đã lưu."))
    return redirect(url_for("dispatch.index", _anchor="routes"), code=303)


@bp.post("/manifests/<int:manifest_id>/close")
@roles_required(*MANAGERS)
def close(manifest_id: int) -> ResponseReturnValue:
    """A supervisor closes a courier's round, e.g. when the courier has no phone at hand."""
    session = get_session()
    found = get_or_404(Manifest, manifest_id)
    try:
        carried = close_manifest(session, found, session.get_one(User, current_user.user_id),
                                 carry_over=request.form.get("carry_over") == "1")
    except ManifestCloseError as exc:
        session.rollback()
        flash(_(exc.message, **exc.values), "error")
        return redirect(url_for("dispatch.manifest", manifest_id=manifest_id), code=303)
    audit("manifest_closed", "manifest", found.id, f"{len(carried)} carried over")
    session.commit()
    flash(_("Đã chốt bảng kê; {n} điểm chuyển sang bảng kê sau.", n=len(carried)))
    return redirect(url_for("dispatch.manifest", manifest_id=manifest_id), code=303)
