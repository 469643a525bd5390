"""The admins' health page: every rule of `hotline check`, with the details /healthz keeps to itself."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask.typing import ResponseReturnValue

from hotline.models import Role
from hotline.services.doctor import RULES
from hotline.services.doctor import run_rules
from hotline.speech.checkup import page_check_speech_model
from hotline.web.auth import roles_required
from hotline.web.i18n import current_language

bp = Blueprint("checkup", __name__)

# Every rule runs on each visit, except loading the speech model into a web process and asking Twilio.
PAGE_RULES = (*RULES.values(), page_check_speech_model)


@bp.get("/admin/health")
@roles_required(Role.ADMIN)
def admin_health() -> ResponseReturnValue:
    findings = run_rules(current_app, PAGE_RULES)
    return render_template("admin_health.html", findings=findings, language=current_language(),
                           problems=sum(len(f.problems) for f in findings))
