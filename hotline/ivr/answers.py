"""Answering a step's webhook once: the call read as plain columns, the step row written with its answer.

Every webhook of every call runs this path, so it works on the request's Core connection; a step opens
the ORM session (on the same connection) only when it changes the call, files a dossier or the like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import cast

from sqlalchemy import Connection
from sqlalchemy import Table
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from hotline.domain.phone import caller_phone
from hotline.infra.db import READ_ONLY
from hotline.infra.db import get_session
from hotline.infra.db import request_connection
from hotline.infra.db import rollback_request
from hotline.ivr.flow import FIRST_STEP
from hotline.ivr.turn import CallRef
from hotline.ivr.turn import OwnerCard
from hotline.ivr.turn import Turn
from hotline.ivr.twiml import Reply
from hotline.models import Call
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import Owner
from hotline.models import utcnow
from hotline.models.call import newest_step_id

SID = re.compile(r"^[A-Za-z0-9]{2,64}$")

State = tuple[str, dict[str, Any]]
Loaded = tuple[CallRef | None, str | None, State]
NEW_STATE: State = (FIRST_STEP, {})

# Built once: every webhook runs them, and building a statement costs more than running it on SQLite.
INSERT_STEP = insert(cast(Table, CallStep.__table__))
INSERT_CALL = insert(cast(Table, Call.__table__)).returning(cast(Table, Call.__table__).c.id)
_OWNER_CARD = (Owner.id, Owner.full_name, Owner.needs_review, Owner.address_line, Owner.ward_code,
               Owner.province_code)
OWNER_BY_PHONE = select(*_OWNER_CARD).where(Owner.phone == bindparam("phone")).order_by(Owner.id).limit(1)
_stored = aliased(CallStep)
_latest = aliased(CallStep)
# The call and its caller's owner record, its stored answer to this request and its newest step row
# (the live state), in one query.
LOAD_CALL = (
    select(Call.id, Call.language, Call.from_number, _stored.response, _latest.step, _latest.context,
           *_OWNER_CARD)
    .outerjoin(Owner, Owner.id == Call.owner_id)
    .outerjoin(_stored, and_(_stored.call_id == Call.id, _stored.request_key == bindparam("request_key")))
    .outerjoin(_latest, _latest.id == newest_step_id(Call.id))
    .where(Call.call_sid == bindparam("call_sid"))
)


def valid_sid(value: str | None) -> str | None:
    return value if value and SID.match(value) else None


def hang_up() -> str:
    reply = Reply()
    reply.hangup()
    return reply.xml()


def answer_once(form: Mapping[str, str], request_key: str, build: Callable[[Turn], Reply]) -> str:
    """Answer a webhook; a retry of it (same call, same key) gets the stored answer and changes nothing."""
    call_sid = valid_sid(form.get("CallSid"))
    if call_sid is None:
        return hang_up()
    request_key = request_key[:64]
    conn = request_connection()
    ref, stored, state = _read_first(conn, call_sid, request_key)
    if stored is not None:
        return stored
    try:
        if ref is None:
            # The call, its first answer and its first step are written in one transaction.
            _use_transactions(conn)
            ref = open_call(conn, call_sid, form)
        turn = Turn(conn, lambda: _session_after_read(conn), ref, form, state)
        xml = build(turn).xml()
        if turn.has_session:
            turn.session.flush()
        # A plain INSERT, which also carries the call's new live state: the unit of work, or even the
        # session's ORM execution path, would cost more than the statement. It runs on the request's
        # connection either way, and the session (when the step opened one) commits it.
        conn.execute(INSERT_STEP, {
            "call_id": ref.id, "request_key": request_key, "step": turn.step, "context": turn.context,
            "digits": turn.digits or None, "response": xml, "created_at": utcnow()})
        if turn.has_session:
            turn.session.commit()
        else:
            conn.commit()
    except IntegrityError:
        # The same webhook was being answered at once by another request, which stored its answer.
        rollback_request()
        stored = _read_first(conn, call_sid, request_key)[1]
        if stored is None:
            raise
        return stored
    return xml


def open_call(conn: Connection, call_sid: str, form: Mapping[str, str]) -> CallRef:
    """Write a call on its first webhook, with the owner of the number it comes from (not committed)."""
    from_number = (form.get("From") or "")[:32]
    phone = caller_phone(from_number)
    row = conn.execute(OWNER_BY_PHONE, {"phone": phone}).first() if phone else None
    owner = OwnerCard(*row) if row is not None else None
    call_id = conn.execute(INSERT_CALL, {
        "call_sid": call_sid, "from_number": from_number, "owner_id": owner.id if owner else None,
        "language": "vi", "status": CallStatus.IN_PROGRESS}).scalar_one()
    return CallRef(call_id, "vi", from_number, owner)


def _session_after_read(conn: Connection) -> Session:
    """The request's session, on the connection the call was read on, once what was done on it is committed.

    (A first webhook whose step opens the session thus commits its new call before the step's row; a
    retry finds the call and answers the step again.)
    """
    _use_transactions(conn)
    session = get_session()
    # Nothing a step reads needs the step's own changes flushed first; flushing them early would
    # write the same rows twice. The step's changes are flushed once, before its row is written.
    session.autoflush = False
    return session


def _read_first(conn: Connection, call_sid: str, request_key: str) -> Loaded:
    """Load the call before writing anything; a retry racing this request is caught by the unique request key."""
    if conn.dialect.name != "sqlite":
        # The read is one statement, and so is the INSERT of a step that opens no session: neither needs
        # BEGIN and COMMIT, which would be two more round trips to the server on every webhook.
        conn.execution_options(isolation_level="AUTOCOMMIT")
        return _load(conn, call_sid, request_key)
    # SQLite has one write lock for the whole database: read without it and end the read, so that the
    # lock is held only while the step is written.
    conn.execution_options(**{READ_ONLY: True})
    try:
        return _load(conn, call_sid, request_key)
    finally:
        conn.commit()
        conn.execution_options(**{READ_ONLY: False})


def _use_transactions(conn: Connection) -> None:
    """End what ran on the connection so far and, on PostgreSQL, leave autocommit: the step writes more
    than its own row. (Under autocommit the commit only ends SQLAlchemy's record of the statements.)"""
    if conn.in_transaction():
        conn.commit()
    if conn.dialect.name != "sqlite":
        conn.execution_options(isolation_level=conn.default_isolation_level)


def _load(conn: Connection, call_sid: str, request_key: str) -> Loaded:
    """The call, its stored answer to `request_key` and the live state, in one query."""
    row = conn.execute(LOAD_CALL, {"call_sid": call_sid, "request_key": request_key}).first()
    if row is None:
        return None, None, NEW_STATE
    state = (row[4], row[5] or {}) if row[4] is not None else NEW_STATE
    owner = OwnerCard(*row[6:]) if row[6] is not None else None
    return CallRef(row[0], row[1], row[2], owner), row[3], state
