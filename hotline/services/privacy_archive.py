"""The whole export in one file: the JSON, the PDF, and the person's own voice recordings.

The JSON names each recording's audio; the archive carries the audio itself, read from the centre's
store and checked against the checksum the row holds. A file missing or changed on disk is left out,
and the JSON still says it was held.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from hotline.infra.storage import AUDIO_TYPES
from hotline.infra.storage import StoredAudio
from hotline.infra.storage import read_stored

JSON_NAME = "du-lieu-ca-nhan.json"
PDF_NAME = "du-lieu-ca-nhan.pdf"


def build_archive(data: dict[str, Any], pdf: bytes, recordings: Path) -> bytes:
    """A ZIP of the export (services/privacy.export), its PDF and the audio of its recordings."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(PDF_NAME, pdf)
        for row in data["tables"]["recording"]:
            audio = _audio(row, recordings)
            if audio is not None:
                suffix = AUDIO_TYPES.get(row["audio_content_type"], ".bin")
                archive.writestr(f"ghi-am/{row['id']}-{row['purpose']}{suffix}", audio)
    return out.getvalue()


def _audio(row: dict[str, Any], recordings: Path) -> bytes | None:
    if not (row["audio_path"] and row["audio_sha256"] and row["audio_bytes"] is not None):
        return None
    stored = StoredAudio(row["audio_path"], row["audio_sha256"], row["audio_bytes"],
                         row["audio_content_type"] or "application/octet-stream")
    return read_stored(recordings, stored)
