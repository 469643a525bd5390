"""The figures the centre reports: volumes, timeliness, channels, satisfaction, backlog."""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.domain.workdays import WorkCalendar
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import Procedure
from hotline.models import Recording
from hotline.models import SatisfactionRating
from hotline.models import TranscriptStatus
from hotline.models import utcnow

# Scores 1 (very satisfied) and 2 (satisfied) count as satisfied.
SATISFIED_AT_MOST = 2
MONTHS = 12


@dataclass
class Report:
    months: list[tuple[str, int, int]] = field(default_factory=list)
    timeliness: list[tuple[str, int, int, int]] = field(default_factory=list)
    channels: list[tuple[Channel, int]] = field(default_factory=list)
    ratings: int = 0
    satisfied: int = 0
    backlog: list[tuple[TranscriptStatus, int]] = field(default_factory=list)

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.ratings if self.ratings else None


def _month(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%m/%Y")


def build_report(db: Session, calendar: WorkCalendar, now: datetime | None = None) -> Report:
    since = (now or utcnow()) - timedelta(days=31 * MONTHS)
    report = Report()
    received = Counter(_month(m) for m in db.scalars(select(Dossier.received_at).where(
        Dossier.received_at >= since)))
    resolved = Counter(_month(m) for m in db.scalars(select(Dossier.result_at).where(
        Dossier.result_at >= since)) if m is not None)
    order = sorted(set(received) | set(resolved), key=lambda m: (m[3:], m[:2]))
    report.months = [(m, received[m], resolved[m]) for m in order]
    report.timeliness = _timeliness(db, calendar, since)
    report.channels = [(c, n) for c, n in db.execute(
        select(Dossier.channel, func.count()).group_by(Dossier.channel).order_by(Dossier.channel))]
    scores = {score: count for score, count in db.execute(
        select(SatisfactionRating.score, func.count()).group_by(SatisfactionRating.score))}
    report.ratings = sum(scores.values())
    report.satisfied = sum(n for s, n in scores.items() if s <= SATISFIED_AT_MOST)
    waiting = [s for s in TranscriptStatus if not s.is_final]
    report.backlog = [(s, n) for s, n in db.execute(
        select(Recording.status, func.count()).where(Recording.status.in_(waiting)).group_by(Recording.status))]
    return report


def _timeliness(db: Session, calendar: WorkCalendar, since: datetime) -> list[tuple[str, int, int, int]]:
    """Per procedure: results early, on time and late, judged by the working-day calendar."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rows = db.execute(select(Procedure.name_vi, Dossier.due_date, Dossier.result_at)
                      .join(Procedure, Dossier.procedure_id == Procedure.id)
                      .where(Dossier.result_at >= since, Dossier.due_date.is_not(None)))
    for name, due, result_at in rows:
        assert due is not None and result_at is not None  # the query's conditions
        counts[name][calendar.classify(due, result_at).value] += 1
    return [(name, c["early"], c["on_time"], c["late"]) for name, c in sorted(counts.items())]
