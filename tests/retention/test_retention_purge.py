"""The retention schedule, applied: each kind goes exactly when its period has passed, what must stay stays,
files leave the disk, the audit row holds counts only, and a second run changes nothing."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.retention import retention_schedule
from hotline.infra.settings import recordings_dir
from hotline.models import AuditEntry
from hotline.models import Base
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import Feedback
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import Recording
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.services.retention import PURGE_ACTION
from hotline.services.retention import purge
from tests.retention.conftest import OWNER_NAME
from tests.retention.conftest import OWNER_PHONE
from tests.retention.conftest import T0
from tests.retention.conftest import WORDS
from tests.retention.conftest import World

MASKED = "+8491*****78"
LONG_AFTER = T0 + timedelta(days=6 * 365)


def run(app: Flask, session: Session, now: datetime, **options: Any) -> dict[str, int]:
    session.rollback()
    counts = purge(session, now, retention_schedule(), recordings_dir(app.config), **options)
    session.expire_all()
    return counts


# Each period of config/retention.toml, in days, and how many of build_world's rows each kind it governs takes.
TIMELINE = [
    (30, {"drafts": 1}),
    (90, {"audio": 2, "messages": 1}),
    (180, {"calls": 1, "callbacks": 1, "feedback": 1}),
    (365, {"transcripts": 1}),
    (730, {"dossiers": 1, "shipments": 1}),
    (1825, {"audit": 1}),
]


def test_each_kind_goes_exactly_when_its_period_has_passed(app: Flask, session: Session, world: World) -> None:
    for days, taken in TIMELINE:
        period = timedelta(days=days)
        just_before = run(app, session, T0 + period - timedelta(seconds=1))
        assert {kind: just_before[kind] for kind in taken} == dict.fromkeys(taken, 0), days
        just_after = run(app, session, T0 + period + timedelta(seconds=1))
        assert {kind: count for kind, count in just_after.items() if count} == taken, days


def test_audio_leaves_the_disk_and_the_row_says_why(app: Flask, session: Session, world: World) -> None:
    assert all(path.is_file() for path in world.files.values())
    run(app, session, T0 + timedelta(days=91))
    gone = {"closed_note", "feedback", "draft_note"}
    assert {name for name, path in world.files.items() if not path.exists()} == gone
    for name, rid in world.recordings.items():
        rec = session.get_one(Recording, rid)
        if name in gone:
            assert rec.audio_purged_at == T0 + timedelta(days=91)
            assert (rec.audio_path, rec.audio_sha256, rec.audio_bytes, rec.stored_audio) == (None, None, None, None)
        else:  # the dossier is still open: operators may still need to hear it
            assert rec.audio_purged_at is None and rec.stored_audio is not None


def test_masked_rows_keep_what_must_stay(app: Flask, session: Session, world: World) -> None:
    closed = session.get_one(Dossier, world.closed_dossier)
    kept = (closed.code, closed.phone_code, closed.received_at, closed.closed_at, closed.procedure_id,
            closed.state, closed.owner_id, closed.recipient_name, closed.delivery_ward_code, closed.note)
    draft = session.get_one(Dossier, world.draft)
    draft_kept = (draft.code, draft.received_at, draft.procedure_id, draft.state)
    run(app, session, LONG_AFTER)

    closed = session.get_one(Dossier, world.closed_dossier)
    assert (closed.code, closed.phone_code, closed.received_at, closed.closed_at, closed.procedure_id,
            closed.state, closed.owner_id, closed.recipient_name, closed.delivery_ward_code, closed.note) == kept
    assert (closed.caller_phone, closed.recipient_phone, closed.delivery_address) == (MASKED, MASKED, None)
    shipment = session.get_one(Shipment, world.shipment)
    assert (shipment.tracking_code, shipment.recipient_name, shipment.ward_code, shipment.amount_vnd) == (
        "RR000000001VN", OWNER_NAME, 21548, 25000)
    assert (shipment.recipient_phone, shipment.address_line) == (MASKED, None)
    attempt = session.scalars(select(ShipmentAttempt)).one()
    assert (attempt.received_by, attempt.note) == (OWNER_NAME, None)

    draft = session.get_one(Dossier, world.draft)
    assert (draft.code, draft.received_at, draft.procedure_id, draft.state) == draft_kept
    assert (draft.caller_phone, draft.recipient_phone) == (MASKED, MASKED)
    assert (draft.owner_id, draft.owner_name_folded, draft.vessel_id, draft.vessel_number, draft.note,
            draft.recipient_name, draft.delivery_address) == (None,) * 7
    task = session.get_one(CallbackTask, world.draft_callback)
    assert (task.phone, task.state, task.dossier_id) == (MASKED, CallbackState.DONE, world.draft)
    assert session.get_one(CallbackTask, world.callback).phone == MASKED

    call = session.get_one(Call, world.call)
    assert (call.from_number, call.owner_id, call.started_at) == (MASKED, None, T0)
    steps = session.scalars(select(CallStep).where(CallStep.call_id == world.call).order_by(CallStep.id)).all()
    assert [(s.step, s.digits, s.context, s.response) for s in steps] == [
        ("main_menu", None, {}, ""), ("feedback", None, {}, "")]

    message = session.get_one(OutgoingMessage, world.message)
    assert (message.body, message.to_number, message.purpose, message.state, message.sent_at) == (
        "", MASKED, "receipt", MessageState.SENT, T0)
    feedback = session.get_one(Feedback, world.feedback)
    assert (feedback.phone, feedback.text, feedback.answer) == (MASKED, None, "Đã trả lời")


def test_transcripts_go_with_voicemail_and_feedback_but_stay_with_a_dossier(
        app: Flask, session: Session, world: World) -> None:
    run(app, session, LONG_AFTER)
    texts = {name: session.get_one(Recording, rid) for name, rid in world.recordings.items()}
    for name in ("feedback", "draft_note"):
        rec = texts[name]
        assert (rec.transcript, rec.transcript_original, rec.words) == (None, None, None)
        assert rec.transcript_purged_at == LONG_AFTER
    for name in ("closed_note", "open_note"):
        assert (texts[name].transcript, texts[name].transcript_purged_at) == (WORDS, None)


def test_an_open_feedback_item_keeps_its_transcript_and_its_number(app: Flask, session: Session,
                                                                  world: World) -> None:
    feedback = session.get_one(Feedback, world.feedback)
    feedback.state = feedback.state.OPEN
    session.commit()
    counts = run(app, session, LONG_AFTER)
    assert (counts["transcripts"], counts["feedback"]) == (0, 0)
    feedback = session.get_one(Feedback, world.feedback)
    assert (feedback.text, feedback.phone) == (WORDS, OWNER_PHONE)
    assert session.get_one(Recording, world.recordings["feedback"]).transcript == WORDS


def test_old_audit_rows_go_and_each_run_leaves_one_with_counts_only(app: Flask, session: Session,
                                                                    world: World) -> None:
    counts = run(app, session, LONG_AFTER)
    entry = session.scalars(select(AuditEntry)).one()  # the row of T0 is gone, the run's is there
    assert (entry.action, entry.object_type, entry.object_id, entry.user_id, entry.created_at) == (
        PURGE_ACTION, "retention", "cli", None, LONG_AFTER)
    assert entry.detail == " ".join(f"{kind}={count}" for kind, count in counts.items())
    assert entry.detail == ("audio=2 transcripts=1 calls=1 callbacks=1 feedback=1 drafts=1 messages=1 audit=1 "
                            "dossiers=1 shipments=1")
    for secret in (OWNER_PHONE, "0912345678", "345678", OWNER_NAME, "Nguyễn", WORDS, "cần"):
        assert secret not in entry.detail


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    session.expire_all()
    tables = {}
    for table in Base.metadata.sorted_tables:
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
        tables[table.name] = [tuple(row) for row in rows]
    return tables


def test_a_second_run_changes_nothing(app: Flask, session: Session, world: World) -> None:
    first = run(app, session, LONG_AFTER)
    assert sum(first.values()) > 0
    before = snapshot(session)
    second = run(app, session, LONG_AFTER)
    assert set(second.values()) == {0}
    after = snapshot(session)
    assert len(after.pop("audit_entry")) == len(before.pop("audit_entry")) + 1
    assert after == before


def test_a_dry_run_counts_what_a_run_will_do_and_changes_nothing(app: Flask, session: Session,
                                                                world: World) -> None:
    before = snapshot(session)
    due = run(app, session, LONG_AFTER, dry_run=True)
    assert snapshot(session) == before
    assert all(path.is_file() for path in world.files.values())
    assert run(app, session, LONG_AFTER) == due


def test_small_batches_do_the_same_and_a_file_that_will_not_go_waits_for_the_next_run(
        app: Flask, session: Session, world: World) -> None:
    stuck = session.get_one(Recording, world.recordings["closed_note"])
    stuck.audio_path = "../outside.wav"  # refused by the storage, as a file it cannot delete would be
    for n in range(5):
        session.add(OutgoingMessage(to_number=f"+8490000000{n}", body="x", purpose="status",
                                    state=MessageState.SENT, sent_at=T0, created_at=T0))
    session.commit()
    counts = run(app, session, LONG_AFTER, batch_size=2)
    assert (counts["messages"], counts["audio"]) == (6, 1)
    assert session.get_one(Recording, world.recordings["closed_note"]).audio_purged_at is None
    assert session.get_one(Recording, world.recordings["feedback"]).audio_purged_at is not None
    assert set(session.scalars(select(OutgoingMessage.body))) == {""}
    assert run(app, session, LONG_AFTER, batch_size=2)["audio"] == 0  # tried again, still stuck
    assert session.get_one(Recording, world.recordings["closed_note"]).audio_purged_at is None
