"""People's requests about their personal data, for supervisors: the log with its deadlines, exports, erasure."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hotline.domain.phone import PhoneNumberError
from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.infra.storage import StorageError
from hotline.infra.text import mark
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.erasure import ErasureRefusedError
from hotline.services.erasure import open_dossiers
from hotline.services.erasure import stores_of
from hotline.services.privacy import find
from hotline.services.privacy_archive import build_archive
from hotline.services.privacy_pdf import build_pdf
from hotline.services.privacy_requests import carry_out_erasure
from hotline.services.privacy_requests import close
from hotline.services.privacy_requests import count_due
from hotline.services.privacy_requests import due_soon_limit
from hotline.services.privacy_requests import give_export
from hotline.services.privacy_requests import log_request
from hotline.services.privacy_requests import mark_answered
from hotline.services.privacy_requests import request_list
from hotline.web.auth import MANAGERS
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("data_requests", __name__)

# What the erasure page counts, table by table, before anyone confirms.
HELD = {"owner": mark("Hồ sơ chủ tàu"), "vessel": mark("Tàu cá"), "call": mark("Cuộc gọi"),
        "call_step": mark("Phím đã bấm trong cuộc gọi"), "dossier": mark("Hồ sơ"),
        "dossier_event": mark("Lịch sử hồ sơ"), "feedback": mark("Phản ánh"), "callback_task": mark("Việc gọi lại"),
        "recording": mark("Ghi âm"), "shipment": mark("Bưu gửi"), "shipment_attempt": mark("Lần phát bưu gửi"),
        "outgoing_message": mark("Tin nhắn"), "satisfaction_rating": mark("Đánh giá hài lòng"),
        "audit_entry": mark("Nhật ký truy cập"),
        "named_in_dossier": mark("Hồ sơ của chủ tàu khác ghi tên hoặc số này"),
        "named_in_shipment": mark("Bưu gửi của chủ tàu khác ghi tên hoặc số này")}
REFUSED = mark("Chưa xoá: còn {n} hồ sơ đang giải quyết ({codes}); xoá được khi các hồ sơ này đã đóng.")
DOWNLOADS = {"json": "application/json", "pdf": "application/pdf", "zip": "application/zip"}


def today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def nav_counts() -> dict[str, object]:
    """How many requests are due, for the console's navigation: supervisors and admins only."""
    if not current_user.is_authenticated or current_user.role not in MANAGERS:
        return {}
    return {"privacy_due": count_due(get_session(), work_calendar(), today())}


def _list_page(status: int = 200, errors: dict[str, str] | None = None) -> ResponseReturnValue:
    return render_template("data_requests.html", requests=request_list(get_session()), kinds=list(RequestKind),
                           today=today(), soon=due_soon_limit(work_calendar(), today()), errors=errors or {},
                           form=request.form if errors else {}), status


@bp.route("/data-requests")
@roles_required(*MANAGERS)
def privacy_requests() -> ResponseReturnValue:
    return _list_page()


@bp.route("/data-requests", methods=["POST"])
@roles_required(*MANAGERS)
def log_privacy_request() -> ResponseReturnValue:
    db = get_session()
    try:
        kind = RequestKind(request.form.get("kind", ""))
    except ValueError:
        return _list_page(422, {"kind": _("Hãy chọn loại yêu cầu.")})
    try:
        item = log_request(db, work_calendar(), request.form.get("phone", ""), kind, request.form.get("note"))
    except PhoneNumberError:
        return _list_page(422, {"phone": _("Số điện thoại không hợp lệ; hãy nhập như 0905 111 222.")})
    audit("privacy_request_logged", "privacy_request", item.id, kind.value)
    db.commit()
    flash(_("Đã ghi nhận yêu cầu #{n}: trả lời trước {answer}, giải quyết trước {act}.", n=item.id,
            answer=f"{item.answer_due:%d/%m/%Y}", act=f"{item.act_due:%d/%m/%Y}"))
    return redirect(url_for("console.data_requests.privacy_requests")), 303


@bp.route("/data-requests/<int:request_id>/export.<file_format>", methods=["POST"])
@roles_required(*MANAGERS)
def export_file(request_id: int, file_format: str) -> ResponseReturnValue:
    if file_format not in DOWNLOADS:
        abort(404)
    item = get_or_404(PrivacyRequest, request_id)
    db = get_session()
    data = give_export(db, item, file_format, current_user.user_id, request.remote_addr)
    if file_format == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    else:
        body = build_pdf(data, province().centre_name, today())
    if file_format == "zip":
        body = build_archive(data, body, stores_of(current_app.config).recordings)
    db.commit()
    name = f"du-lieu-ca-nhan-{item.id}.{file_format}"
    return Response(body, mimetype=DOWNLOADS[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _erase_page(item: PrivacyRequest, status: int = 200, error: str | None = None) -> ResponseReturnValue:
    footprint = find(get_session(), item.phone)
    held = [(HELD[table], n) for table, n in footprint.counts().items() if n and table in HELD]
    return render_template("privacy_erase.html", item=item, held=held, blocking=open_dossiers(get_session(), footprint),
                           error=error, reason=request.form.get("reason", "")), status


@bp.route("/data-requests/<int:request_id>/erase")
@roles_required(*MANAGERS)
def confirm_erasure(request_id: int) -> ResponseReturnValue:
    item = get_or_404(PrivacyRequest, request_id)
    if item.kind is not RequestKind.ERASURE or item.state.is_closed:
        abort(404)
    return _erase_page(item)


@bp.route("/data-requests/<int:request_id>/erase", methods=["POST"])
@roles_required(*MANAGERS)
def erase_data(request_id: int) -> ResponseReturnValue:
    item = get_or_404(PrivacyRequest, request_id)
    if item.kind is not RequestKind.ERASURE or item.state.is_closed:
        abort(404)
    reason = request.form.get("reason", "").strip()
    if not reason or request.form.get("confirm") != "yes":
        return _erase_page(item, 422, _("Hãy ghi lý do và đánh dấu xác nhận trước khi xoá."))
    db = get_session()
    try:
        erased = carry_out_erasure(db, item, reason, current_user.user_id, stores_of(current_app.config),
                                   request.remote_addr)
    except ErasureRefusedError as exc:
        db.commit()  # the refusal is part of the request's record
        return _erase_page(item, 409, _(REFUSED, n=len(exc.codes), codes=", ".join(exc.codes)))
    except StorageError:
        db.rollback()
        return _erase_page(item, 500, _("Chưa xoá: không xoá được tệp ghi âm hoặc bảng kê; dữ liệu chưa thay đổi."))
    db.commit()
    flash(_("Đã xoá dữ liệu theo yêu cầu #{n}.", n=item.id) + f" ({erased.summary()})")
    return redirect(url_for("console.data_requests.privacy_requests")), 303


@bp.route("/data-requests/<int:request_id>/<action>", methods=["POST"])
@roles_required(*MANAGERS)
def change_request(request_id: int, action: str) -> ResponseReturnValue:
    item = get_or_404(PrivacyRequest, request_id)
    if action == "answered":
        mark_answered(item, current_user.user_id)
    elif action == "done" and not item.state.is_closed:
        close(item, current_user.user_id, request.form.get("outcome", "").strip() or None)
    elif action != "done":
        abort(404)
    audit(f"privacy_request_{action}", "privacy_request", item.id)
    get_session().commit()
    return redirect(url_for("console.data_requests.privacy_requests")), 303
