"""The pages people meet when they may not see something or it is not there: in the console's layout and language.

Registered for the whole app, so a courier on a staff page or anyone on a wrong address gets these rather
than Werkzeug's English pages; the JSON API and the voice webhooks answer their own errors first.
"""

from __future__ import annotations

from flask import Blueprint
from flask import render_template
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from hotline.models import Role

bp = Blueprint("errors", __name__)

PAGES = {
    403: ("Không có quyền truy cập", "Tài khoản của bạn không được xem trang này."),
    404: ("Không tìm thấy trang", "Trang hoặc hồ sơ bạn tìm không có, hoặc đã được chuyển đi."),
}


def home_url() -> str:
    """Where the signed-in person's own work starts: couriers have their manifests, staff the board."""
    if not current_user.is_authenticated:
        return url_for("console.login.login")
    if current_user.role is Role.COURIER:
        return url_for("courier.today")
    return url_for("console.board.board")


@bp.app_errorhandler(403)
@bp.app_errorhandler(404)
def error_page(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 404
    title, text = PAGES[code]
    return render_template("error.html", code=code, title=title, text=text), code
