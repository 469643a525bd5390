"""Listening to recordings (audited) and correcting their transcripts (the original is kept)."""

from __future__ import annotations

import requests
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.models import Recording
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _
from hotline.web.redirects import safe_next

bp = Blueprint("recordings", __name__)

TWILIO_API = "https://api.twilio.com/"
FETCH_TIMEOUT = 10


def _recording(recording_id: int) -> Recording:
    return get_or_404(Recording, recording_id)


@bp.route("/recordings/<int:recording_id>/audio")
@roles_required(*STAFF)
def recording_audio(recording_id: int) -> ResponseReturnValue:
    """Stream the recording through the console, so every listen is in the audit trail."""
    recording = _recording(recording_id)
    audit("recording_listened", "recording", recording.id)
    get_session().commit()
    # Twilio's credentials go only to Twilio; other sources (the `hotline call` phone) are open.
    auth = None
    if recording.url.startswith(TWILIO_API):
        auth = (current_app.config["TWILIO_ACCOUNT_SID"], current_app.config["TWILIO_AUTH_TOKEN"])
    try:
        upstream = requests.get(recording.url, auth=auth, timeout=FETCH_TIMEOUT, stream=True)
    except requests.RequestException:
        return _("Không tải được bản ghi âm từ nhà cung cấp."), 502
    if upstream.status_code != 200:
        upstream.close()
        return _("Không tải được bản ghi âm từ nhà cung cấp."), 502
    return Response(upstream.iter_content(64 * 1024),
                    mimetype=upstream.headers.get("Content-Type", "audio/wav"))


@bp.route("/recordings/<int:recording_id>/transcript", methods=["POST"])
@roles_required(*STAFF)
def correct_transcript(recording_id: int) -> ResponseReturnValue:
    recording = _recording(recording_id)
    text = request.form.get("transcript", "").strip()
    if recording.transcript_original is None and recording.transcript:
        # What the recogniser heard must survive the first correction.
        recording.transcript_original = recording.transcript
    recording.transcript = text
    recording.corrected_by = current_user.user_id
    audit("transcript_corrected", "recording", recording.id)
    get_session().commit()
    flash(_("Đã lưu bản chép lời."))
    return redirect(safe_next(request.form.get("next")) or "/"), 303
