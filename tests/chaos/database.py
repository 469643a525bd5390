"""The database a chaos run starts from: the schema, the catalogue and one known owner per call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hotline.infra.settings import PROJECT_ROOT
from hotline.models import Base
from hotline.models import Owner
from hotline.models import Vessel
from hotline.services.catalogue import sync_catalogue


@dataclass(frozen=True)
class Caller:
    """A known owner: the number they call from and the digits of their vessel's registration."""

    phone: str
    vessel_digits: str


def callers(count: int) -> list[Caller]:
    """`count` owners with mobile numbers and vessels of their own."""
    return [Caller(f"+8491{index:07d}", f"{90000 + index}") for index in range(count)]


def prepare_database(url: str, owners: list[Caller]) -> None:
    """The schema, the catalogue from config/ and the owners, each with an address on file and a vessel."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        sync_catalogue(session, str(PROJECT_ROOT / "config"))
        for caller in owners:
            owner = Owner(full_name=f"Chủ tàu {caller.vessel_digits}", phone=caller.phone, province_code=51,
                          ward_code=21548, address_line="Thôn Đông")
            session.add(Vessel(owner=owner, registration_number=f"QNg-{caller.vessel_digits}-TS",
                               name="Thuận Phát"))
        session.commit()
    engine.dispose()


def create_postgres_database(server_url: str) -> str:
    """A new, empty database on the server `server_url` names; return its URL."""
    name = f"hotline_chaos_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server_url: str, url: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()
