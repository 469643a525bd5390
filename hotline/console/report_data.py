"""The figures the centre reports for a period: volumes, timeliness, channels, satisfaction, backlog."""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Procedure
from hotline.models import Recording
from hotline.models import TranscriptStatus
from hotline.services.province_index import Period
from hotline.services.province_index import ProvinceIndex
from hotline.services.province_index import measure


@dataclass
class Report:
    period: Period
    index: ProvinceIndex
    months: list[tuple[str, int, int]]
    timeliness: list[tuple[str, int, int, int]]
    channels: list[tuple[Channel, int]]
    # What waits for the speech model now: a queue, not a figure of the period.
    backlog: list[tuple[TranscriptStatus, int]]


def _month(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%m/%Y")


def build_report(db: Session, calendar: WorkCalendar, period: Period) -> Report:
    """Every figure of the reports page for `period` (and its procedure, if one is chosen)."""
    received = Counter(_month(m) for m in db.scalars(period.of_procedure(select(Dossier.received_at).where(
        *period.holds(Dossier.received_at), Dossier.state != DossierState.DRAFT))))
    resolved = Counter(_month(m) for m in db.scalars(period.of_procedure(select(Dossier.result_at).where(
        *period.holds(Dossier.result_at)))) if m is not None)
    order = sorted(set(received) | set(resolved), key=lambda m: (m[3:], m[:2]))
    channels = [(c, n) for c, n in db.execute(period.of_procedure(
        select(Dossier.channel, func.count()).where(*period.holds(Dossier.received_at),
                                                    Dossier.state != DossierState.DRAFT)
        .group_by(Dossier.channel).order_by(Dossier.channel)))]
    waiting = [s for s in TranscriptStatus if not s.is_final]
    backlog = [(s, n) for s, n in db.execute(
        select(Recording.status, func.count()).where(Recording.status.in_(waiting)).group_by(Recording.status))]
    return Report(period=period, index=measure(db, calendar, period),
                  months=[(m, received[m], resolved[m]) for m in order],
                  timeliness=_timeliness(db, calendar, period), channels=channels, backlog=backlog)


def _timeliness(db: Session, calendar: WorkCalendar, period: Period) -> list[tuple[str, int, int, int]]:
    """Per procedure: results early, on time and late, judged by the working-day calendar."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rows = db.execute(period.of_procedure(
        select(Procedure.name_vi, Dossier.due_date, Dossier.result_at)
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .where(*period.holds(Dossier.result_at), Dossier.due_date.is_not(None))))
    for name, due, result_at in rows:
        assert due is not None and result_at is not None  # the query's conditions
        counts[name][calendar.classify(due, result_at).value] += 1
    return [(name, c["early"], c["on_time"], c["late"]) for name, c in sorted(counts.items())]
