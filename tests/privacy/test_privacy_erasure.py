"""Erasure: what goes, what is masked, what a closed dossier keeps, and the files on disk."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.dispatch.files import manifest_directory
from hotline.infra.db import get_database
from hotline.infra.settings import manifests_dir
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import StorageError
from hotline.infra.storage import store_audio
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import Manifest
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import OwnerName
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import Vessel
from hotline.services.erasure import ErasureRefusedError
from hotline.services.erasure import erase
from hotline.services.privacy import export
from hotline.speech.jobs import Transcription
from tests.factories import make_owner
from tests.factories import make_user
from tests.privacy.person import PHONE
from tests.privacy.person import STRANGER_PHONE
from tests.privacy.person import Person
from tests.privacy.person import fill_person
from tests.privacy.person import fill_relatives_dossier
from tests.privacy.person import fill_stranger
from tests.privacy.person import stores
from tests.privacy.person import wav_bytes


@pytest.fixture
def person(session: Session, tmp_path: Path) -> Person:
    filled = fill_person(session, stores(tmp_path).recordings)
    session.commit()
    return filled


def test_a_delivered_dossier_keeps_its_code_procedure_dates_and_result_and_loses_the_rest(
        session: Session, person: Person, tmp_path: Path) -> None:
    before = session.scalars(select(Dossier).where(Dossier.code == person.dossier_code)).one()
    kept = (before.code, before.phone_code, before.procedure_id, before.state, before.received_at, before.result_at,
            before.closed_at, [(e.from_state, e.to_state, e.actor, e.created_at) for e in before.events])
    erase(session, PHONE, stores(tmp_path))
    session.commit()
    session.expire_all()
    after = session.scalars(select(Dossier).where(Dossier.code == person.dossier_code)).one()
    assert (after.code, after.phone_code, after.procedure_id, after.state, after.received_at, after.result_at,
            after.closed_at, [(e.from_state, e.to_state, e.actor, e.created_at) for e in after.events]) == kept
    assert after.state is DossierState.DELIVERED and after.vessel_number == "QNg-94444-TS"
    assert (after.owner_id, after.vessel_id, after.owner_name_folded, after.caller_phone) == (None, None, None, None)
    assert (after.recipient_name, after.recipient_phone, after.delivery_ward_code, after.delivery_address,
            after.note) == (None, None, None, None, None)
    assert [e.reason for e in after.events] == [None, None]


def test_owner_vessel_draft_recordings_rating_and_unsent_texts_are_deleted(
        session: Session, person: Person, tmp_path: Path) -> None:
    erase(session, PHONE, stores(tmp_path))
    session.commit()
    for model in (Owner, Vessel, Recording, SatisfactionRating):
        assert session.scalars(select(model)).all() == [], model
    assert session.get(Dossier, person.draft_id) is None
    assert session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == person.draft_id)).all() == []
    assert [m.purpose for m in session.scalars(select(OutgoingMessage))] == ["delivered"]


def test_the_search_forgets_a_name_nobody_holds_any_more_and_keeps_a_namesakes(
        session: Session, person: Person, tmp_path: Path) -> None:
    def names() -> list[str]:
        return sorted(session.scalars(select(OwnerName.name_folded)))

    fill_stranger(session)  # Phạm Thị Sáu
    make_owner(session, name="Lê Văn Tư", phone="+84905000222", vessel_digits=None)  # the person's namesake
    session.commit()
    erase(session, PHONE, stores(tmp_path))
    session.commit()
    assert names() == ["le van tu", "pham thi sau"]  # the other Lê Văn Tư's name: it is theirs
    erase(session, STRANGER_PHONE, stores(tmp_path))
    session.commit()
    assert names() == ["le van tu"]


def test_rows_that_stay_in_the_figures_are_masked(session: Session, person: Person, tmp_path: Path) -> None:
    erase(session, PHONE, stores(tmp_path))
    session.commit()
    call = session.scalars(select(Call)).one()
    assert (call.from_number, call.owner_id) == ("+84*******22", None)
    step = session.scalars(select(CallStep)).one()
    assert (step.digits, step.context, step.response, step.step) == (None, {}, "", "confirm_vessel")
    task = session.scalars(select(CallbackTask)).one()
    assert (task.phone, task.outcome, task.state, task.dossier_id) == ("********22", None, CallbackState.DONE, None)
    feedback = session.scalars(select(Feedback)).one()
    assert (feedback.phone, feedback.text, feedback.answer, feedback.owner_id) == (None, None, None, None)
    shipment = session.scalars(select(Shipment)).one()
    assert (shipment.recipient_name, shipment.recipient_phone, shipment.address_line) == ("L***", None, None)
    assert (shipment.contents, shipment.amount_vnd) == ("Giấy phép khai thác", 0)
    attempt = session.scalars(select(ShipmentAttempt)).one()
    assert (attempt.received_by, attempt.note) == (None, None)
    message = session.scalars(select(OutgoingMessage)).one()
    assert (message.to_number, message.body, message.error) == ("+84*******22", "", None)


def test_the_audio_files_are_removed_from_disk(session: Session, person: Person, tmp_path: Path) -> None:
    assert all(path.is_file() for path in person.audio_files)
    erased = erase(session, PHONE, stores(tmp_path))
    assert erased.audio_files == 2
    assert [path for path in person.audio_files if path.exists()] == []


def test_the_manifest_files_that_printed_the_address_are_removed(app: Flask, session: Session, person: Person,
                                                                   tmp_path: Path) -> None:
    assert manifests_dir(app.config) == manifest_directory()  # erasure looks where dispatch writes
    courier = make_user(session, Role.COURIER)
    manifest = Manifest(day=date(2026, 3, 2), courier_id=courier.id)
    other_manifest = Manifest(day=date(2026, 3, 3), courier_id=courier.id)
    session.add_all([manifest, other_manifest])
    session.flush()
    shipment = session.scalars(select(Shipment)).one()
    shipment.manifest_id = manifest.id
    directory = stores(tmp_path).manifests
    directory.mkdir()
    mine = [directory / f"bang-ke-{manifest.id}-2026-03-02-buu-ta{suffix}" for suffix in (".pdf", ".csv", ".xlsx")]
    other = directory / f"bang-ke-{manifest.id}0-2026-03-02-buu-ta.pdf"
    for path in (*mine, other):
        path.write_bytes(b"Le Van Tu")
    fill_relatives_dossier(session)  # a postal item the person received for another owner, on a manifest too
    named = session.scalars(select(Shipment).where(Shipment.tracking_code != shipment.tracking_code)).one()
    named.manifest_id = other_manifest.id
    theirs = directory / f"bang-ke-{other_manifest.id}-2026-03-03-buu-ta.pdf"
    theirs.write_bytes(b"Le Van Tu")
    assert erase(session, PHONE, stores(tmp_path)).manifest_files == 4
    assert [path.name for path in directory.iterdir()] == [other.name]


def test_a_file_that_cannot_be_removed_stops_the_erasure_before_anything_is_committed(
        session: Session, person: Person, tmp_path: Path) -> None:
    stuck = person.audio_files[0]
    stuck.unlink()
    stuck.mkdir()  # a directory where the file was: unlink fails even for root
    with pytest.raises(StorageError):
        erase(session, PHONE, stores(tmp_path))
    session.rollback()
    assert session.scalars(select(Owner.full_name)).all() == ["Lê Văn Tư"]
    shutil.rmtree(stuck)


def test_after_erasure_an_export_finds_only_the_request_log_and_the_stranger_is_untouched(
        session: Session, person: Person, tmp_path: Path) -> None:
    stranger = fill_stranger(session)
    session.commit()
    erase(session, PHONE, stores(tmp_path))
    session.commit()
    counts = export(session, PHONE)["counts"]
    assert {table: n for table, n in counts.items() if n} == {"privacy_request": 1}
    again = export(session, "+84912000999")
    assert again["tables"]["owner"][0]["full_name"] == stranger["name"]
    assert again["tables"]["vessel"][0]["registration_number"] == stranger["vessel"]


def test_audio_a_running_job_fetches_for_a_recording_erased_meanwhile_is_not_left_on_disk(
        app: Flask, session: Session) -> None:
    rec = Recording(recording_sid="RE-race", purpose=RecordingPurpose.NOTE, url="http://127.0.0.1:9/race")
    other = Recording(recording_sid="RE-taken", purpose=RecordingPurpose.NOTE, url="http://127.0.0.1:9/taken")
    session.add_all([rec, other])
    session.commit()
    jobs = [Transcription(get_database(), app.config, r.id, f"tok-{r.id}") for r in (rec, other)]
    for job in jobs:
        assert job.claim(has_model=True) is not None
    session.delete(rec)  # erased while its job is fetching the audio
    session.commit()
    other.job_id = "another-job"  # taken over: that job's copy may have the same name, so it stays
    session.commit()
    root = recordings_dir(app.config)
    stored = [store_audio(root, job.recording_id, wav_bytes()) for job in jobs]
    for job, copy in zip(jobs, stored, strict=True):
        job.keep(copy)
    assert [(root / copy.path).exists() for copy in stored] == [False, True]


def test_another_owners_dossier_that_names_the_person_loses_only_what_names_them(session: Session,
                                                                                 tmp_path: Path) -> None:
    code = fill_relatives_dossier(session)
    session.commit()
    data = export(session, PHONE)
    assert data["tables"]["dossier"] == [] and data["counts"]["named_in_dossier"] == 1
    (named,) = data["named_in"]["dossier"]
    assert (named["code"], named["recipient_name"], named["caller_phone"]) == (code, "Lê Văn Tư", "0905111222")
    text = json.dumps(data, ensure_ascii=False)
    assert "Phạm Văn Chín" not in text and "Chủ tàu Chín đi biển" not in text and "QNg-97777-TS" not in text
    assert [s["recipient_name"] for s in data["named_in"]["shipment"]] == ["Lê Văn Tư"]
    erased = erase(session, PHONE, stores(tmp_path))
    session.commit()
    assert erased.counts["named_in_dossier"] == 1 and erased.counts["named_in_shipment"] == 1
    dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
    assert (dossier.caller_phone, dossier.recipient_name, dossier.recipient_phone, dossier.delivery_address) == \
        (None, None, None, None)
    assert dossier.owner is not None and dossier.owner.full_name == "Phạm Văn Chín"
    assert (dossier.note, dossier.owner_name_folded) == ("Chủ tàu Chín đi biển", "pham van chin")
    shipment = session.scalars(select(Shipment)).one()
    assert (shipment.recipient_name, shipment.recipient_phone, shipment.address_line) == ("L***", None, None)
    assert session.scalars(select(Owner.full_name)).all() == ["Phạm Văn Chín"]


def test_an_open_dossier_of_another_owner_that_names_the_person_waits_too(session: Session, tmp_path: Path) -> None:
    code = fill_relatives_dossier(session, DossierState.IN_PROGRESS)
    with pytest.raises(ErasureRefusedError) as refused:
        erase(session, PHONE, stores(tmp_path))
    assert refused.value.codes == [code]
