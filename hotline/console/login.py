"""Signing in and out, and the language switch."""

from __future__ import annotations

from flask import Blueprint
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hotline.infra.db import get_session
from hotline.infra.text import fold
from hotline.models import Role
from hotline.models import User
from hotline.services.accounts import hash_password
from hotline.services.accounts import needs_rehash
from hotline.services.accounts import verify_password
from hotline.web import security
from hotline.web.auth import audit
from hotline.web.auth import end_session
from hotline.web.auth import start_session
from hotline.web.i18n import LANGUAGES
from hotline.web.i18n import translate as _
from hotline.web.redirects import safe_next

bp = Blueprint("login", __name__)

# Checked when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password("no such account")


def _landing(role: Role) -> str:
    return "/courier/" if role is Role.COURIER else url_for("console.board.board")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("login.html")
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    address = request.remote_addr or "unknown"
    db = get_session()
    if security.login_blocked(username, address):
        audit("login_blocked", "user", fold(username)[:60], f"from {address}")
        db.commit()
        message = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
        return render_template("login.html", error=message, username=username), 429
    user = db.scalar(select(User).where(User.username == username)) if username else None
    if user is None or not user.active or not verify_password(user.password_hash, password):
        if user is None:
            verify_password(_DUMMY_HASH, password)
        security.record_failure(username, address)
        audit(security.LOGIN_FAILED, "user", fold(username)[:60], user_id=user.id if user else None)
        db.commit()
        message = _("Sai tên đăng nhập hoặc mật khẩu.")
        return render_template("login.html", error=message, username=username), 401
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    start_session(user)
    security.clear_failures(username)
    audit(security.LOGIN_OK, "user", fold(username)[:60], user_id=user.id)
    db.commit()
    return redirect(safe_next(request.args.get("next")) or _landing(user.role))


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        audit("logout", "user", current_user.user_id)
    end_session()
    get_session().commit()
    return redirect(url_for("console.login.login"))


@bp.route("/language", methods=["POST"])
def language() -> ResponseReturnValue:
    chosen = request.form.get("lang", "vi")
    session["lang"] = chosen if chosen in LANGUAGES else "vi"
    return redirect(safe_next(request.form.get("next")) or url_for("console.login.login"))
