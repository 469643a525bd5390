"""Dossiers, events and shipments as the JSON the OpenAPI document describes."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any

from hotline.models import ALLOWED_MOVES
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import Shipment
from hotline.services.charges import dossier_charges


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def dossier_json(dossier: Dossier) -> dict[str, Any]:
    owner = dossier.owner
    charges = dossier_charges(dossier)
    return {
        "code": dossier.code,
        "phone_code": dossier.phone_code,
        "state": dossier.state.value,
        "state_label_vi": dossier.state.label_vi,
        "channel": dossier.channel.value,
        "procedure": {"id": dossier.procedure.id, "code": dossier.procedure.code,
                      "name_vi": dossier.procedure.name_vi, "name_en": dossier.procedure.name_en},
        "owner": None if owner is None else {"id": owner.id, "full_name": owner.full_name, "phone": owner.phone},
        "vessel_number": dossier.vessel.registration_number if dossier.vessel else dossier.vessel_number,
        "vessel_flag": None if dossier.vessel_flag is None else dossier.vessel_flag.value,
        "charges": {"fee_vnd": charges.fee_vnd, "postage_vnd": charges.postage_vnd,
                    "to_collect_vnd": charges.to_collect_vnd},
        "caller_phone": dossier.caller_phone,
        "note": dossier.note,
        "received_at": _iso(dossier.received_at),
        "promised_date": _iso(dossier.promised_date),
        "accepted_at": _iso(dossier.accepted_at),
        "due_date": _iso(dossier.due_date),
        "result_at": _iso(dossier.result_at),
        "closed_at": _iso(dossier.closed_at),
        "allowed_moves": sorted(s.value for s in ALLOWED_MOVES[dossier.state]),
    }


def event_json(event: DossierEvent) -> dict[str, Any]:
    return {
        "from_state": None if event.from_state is None else event.from_state.value,
        "to_state": event.to_state.value,
        "actor": event.actor,
        "reason": event.reason,
        "created_at": _iso(event.created_at),
    }


def shipment_json(shipment: Shipment, dossier_code: str) -> dict[str, Any]:
    return {
        "tracking_code": shipment.tracking_code,
        "kind": shipment.kind.value,
        "state": shipment.state.value,
        "dossier_code": dossier_code,
        "recipient_name": shipment.recipient_name,
        "recipient_phone": shipment.recipient_phone,
        "province_code": shipment.province_code,
        "ward_code": shipment.ward_code,
        "address_line": shipment.address_line,
        "amount_vnd": shipment.amount_vnd,
        "attempts": shipment.attempts,
        "manifest_day": _iso(shipment.manifest.day) if shipment.manifest else None,
        "created_at": _iso(shipment.created_at),
    }


def page_json(items: list[dict[str, Any]], *, page: int, per_page: int, total: int, exact: bool) -> dict[str, Any]:
    """A page of items with the paging figures; `total_exact` is false when counting stopped at a cap."""
    pages = max(-(-total // per_page), 1)
    return {"items": items, "page": page, "per_page": per_page, "total": total, "total_exact": exact,
            "pages": pages}
