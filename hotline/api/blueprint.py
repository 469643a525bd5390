"""The API's blueprint object, apart from the package so its view modules can import it."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
