"""Transcription jobs (being written under issue 4; this signature is the contract the IVR queues)."""

from __future__ import annotations


def transcribe_recording(recording_id: int) -> None:
    """Fetch a recording's audio, transcribe it with the worker's Vosk model, store the text."""
    raise NotImplementedError("transcription arrives with the speech issue")
