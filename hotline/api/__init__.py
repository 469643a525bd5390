"""The JSON API under /api/v1, for other systems, with bearer tokens instead of cookies."""

from __future__ import annotations

from flask import Flask

# The view modules register their routes on bp when imported.
from hotline.api import auth
from hotline.api import dossiers
from hotline.api import errors
from hotline.api import openapi
from hotline.api import shipments
from hotline.api.blueprint import bp

__all__ = ["auth", "bp", "dossiers", "errors", "init_app", "openapi", "shipments"]


def init_app(app: Flask) -> None:
    """Register the API; it takes no cookies, so it is exempt from the console's CSRF check."""
    app.register_blueprint(bp)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
