"""Opening dossiers: codes from a daily sequence no two processes can share, and the first event."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import cast

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hotline.domain.codes import format_dossier_code
from hotline.domain.codes import new_phone_code
from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierSequence
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Procedure
from hotline.models import Vessel
from hotline.models import utcnow

_sequences = cast(Table, DossierSequence.__table__)
_dossiers = cast(Table, Dossier.__table__)
# Built once per process: every filed dossier runs it, and building costs more than running on SQLite.
# One statement opens the day's row at 1 or bumps it; the row lock makes concurrent writers queue.
_NEXT_SEQUENCE = {
    dialect: make_insert(_sequences)
    .values(unit_code=bindparam("seq_unit"), day=bindparam("seq_day"), last_value=1)
    .on_conflict_do_update(index_elements=["unit_code", "day"],
                           set_={"last_value": _sequences.c.last_value + 1})
    .returning(_sequences.c.last_value)
    for dialect, make_insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
_PHONE_CODE_TAKEN = select(_dossiers.c.id).where(_dossiers.c.phone_code == bindparam("code")).limit(1)


def next_sequence(session: Session, unit_code: str, day: date) -> int:
    """Hand out the next daily number for a unit; the row lock makes concurrent callers queue."""
    dialect = "postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"
    value: int = session.execute(_NEXT_SEQUENCE[dialect], {"seq_unit": unit_code, "seq_day": day}).scalar_one()
    return value


def unused_phone_code(session: Session) -> str:
    """Draw random phone codes until one is free (the unique index is the final guard)."""
    while True:
        code = new_phone_code()
        if session.execute(_PHONE_CODE_TAKEN, {"code": code}).first() is None:
            return code


def open_dossier(
    session: Session,
    *,
    unit_code: str,
    procedure: Procedure,
    state: DossierState,
    actor: str,
    channel: Channel = Channel.PHONE,
    owner: Owner | None = None,
    vessel: Vessel | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> Dossier:
    """Create a dossier with its national code, its phone code and its first event.

    Given the work calendar, a dossier filed complete (not a draft) keeps the date promised to its owner.
    """
    now = now or utcnow()
    day = now.astimezone(LOCAL_TZ).date()
    dossier = Dossier(
        code=format_dossier_code(unit_code, day, next_sequence(session, unit_code, day)),
        phone_code=unused_phone_code(session),
        procedure=procedure,
        owner=owner,
        vessel=vessel,
        channel=channel,
        state=state,
        caller_phone=owner.phone if owner else None,
        received_at=now,
    )
    if calendar is not None and state is not DossierState.DRAFT:
        dossier.promised_date = promised_date(calendar, procedure, now)
    if owner is not None:
        dossier.recipient_name = owner.full_name
        dossier.recipient_phone = owner.phone
        dossier.delivery_province_code = owner.province_code
        dossier.delivery_ward_code = owner.ward_code
        dossier.delivery_address = owner.address_line
    dossier.events.append(DossierEvent(from_state=None, to_state=state, actor=actor, user_id=user_id))
    session.add(dossier)
    return dossier


def promised_date(calendar: WorkCalendar, procedure: Procedure, now: datetime) -> date:
    """The due date the dossier would get if the centre accepted it at `now`: what the owner is told."""
    return calendar.due_date(now, procedure.working_days)


def dossier_for_move(session: Session, *, code: str | None = None, dossier_id: int | None = None) -> Dossier:
    """The dossier by code or id, its row locked until the transaction ends and read afresh: every move
    starts here, so two operators (or an operator and a courier) cannot both move it from the same state.

    Raises LookupError when there is no such dossier. SQLite has no row locks; there the write
    transaction (BEGIN IMMEDIATE, see infra.db) already keeps writers apart.
    """
    where = Dossier.code == code if code is not None else Dossier.id == dossier_id
    dossier = session.scalar(select(Dossier).where(where).with_for_update().execution_options(populate_existing=True))
    if dossier is None:
        raise LookupError(f"no dossier {code or dossier_id}")
    return dossier


def start_clock(dossier: Dossier, calendar: WorkCalendar, accepted_at: datetime | None = None) -> None:
    """Start the legal clock: the due date is counted in working days from acceptance."""
    dossier.accepted_at = accepted_at or utcnow()
    dossier.due_date = calendar.due_date(dossier.accepted_at, dossier.procedure.working_days)
