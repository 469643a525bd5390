"""Feedback and complaints from the hotline: assigned, answered, closed."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.models import Feedback
from hotline.models import FeedbackState
from hotline.models import Recording
from hotline.models import User
from hotline.models import utcnow
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _

bp = Blueprint("feedback", __name__)


@bp.route("/feedback")
@roles_required(*STAFF)
def feedback_list() -> ResponseReturnValue:
    wanted = request.args.get("state", "")
    query = select(Feedback).order_by(Feedback.created_at.desc()).limit(200)
    if wanted in {s.value for s in FeedbackState}:
        query = query.where(Feedback.state == FeedbackState(wanted))
    return render_template("feedback_list.html", items=list(get_session().scalars(query)),
                           states=list(FeedbackState), wanted=wanted)


def _feedback(feedback_id: int) -> Feedback:
    return get_or_404(Feedback, feedback_id)


@bp.route("/feedback/<int:feedback_id>")
@roles_required(*STAFF)
def feedback_page(feedback_id: int) -> ResponseReturnValue:
    item = _feedback(feedback_id)
    db = get_session()
    recordings = db.scalars(select(Recording).where(Recording.feedback_id == item.id).order_by(Recording.id))
    staff = db.scalars(select(User).where(User.active, User.role.in_(STAFF)).order_by(User.username))
    return render_template("feedback.html", item=item, recordings=list(recordings), staff=list(staff),
                           assignee=db.get(User, item.assigned_to) if item.assigned_to else None,
                           answerer=db.get(User, item.answered_by) if item.answered_by else None)


@bp.route("/feedback/<int:feedback_id>/<action>", methods=["POST"])
@roles_required(*STAFF)
def feedback_action(feedback_id: int, action: str) -> ResponseReturnValue:
    item = _feedback(feedback_id)
    db = get_session()
    if item.state is FeedbackState.CLOSED:
        flash(_("Phản ánh đã đóng."), "error")
        return redirect(url_for("console.feedback.feedback_page", feedback_id=item.id)), 303
    if action == "assign":
        user_id = request.form.get("user_id", "")
        user = db.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or user.role not in STAFF:
            abort(400)
        item.assigned_to, item.state = user.id, FeedbackState.ASSIGNED
    elif action == "answer":
        answer = request.form.get("answer", "").strip()
        if not answer:
            flash(_("Hãy ghi nội dung trả lời."), "error")
            return redirect(url_for("console.feedback.feedback_page", feedback_id=item.id)), 303
        item.answer, item.state, item.answered_at = answer, FeedbackState.ANSWERED, utcnow()
        item.answered_by = current_user.user_id
    elif action == "close":
        item.state = FeedbackState.CLOSED
    else:
        abort(404)
    audit(f"feedback_{action}", "feedback", item.id)
    db.commit()
    return redirect(url_for("console.feedback.feedback_page", feedback_id=item.id)), 303
