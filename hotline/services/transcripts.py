"""Correcting what the recogniser heard: the machine's text is kept, and the correction is what people read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hotline.models import Dossier
from hotline.models import Feedback
from hotline.models import Recording
from hotline.models import RecordingPurpose


def correct_transcript(session: Session, recording: Recording, text: str, user_id: int | None) -> None:
    """Store a person's correction and carry it to the dossier's note or the feedback that quoted the old text.

    A note or feedback text someone typed themselves (it differs from the recording's old text) stays as it is.
    """
    before = recording.transcript
    if recording.transcript_original is None and before:
        # What the recogniser heard must survive the first correction.
        recording.transcript_original = before
    recording.transcript = text
    recording.corrected_by = user_id
    if recording.purpose is RecordingPurpose.NOTE and recording.dossier_id is not None:
        dossier = session.get(Dossier, recording.dossier_id)
        if dossier is not None and dossier.note in (None, "", before):
            dossier.note = text or None
    if recording.purpose is RecordingPurpose.FEEDBACK and recording.feedback_id is not None:
        feedback = session.get(Feedback, recording.feedback_id)
        if feedback is not None and feedback.text in (None, "", before):
            feedback.text = text or None
