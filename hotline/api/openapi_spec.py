"""The OpenAPI 3 document of /api/v1, written as data; tests check it against the routes."""

from __future__ import annotations

from typing import Any

from hotline.models import Channel
from hotline.models import DossierState
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.services.search import MAX_PER_PAGE

EXAMPLE_CODE = "000.00.15.H48-261128-0001"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def enum_values(enum_cls: Any) -> list[str]:
    return [member.value for member in enum_cls]


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_DATE_TIME = {"type": "string", "format": "date-time", "nullable": True}
DAY = {"type": "string", "format": "date"}
TEXT = {"type": "string", "maxLength": 120}
PAGE_PARAMS = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1, "default": 1},
           "Page number, from 1; past the last page, the last page."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 25},
           "Items per page."),
]
COMMON_ERRORS = {
    "401": _error("No bearer token, or one that is unknown or revoked."),
    "422": _error("A query parameter or body field is not valid; `details` names each one."),
}

DOSSIER_PARAMS = [
    _query("q", TEXT, "Search box: a dossier code or its start, a phone code, a phone number in any "
           "writing, a vessel number, else the start of the owner's name with or without accents."),
    _query("state", {"type": "string", "enum": enum_values(DossierState)}, "Only dossiers in this state."),
    _query("procedure_id", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "Only this procedure."),
    _query("channel", {"type": "string", "enum": enum_values(Channel)}, "Only dossiers that came this way."),
    _query("overdue", {"type": "boolean", "default": False},
           "Only open dossiers past their due date without a result."),
    _query("due_before", DAY, "Only dossiers due on or before this day."),
    _query("received_from", DAY, "Only dossiers received on or after this day (centre's time zone)."),
    _query("received_to", DAY, "Only dossiers received on or before this day (centre's time zone)."),
    _query("phone", TEXT, "Only dossiers called in from this number or whose owner has it, in any writing."),
    *PAGE_PARAMS,
]

SHIPMENT_PARAMS = [
    _query("state", {"type": "string", "enum": enum_values(ShipmentState)}, "Only shipments in this state."),
    _query("kind", {"type": "string", "enum": enum_values(ShipmentKind)}, "Pickups of papers or deliveries."),
    _query("dossier", TEXT, "Only the shipments of the dossier with this code."),
    _query("date", DAY, "Only shipments on a courier's manifest for this day."),
    *PAGE_PARAMS,
]

CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "The dossier code, e.g. " + EXAMPLE_CODE, "example": EXAMPLE_CODE}

PATHS: dict[str, Any] = {
    "/api/v1/openapi.json": {"get": {
        "summary": "This document.", "operationId": "openapi", "security": [],
        "responses": {"200": _ok("The OpenAPI document.", {"type": "object"})},
    }},
    "/api/v1/dossiers": {"get": {
        "summary": "The dossier queue, newest first.", "operationId": "listDossiers",
        "parameters": DOSSIER_PARAMS,
        "responses": {"200": _ok("A page of dossiers.", ref("DossierPage")), **COMMON_ERRORS},
    }},
    "/api/v1/dossiers/{code}": {"get": {
        "summary": "One dossier with the history of its states.", "operationId": "getDossier",
        "parameters": [CODE_PARAM],
        "responses": {"200": _ok("The dossier.", ref("DossierDetail")), "401": COMMON_ERRORS["401"],
                      "404": _error("No dossier has this code.")},
    }},
    "/api/v1/dossiers/{code}/transitions": {"post": {
        "summary": "Move a dossier to another state.", "operationId": "transitionDossier",
        "parameters": [CODE_PARAM],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("TransitionRequest")}}},
        "responses": {
            "201": _ok("The move was made.", ref("TransitionResult")),
            "400": _error("The body is not valid JSON."),
            **COMMON_ERRORS,
            "404": _error("No dossier has this code."),
            "409": _error("The dossier's state machine does not allow this move; `message` says which are."),
            "415": _error("The body is not sent as application/json."),
        },
    }},
    "/api/v1/shipments": {"get": {
        "summary": "Pickups and deliveries, newest first.", "operationId": "listShipments",
        "parameters": SHIPMENT_PARAMS,
        "responses": {"200": _ok("A page of shipments.", ref("ShipmentPage")), **COMMON_ERRORS},
    }},
}
