"""Shipments: pickups and deliveries, for the post's and the centre's other systems."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hotline.api.params import ParamErrors
from hotline.api.serialize import page_json
from hotline.api.serialize import shipment_json
from hotline.infra.db import get_session
from hotline.models import Dossier
from hotline.models import Manifest
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.services.search import COUNT_CAP
from hotline.services.search import MAX_PER_PAGE

bp = Blueprint("shipments", __name__)


@bp.get("/shipments")
def list_shipments() -> dict[str, Any]:
    """Shipments, newest first, by state, kind, dossier code and manifest day."""
    errors = ParamErrors()
    state = errors.choice("state", ShipmentState)
    kind = errors.choice("kind", ShipmentKind)
    dossier_code = errors.text("dossier")
    day = errors.day("date")
    page = errors.integer("page", 1) or 1
    per_page = errors.integer("per_page", 25, high=MAX_PER_PAGE) or 25
    errors.raise_if_any()
    statement = select(Shipment, Dossier.code).join(Dossier, Shipment.dossier_id == Dossier.id)
    if state is not None:
        statement = statement.where(Shipment.state == state)
    if kind is not None:
        statement = statement.where(Shipment.kind == kind)
    if dossier_code is not None:
        statement = statement.where(Dossier.code == dossier_code.upper())
    if day is not None:
        statement = statement.join(Manifest, Shipment.manifest_id == Manifest.id).where(Manifest.day == day)
    session = get_session()
    limited = statement.with_only_columns(Shipment.id).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(limited)) or 0
    # Past the last page, the last page (as the dossier queue does).
    page = min(page, max(-(-min(total, COUNT_CAP) // per_page), 1))
    rows = session.execute(
        statement.order_by(Shipment.created_at.desc(), Shipment.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(selectinload(Shipment.manifest))
    ).all()
    items = [shipment_json(shipment, code) for shipment, code in rows]
    return page_json(items, page=page, per_page=per_page, total=min(total, COUNT_CAP), exact=total <= COUNT_CAP)
