"""API fixtures: a bearer token and a few dossiers with owners, vessels and a shipment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from hotline.models import ApiToken
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Manifest
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.services.accounts import new_api_token
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user
from tests.tools import open_session

RECEIVED_AT = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@dataclass
class Seeded:
    token: str
    codes: dict[str, str]
    phone_codes: dict[str, str]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _shipment(session: Session, dossier: Dossier, manifest: Manifest | None) -> None:
    session.add(Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code="RR123456785VN",
                         state=ShipmentState.ON_MANIFEST, recipient_name="Nguyễn Văn An",
                         recipient_phone="+84912345678", amount_vnd=25000, manifest=manifest))


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    """Three owners (two share a surname), their dossiers, one shipment, and a live token.

    The app context is left before the test runs, so each request opens (and closes) its own.
    """
    with open_session(app) as session:
        an = make_owner(session, "Nguyễn Văn An", "+84912345678", vessel_digits="90123")
        binh = make_owner(session, "Trần Thị Bình", "+84987654321", vessel_digits="91234")
        anh = make_owner(session, "Nguyễn Văn Anh", "+84911111111", vessel_digits=None)
        first = make_dossier(session, an, now=RECEIVED_AT)
        second = make_dossier(session, binh, now=datetime(2026, 11, 29, 3, 0, tzinfo=UTC))
        third = make_dossier(session, anh, state=DossierState.DRAFT, now=datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
        courier = make_user(session)
        manifest = Manifest(day=date(2026, 12, 3), courier_id=courier.id)
        _shipment(session, first, manifest)
        token, digest = new_api_token()
        session.add(ApiToken(name="partner system", token_hash=digest))
        session.commit()
        return Seeded(
            token=token,
            codes={"an": first.code, "binh": second.code, "anh": third.code},
            phone_codes={"an": first.phone_code, "binh": second.phone_code, "anh": third.phone_code},
        )
