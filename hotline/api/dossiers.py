"""Dossiers: the queue with its filters, one dossier with its history, and moving it on."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask import request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hotline.api.auth import current_actor
from hotline.api.auth import current_user_id
from hotline.api.errors import ApiError
from hotline.api.params import ParamErrors
from hotline.api.serialize import dossier_json
from hotline.api.serialize import event_json
from hotline.api.serialize import page_json
from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import normalize_phone
from hotline.infra.db import get_session
from hotline.infra.province import province
from hotline.models import REASON_REQUIRED
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import TransitionError
from hotline.services.catalogue import work_calendar
from hotline.services.dossiers import dossier_for_move
from hotline.services.receiving import receive_draft
from hotline.services.search import MAX_PER_PAGE
from hotline.services.search import DossierQuery
from hotline.services.search import search_dossiers
from hotline.services.workflow import move

bp = Blueprint("dossiers", __name__)

MAX_NOTE = 2000
CODE_LENGTH = 40


def _dossier_query() -> DossierQuery:
    """Read the queue's filters from the query string, refusing every bad one with a reason."""
    errors = ParamErrors()
    phone = errors.text("phone")
    if phone is not None:
        try:
            normalize_phone(phone)
        except PhoneNumberError as exc:
            errors.add("phone", str(exc))
            phone = None
    query = DossierQuery(
        q=errors.text("q"),
        state=errors.choice("state", DossierState),
        procedure_id=errors.integer("procedure_id", None),
        channel=errors.choice("channel", Channel),
        overdue=errors.flag("overdue"),
        due_before=errors.day("due_before"),
        received_from=errors.day("received_from"),
        received_to=errors.day("received_to"),
        phone=phone,
        page=errors.integer("page", 1) or 1,
        per_page=errors.integer("per_page", 25, high=MAX_PER_PAGE) or 25,
        vessel_prefix=province().vessel_prefix,
    )
    errors.raise_if_any()
    return query


@bp.get("/dossiers")
def list_dossiers() -> dict[str, Any]:
    """The dossier queue, newest first."""
    found = search_dossiers(get_session(), _dossier_query())
    items = [dossier_json(d) for d in found.items]
    return page_json(items, page=found.page, per_page=found.per_page, total=found.total, exact=found.exact)


def _check_code(code: str) -> str:
    if len(code) > CODE_LENGTH or "\x00" in code:
        raise ApiError(404, f"no dossier with code {code[:CODE_LENGTH]!r}")
    return code.upper()


def _find(code: str) -> Dossier:
    statement = select(Dossier).where(Dossier.code == _check_code(code))
    dossier = get_session().scalar(statement.options(selectinload(Dossier.events)))
    if dossier is None:
        raise ApiError(404, f"no dossier with code {code!r}")
    return dossier


@bp.get("/dossiers/<code>")
def show_dossier(code: str) -> dict[str, Any]:
    """One dossier with the history of its states."""
    dossier = _find(code)
    return {**dossier_json(dossier), "events": [event_json(e) for e in dossier.events]}


def _transition_body() -> tuple[DossierState, str | None]:
    """Read {"to": state, "note": text}; a wrong shape is a 422 that says what is wrong."""
    if not request.is_json:
        raise ApiError(415, "send the transition as JSON with Content-Type: application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "the request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(422, 'the body must be a JSON object such as {"to": "in_progress", "note": "…"}')
    errors = ParamErrors()
    for unknown in sorted(set(body) - {"to", "note"}):
        errors.add(unknown, "is not a known field (expected 'to' and 'note')")
    target = None
    try:
        target = DossierState(body.get("to"))
    except ValueError:
        errors.add("to", "must be one of: " + ", ".join(s.value for s in DossierState))
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE or "\x00" in note):
        errors.add("note", f"must be text of at most {MAX_NOTE} characters")
    if target in REASON_REQUIRED and not (note or "").strip():
        errors.add("note", f"a move to {target.value} must give its reason, which the owner is sent")
    if errors.details or target is None:
        raise ApiError(422, "the transition is not valid", errors.details)
    return target, (note or None)


@bp.post("/dossiers/<code>/transitions")
def transition_dossier(code: str) -> tuple[dict[str, Any], int]:
    """Move a dossier to another state, if its state machine allows the move."""
    target, note = _transition_body()
    session = get_session()
    try:
        dossier = dossier_for_move(session, code=_check_code(code))
    except LookupError:
        raise ApiError(404, f"no dossier with code {code!r}") from None
    before = dossier.state
    try:
        event = move(session, dossier, target, actor=current_actor(), calendar=work_calendar(),
                     reason=note, user_id=current_user_id())
        receive_draft(session, dossier, before)
    except TransitionError as exc:
        session.rollback()
        raise ApiError(409, str(exc)) from exc
    session.commit()
    return {"event": event_json(event), "dossier": dossier_json(dossier)}, 201
