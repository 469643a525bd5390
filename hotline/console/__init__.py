"""The operator console: a blueprint package with its templates and static files beside it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("console", __name__, template_folder="templates", static_folder="static",
               static_url_path="/console/static")

from hotline.console import admin  # noqa: E402,F401  (views register themselves on bp)
from hotline.console import board  # noqa: E402,F401
from hotline.console import dossiers  # noqa: E402,F401
from hotline.console import feedback  # noqa: E402,F401
from hotline.console import intake  # noqa: E402,F401
from hotline.console import login  # noqa: E402,F401
from hotline.console import owners  # noqa: E402,F401
from hotline.console import recordings  # noqa: E402,F401
from hotline.console import reports  # noqa: E402,F401
