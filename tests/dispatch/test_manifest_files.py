"""The manifest's files: PDF text with every diacritic and the codes; CSV and Excel with the same rows."""

from __future__ import annotations

import csv
import errno
import io
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.dispatch import files
from hotline.dispatch.render_pdf import write_pdf
from hotline.dispatch.render_tabular import HEADER
from hotline.dispatch.render_tabular import manifest_rows
from hotline.dispatch.render_tabular import render_csv
from hotline.dispatch.render_tabular import write_csv
from hotline.dispatch.render_tabular import write_xlsx
from hotline.domain.manifest import ShipmentLine
from hotline.domain.manifest import build_manifest
from hotline.domain.s10 import make_s10
from hotline.infra.pdf_codes import packed_rows
from hotline.infra.pdf_codes import qr_matrix
from hotline.infra.text import fold
from hotline.models import Manifest
from hotline.models import Role
from hotline.services.courier_routes import assign_route
from hotline.services.places import find_ward
from tests.dispatch.dispatch_helpers import DAY
from tests.dispatch.dispatch_helpers import couriers
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.factories import make_user
from tests.tools import require_tool
from tests.tools import scanned_codes

NAME, PHONE, ADDRESS, AMOUNT = (HEADER.index(h) for h in ("Người nhận/giao", "Điện thoại", "Địa chỉ", "Thu hộ (đ)"))
PEOPLE = [("Nguyễn Thị Hường", "Thôn Đông, An Vĩnh", "Đặc khu Lý Sơn"),
          ("Phạm Đức Dũng", "Thôn Cổ Lũy", "Xã Tịnh Khê"),
          ("Võ Thị Hoa", "Tổ dân phố 3", "Phường Đức Phổ")]


def sheet():  # type: ignore[no-untyped-def]
    lines = [ShipmentLine(make_s10("RR", n), "delivery", name, "+84912345678", commune, address,
                          "Kết quả: Đăng ký tàu cá", 95000) for n, (name, address, commune) in enumerate(PEOPLE)]
    return build_manifest(DAY, "courier", "Bưu tá Lý Sơn", "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
                          lines, "http://hotline.test")


