"""Work owed to someone is a row first, and one sweep hands every kind of it to a worker until it is done.

Redis carries jobs but is never the record. A job is lost when Redis was down or not configured when
it was queued, when a key was evicted or flushed, or when a worker died in the middle of it; the row
still says the work is owed, so the sweep reads the rows, not the queues. Each kind of owed work
(transcriptions, messages to owners, any later one) says which of its rows no live job will pick up,
how to claim one for a new job, and how to queue that job; the worker lists the kinds and runs the
sweep between jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from redis import Redis
from sqlalchemy.orm import Session

from hotline.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OwedWork:
    """One kind of owed work.

    requeue_orphans: mark the rows nothing will pick up unless the sweep queues them as queued under
        new job ids (without committing), and return {row id: job id}.
    enqueue: queue the job for a row id under its job id (a Redis failure is left to the next sweep).
    """

    name: str
    requeue_orphans: Callable[[Session, Redis, datetime], dict[int, str]]
    enqueue: Callable[[Redis, int, str], None]


def sweep(session: Session, conn: Redis, kinds: Sequence[OwedWork],
          now: datetime | None = None) -> dict[str, list[int]]:
    """Queue again every orphaned row of every kind; return the ids queued, by kind.

    Each kind's rows are marked and committed before their jobs are queued, so a job never runs
    before the row that names it says so.
    """
    now = now or utcnow()
    requeued: dict[str, list[int]] = {}
    for kind in kinds:
        jobs = kind.requeue_orphans(session, conn, now)
        session.commit()
        for row_id, job_id in jobs.items():
            kind.enqueue(conn, row_id, job_id)
        if jobs:
            log.info("sweep queued %s %s again", kind.name, sorted(jobs))
        requeued[kind.name] = sorted(jobs)
    return requeued
