"""The dossier queue: filters plus one search box that reads codes, phones, vessel numbers and names.

Every predicate here is one an index can answer (equality, a prefix LIKE on an ASCII column with a
pattern-ops index on PostgreSQL, or a LIKE on the words of a folded name, which pg_trgm's GIN index
answers), the order is (received_at, id) descending to match a
composite index, and counting stops at COUNT_CAP rows because an exact count over a million
dossiers costs more than the page itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from hotline.domain.codes import PhoneCodeError
from hotline.domain.codes import parse_phone_code
from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import Renumbered
from hotline.domain.phone import normalize_phone
from hotline.domain.phone import renumbered
from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Vessel
from hotline.models.dossier import CLOSED_STATES
from hotline.services.search_terms import MAX_VESSELS
from hotline.services.search_terms import named
from hotline.services.search_terms import registered_vessel_ids
from hotline.services.search_terms import vessel_number_start

COUNT_CAP = 10_000
MAX_PER_PAGE = 100
DEFAULT_VESSEL_PREFIX = "QNg"
# A dossier code or a leading part of one: a unit code with at least one dot, then -YYMMDD-NNNN.
_DOSSIER_CODE_PREFIX = re.compile(r"^[0-9A-Z]+(?:\.[0-9A-Z]*)+(?:-[0-9]{0,6}(?:-[0-9]{0,4})?)?$")
# Dossiers whose legal clock can still run late.
_OPEN_STATES = tuple(s for s in DossierState if s not in CLOSED_STATES)


@dataclass
class DossierQuery:
    """What an operator or an API client asks of the queue; every filter is optional."""

    q: str | None = None
    state: DossierState | None = None
    procedure_id: int | None = None
    channel: Channel | None = None
    overdue: bool = False
    due_before: date | None = None
    received_from: date | None = None
    received_to: date | None = None
    phone: str | None = None
    page: int = 1
    per_page: int = 25
    # Bare vessel digits take the centre's province prefix (province.toml `vessel_prefix`).
    vessel_prefix: str = DEFAULT_VESSEL_PREFIX


@dataclass
class Page:
    """One page of dossiers; `total` is exact unless it reached COUNT_CAP (`exact` is then False)."""

    items: list[Dossier]
    total: int
    page: int
    per_page: int
    pages: int
    exact: bool = True
    # The search was a number written before the 2018 renumbering; the dossiers are those of today's number.
    renumbered: Renumbered | None = None


def search_dossiers(session: Session, query: DossierQuery, today: date | None = None) -> Page:
    """Return the page of dossiers `query` asks for, newest first.

    A `phone` filter that is not a valid number raises PhoneNumberError; a `q` that fits no
    other reading is taken as words of an owner's name, without accents (name_condition).
    """
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    conditions = filter_conditions(session, query, today or datetime.now(LOCAL_TZ).date())
    base = select(Dossier).where(*conditions)
    total = _capped_count(session, base)
    exact = total <= COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(query.page, 1), pages)
    rows = session.scalars(
        base.order_by(Dossier.received_at.desc(), Dossier.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(selectinload(Dossier.owner), selectinload(Dossier.vessel), selectinload(Dossier.procedure))
    )
    old = renumbered(query.phone or query.q or "")
    return Page(items=list(rows), total=total, page=page, per_page=per_page, pages=pages, exact=exact, renumbered=old)


def filter_conditions(session: Session, query: DossierQuery, today: date) -> list[ColumnElement[bool]]:
    """Turn the filters into separate WHERE conditions."""
    conditions: list[ColumnElement[bool]] = []
    if query.state is not None:
        conditions.append(Dossier.state == query.state)
    if query.procedure_id is not None:
        conditions.append(Dossier.procedure_id == query.procedure_id)
    if query.channel is not None:
        conditions.append(Dossier.channel == query.channel)
    if query.overdue:
        conditions += [Dossier.due_date < today, Dossier.result_at.is_(None), Dossier.state.in_(_OPEN_STATES)]
    if query.due_before is not None:
        conditions.append(Dossier.due_date <= query.due_before)
    if query.received_from is not None:
        conditions.append(Dossier.received_at >= _local_midnight(query.received_from))
    if query.received_to is not None:
        conditions.append(Dossier.received_at < _local_midnight(query.received_to + timedelta(days=1)))
    if query.phone is not None:
        conditions.append(_phone_condition(session, normalize_phone(query.phone)))
    if query.q and query.q.strip():
        conditions.append(_search_condition(session, query, query.q.strip()))
    return conditions


def _local_midnight(day: date) -> datetime:
    """The start of `day` in the centre's time zone, as the aware datetime the columns compare with."""
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)


