"""Redis connections and rq queues, with enqueueing tied to database commits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.job import JobStatus
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm import SessionTransaction

from hotline.infra.embedded_redis import running_url

log = logging.getLogger(__name__)

# A worker takes its next job from the first of these queues that has one: texts to owners first (each
# takes milliseconds, and the owner who just hung up waits for the receipt), then transcriptions (each
# takes seconds, and a backlog of them after an outage takes minutes), then the rest.
QUEUE_NAMES = ("notification", "transcription", "default")
# Seconds a job may run before rq kills it; decoding a long recording on a busy core takes minutes.
QUEUE_TIMEOUTS = {"transcription": 900, "notification": 60, "default": 600}
LIVE_JOB = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED}


class QueueUnavailableError(RuntimeError):
    """No Redis is configured for this app."""


def init_app(app: Flask) -> None:
    if not app.config.get("REDIS_URL"):
        # The private Redis of a `hotline run` on this instance, so every command queues where its worker reads.
        app.config["REDIS_URL"] = running_url(Path(app.config["INSTANCE_PATH"]) / "redis")
    url = app.config.get("REDIS_URL")
    # Short timeouts: a webhook must answer the caller even when Redis is down.
    app.extensions["redis"] = (
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2) if url else None
    )


def get_redis() -> Redis:
    conn: Redis | None = current_app.extensions.get("redis")
    if conn is None:
        raise QueueUnavailableError("REDIS_URL is not set")
    return conn


def get_queue(name: str = "default", connection: Redis | None = None) -> Queue:
    return Queue(name, connection=connection or get_redis(), default_timeout=QUEUE_TIMEOUTS[name])


@dataclass(frozen=True)
class PendingJob:
    """A job waiting for its transaction to commit; `connection` is None when no Redis is configured."""

    connection: Redis | None
    queue_name: str
    func: Callable[..., Any]
    args: tuple[Any, ...]
    job_id: str | None

    def enqueue(self) -> None:
        if self.connection is None:
            raise QueueUnavailableError("REDIS_URL is not set")
        get_queue(self.queue_name, self.connection).enqueue(self.func, *self.args, job_id=self.job_id)

    def __str__(self) -> str:
        return f"{self.func.__name__}{self.args!r}"


def enqueue_after_commit(session: Session, queue_name: str, func: Callable[..., Any], *args: Any,
                         job_id: str | None = None) -> None:
    """Queue `func(*args)` once the session's transaction commits; a rollback queues nothing.

    If Redis is down or not configured the job is not queued and the commit still succeeds: the
    database row that owes the work stays the truth, and the worker's sweep queues it again, so
    neither a caller nor a command is kept waiting on Redis.
    """
    if not session.in_transaction():
        # Tie the job to a transaction, so a rollback before any SQL still drops it.
        session.begin()
    pending: list[PendingJob] = session.info.setdefault("pending_jobs", [])
    pending.append(PendingJob(current_app.extensions.get("redis"), queue_name, func, args, job_id))


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    pending: list[PendingJob] = session.info.pop("pending_jobs", [])
    for index, job in enumerate(pending):
        try:
            job.enqueue()
        except (RedisError, QueueUnavailableError) as exc:
            # One line for the lot, and no more tries: each would wait out the same connect timeout.
            left = ", ".join(str(waiting) for waiting in pending[index:])
            log.warning("could not queue %s (%s); the rows are kept and the sweep will queue them", left, exc)
            return


def job_is_live(conn: Redis, job_id: str | None) -> bool:
    """True while the job with this id is waiting, scheduled or running.

    A job that says it is queued waits only while it is in its queue. A worker takes a job off its queue
    before it marks it started, and one killed in between leaves the job "queued" in no queue, where
    nothing would ever run it. (A live worker caught in between costs at most a second job, which finds
    its row taken and does nothing.)
    """
    if not job_id:
        return False
    try:
        job = Job.fetch(job_id, connection=conn)
    except NoSuchJobError:
        return False
    status = job.get_status()
    if status is JobStatus.QUEUED:
        return _waits_in_queue(conn, job)
    return status in LIVE_JOB


def _waits_in_queue(conn: Redis, job: Job) -> bool:
    queue = Queue(job.origin, connection=conn)
    return any(conn.lpos(key, job.id) is not None for key in (queue.key, queue.intermediate_queue_key))


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction: SessionTransaction) -> None:
    # Every outer rollback, even of a transaction that never reached the database; a savepoint's
    # rollback leaves the outer transaction's jobs in place.
    if not previous_transaction.nested:
        session.info.pop("pending_jobs", None)


def queue_health(app: Flask) -> dict[str, Any]:
    conn: Redis | None = app.extensions.get("redis")
    if conn is None:
        return {"ok": False, "error": "REDIS_URL is not set"}
    try:
        conn.ping()
    except RedisError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "queued": {name: Queue(name, connection=conn).count for name in QUEUE_NAMES}}
