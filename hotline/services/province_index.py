"""The figures the province reports under Decision 766/QĐ-TTg's index, counted straight from the records.

Each figure is a share, a part of a whole, over a period of local days and, when one is chosen, one procedure:
- results early, on time and late: dossiers whose result came in the period, against their legal due date;
- satisfaction: ratings given in the period that say "very satisfied" or "satisfied";
- dossiers sent in by post: dossiers received in the period whose papers the post collected (or that came by post);
- results carried by post: dossiers handed over in the period, and of them those a courier handed over;
- calls answered: calls that reached the hotline in the period, and of them those it answered. Calls serve
  every procedure, so the procedure chosen does not narrow them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from typing import TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import Timeliness
from hotline.domain.workdays import WorkCalendar
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.models import ShipmentState

# Any select over dossiers, whatever its columns.
Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])

# Scores 1 (very satisfied) and 2 (satisfied) count as satisfied, on the 1–5 scale the owner is asked.
SATISFIED_AT_MOST = 2


@dataclass(frozen=True)
class Period:
    """The local days `first` to `last`, both included, and the one procedure chosen (None: all of them)."""

    first: date
    last: date
    procedure_id: int | None = None

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period cannot end before it starts")

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), LOCAL_TZ)

    @property
    def end(self) -> datetime:
        """The first moment after the period: midnight, local time, after its last day."""
        return datetime.combine(self.last + timedelta(days=1), time(), LOCAL_TZ)

    def holds(self, moment: Any) -> list[ColumnElement[bool]]:
        """The conditions that put a moment column inside the period."""
        return [moment >= self.start, moment < self.end]

    def of_procedure(self, query: Query) -> Query:
        """`query`, over dossiers, narrowed to the chosen procedure if there is one."""
        return query if self.procedure_id is None else query.where(Dossier.procedure_id == self.procedure_id)


@dataclass(frozen=True)
class Share:
    """A part of a whole, such as results on time out of all results."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        """The part as a fraction of the whole; None when there is nothing to count."""
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class ProvinceIndex:
    early: Share
    on_time: Share
    late: Share
    satisfied: Share
    sent_by_post: Share
    returned_by_post: Share
    calls_answered: Share

    @property
    def timely(self) -> Share:
        """Results early or on time, the on-time rate the province reports."""
        return Share(self.early.part + self.on_time.part, self.early.whole)


def measure(db: Session, calendar: WorkCalendar, period: Period) -> ProvinceIndex:
    """Count every figure of the index for `period`."""
    judged = timeliness(db, calendar, period)
    results = sum(judged.values())
    return ProvinceIndex(
        early=Share(judged[Timeliness.EARLY], results),
        on_time=Share(judged[Timeliness.ON_TIME], results),
        late=Share(judged[Timeliness.LATE], results),
        satisfied=_satisfied(db, period),
        sent_by_post=_sent_by_post(db, period),
        returned_by_post=_returned_by_post(db, period),
        calls_answered=_calls_answered(db, period),
    )


def timeliness(db: Session, calendar: WorkCalendar, period: Period) -> Counter[Timeliness]:
    """Results that came in the period, each judged early, on time or late by the working-day calendar."""
    rows = db.execute(period.of_procedure(select(Dossier.due_date, Dossier.result_at).where(
        *period.holds(Dossier.result_at), Dossier.due_date.is_not(None))))
    # Both are there: the query's conditions.
    return Counter(calendar.classify(due, result_at) for due, result_at in rows if due and result_at)


def _count(db: Session, query: Select[*tuple[Any, ...]]) -> int:
    return db.scalar(select(func.count()).select_from(query.subquery())) or 0


def _carried(kind: ShipmentKind) -> ColumnElement[bool]:
    """The dossier has a shipment of `kind` that the post completed."""
    return exists().where(Shipment.dossier_id == Dossier.id, Shipment.kind == kind,
                          Shipment.state == ShipmentState.DONE)


def _satisfied(db: Session, period: Period) -> Share:
    scores = Counter({score: n for score, n in db.execute(period.of_procedure(
        select(SatisfactionRating.score, func.count()).join(Dossier, SatisfactionRating.dossier_id == Dossier.id)
        .where(*period.holds(SatisfactionRating.created_at)).group_by(SatisfactionRating.score)))})
    return Share(sum(n for s, n in scores.items() if s <= SATISFIED_AT_MOST), sum(scores.values()))


def _sent_by_post(db: Session, period: Period) -> Share:
    received = period.of_procedure(select(Dossier.id).where(
        *period.holds(Dossier.received_at), Dossier.state != DossierState.DRAFT))
    by_post = received.where(or_(Dossier.channel == Channel.POST, _carried(ShipmentKind.PICKUP)))
    return Share(_count(db, by_post), _count(db, received))


def _returned_by_post(db: Session, period: Period) -> Share:
    handed_over = period.of_procedure(select(Dossier.id).where(
        Dossier.state == DossierState.DELIVERED, *period.holds(Dossier.closed_at)))
    return Share(_count(db, handed_over.where(_carried(ShipmentKind.DELIVERY))), _count(db, handed_over))


def _calls_answered(db: Session, period: Period) -> Share:
    statuses = Counter({status: n for status, n in db.execute(
        select(Call.status, func.count()).where(*period.holds(Call.started_at)).group_by(Call.status))})
    return Share(statuses.total() - statuses[CallStatus.MISSED], statuses.total())
