"""A month of known records, March 2026, and the 766 figures they must give: the fast tests and the
supervisor's browser walk count from the same world.

Moments are local (Asia/Ho_Chi_Minh); the ones at 23:30 and 00:30 sit on the period's edges, where a
period counted in UTC days would take the wrong one.
"""

from __future__ import annotations

import itertools
from datetime import date
from datetime import datetime

from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import RatingChannel
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from tests.factories import make_dossier
from tests.factories import make_owner

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
# Keypad keys of the two procedures the world uses; FIRST is the one a supervisor picks.
FIRST, SECOND = 1, 2

# (part, whole) of each figure, for every procedure and for FIRST alone.
ALL_PROCEDURES = {"early": (2, 5), "on_time": (2, 5), "late": (1, 5), "timely": (4, 5), "satisfied": (2, 4),
                  "sent_by_post": (3, 6), "returned_by_post": (2, 3), "calls_answered": (6, 8)}
FIRST_ONLY = {"early": (1, 4), "on_time": (2, 4), "late": (1, 4), "timely": (3, 4), "satisfied": (2, 3),
              "sent_by_post": (2, 5), "returned_by_post": (1, 2), "calls_answered": (6, 8)}

_serial = itertools.count(1)


def at(day: str, clock: str = "10:00") -> datetime:
    """A local moment written as people here write it: "05/03/2026", "23:30"."""
    return datetime.strptime(f"{day} {clock}", "%d/%m/%Y %H:%M").replace(tzinfo=LOCAL_TZ)


def _dossier(session: Session, key: int, state: DossierState, received: datetime, *, due: str | None = None,
             result: datetime | None = None, closed: datetime | None = None,
             channel: Channel = Channel.PHONE) -> Dossier:
    dossier = make_dossier(session, make_owner(session, phone=f"+8491200{next(_serial):04d}", vessel_digits=None),
                           key=key)
    dossier.state, dossier.channel, dossier.received_at = state, channel, received
    dossier.due_date = datetime.strptime(due, "%d/%m/%Y").date() if due else None
    dossier.result_at, dossier.closed_at = result, closed
    return dossier


def _shipment(session: Session, dossier: Dossier, kind: ShipmentKind, state: ShipmentState) -> None:
    session.add(Shipment(dossier_id=dossier.id, kind=kind, state=state, recipient_name="Người nhận",
                         tracking_code=f"RR{next(_serial):08d}9VN"))


def _rating(session: Session, dossier: Dossier, score: int, moment: datetime) -> None:
    session.add(SatisfactionRating(dossier_id=dossier.id, score=score, channel=RatingChannel.SMS,
                                   created_at=moment))


def build_march(session: Session) -> None:
    """The world; see ALL_PROCEDURES and FIRST_ONLY for what it must count to."""
    d = DossierState
    a = _dossier(session, FIRST, d.DELIVERED, at("01/03/2026", "08:00"), due="10/03/2026",
                 result=at("05/03/2026"), closed=at("08/03/2026"))                       # early
    b = _dossier(session, FIRST, d.DELIVERED, at("02/03/2026"), due="12/03/2026",
                 result=at("12/03/2026", "16:00"), closed=at("15/03/2026"))              # on time
    c = _dossier(session, FIRST, d.RESULT_READY, at("10/02/2026"), due="02/03/2026",
                 result=at("20/03/2026"))                                                 # late
    e = _dossier(session, SECOND, d.DELIVERED, at("03/03/2026"), due="20/03/2026",
                 result=at("19/03/2026"), closed=at("25/03/2026"))                       # early
    before = _dossier(session, FIRST, d.DELIVERED, at("01/02/2026"), due="27/02/2026",
                      result=at("28/02/2026", "23:30"), closed=at("28/02/2026", "23:45"))  # February
    _dossier(session, FIRST, d.RESULT_READY, at("04/03/2026"), due="31/03/2026",
             result=at("31/03/2026", "23:30"))                                            # on time, last evening
    _dossier(session, FIRST, d.RESULT_READY, at("05/03/2026"), due="31/03/2026",
             result=at("01/04/2026", "00:30"))                                            # April
    _dossier(session, FIRST, d.DRAFT, at("06/03/2026"))                                   # a draft: not received
    _dossier(session, FIRST, d.RECEIVED, at("07/03/2026"), channel=Channel.POST)         # came by post
    session.flush()
    _shipment(session, a, ShipmentKind.PICKUP, ShipmentState.DONE)
    _shipment(session, b, ShipmentKind.PICKUP, ShipmentState.FAILED)
    _shipment(session, e, ShipmentKind.PICKUP, ShipmentState.DONE)
    _shipment(session, a, ShipmentKind.DELIVERY, ShipmentState.DONE)
    _shipment(session, b, ShipmentKind.DELIVERY, ShipmentState.PLANNED)                 # handed over at the desk
    _shipment(session, e, ShipmentKind.DELIVERY, ShipmentState.DONE)
    _shipment(session, before, ShipmentKind.DELIVERY, ShipmentState.DONE)
    for dossier, score, moment in ((a, 1, at("09/03/2026")), (b, 2, at("16/03/2026")), (c, 4, at("21/03/2026")),
                                   (e, 3, at("26/03/2026")), (before, 5, at("28/02/2026", "23:50"))):
        _rating(session, dossier, score, moment)
    statuses = [CallStatus.COMPLETED] * 4 + [CallStatus.DROPPED, CallStatus.MISSED, CallStatus.MISSED,
                                             CallStatus.IN_PROGRESS]
    for n, status in enumerate(statuses, start=1):
        session.add(Call(call_sid=f"CA{n:032d}", from_number="+84912000001", status=status,
                         started_at=at(f"{n:02d}/03/2026", "09:00")))
    session.add(Call(call_sid=f"CA{99:032d}", from_number="+84912000001", status=CallStatus.MISSED,
                     started_at=at("01/04/2026", "00:30")))
