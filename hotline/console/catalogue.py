"""The procedure catalogue for admins: every procedure with its key, fee and state, and an edit form."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.models import Procedure
from hotline.models import Role
from hotline.services.catalogue import KeyInUseError
from hotline.services.catalogue import RetiredProcedureError
from hotline.services.catalogue import edit_procedure
from hotline.services.catalogue_file import KEYS
from hotline.services.catalogue_file import MAX_FEE_VND
from hotline.services.catalogue_file import MAX_NAME
from hotline.services.catalogue_file import MAX_WORKING_DAYS
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import current_language
from hotline.web.i18n import translate as _

bp = Blueprint("catalogue", __name__)

# How the console names each field a procedure has, here and in the list of console edits.
FIELD_LABELS = {
    "keypad_key": "Phím",
    "name_vi": "Tên tiếng Việt",
    "name_en": "Tên tiếng Anh",
    "working_days": "Ngày làm việc",
    "fee_vnd": "Lệ phí",
    "needs_papers": "Hồ sơ giấy",
    "needs_vessel": "Cần số đăng ký tàu",
    "new_vessel": "Đăng ký tàu mới",
    "active": "Đang dùng",
}
# Đồng as people write them: 70000, 70.000, 70 000, with or without the currency sign.
_DONG = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+|\d+")


@bp.route("/admin/procedures")
@roles_required(Role.ADMIN)
def procedures() -> ResponseReturnValue:
    rows = get_session().scalars(select(Procedure).order_by(Procedure.retired_at.is_not(None), Procedure.keypad_key,
                                                            Procedure.code))
    return render_template("admin_procedures.html", procedures=list(rows), field_labels=FIELD_LABELS)


@bp.route("/admin/procedures/<int:procedure_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def procedure_page(procedure_id: int) -> ResponseReturnValue:
    proc = get_or_404(Procedure, procedure_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = save_procedure(proc)
        if not errors:
            return redirect(url_for("console.catalogue.procedures")), 303
        get_session().rollback()
    return render_template("admin_procedure.html", proc=proc, errors=errors, form=request.form,
                           key_holders=key_holders(proc), field_labels=FIELD_LABELS, name=shown_name(proc),
                           max_name=MAX_NAME, max_days=MAX_WORKING_DAYS), 422 if errors else 200


def save_procedure(proc: Procedure) -> dict[str, str]:
    """Apply the posted form to `proc`, audited and committed; or return what is wrong with it, by field."""
    values, errors = read_procedure_form(request.form)
    if errors:
        return errors
    try:
        changes = edit_procedure(get_session(), proc.id, values)
    except KeyInUseError as taken:
        return {"keypad_key": _("Phím {key} đang dùng cho thủ tục «{name}».", key=taken.holder.keypad_key,
                                name=shown_name(taken.holder))}
    except RetiredProcedureError:
        return {"active": _("Thủ tục đã bỏ khỏi tệp danh mục; thêm lại vào tệp rồi chạy catalogue sync.")}
    if not changes:
        flash(_("Không có gì thay đổi."))
        return {}
    audit("procedure_changed", "procedure", proc.id, f"{proc.code}: " + "; ".join(map(str, changes)))
    get_session().commit()
    flash(_("Đã lưu thủ tục {code}: {fields}.", code=proc.code,
            fields=", ".join(_(FIELD_LABELS[c.name]) for c in changes)))
    return {}


def read_procedure_form(form: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The edit form's values, and what is wrong with them, field by field, in the user's language."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, missing in (("name_vi", _("Hãy nhập tên tiếng Việt.")), ("name_en", _("Hãy nhập tên tiếng Anh."))):
        text = form.get(name, "").strip()
        if not text:
            errors[name] = missing
        elif len(text) > MAX_NAME:
            errors[name] = _("Tên dài quá {n} ký tự.", n=MAX_NAME)
        values[name] = text
    days = form.get("working_days", "").strip()
    if days.isdigit() and 1 <= int(days) <= MAX_WORKING_DAYS:
        values["working_days"] = int(days)
    else:
        errors["working_days"] = _("Số ngày làm việc phải là số nguyên từ 1 đến {n}.", n=MAX_WORKING_DAYS)
    fee = read_dong(form.get("fee_vnd", ""))
    if fee is None or fee > MAX_FEE_VND:
        errors["fee_vnd"] = _("Lệ phí phải là số đồng từ 0 đến {n}, ví dụ 70.000.", n=thousands(MAX_FEE_VND))
    else:
        values["fee_vnd"] = fee
    key = form.get("keypad_key", "")
    if key.isdigit() and int(key) in KEYS:
        values["keypad_key"] = int(key)
    else:
        errors["keypad_key"] = _("Hãy chọn phím từ 1 đến 9.")
    for name in ("needs_papers", "needs_vessel", "new_vessel", "active"):
        values[name] = form.get(name) == "1"
    if values["new_vessel"] and values["needs_vessel"]:
        errors["new_vessel"] = _("Tàu đăng ký mới chưa có số đăng ký: bỏ chọn «Cần số đăng ký tàu».")
    return values, errors


def read_dong(text: str) -> int | None:
    """An amount of đồng as typed ("70.000", "70000 ₫"); None when it is not one."""
    bare = text.strip().removesuffix("₫").removesuffix("đ").strip()
    if not _DONG.fullmatch(bare):
        return None
    return int(re.sub(r"\D", "", bare))


def thousands(amount: int) -> str:
    """70000 as Vietnamese write it: 70.000."""
    return f"{amount:,}".replace(",", ".")


def shown_name(proc: Procedure) -> str:
    return proc.name_vi if current_language() == "vi" else proc.name_en


def key_holders(proc: Procedure) -> dict[int, str]:
    """Each key another active procedure has, with that procedure's name."""
    others = get_session().scalars(select(Procedure).where(Procedure.active, Procedure.id != proc.id))
    return {other.keypad_key: shown_name(other) for other in others}
