"""How much a request may send, refused with 413 before its body is read.

A webhook or a form is a few kilobytes; MAX_CONTENT_LENGTH (64 KiB) covers them, and a view that takes a
file names its own larger setting with `takes_upload`. MAX_FORM_PARTS bounds the fields of any form and
MAX_FORM_MEMORY_SIZE one field of a multipart form. Each setting is a whole number; 0 turns that limit off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from flask import Request
from flask import Response
from flask import current_app
from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from hotline.infra.settings import whole_number
from hotline.web.i18n import translate

LIMITS = ("MAX_CONTENT_LENGTH", "MAX_IMPORT_LENGTH", "MAX_FORM_PARTS", "MAX_FORM_MEMORY_SIZE")
# The attribute `takes_upload` leaves on a view: the name of the setting that bounds its requests.
UPLOAD_SETTING = "hotline_upload_setting"

F = TypeVar("F", bound=Callable[..., object])


def takes_upload(setting: str) -> Callable[[F], F]:
    """Let this view's requests carry up to the setting `setting` bytes instead of MAX_CONTENT_LENGTH."""

    def mark(view: F) -> F:
        setattr(view, UPLOAD_SETTING, setting)
        return view

    return mark


class BoundedRequest(Request):
    """Flask's request, whose urlencoded forms also count against MAX_FORM_PARTS (Werkzeug counts multipart only)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        limit = self.max_form_parts
        if limit is not None and self.mimetype == "application/x-www-form-urlencoded":
            if sum(len(values) for _key, values in self.form.lists()) > limit:
                raise RequestEntityTooLarge()


def init_app(app: Flask) -> None:
    """Read the limits; registered before the CSRF check, which is the first to read a form."""
    for name in LIMITS:
        app.config[name] = whole_number(app.config, name) or None
    app.request_class = BoundedRequest
    app.before_request(_refuse_oversized)
    app.register_error_handler(RequestEntityTooLarge, _too_large)


def _refuse_oversized() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, UPLOAD_SETTING, None)
    if setting is not None:
        request.max_content_length = current_app.config[setting]
    limit = request.max_content_length
    # A body sent without its length (chunked) is cut off by Werkzeug once it passes the limit.
    if limit is not None and request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()


def _too_large(_error: RequestEntityTooLarge) -> Response:
    limit = request.max_content_length
    length = request.content_length
    if limit is not None and (length is None or length > limit):
        message = translate("Dữ liệu gửi lên quá lớn: tối đa {size}.", size=_size(limit))
    else:  # within the length, but too many fields or one too long
        message = translate("Biểu mẫu có quá nhiều trường hoặc một trường quá dài.")
    return Response(message + "\n", status=413, mimetype="text/plain")


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit / mib:g} MB" if limit >= mib else f"{limit / 1024:g} KB"
