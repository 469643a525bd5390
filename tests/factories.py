"""Plain factory functions for tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Procedure
from hotline.models import Role
from hotline.models import User
from hotline.models import Vessel
from hotline.services.accounts import hash_password
from hotline.services.dossiers import open_dossier

UNIT = "000.00.15.H48"
_counter = itertools.count(1)


def make_owner(session: Session, name: str = "Nguyễn Văn A", phone: str = "+84912345678",
               ward_code: int = 21548, vessel_digits: str | None = "90123") -> Owner:
    owner = Owner(full_name=name, phone=phone, province_code=51, ward_code=ward_code,
                  address_line="Thôn Đông")
    session.add(owner)
    if vessel_digits:
        session.add(Vessel(owner=owner, registration_number=f"QNg-{vessel_digits}-TS", name="Thuận Phát"))
    session.flush()
    return owner


def procedure(session: Session, key: int = 1) -> Procedure:
    return session.scalars(select(Procedure).where(Procedure.keypad_key == key)).one()


def make_dossier(session: Session, owner: Owner | None = None, key: int = 1,
                 state: DossierState = DossierState.RECEIVED, now: datetime | None = None) -> Dossier:
    dossier = open_dossier(session, unit_code=UNIT, procedure=procedure(session, key), state=state,
                           actor="test", channel=Channel.OPERATOR, owner=owner,
                           vessel=owner.vessels[0] if owner and owner.vessels else None, now=now)
    session.flush()
    return dossier


@cache
def password_hash(password: str) -> str:
    """The password's argon2 hash with the production parameters, made once per test process: each hash takes a
    tenth of a second or more on purpose, and most console tests make an account for every role."""
    return hash_password(password)


def make_user(session: Session, role: Role = Role.OPERATOR, username: str | None = None,
              password: str = "correct horse battery") -> User:
    user = User(username=username or f"{role.value}{next(_counter)}", role=role,
                full_name=f"Test {role.value}", password_hash=password_hash(password))
    session.add(user)
    session.flush()
    return user
