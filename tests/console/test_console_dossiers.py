"""Working a dossier through the console: search, the page, moves, transcripts, audio, receipt."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.infra.settings import recordings_dir
from hotline.infra.storage import store_audio
from hotline.models import AuditEntry
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from hotline.models import VesselFlag
from tests.console.conftest import post_form
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session
from tests.tools import require_tool


@pytest.fixture
def dossier_code(app: Flask) -> str:
    with open_session(app) as session:
        make_owner(session, name="Trần Thị Bình", phone="+84987654321", vessel_digits="91111")
        dossier = make_dossier(session, make_owner(session))
        session.commit()
        return dossier.code


def _audited(app: Flask, action: str) -> list[AuditEntry]:
    with open_session(app) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_queue_finds_a_name_written_without_accents(dossier_code: str,
                                                    signed_in: Callable[[Role], FlaskClient]) -> None:
    page = signed_in(Role.OPERATOR).get("/dossiers?q=nguyen+van+a").get_data(as_text=True)
    assert dossier_code in page
    assert "Nguyễn Văn A" in page
    assert "Trần Thị Bình" not in page


def test_queue_filters_by_state_and_reports_bad_dates(dossier_code: str,
                                                      signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    assert dossier_code not in client.get("/dossiers?state=in_progress").get_data(as_text=True)
    page = client.get("/dossiers?state=received&received_from=31/02/2024").get_data(as_text=True)
    assert dossier_code in page
    assert "Ngày không hợp lệ: 31/02/2024" in page


def test_page_offers_only_allowed_moves_and_a_move_is_recorded(
        app: Flask, dossier_code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    page = client.get(f"/dossiers/{dossier_code}").get_data(as_text=True)
    assert 'value="in_progress"' in page
    assert 'value="delivered"' not in page
    page_url = f"/dossiers/{dossier_code}"
    refused = post_form(client, f"{page_url}/move", {"to": "delivered"}, page=page_url)
    assert refused.status_code == 303
    moved = post_form(client, f"{page_url}/move", {"to": "in_progress", "reason": "đủ giấy"}, page=page_url)
    assert moved.status_code == 303
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == dossier_code)).one()
        assert dossier.state is DossierState.IN_PROGRESS
        assert dossier.due_date is not None
        last = dossier.events[-1]
        assert last.actor.startswith("user:") and last.reason == "đủ giấy"
    assert [e.detail for e in _audited(app, "state_change")] == ["received -> in_progress: đủ giấy"]
    assert _audited(app, "address_read")


def test_move_without_csrf_token_is_refused(dossier_code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    assert client.post(f"/dossiers/{dossier_code}/move", data={"to": "in_progress"}).status_code == 400


def test_listening_is_audited_and_corrections_keep_the_original(
        app: Flask, dossier_code: str, signed_in: Callable[[Role], FlaskClient]) -> None:
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == dossier_code)).one()
        recording = Recording(recording_sid="RE1", purpose=RecordingPurpose.NOTE, url="https://api.twilio.com/x",
                              dossier_id=dossier.id, transcript_original="xin cap lai", transcript="xin cap lai")
        recording.keep_audio(store_audio(recordings_dir(app.config), 1, b"RIFF....WAVE"))
        session.add(recording)
        session.commit()
        recording_id = recording.id
    client = signed_in(Role.OPERATOR)
    with client.get(f"/recordings/{recording_id}/audio") as audio:
        assert audio.status_code == 200 and audio.get_data() == b"RIFF....WAVE"
    assert [e.object_id for e in _audited(app, "recording_listened")] == [str(recording_id)]
    page_url = f"/dossiers/{dossier_code}"
    post_form(client, f"/recordings/{recording_id}/transcript",
              {"transcript": "xin cấp lại giấy phép", "next": page_url}, page=page_url)
    with open_session(app) as session:
        saved = session.get(Recording, recording_id)
        assert saved is not None
        assert saved.transcript == "xin cấp lại giấy phép"
        assert saved.transcript_original == "xin cap lai"
    page = client.get(page_url).get_data(as_text=True)
    assert "xin cap lai" in page and "xin cấp lại giấy phép" in page


def test_receipt_pdf_carries_the_name_with_diacritics_and_the_phone_code(
        app: Flask, dossier_code: str, signed_in: Callable[[Role], FlaskClient], tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdftotext = require_tool("pdftotext", "poppler-utils")
    response = signed_in(Role.OPERATOR).get(f"/dossiers/{dossier_code}/receipt.pdf")
    assert response.mimetype == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(response.data)
    text = subprocess.run([pdftotext, str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    with open_session(app) as session:
        phone_code = session.scalars(select(Dossier.phone_code).where(Dossier.code == dossier_code)).one()
    assert "Nguyễn Văn A" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert " ".join(phone_code[i:i + 4] for i in range(0, len(phone_code), 4)) in text


def test_receipt_pdf_points_to_the_privacy_page(dossier_code: str, signed_in: Callable[[Role], FlaskClient],
                                                tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    response = signed_in(Role.OPERATOR).get(f"/dossiers/{dossier_code}/receipt.pdf")
    (tmp_path / "r.pdf").write_bytes(response.data)
    text = subprocess.run([pdftotext, str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Dữ liệu cá nhân và quyền của ông/bà: http://hotline.test/rieng-tu" in text


def test_operator_takes_a_new_dossier_for_a_new_owner(app: Flask, signed_in: Callable[[Role], FlaskClient]) -> None:
    client = signed_in(Role.OPERATOR)
    form = {"full_name": "Lê Văn Cường", "phone": "0905 123 456", "commune": "", "address_line": "Thôn Tây",
            "procedure_id": "3", "vessel_number": "92222", "note": "cần gấp"}
    response = post_form(client, "/dossiers/new", form, page="/dossiers/new")
    assert response.status_code == 303
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        assert dossier.owner is not None and dossier.owner.phone == "+84905123456"
        # Filing does not add to the registry: a number it does not know is flagged for the operator.
        assert dossier.vessel is None and dossier.vessel_number == "QNg-92222-TS"
        assert dossier.vessel_flag is VesselFlag.NOT_REGISTERED and dossier.needs_review
        assert dossier.events[0].actor.startswith("user:")
    bad = post_form(client, "/dossiers/new", {**form, "phone": "12"}, page="/dossiers/new")
    assert bad.status_code == 422 and "Số điện thoại không hợp lệ" in bad.get_data(as_text=True)
