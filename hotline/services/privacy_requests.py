"""The log of people's requests about their data, its deadlines, and carrying out an export or an erasure.

Law 91/2025/QH15 and Decree 356/2025/ND-CP give the centre 2 working days to answer a request and
15 to act on it; both are counted by the province's own calendar (services/catalogue.work_calendar),
the one dossiers' due dates use. Each export and erasure leaves an audit entry holding counts only.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.phone import normalize_phone
from hotline.domain.workdays import WorkCalendar
from hotline.models import AuditEntry
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import RequestState
from hotline.models import utcnow
from hotline.services.erasure import Erased
from hotline.services.erasure import ErasureRefusedError
from hotline.services.erasure import Stores
from hotline.services.erasure import erase
from hotline.services.privacy import export

ANSWER_DAYS = 2
ACT_DAYS = 15
# A request is shown as due from the working day before its deadline.
DUE_SOON_DAYS = 1


def deadlines(calendar: WorkCalendar, received_at: datetime) -> tuple[date, date]:
    """When the answer and the act are due for a request received at `received_at`.

    Counted like a dossier's due date: a request taken after office hours or on a day off counts from
    the next working day.
    """
    return calendar.due_date(received_at, ANSWER_DAYS), calendar.due_date(received_at, ACT_DAYS)


def log_request(session: Session, calendar: WorkCalendar, phone: str, kind: RequestKind, note: str | None = None,
                received_at: datetime | None = None) -> PrivacyRequest:
    """Record a request; PhoneNumberError if `phone` is not a number."""
    received_at = received_at or utcnow()
    answer_due, act_due = deadlines(calendar, received_at)
    request = PrivacyRequest(kind=kind, phone=normalize_phone(phone), received_at=received_at,
                             answer_due=answer_due, act_due=act_due, note=(note or "").strip() or None)
    session.add(request)
    session.flush()
    return request


def due_soon_limit(calendar: WorkCalendar, today: date) -> date:
    return calendar.add_working_days(today, DUE_SOON_DAYS)


def _due_by(limit: date) -> Any:
    return and_(PrivacyRequest.state != RequestState.DONE, or_(
        and_(PrivacyRequest.answered_at.is_(None), PrivacyRequest.answer_due <= limit),
        and_(PrivacyRequest.answered_at.is_not(None), PrivacyRequest.act_due <= limit)))


def count_due(session: Session, calendar: WorkCalendar, today: date) -> int:
    """How many requests are overdue or due by the next working day."""
    limit = due_soon_limit(calendar, today)
    return session.scalar(select(func.count()).select_from(PrivacyRequest).where(_due_by(limit))) or 0


def request_list(session: Session, limit: int = 200) -> list[PrivacyRequest]:
    """Requests still open first, by their next deadline; then the latest closed ones."""
    still_open = session.scalars(select(PrivacyRequest).where(PrivacyRequest.state != RequestState.DONE))
    closed = session.scalars(select(PrivacyRequest).where(PrivacyRequest.state == RequestState.DONE)
                             .order_by(PrivacyRequest.closed_at.desc()).limit(limit))
    return sorted(still_open, key=lambda r: (r.next_due or date.max, r.id)) + list(closed)


def mark_answered(request: PrivacyRequest, by_user: int | None) -> None:
    if request.answered_at is None:
        request.answered_at, request.state, request.handled_by = utcnow(), RequestState.ANSWERED, by_user


def close(request: PrivacyRequest, by_user: int | None, outcome: str | None = None) -> None:
    """Mark the request done; a request acted on has been answered too."""
    now = utcnow()
    request.answered_at = request.answered_at or now
    request.state, request.closed_at, request.handled_by = RequestState.DONE, now, by_user
    if outcome:
        request.outcome = outcome


def give_export(session: Session, request: PrivacyRequest, file_format: str, by_user: int | None,
                address: str | None = None) -> dict[str, Any]:
    """The export for `request`'s number, audited; an access request is done once its export is given."""
    data = export(session, request.phone)
    summary = " ".join(f"{table}={n}" for table, n in sorted(data["counts"].items()) if n)
    _audit(session, "privacy_export", request, f"{file_format}: {summary or 'nothing held'}", by_user, address)
    if request.kind is RequestKind.ACCESS and not request.state.is_closed:
        close(request, by_user, f"Đã xuất dữ liệu ({file_format})")
    return data


def carry_out_erasure(session: Session, request: PrivacyRequest, reason: str, by_user: int | None,
                      stores: Stores, address: str | None = None) -> Erased:
    """Erase the data of `request`'s number and close the request; ErasureRefusedError leaves it open."""
    try:
        erased = erase(session, request.phone, stores)
    except ErasureRefusedError as exc:
        request.outcome = f"Chưa xoá được: {len(exc.codes)} hồ sơ đang giải quyết ({', '.join(exc.codes)})"
        _audit(session, "privacy_erase_refused", request, f"open_dossiers={len(exc.codes)}", by_user, address)
        raise
    close(request, by_user, f"{reason.strip()}\n{erased.summary()}")
    _audit(session, "privacy_erase", request, erased.summary(), by_user, address)
    return erased


def _audit(session: Session, action: str, request: PrivacyRequest, detail: str, by_user: int | None,
           address: str | None) -> None:
    session.add(AuditEntry(user_id=by_user, action=action, object_type="privacy_request", object_id=str(request.id),
                           detail=detail, address=address))