def test_pdf_text_has_names_addresses_with_diacritics_and_tracking_codes(tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    pdf = write_pdf(sheet(), tmp_path / "m.pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for name, address, commune in PEOPLE:
        assert name in text and address in text and commune in text
    for stop in sheet().stops:
        assert stop.tracking_code in text
    assert "BẢNG KÊ GIAO NHẬN" in text and "285.000 đ" in text
    assert "ĐẠI DIỆN TRUNG TÂM" in text and "ĐẠI DIỆN BƯU ĐIỆN" in text


def test_csv_and_excel_hold_the_same_rows(tmp_path: Path) -> None:
    expected = [[str(cell) for cell in row] for row in manifest_rows(sheet())]
    with write_csv(sheet(), tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.reader(fh))
    book = load_workbook(write_xlsx(sheet(), tmp_path / "m.xlsx"))
    sheet_rows = [["" if c is None else str(c) for c in row] for row in book.active.iter_rows(values_only=True)]
    assert csv_rows[1:-1] == expected
    assert sheet_rows[2:-1] == expected
    assert csv_rows[-1][1] == "3" and csv_rows[-1][AMOUNT] == "285000"


# Names and addresses as an attacker would give them on the phone, to an operator or in an owners import.
HOSTILE = [('=HYPERLINK("http://evil.test","Bấm")', "+cmd|' /C calc'!A0"),
           ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"),
           ("\t=1+1", "\r=1+1"), ("＝1+1", "\n=1+1")]


def hostile_sheet():  # type: ignore[no-untyped-def]
    lines = [ShipmentLine(make_s10("RR", n), "delivery", name, "+84912345678", "Xã Bình Sơn", address,
                          "Kết quả", 95000) for n, (name, address) in enumerate(HOSTILE)]
    return build_manifest(DAY, "courier", "Bưu tá", "Trung tâm", lines, "http://hotline.test")


def test_hostile_names_and_addresses_are_text_in_the_csv(tmp_path: Path) -> None:
    with write_csv(hostile_sheet(), tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    by_code = {row[1]: row for row in rows[1:-1]}
    for stop in hostile_sheet().stops:
        row = by_code[stop.tracking_code]
        assert (row[NAME], row[ADDRESS]) == ("'" + stop.recipient_name, "'" + stop.address)
        assert (row[PHONE], row[AMOUNT]) == ("0912 345 678", "95000")


def test_hostile_names_and_addresses_are_string_cells_in_excel(tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(hostile_sheet(), tmp_path / "m.xlsx"))
    rows = list(book.active.iter_rows())
    assert [c.coordinate for row in rows for c in row if c.data_type == "f"] == []
    by_code = {row[1].value: row for row in rows[2:-1]}
    for stop in hostile_sheet().stops:
        name, address = by_code[stop.tracking_code][NAME], by_code[stop.tracking_code][ADDRESS]
        assert name.data_type == address.data_type == "s"
        # XML keeps no bare CR: the file reads it back as LF, which is the same text to a spreadsheet.
        assert (name.value, address.value) == ("'" + stop.recipient_name, "'" + stop.address.replace("\r", "\n"))
    assert [row[AMOUNT].value for row in rows[2:]] == [95000] * 4 + [380000]
    assert {row[AMOUNT].data_type for row in rows[2:]} == {"n"}


def test_each_stop_scans_to_its_own_page_and_its_tracking_code(tmp_path: Path) -> None:
    pdf = write_pdf(sheet(), tmp_path / "m.pdf").read_bytes()
    codes = scanned_codes(pdf, tmp_path)
    assert sorted(codes["QRCode"]) == sorted(stop.url for stop in sheet().stops)
    assert sorted(codes["Code128"]) == sorted(stop.tracking_code for stop in sheet().stops)


def test_the_qr_image_holds_one_bit_per_module_dark_as_one() -> None:
    matrix = qr_matrix("http://hotline.test/courier/s/RR000000005VN")
    packed = packed_rows(matrix)
    row_bytes = (len(matrix) + 7) // 8
    bits = [[packed[y * row_bytes + x // 8] >> (7 - x % 8) & 1 for x in range(len(matrix))]
            for y in range(len(matrix))]
    assert bits == [list(row) for row in matrix]
    assert len(packed) == len(matrix) * row_bytes


def test_cli_builds_the_same_manifest_twice(app: Flask, session: Session, runner: FlaskCliRunner,
                                            tmp_path: Path) -> None:
    couriers(session, app)
    dossier = ready_dossier(session, name="Trần Thị Bích")
    session.commit()
    out = tmp_path / "manifests"
    args = ["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier", "--out", str(out)]
    first = runner.invoke(args=args)
    second = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    manifest = session.scalars(select(Manifest)).one()
    stem = f"bang-ke-{manifest.id}-2026-03-02-courier"
    assert "Trần Thị Bích" in first.output and f"{stem}.pdf" in first.output
    assert first.output == second.output
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.{ext}" for ext in ("csv", "pdf", "xlsx")]
    session.expire_all()
    assert dossier.state.value == "out_for_delivery"


def test_cli_builds_for_a_courier_whose_username_holds_a_slash(app: Flask, session: Session,
                                                              runner: FlaskCliRunner, tmp_path: Path) -> None:
    courier = make_user(session, Role.COURIER, username="buu-ta/../ly-son")  # an old row, never checked
    assign_route(session, find_ward(51, "Đặc khu Lý Sơn"), courier)
    ready_dossier(session)
    session.commit()
    out = tmp_path / "files" / "manifests"
    result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", courier.username,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    stem = f"bang-ke-{session.scalars(select(Manifest.id)).one()}-2026-03-02-buu-ta-ly-son"
    written = sorted(p.relative_to(out).as_posix() for p in (tmp_path / "files").rglob("*") if p.is_file())
    assert written == [f"{stem}.{ext}" for ext in ("csv", "pdf", "xlsx")]


def test_cli_says_the_files_were_not_written_and_a_second_run_writes_them(
        app: Flask, session: Session, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    couriers(session, app)
    ready_dossier(session)
    session.commit()

    def disk_full(sheet: object, path: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_pdf", disk_full)
    out = tmp_path / "manifests"
    args = ["manifest", "build", "--date", DAY.isoformat(), "--courier", "courier", "--out", str(out)]
    failed = runner.invoke(args=args)
    assert failed.exit_code == 1 and isinstance(failed.exception, SystemExit)
    assert "is saved, but its files could not be written (No space left on device)" in failed.output
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    again = runner.invoke(args=args)
    assert again.exit_code == 0, again.output
    assert len(list(out.iterdir())) == 3
    assert len(session.scalars(select(Manifest)).all()) == 1


def test_cli_names_an_unknown_courier(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["manifest", "build", "--date", DAY.isoformat(), "--courier", "nobody"])
    assert result.exit_code != 0 and "no courier account named 'nobody'" in result.output


LONG_CODE = "000.00.15.H48-260302-0001"


def marked_sheet():  # type: ignore[no-untyped-def]
    """A pickup done, a pickup tried once before, and a delivery that failed: each with its result."""
    lines = [
        ShipmentLine(make_s10("RP", 1), "pickup", "Nguyễn Văn An", "+84912345678", "Đặc khu Lý Sơn", "", "Hồ sơ giấy",
                     0, dossier_code=LONG_CODE, procedure="Cấp lại giấy chứng nhận đăng ký tàu cá do bị mất, hư hỏng",
                     outcome="delivered", outcome_person="Nguyễn Văn An"),
        ShipmentLine(make_s10("RP", 2), "pickup", "Lê Thị Cúc", "+84905333444", "Xã Bình Sơn", "Thôn Tây", "Hồ sơ giấy",
                     0, attempts=1, dossier_code="000.00.15.H48.TTPVHCC.BP1-260302-0002", procedure="Đăng ký tàu cá"),
        ShipmentLine(make_s10("RR", 3), "delivery", "Phạm Đức Dũng", "+84935111222", "Xã Tịnh Khê", "Thôn Cổ Lũy",
                     "Kết quả", 65000, dossier_code="000.00.15.H48-260302-0003", procedure="Đăng ký tàu cá",
                     outcome="failed", outcome_reason="chủ tàu đang đi biển"),
    ]
    return build_manifest(DAY, "courier", "Bưu tá Lý Sơn", "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
                          lines, "http://hotline.test")


def pdf_text(path: Path) -> str:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_speaks_of_pickups_as_pickups_and_prints_each_result(tmp_path: Path) -> None:
    # A result may wrap over two lines of its cell: compare the words, whatever the line breaks.
    text = " ".join(pdf_text(write_pdf(marked_sheet(), tmp_path / "m.pdf")).split())
    assert "Đã nhận hồ sơ — người giao: Nguyễn Văn An" in text
    assert "Lần đến nhận thứ 2" in text and "Lần phát" not in text
    assert "Không giao được: chủ tàu đang đi biển" in text
    assert "Người nhận/giao" in text and "None" not in text


def test_pdf_prints_national_phones_whole_dossier_codes_and_the_courier_once(tmp_path: Path) -> None:
    text = pdf_text(write_pdf(marked_sheet(), tmp_path / "m.pdf"))
    for stop in marked_sheet().stops:
        assert stop.dossier_code in text
    assert {"0912 345 678", "0905 333 444", "0935 111 222"} <= set(text.splitlines())
    assert "+849" not in text
    assert fold(text).count("buu ta") == 1 and "— bưu tá Lý Sơn" in text


def test_csv_and_excel_say_the_result_and_the_dossier_code_and_excel_groups_thousands(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(marked_sheet()))))
    column = {heading: i for i, heading in enumerate(rows[0])}
    by_code = {row[column["Mã hồ sơ"]]: row for row in rows[1:-1]}
    assert by_code[LONG_CODE][column["Kết quả"]] == "Đã nhận hồ sơ — người giao: Nguyễn Văn An"
    assert by_code[LONG_CODE][column["Điện thoại"]] == "0912 345 678"
    assert by_code[LONG_CODE][column["Địa chỉ"]] == ""
    book = load_workbook(write_xlsx(marked_sheet(), tmp_path / "m.xlsx"))
    sheet_rows = list(book.active.iter_rows())
    assert sheet_rows[0][0].value == "Bảng kê giao nhận ngày 02/03/2026 — bưu tá Lý Sơn"
    amounts = [row[AMOUNT] for row in sheet_rows[2:]]
    assert [cell.value for cell in amounts] == [0, 0, 65000, 65000]
    assert {(cell.data_type, cell.number_format) for cell in amounts} == {("n", "#,##0")}


def test_the_title_names_the_courier_once_whatever_the_accounts_name() -> None:
    for name, shown in (("Bưu tá Lý Sơn", "Lý Sơn"), ("BƯU TÁ  Bình Sơn", "Bình Sơn"), ("Trần Bưu", "Trần Bưu"),
                        ("Bưu tá", "courier")):
        title = build_manifest(DAY, "courier", name, "Trung tâm", [], "http://hotline.test").title
        assert title == f"Bảng kê giao nhận ngày 02/03/2026 — bưu tá {shown}"
