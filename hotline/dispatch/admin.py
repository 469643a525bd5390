"""The dispatch admin page: build a courier's manifest with a button, download its files, assign communes."""

from __future__ import annotations

from datetime import date

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy import select

from hotline.dispatch.files import file_names
from hotline.dispatch.files import manifest_directory
from hotline.dispatch.files import manifest_file
from hotline.dispatch.files import public_base_url
from hotline.dispatch.files import write_manifest_files
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
from hotline.web.auth import MANAGERS
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.dates import DayError
from hotline.web.dates import parse_day
from hotline.web.i18n import translate as _

bp = Blueprint("dispatch", __name__, url_prefix="/dispatch", template_folder="templates")
RECENT_MANIFESTS = 30


def _page(built: list[str] | None = None, error: str | None = None) -> str:
    """The page, read only: while no route is set it shows the ones config/routes.toml would seed."""
    session = get_session()
    couriers = list(session.scalars(select(User).where(User.role == Role.COURIER).order_by(User.username)))
    routes = route_map(session, current_app.config["CONFIG_DIR"], province().province_code)
    stops = select(func.count(Shipment.id)).where(Shipment.manifest_id == Manifest.id).scalar_subquery()
    recent = session.execute(select(Manifest, User, stops).join(User, User.id == Manifest.courier_id)
                             .order_by(Manifest.day.desc(), User.username).limit(RECENT_MANIFESTS)).all()
    files = {manifest.id: file_names(manifest, courier) for manifest, courier, _stops in recent}
    return render_template("dispatch/admin.html", couriers=couriers, routes=routes, built=built or [],
                           wards=wards_of(province().province_code), today=date.today(), error=error,
                           recent=recent, files=files)


@bp.get("/")
@roles_required(*MANAGERS)
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/build")
@roles_required(*MANAGERS)
def build() -> ResponseReturnValue:
    """The console's "build manifest" button: the same as `hotline manifest build`."""
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
    # Files are written after the commit, so that drawing a long PDF does not hold the database's locks;
    # if writing fails, the saved manifest's files are drawn again when built again or downloaded.
    try:
        paths = write_manifest_files(manifest.id, sheet, manifest_directory())
    except OSError as exc:
        current_app.logger.error("manifest %s: files not written (%s)", manifest.id, exc.strerror)
        return _page(error=_("Đã lập bảng kê nhưng chưa ghi được tệp: hãy lập lại, hoặc tải tệp ở dưới.")), 500
    return _page(built=[p.name for p in paths])


@bp.get("/files/<name>")
@roles_required(*MANAGERS)
def download(name: str) -> ResponseReturnValue:
    path = manifest_file(get_session(), name)
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True)


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
    return _page()


@bp.post("/manifests/<int:manifest_id>/close")
@roles_required(*MANAGERS)
def close(manifest_id: int) -> ResponseReturnValue:
    """A supervisor closes a courier's round, e.g. when the courier has no phone at hand."""
    session = get_session()
    manifest = get_or_404(Manifest, manifest_id)
    try:
        carried = close_manifest(session, manifest, session.get_one(User, current_user.user_id),
                                 carry_over=request.form.get("carry_over") == "1")
    except ManifestCloseError as exc:
        session.rollback()
        return _page(error=_(exc.message, **exc.values)), 409
    audit("manifest_closed", "manifest", manifest.id, f"{len(carried)} carried over")
    session.commit()
    return _page()
