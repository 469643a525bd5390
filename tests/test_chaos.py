"""The hotline under chaos: 100+ calls while workers are SIGKILLed, Redis stops for 30 s and the web app crashes.

Every caller is answered and hears the receipt, every call files one dossier, Twilio gets each receipt
exactly once, and each voice note is stored once and transcribed once. bench/chaos runs the same harness
(tests/chaos/) ten times bigger.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline.models import CallStatus
from hotline.models import MessageState
from hotline.models import TranscriptStatus
from tests.chaos.database import create_postgres_database
from tests.chaos.database import drop_postgres_database
from tests.chaos.phones import record_note
from tests.chaos.plan import Plan
from tests.chaos.plan import run_chaos
from tests.tools import require_tool

pytestmark = pytest.mark.slow

PLAN = Plan(calls=104, call_seconds=50, worker_kills=3, redis_outage=30, web_restarts=1, workers=2)


@pytest.fixture
def chaos_database(tmp_path: Path) -> Iterator[str]:
    """PostgreSQL, the production path, when the suite has one (TEST_DATABASE_URL); else an SQLite file."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'chaos.db'}"
        return
    url = create_postgres_database(server)
    yield url
    drop_postgres_database(server, url)


def test_calls_through_worker_kills_a_redis_outage_and_a_web_crash_lose_nothing_and_double_nothing(
        tmp_path: Path, chaos_database: str) -> None:
    require_tool("espeak-ng")
    require_tool("sox")
    note = record_note(tmp_path / "note.wav")
    # Most of the run is decoding 104 notes: a minute and a half on two free cores, several on a busy machine.
    run = run_chaos(PLAN, tmp_path / "run", chaos_database, note, drain_timeout=600)
    found = run.audit
    print("".join(f"\n{at:5.1f} s  {what}" for at, _action, what in run.done))
    print("\n".join(f"{name}: {count}" for name, count in found.figures(run.note_sha256).items()))
    print(f"seconds to drain after recovery: {run.drain_seconds:.1f} (texts {run.drained['texts']:.1f}, notes "
          f"{run.drained['notes']:.1f}); whole run: {run.total_seconds:.0f}")

    assert [action for _at, action, _what in run.done] == [event.action for event in PLAN.timeline()]
    assert run.unexpected_exits == []
    sids = [outcome.call_sid for outcome in found.outcomes]
    assert len(set(sids)) == PLAN.calls
    # Every caller answered to the end, the web app's crash costing some of them a retried webhook only.
    assert found.failed_calls == {}
    assert sum(outcome.retries for outcome in found.outcomes) > 0
    assert found.heard_receipt == {sid: True for sid in sids}
    assert found.call_status == {sid: CallStatus.COMPLETED for sid in sids}
    # One dossier per call.
    assert found.dossiers == Counter(sids)
    # One receipt per dossier, sent; Twilio took each exactly once and nothing else. The one exception is
    # the bound services/sms.py states: a text whose sending a kill cut between Twilio's acceptance and
    # the commit goes once more after its lease, so twice, and only such a text.
    assert {sid: [(t.purpose, t.state) for t in texts] for sid, texts in found.texts.items()} == {
        sid: [("receipt", MessageState.SENT)] for sid in sids}
    assert set(found.deliveries) == set(found.expected_deliveries)
    assert set(found.expected_deliveries.values()) == {1}
    cut_texts = {job.row_id for job in run.interrupted if job.job == "send_sms"}
    twice = {t.id: found.deliveries[(t.to_number, t.body)] for texts in found.texts.values() for t in texts
             if found.deliveries[(t.to_number, t.body)] != 1}
    assert set(twice.values()) <= {2} and set(twice) <= cut_texts
    # Twilio never refused: a text took a second attempt only when a kill cut its first one short.
    assert {t.id for texts in found.texts.values() for t in texts if t.attempts != 1} <= cut_texts
    # One note per call, its audio stored intact and transcribed; no other file in the recordings folder.
    notes = [n for sid in sids for n in found.notes[sid]]
    assert [len(found.notes[sid]) for sid in sids] == [1] * PLAN.calls
    assert all(n.status is TranscriptStatus.DONE and n.transcript and n.transcript == n.transcript_original
               for n in notes)
    assert {(n.sha256, n.stored) for n in notes} == {(run.note_sha256, note.read_bytes())}
    assert len(found.files) == PLAN.calls
    # A note is transcribed again only when a kill cut its transcription short, and then once more.
    cut_notes = {job.row_id for job in run.interrupted if job.job == "transcribe_recording"}
    again = {n.recording_id: n.attempts for n in notes if n.attempts != 1}
    assert set(again.values()) <= {2} and set(again) <= cut_notes
