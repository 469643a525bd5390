"""Administration: users and roles, the procedure catalogue, queue and worker health, the audit trail."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from redis.exceptions import RedisError
from rq.worker import BaseWorker
from rq.worker import Worker
from sqlalchemy import func
from sqlalchemy import select

from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.infra.queue import queue_health
from hotline.models import AuditEntry
from hotline.models import Procedure
from hotline.models import Role
from hotline.models import User
from hotline.services.accounts import AccountError
from hotline.services.accounts import new_account
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("admin", __name__)

ADMIN = Role.ADMIN


@bp.route("/admin/users")
@roles_required(ADMIN)
def admin_users() -> ResponseReturnValue:
    users = get_session().scalars(select(User).order_by(User.username))
    return render_template("admin_users.html", users=list(users), roles=list(Role))


@bp.route("/admin/users", methods=["POST"])
@roles_required(ADMIN)
def admin_add_user() -> ResponseReturnValue:
    db = get_session()
    try:
        role = Role(request.form.get("role", ""))
    except ValueError:
        abort(400)
    try:
        user, password = new_account(db, request.form.get("username", ""), role, request.form.get("full_name", ""))
    except AccountError as exc:
        flash(_(exc.message, **exc.values), "error")
        return redirect(url_for("console.admin.admin_users")), 303
    audit("user_created", "user", user.id, f"role {role.value}")
    db.commit()
    flash(_("Đã tạo tài khoản {username}, mật khẩu: {password}", username=user.username, password=password))
    return redirect(url_for("console.admin.admin_users")), 303


@bp.route("/admin/users/<int:user_id>", methods=["POST"])
@roles_required(ADMIN)
def admin_change_user(user_id: int) -> ResponseReturnValue:
    db = get_session()
    user = get_or_404(User, user_id)
    try:
        role = Role(request.form.get("role", user.role.value))
    except ValueError:
        abort(400)
    active = request.form.get("active") == "1"
    if role is not user.role:
        audit("role_change", "user", user.id, f"{user.role.value} -> {role.value}")
        user.role = role
    if active is not user.active:
        audit("user_enabled" if active else "user_disabled", "user", user.id)
        user.active = active
    db.commit()
    return redirect(url_for("console.admin.admin_users")), 303


@bp.route("/admin/system")
@roles_required(ADMIN)
def admin_system() -> ResponseReturnValue:
    health = queue_health(current_app)
    workers: list[BaseWorker] = []
    if health["ok"]:
        try:
            workers = Worker.all(connection=current_app.extensions["redis"])
        except RedisError as exc:
            health = {"ok": False, "error": str(exc)}
    active = get_session().scalar(select(func.count()).select_from(Procedure).where(Procedure.active))
    return render_template("admin_system.html", health=health, workers=workers, active_procedures=active)


@bp.route("/admin/audit")
@roles_required(ADMIN)
def admin_audit() -> ResponseReturnValue:
    entries = get_session().scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300))
    return render_template("admin_audit.html", entries=list(entries))
