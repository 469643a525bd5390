"""Listening to recordings (audited) and correcting their transcripts (the original is kept)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import send_file
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hotline.infra.db import get_or_404
from hotline.infra.db import get_session
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import AUDIO_TYPES
from hotline.infra.storage import OCTET_STREAM
from hotline.infra.storage import StorageError
from hotline.infra.storage import inside
from hotline.models import AuditEntry
from hotline.models import Recording
from hotline.models import utcnow
from hotline.services.transcripts import correct_transcript as correct_transcript_of
from hotline.web.auth import STAFF
from hotline.web.auth import audit
from hotline.web.auth import current_user_id
from hotline.web.auth import roles_required
from hotline.web.i18n import translate as _
from hotline.web.redirects import safe_next

log = logging.getLogger(__name__)

bp = Blueprint("recordings", __name__)

LISTENED = "recording_listened"
# The player asks again for each seek; one audit row per person and recording within this window.
LISTEN_WINDOW = timedelta(minutes=10)
# Whatever the file holds, a browser must never run it: no sniffing, no scripts, no frames.
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}
# What the console says where the retention schedule (config/retention.toml) removed something.
AUDIO_PURGED = "Bản ghi âm đã được xoá theo thời hạn lưu trữ."
TRANSCRIPT_PURGED = "Bản chép lời đã được xoá theo thời hạn lưu trữ."


def _recording(recording_id: int) -> Recording:
    return get_or_404(Recording, recording_id)


def _plain(text: str, status: int) -> Response:
    return Response(text, status, mimetype="text/plain", headers={"X-Content-Type-Options": "nosniff"})


def _audit_listen(recording_id: int) -> None:
    recent = select(AuditEntry.id).where(
        AuditEntry.action == LISTENED, AuditEntry.object_type == "recording",
        AuditEntry.object_id == str(recording_id), AuditEntry.user_id == current_user_id(),
        AuditEntry.created_at > utcnow() - LISTEN_WINDOW).limit(1)
    if get_session().scalar(recent) is None:
        audit(LISTENED, "recording", recording_id)
        get_session().commit()


@bp.route("/recordings/<int:recording_id>/audio")
@roles_required(*STAFF)
def recording_audio(recording_id: int) -> ResponseReturnValue:
    """Play the centre's own copy of the recording (audited); nothing is ever fetched from elsewhere."""
    recording = _recording(recording_id)
    if recording.audio_purged_at is not None:
        return _plain(_(AUDIO_PURGED), 410)
    stored = recording.stored_audio
    if stored is None:
        return _plain(_("Bản ghi âm chưa được lưu về trung tâm; thử lại sau ít phút."), 404)
    try:
        path = inside(recordings_dir(current_app.config), stored.path)
        if not path.is_file():
            raise StorageError(f"{stored.path} is not in the storage directory")
    except StorageError as exc:
        log.error("recording %s: its stored audio cannot be served: %s", recording.id, exc)
        return _plain(_("Không tìm thấy tệp ghi âm trong kho của trung tâm; hãy báo quản trị viên."), 404)
    _audit_listen(recording.id)
    playable = stored.content_type in AUDIO_TYPES
    response = send_file(path, mimetype=stored.content_type if playable else OCTET_STREAM,
                         as_attachment=not playable, conditional=True, etag=stored.sha256, max_age=None,
                         download_name=f"recording-{recording.id}{AUDIO_TYPES.get(stored.content_type, '.bin')}")
    response.headers.update(MEDIA_HEADERS)
    return response


@bp.route("/recordings/<int:recording_id>/transcript", methods=["POST"])
@roles_required(*STAFF)
def correct_transcript(recording_id: int) -> ResponseReturnValue:
    recording = _recording(recording_id)
    if recording.transcript_purged_at is not None:
        # What the schedule removed is not written back, not even as a correction.
        flash(_(TRANSCRIPT_PURGED), "error")
        return redirect(safe_next(request.form.get("next")) or "/"), 303
    correct_transcript_of(get_session(), recording, request.form.get("transcript", "").strip(), current_user.user_id)
    audit("transcript_corrected", "recording", recording.id)
    get_session().commit()
    flash(_("Đã lưu bản chép lời."))
    return redirect(safe_next(request.form.get("next")) or "/"), 303