def _capped_count(session: Session, base: Select[Dossier]) -> int:
    """Count matches, but stop at COUNT_CAP + 1 so a broad filter never walks the whole table."""
    limited = base.with_only_columns(Dossier.id).limit(COUNT_CAP + 1).subquery()
    return session.scalar(select(func.count()).select_from(limited)) or 0


def _owner_ids_with_phone(session: Session, e164: str) -> list[int]:
    return list(session.scalars(select(Owner.id).where(Owner.phone == e164)))


def _phone_condition(session: Session, e164: str) -> ColumnElement[bool]:
    """Dossiers called in from the number, or whose owner has it on file."""
    owner_ids = _owner_ids_with_phone(session, e164)
    return or_(Dossier.caller_phone == e164, Dossier.owner_id.in_(owner_ids))


def _dossier_code_prefix(text: str) -> str | None:
    upper = text.upper()
    return upper if _DOSSIER_CODE_PREFIX.match(upper) else None


def _digit_readings(text: str) -> tuple[str | None, str | None]:
    """Read `text` as a phone code and as a phone number; either may fail, giving None."""
    try:
        phone_code: str | None = parse_phone_code(text)
    except PhoneCodeError:
        phone_code = None
    try:
        e164: str | None = normalize_phone(text)
    except PhoneNumberError:
        e164 = None
    return phone_code, e164


def _search_condition(session: Session, query: DossierQuery, text: str) -> ColumnElement[bool]:
    """One condition for the search box: every reading of `text` that parses, OR-ed together.

    Digits can be both a phone code and a phone number (or a vessel's digits), so each valid
    reading contributes an equality an index answers; PostgreSQL combines them with a BitmapOr.
    """
    readings: list[ColumnElement[bool]] = []
    code_prefix = _dossier_code_prefix(text)
    if code_prefix is not None:  # "0912.345.678" reads as one too: the phone reading below still counts
        readings.append(Dossier.code.startswith(code_prefix, autoescape=True))
    phone_code, e164 = _digit_readings(text)
    if phone_code is not None:
        readings.append(Dossier.phone_code == phone_code)
    if e164 is not None:
        readings.append(_phone_condition(session, e164))
    vessel_start = vessel_number_start(text, query.vessel_prefix)
    if vessel_start is not None:
        vessel_ids = registered_vessel_ids(session, vessel_start)
        readings += [Dossier.vessel_number.startswith(vessel_start, autoescape=True), Dossier.vessel_id.in_(vessel_ids)]
    if readings:
        return or_(*readings)
    return named(session, Dossier.owner_name_folded, text)


@dataclass
class OwnerPage:
    """One page of owners, by name, and the number searched for when it was written before 2018."""

    items: list[Owner]
    total: int
    page: int
    pages: int
    renumbered: Renumbered | None = None


def owner_condition(session: Session, text: str, vessel_prefix: str = DEFAULT_VESSEL_PREFIX) -> ColumnElement[bool]:
    """Owners a search box's `text` means: any word of the name, the phone number (old or new), vessel digits."""
    readings = [named(session, Owner.name_folded, text)]
    try:
        readings.append(Owner.phone == normalize_phone(text))
    except PhoneNumberError:
        pass  # not a phone number: the other readings answer
    vessel_start = vessel_number_start(text, vessel_prefix)
    if vessel_start is not None:  # the owners' ids first, so each reading stays one an index answers
        owner_ids = select(Vessel.owner_id).where(Vessel.registration_number.startswith(vessel_start, autoescape=True))
        readings.append(Owner.id.in_(list(session.scalars(owner_ids.limit(MAX_VESSELS)))))
    return or_(*readings)


def search_owners(session: Session, text: str, page: int = 1, per_page: int = 50,
                  vessel_prefix: str = DEFAULT_VESSEL_PREFIX) -> OwnerPage:
    """The owners page's list: every owner, or those `text` finds (owner_condition), ordered by name."""
    query = select(Owner)
    text = text.strip()
    if text:
        query = query.where(owner_condition(session, text, vessel_prefix))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    rows = session.scalars(query.order_by(Owner.name_folded, Owner.id).offset((page - 1) * per_page).limit(per_page)
                           .options(selectinload(Owner.vessels)))
    return OwnerPage(items=list(rows), total=total, page=page, pages=pages, renumbered=renumbered(text))
