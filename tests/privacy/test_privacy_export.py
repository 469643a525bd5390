"""The export: JSON for machines with stable keys, and a PDF a person can read, in Vietnamese."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from hotline.domain.phone import PhoneNumberError
from hotline.infra.province import province
from hotline.models import Owner
from hotline.services.privacy import EXPORT_FORMAT
from hotline.services.privacy import HOLDINGS
from hotline.services.privacy import export
from hotline.services.privacy_archive import JSON_NAME
from hotline.services.privacy_archive import PDF_NAME
from hotline.services.privacy_archive import build_archive
from hotline.services.privacy_pdf import NAMED
from hotline.services.privacy_pdf import SECTIONS
from hotline.services.privacy_pdf import build_pdf
from tests.privacy.person import PHONE
from tests.privacy.person import Person
from tests.privacy.person import fill_person
from tests.privacy.person import fill_stranger
from tests.privacy.person import stores
from tests.tools import require_tool


@pytest.fixture
def person(session: Session, tmp_path: Path) -> Person:
    filled = fill_person(session, stores(tmp_path).recordings)
    fill_stranger(session)
    session.commit()
    return filled


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    path = tmp_path / "export.pdf"
    path.write_bytes(pdf)
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_json_has_stable_keys_and_every_table_even_when_empty(session: Session, person: Person) -> None:
    data = export(session, "0905 111 222")
    assert list(data) == ["format", "phone", "phone_forms", "exported_at", "counts", "tables", "named_in"]
    assert data["format"] == EXPORT_FORMAT and data["phone"] == PHONE
    assert set(data["tables"]) == {model.__tablename__ for model in HOLDINGS} | {"procedure"}
    assert json.loads(json.dumps(data)) == data
    empty = export(session, "+84977000111")
    assert set(empty["tables"]) == set(data["tables"]) and not any(empty["counts"].values())


def test_the_json_holds_the_persons_rows_as_they_are_stored(session: Session, person: Person) -> None:
    tables = export(session, PHONE)["tables"]
    assert [o["full_name"] for o in tables["owner"]] == ["Lê Văn Tư"]
    assert [d["code"] for d in tables["dossier"] if d["state"] == "delivered"] == [person.dossier_code]
    assert [d["state"] for d in tables["dossier"]] == ["delivered", "draft"]
    assert [r["transcript"] for r in tables["recording"]] == ["cần gấp trước mùa cá nam", None]
    assert {m["body"] for m in tables["outgoing_message"]} == {"Hồ sơ của ông Tư đã trả kết quả", "Xin ông Tư đánh giá"}
    assert tables["callback_task"][0]["phone"] == "0905111222"  # found through its national form
    assert tables["feedback"][0]["phone"] == "84905111222"      # and through 84… without the plus
    assert [p["name_vi"] for p in tables["procedure"]] and tables["dossier"][0]["received_at"].endswith("+00:00")


def test_an_owner_stored_in_the_national_form_is_found_by_the_e164_one(session: Session) -> None:
    session.add(Owner(full_name="Võ Thị Bảy", phone="0977000111"))
    session.flush()
    assert [o["full_name"] for o in export(session, "+84977000111")["tables"]["owner"]] == ["Võ Thị Bảy"]


def test_a_number_that_is_no_number_is_refused(session: Session) -> None:
    with pytest.raises(PhoneNumberError):
        export(session, "abc")


def test_the_pdf_reads_in_vietnamese_with_the_centre_the_date_and_every_section(
        session: Session, person: Person, tmp_path: Path) -> None:
    centre = province().centre_name
    text = pdf_text(build_pdf(export(session, PHONE), centre, date(2026, 3, 2)), tmp_path)
    assert centre in text and "THÔNG TIN CÁ NHÂN TRUNG TÂM ĐANG LƯU GIỮ" in text
    assert "Ngày lập: 02/03/2026" in text and "Số điện thoại: 0905 111 222" in text
    for _table, heading, _fields in SECTIONS:
        assert heading in text, heading
    for value in ("Lê Văn Tư", "QNg-94444-TS", person.dossier_code, "Đã trả kết quả", "cần gấp trước mùa cá nam",
                  "Hồ sơ của ông Tư đã trả kết quả", "Bưu tá giao chậm ở Tư Nghĩa", "Hài lòng", "94444#",
                  "Thôn Tư Nghĩa, Phường Đức Phổ", "Xem, nhận bản sao dữ liệu", "Đã gọi lại"):
        assert value in text, value
    assert "<Response>" not in text  # the hotline's spoken replies are for machines: JSON only


def test_a_person_the_centre_knows_nothing_about_gets_a_pdf_saying_so(session: Session, tmp_path: Path) -> None:
    text = pdf_text(build_pdf(export(session, "+84977000111"), "Trung tâm", date(2026, 3, 2)), tmp_path)
    assert text.count("Không có.") == len(SECTIONS) + len(NAMED)


def test_a_ward_code_from_before_the_merger_does_not_stop_the_pdf(session: Session, tmp_path: Path) -> None:
    session.add(Owner(full_name="Võ Thị Bảy", phone="+84977000111", ward_code=21551, address_line="Thôn Bảy"))
    session.flush()
    text = pdf_text(build_pdf(export(session, "+84977000111"), "Trung tâm", date(2026, 3, 2)), tmp_path)
    assert "Thôn Bảy, 21551" in text


def test_the_archive_holds_the_json_the_pdf_and_the_persons_own_recordings(session: Session, person: Person,
                                                                          tmp_path: Path) -> None:
    data = export(session, PHONE)
    archive = zipfile.ZipFile(io.BytesIO(build_archive(data, b"%PDF-stand-in", stores(tmp_path).recordings)))
    names = sorted(archive.namelist())
    assert {JSON_NAME, PDF_NAME} <= set(names)
    assert json.loads(archive.read(JSON_NAME)) == data and archive.read(PDF_NAME) == b"%PDF-stand-in"
    audio = sorted(name for name in names if name.startswith("ghi-am/"))
    assert [name.split("-", 2)[-1] for name in audio] == ["note.wav", "voicemail.wav"]
    assert [archive.read(name) for name in audio] == [path.read_bytes() for path in person.audio_files]


def test_an_audio_file_changed_on_disk_is_left_out_of_the_archive(session: Session, person: Person,
                                                                  tmp_path: Path) -> None:
    person.audio_files[0].write_bytes(b"not what was stored")
    archive = zipfile.ZipFile(io.BytesIO(build_archive(export(session, PHONE), b"", stores(tmp_path).recordings)))
    assert [name for name in archive.namelist() if name.startswith("ghi-am/")] == [
        name for name in archive.namelist() if name.endswith("voicemail.wav")]
