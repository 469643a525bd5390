"""Applying the retention schedule: every rule of services/retention_rules.py in bounded batches, one audit row.

Each batch is its own short transaction (rows locked and skipped when someone else holds them, on
PostgreSQL), so a first run over a year of data never holds a lock for long, and a run cut off halfway
keeps what it did. A run walks each rule's rows by id, so a row it could not do (a file that would not go)
is left for the next run instead of stopping this one. What a run leaves in the audit trail and the log
is counts, never a number, a name or a word of what was removed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.retention import RetentionSchedule
from hotline.models import AuditEntry
from hotline.services.retention_rules import RULES
from hotline.services.retention_rules import Rule
from hotline.services.retention_rules import Run

log = logging.getLogger(__name__)

PURGE_ACTION = "privacy_purge"
BATCH_SIZE = 500


def purge(session: Session, now: datetime, schedule: RetentionSchedule, storage_dir: Path, *,
          dry_run: bool = False, batch_size: int = BATCH_SIZE, source: str = "cli") -> dict[str, int]:
    """Remove what the schedule no longer lets the centre keep, as of `now`; return how many rows, by kind.

    A dry run counts the rows due and changes nothing (and leaves no audit row). A real run commits each
    batch and ends with one audit row of counts, which `source` (cli, worker) says who started.
    """
    run = Run(now, schedule, Path(storage_dir))
    counts: dict[str, int] = {}
    for rule in RULES:
        done = _count_due(session, rule, run) if dry_run else _apply(session, rule, run, batch_size)
        counts[rule.kind] = counts.get(rule.kind, 0) + done
    if dry_run:
        session.rollback()
        return counts
    detail = " ".join(f"{kind}={count}" for kind, count in counts.items())
    session.add(AuditEntry(action=PURGE_ACTION, object_type="retention", object_id=source, detail=detail,
                           created_at=now))
    session.commit()
    log.info("retention purge (%s): %s", source, detail)
    return counts


def _count_due(session: Session, rule: Rule, run: Run) -> int:
    return session.scalar(select(func.count()).select_from(rule.model).where(rule.due(run))) or 0


def _apply(session: Session, rule: Rule, run: Run, batch_size: int) -> int:
    done, last_id = 0, 0
    while True:
        ids = list(session.scalars(
            select(rule.model.id).where(rule.due(run), rule.model.id > last_id)
            .order_by(rule.model.id).limit(batch_size).with_for_update(skip_locked=True)
        ))
        if not ids:
            return done
        done += rule.apply(session, ids, run)
        session.commit()
        last_id = ids[-1]
