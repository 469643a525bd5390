"""`hotline privacy export|erase`: logged as requests, audited with counts, refusing what it must."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import AuditEntry
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import RequestKind
from hotline.models import RequestState
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.privacy.person import PHONE
from tests.privacy.person import Person
from tests.privacy.person import fill_person
from tests.tools import open_session
from tests.tools import require_tool

HOTLINE = Path(sys.executable).parent / "hotline"


@pytest.fixture
def recordings(app: Flask, tmp_path: Path) -> Path:
    app.config["RECORDINGS_DIR"] = str(tmp_path / "recordings")
    return tmp_path / "recordings"


@pytest.fixture
def person(app: Flask, recordings: Path) -> Person:
    with open_session(app) as session:
        filled = fill_person(session, recordings)
        session.commit()
    return filled


def test_export_prints_the_json_and_logs_a_done_access_request(runner: FlaskCliRunner, person: Person,
                                                                 session: Session) -> None:
    result = runner.invoke(args=["privacy", "export", "--phone", "0905 111 222"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["phone"] == PHONE and data["tables"]["owner"][0]["full_name"] == "Lê Văn Tư"
    assert "privacy request" in result.stderr and PHONE not in result.stderr
    request = session.scalars(select(PrivacyRequest).where(PrivacyRequest.note == "hotline privacy export")).one()
    assert (request.kind, request.state) == (RequestKind.ACCESS, RequestState.DONE)
    assert session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "privacy_request")).all() \
        == ["privacy_export"]


def test_export_writes_a_pdf_to_the_file_given_and_needs_one(runner: FlaskCliRunner, person: Person,
                                                             tmp_path: Path) -> None:
    refused = runner.invoke(args=["privacy", "export", "--phone", PHONE, "--format", "pdf"])
    assert refused.exit_code == 2 and "a PDF needs --out FILE" in refused.output
    out = tmp_path / "tu.pdf"
    done = runner.invoke(args=["privacy", "export", "--phone", PHONE, "--format", "pdf", "--out", str(out)])
    assert done.exit_code == 0, done.output
    pdftotext = require_tool("pdftotext", "poppler-utils")
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Lê Văn Tư" in text and "THÔNG TIN CÁ NHÂN TRUNG TÂM ĐANG LƯU GIỮ" in text


def test_export_writes_a_zip_with_the_recordings(runner: FlaskCliRunner, person: Person, tmp_path: Path) -> None:
    out = tmp_path / "tu.zip"
    done = runner.invoke(args=["privacy", "export", "--phone", PHONE, "--format", "zip", "--out", str(out)])
    assert done.exit_code == 0, done.output
    names = zipfile.ZipFile(out).namelist()
    assert "du-lieu-ca-nhan.json" in names and "du-lieu-ca-nhan.pdf" in names
    assert len([name for name in names if name.startswith("ghi-am/")]) == 2


def test_a_number_that_is_no_number_gets_a_clear_answer_and_logs_nothing(runner: FlaskCliRunner,
                                                                         session: Session) -> None:
    for command in (["export"], ["erase", "--reason", "x", "--yes"]):
        result = runner.invoke(args=["privacy", *command, "--phone", "12"])
        assert result.exit_code == 2 and "Invalid value for --phone" in result.output, result.output
        assert "Traceback" not in result.output
    assert session.scalars(select(PrivacyRequest)).all() == []


def test_erase_asks_first_and_a_no_changes_nothing(runner: FlaskCliRunner, person: Person, session: Session) -> None:
    result = runner.invoke(args=["privacy", "erase", "--phone", PHONE, "--reason", "chủ tàu yêu cầu"], input="n\n")
    assert result.exit_code == 1 and "Held about this number: owner 1, vessel 1" in result.output
    assert "Erase it? This cannot be undone" in result.output
    assert session.scalars(select(Owner.full_name)).all() == ["Lê Văn Tư"]
    assert session.scalars(select(PrivacyRequest).where(PrivacyRequest.kind == RequestKind.ERASURE)).all() == []


def test_erase_with_open_dossiers_is_refused_and_the_request_stays_open(runner: FlaskCliRunner, app: Flask,
                                                                        session: Session) -> None:
    with open_session(app) as setup:
        dossier = make_dossier(setup, make_owner(setup, phone=PHONE), state=DossierState.IN_PROGRESS)
        code = dossier.code
        setup.commit()
    result = runner.invoke(args=["privacy", "erase", "--phone", PHONE, "--reason", "chủ tàu yêu cầu", "--yes"])
    assert result.exit_code == 1 and "nothing erased: 1 open dossier(s)" in result.output
    assert code in result.output and "stays open (answer due" in result.output
    request = session.scalars(select(PrivacyRequest)).one()
    assert request.state is RequestState.OPEN and code in (request.outcome or "")
    assert session.scalars(select(Owner.full_name)).all() == ["Nguyễn Văn A"]


def test_the_hotline_command_erases_end_to_end_after_a_yes(app: Flask, person: Person, recordings: Path,
                                                           tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": app.config["DATABASE_URL"], "RECORDINGS_DIR": str(recordings),
           "HOME": str(tmp_path)}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    done = subprocess.run([str(HOTLINE), "privacy", "erase", "--phone", "0905111222", "--reason", "qua điện thoại"],
                          input="y\n", env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "erased" in done.stdout and "owner=1" in done.stdout and "audio_files=2" in done.stdout
    assert PHONE not in done.stdout + done.stderr and "Lê Văn Tư" not in done.stdout + done.stderr
    assert [path for path in person.audio_files if path.exists()] == []
    with open_session(app) as session:
        assert session.scalars(select(Owner)).all() == []
        request = session.scalars(select(PrivacyRequest).where(PrivacyRequest.kind == RequestKind.ERASURE)).one()
        assert request.state is RequestState.DONE and (request.outcome or "").startswith("qua điện thoại\n")
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy_erase")).one()
        assert entry.object_id == str(request.id) and "owner=1" in (entry.detail or "")
