"""The JSON API under /api/v1, for other systems, with bearer tokens instead of cookies."""

from __future__ import annotations

from flask import Blueprint
from flask import Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from hotline.api import auth  # noqa: E402
from hotline.api import dossiers  # noqa: E402
from hotline.api import errors  # noqa: E402
from hotline.api import openapi  # noqa: E402
from hotline.api import shipments  # noqa: E402

__all__ = ["auth", "bp", "dossiers", "errors", "init_app", "openapi", "shipments"]


def init_app(app: Flask) -> None:
    """Register the API; it takes no cookies, so it is exempt from the console's CSRF check."""
    app.register_blueprint(bp)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
