"""The hotline's voice webhooks: the call flow as data plus small functions."""

from flask import Blueprint

bp = Blueprint("ivr", __name__, url_prefix="/ivr")

from hotline.ivr import routes  # noqa: E402,F401  (the routes attach themselves to bp)
