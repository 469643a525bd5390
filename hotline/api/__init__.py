"""The JSON API under /api/v1, for other systems: a blueprint of blueprints, with bearer tokens and JSON errors."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import HTTPException

from hotline.api import auth
from hotline.api import dossiers
from hotline.api import errors
from hotline.api import openapi
from hotline.api import shipments

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(auth.require_token)
bp.register_error_handler(HTTPException, errors.json_error)
bp.after_app_request(errors.json_routing_errors)
for part in (dossiers.bp, shipments.bp, openapi.bp):
    bp.register_blueprint(part)
