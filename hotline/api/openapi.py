"""The OpenAPI document: schemas of what the API returns, and the route that serves it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from hotline.api.openapi_spec import DAY
from hotline.api.openapi_spec import NULLABLE_DATE_TIME
from hotline.api.openapi_spec import NULLABLE_STRING
from hotline.api.openapi_spec import PATHS
from hotline.api.openapi_spec import enum_values
from hotline.api.openapi_spec import ref
from hotline.models import Channel
from hotline.models import DossierState
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import VesselFlag

bp = Blueprint("openapi", __name__)


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _page_of(item: str) -> dict[str, Any]:
    return _object({
        "items": {"type": "array", "items": ref(item)},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "total": {"type": "integer", "minimum": 0, "description": "Exact unless total_exact is false."},
        "total_exact": {"type": "boolean", "description": "False when counting stopped at 10,000."},
        "pages": {"type": "integer", "minimum": 1},
    })


STATE = {"type": "string", "enum": enum_values(DossierState)}
NULLABLE_STATE = {"type": "string", "enum": [*enum_values(DossierState), None], "nullable": True}
DOSSIER = _object({
    "code": {"type": "string"},
    "phone_code": {"type": "string", "pattern": "^[0-9]+$"},
    "state": STATE,
    "state_label_vi": {"type": "string"},
    "channel": {"type": "string", "enum": enum_values(Channel)},
    "procedure": _object({"id": {"type": "integer"}, "code": {"type": "string"},
                          "name_vi": {"type": "string"}, "name_en": {"type": "string"}}),
    "owner": {**_object({"id": {"type": "integer"}, "full_name": {"type": "string"}, "phone": NULLABLE_STRING}),
              "nullable": True},
    "vessel_number": NULLABLE_STRING,
    "vessel_flag": {"type": "string", "enum": [*enum_values(VesselFlag), None], "nullable": True,
                    "description": "What an operator must check: the vessel is another owner's, or not registered."},
    "charges": _object({"fee_vnd": {"type": "integer", "minimum": 0}, "postage_vnd": {"type": "integer", "minimum": 0},
                        "to_collect_vnd": {"type": "integer", "minimum": 0,
                                           "description": "What the post collects with the result."}}),
    "caller_phone": NULLABLE_STRING,
    # The voice note as corrected by an operator (the recogniser's own text stays on the recording).
    "note": NULLABLE_STRING,
    "received_at": {"type": "string", "format": "date-time"},
    # The date told to the owner at filing; due_date is the legal one, counted from acceptance.
    "promised_date": {**DAY, "nullable": True},
    "accepted_at": NULLABLE_DATE_TIME,
    "due_date": {**DAY, "nullable": True},
    "result_at": NULLABLE_DATE_TIME,
    "closed_at": NULLABLE_DATE_TIME,
    "allowed_moves": {"type": "array", "items": STATE},
})
# Why the move is made: a rejection must say it, and the owner is texted it.
TRANSITION_NOTE = {"type": "string", "maxLength": 2000, "nullable": True,
                   "description": "Why the move is made; required to reject, and sent to the owner by SMS."}
EVENT = _object({
    "from_state": NULLABLE_STATE,
    "to_state": STATE,
    "actor": {"type": "string"},
    "reason": NULLABLE_STRING,
    "created_at": {"type": "string", "format": "date-time"},
})
SHIPMENT = _object({
    "tracking_code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{9}[A-Z]{2}$"},
    "kind": {"type": "string", "enum": enum_values(ShipmentKind)},
    "state": {"type": "string", "enum": enum_values(ShipmentState)},
    "dossier_code": {"type": "string"},
    "recipient_name": {"type": "string"},
    "recipient_phone": NULLABLE_STRING,
    "province_code": {"type": "integer", "nullable": True},
    "ward_code": {"type": "integer", "nullable": True},
    "address_line": NULLABLE_STRING,
    "amount_vnd": {"type": "integer", "minimum": 0},
    "attempts": {"type": "integer", "minimum": 0},
    "manifest_day": {**DAY, "nullable": True},
    "created_at": {"type": "string", "format": "date-time"},
})
SCHEMAS: dict[str, Any] = {
    "Dossier": DOSSIER,
    "DossierDetail": {"allOf": [ref("Dossier"),
                                _object({"events": {"type": "array", "items": ref("Event")}})]},
    "Event": EVENT,
    "Shipment": SHIPMENT,
    "DossierPage": _page_of("Dossier"),
    "ShipmentPage": _page_of("Shipment"),
    "TransitionRequest": {**_object({"to": STATE, "note": TRANSITION_NOTE}, ["to"]), "additionalProperties": False},
    "TransitionResult": _object({"event": ref("Event"), "dossier": ref("Dossier")}),
    "Error": _object({
        "status": {"type": "integer"},
        "error": {"type": "string", "description": "The HTTP status phrase."},
        "message": {"type": "string", "description": "What went wrong, for a person to read."},
        "details": {"type": "array", "items": _object({"field": {"type": "string"}, "message": {"type": "string"}})},
    }, ["status", "error", "message"]),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Tàu cá hotline API",
        "version": "1.0.0",
        "description": "Dossiers and shipments of the fishing-vessel hotline. Create a token with "
                       "`hotline api-token create <name>` and send it as `Authorization: Bearer <token>`.",
    },
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
    },
    "security": [{"bearerAuth": []}],
}


@bp.get("/openapi.json")
def openapi_document() -> dict[str, Any]:
    """This API described as OpenAPI 3."""
    return DOCUMENT
