"""The live board: calls in progress, callers waiting, missed calls and call-back tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import undefer

from hotline.console.errors import home_url
from hotline.domain.phone import caller_phone
from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import Dossier
from hotline.models import Owner
from hotline.models import Recording
from hotline.models import utcnow
from hotline.web.auth import MANAGERS
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("board", __name__)

REFRESH_SECONDS = 15
# A call still marked live after this long lost its status callback; it is not shown as live.
STALE_AFTER = timedelta(hours=2)
MISSED_WINDOW = timedelta(hours=24)
WAITING_STEP = "operator"


@dataclass(frozen=True)
class CallbackRow:
    """A call-back as the operator needs it: who to ring (and how), what they were filing, what they said."""

    task: CallbackTask
    owner: Owner | None
    tel: str | None
    dossier: Dossier | None
    voicemails: list[Recording]


def callback_rows(tasks: list[CallbackTask]) -> list[CallbackRow]:
    db = get_session()
    ids = [t.id for t in tasks]
    heard: dict[int, list[Recording]] = {}
    for rec in db.scalars(select(Recording).where(Recording.callback_task_id.in_(ids)).order_by(Recording.id)):
        heard.setdefault(rec.callback_task_id or 0, []).append(rec)
    calls = {c.id: c for c in db.scalars(select(Call).where(Call.id.in_([t.call_id for t in tasks if t.call_id])))}
    rows = []
    for task in tasks:
        tel = caller_phone(task.phone)
        call = calls.get(task.call_id or 0)
        owner = db.get(Owner, call.owner_id) if call and call.owner_id else None
        if owner is None and tel is not None:
            owner = db.scalars(select(Owner).where(Owner.phone == tel).order_by(Owner.id)).first()
        dossier = db.get(Dossier, task.dossier_id) if task.dossier_id else None
        rows.append(CallbackRow(task, owner, tel, dossier, heard.get(task.id, [])))
    return rows


def board_data() -> dict[str, object]:
    db = get_session()
    now = utcnow()
    live = list(db.scalars(select(Call).where(
        Call.status == CallStatus.IN_PROGRESS, Call.started_at > now - STALE_AFTER,
    ).options(undefer(Call.step)).order_by(Call.started_at).limit(100)))
    missed = db.scalars(select(Call).where(
        Call.status.in_((CallStatus.MISSED, CallStatus.DROPPED)), Call.started_at > now - MISSED_WINDOW,
    ).order_by(Call.started_at.desc()).limit(50))
    tasks = db.scalars(select(CallbackTask).where(
        CallbackTask.state != CallbackState.DONE,
    ).order_by(CallbackTask.created_at).limit(100))
    return {
        "in_progress": [c for c in live if c.step != WAITING_STEP],
        "waiting": [c for c in live if c.step == WAITING_STEP],
        "missed": list(missed),
        "tasks": callback_rows(list(tasks)),
        "now": now,
    }


@bp.route("/")
def home() -> ResponseReturnValue:
    """Each person's own start: the board for staff, the manifests for couriers, else the login page."""
    return redirect(home_url())


@bp.route("/board")
@roles_required(*STAFF)
def board() -> ResponseReturnValue:
    return render_template("board.html", refresh=REFRESH_SECONDS, **board_data())


@bp.route("/board/live")
@roles_required(*STAFF)
def board_live() -> ResponseReturnValue:
    return render_template("_board_live.html", **board_data())


def _task(task_id: int) -> CallbackTask:
    return get_or_404(CallbackTask, task_id)


@bp.route("/callbacks/<int:task_id>/claim", methods=["POST"])
@roles_required(*STAFF)
def claim_callback(task_id: int) -> ResponseReturnValue:
    task = _task(task_id)
    if task.state is not CallbackState.OPEN:
        flash(_("Cuộc gọi lại này đã có người nhận."), "error")
        return redirect(url_for("console.board.board")), 303
    task.state = CallbackState.CLAIMED
    task.claimed_by = current_user.user_id
    audit("callback_claimed", "callback_task", task.id)
    get_session().commit()
    return redirect(url_for("console.board.board")), 303


@bp.route("/callbacks/<int:task_id>/outcome", methods=["POST"])
@roles_required(*STAFF)
def callback_outcome(task_id: int) -> ResponseReturnValue:
    task = _task(task_id)
    mine = task.claimed_by == current_user.user_id or current_user.role in MANAGERS
    if task.state is not CallbackState.CLAIMED or not mine:
        flash(_("Chỉ người đã nhận cuộc gọi lại mới ghi được kết quả."), "error")
        return redirect(url_for("console.board.board")), 303
    outcome = request.form.get("outcome", "").strip()
    if not outcome:
        flash(_("Hãy ghi kết quả cuộc gọi lại."), "error")
        return redirect(url_for("console.board.board")), 303
    task.outcome = outcome
    task.state = CallbackState.DONE
    task.closed_at = utcnow()
    audit("callback_done", "callback_task", task.id, outcome[:200])
    get_session().commit()
    flash(_("Đã ghi kết quả cuộc gọi lại."))
    return redirect(url_for("console.board.board")), 303
