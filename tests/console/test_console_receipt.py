"""The receipt laid out as the official form: the centre on the left and the national motto on the right
without overlap, place and date, and the officer who received the dossier. Boxes come from the PDF itself
(poppler's pdftotext -bbox-layout), not from the code that drew them."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import User
from hotline.services.dossiers import open_dossier
from tests.factories import UNIT
from tests.factories import make_owner
from tests.factories import procedure
from tests.tools import open_session
from tests.tools import require_tool
from tests.tools import scanned_codes

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Line) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom \
            and other.top < self.bottom


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[Line]:
    """Every text line of the PDF's first page with its box, in points from the top left."""
    pdftotext = require_tool("pdftotext", "poppler-utils")
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    layout = subprocess.run([pdftotext, "-bbox-layout", "-l", "1", str(tmp_path / "receipt.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    lines = []
    for line in ET.fromstring(layout).iter(f"{XHTML}line"):
        words = " ".join(word.text or "" for word in line.iter(f"{XHTML}word"))
        box = [float(line.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")]
        lines.append(Line(words, *box))
    return lines


def header(lines: list[Line]) -> list[Line]:
    """The lines above the form's title."""
    title = next(line for line in lines if line.text == TITLE)
    return [line for line in lines if line.bottom <= title.top]


def _receipt(app: Flask, client: FlaskClient, channel: Channel, username: str | None) -> tuple[bytes, Dossier]:
    with open_session(app) as session:
        user = session.scalars(select(User).where(User.username == username)).one() if username else None
        dossier = open_dossier(session, unit_code=UNIT, procedure=procedure(session, 1), state=DossierState.RECEIVED,
                               actor=f"user:{user.id}" if user else "ivr", channel=channel,
                               owner=make_owner(session), user_id=user.id if user else None)
        session.commit()
        code = dossier.code
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        session.expunge(dossier)
    response = client.get(f"/dossiers/{code}/receipt.pdf")
    assert response.mimetype == "application/pdf"
    return response.data, dossier


@pytest.fixture
def operator_client(signed_in: Callable[[Role], FlaskClient]) -> FlaskClient:
    return signed_in(Role.OPERATOR)


def test_no_two_lines_of_the_header_overlap_and_each_column_keeps_to_its_side(
        app: Flask, operator_client: FlaskClient, tmp_path: Path) -> None:
    pdf, _ = _receipt(app, operator_client, Channel.OPERATOR, "operator")
    lines = header(pdf_lines(pdf, tmp_path))
    overlapping = [(a.text, b.text) for i, a in enumerate(lines) for b in lines[i + 1:] if a.overlaps(b)]
    assert overlapping == []
    motto = [line for line in lines if line.text in (NATION, MOTTO)]
    assert len(motto) == 2, [line.text for line in lines]
    centre = [line for line in lines if line not in motto and not line.text.startswith("Quảng Ngãi, ngày")]
    assert " ".join(line.text for line in centre).upper().count("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG") == 1
    assert max(line.right for line in centre) < min(line.left for line in motto)


def test_the_receipt_gives_place_and_date_and_the_operator_who_received_it(
        app: Flask, operator_client: FlaskClient, tmp_path: Path) -> None:
    pdf, dossier = _receipt(app, operator_client, Channel.OPERATOR, "operator")
    lines = pdf_lines(pdf, tmp_path)
    received = dossier.received_at.astimezone(LOCAL_TZ)
    place = f"Quảng Ngãi, ngày {received:%d} tháng {received:%m} năm {received:%Y}"
    assert place in [line.text for line in header(lines)]
    signature = next(line for line in lines if line.text == "NGƯỜI TIẾP NHẬN")
    below = [line.text for line in lines if line.top > signature.bottom and line.left < signature.right
             and line.right > signature.left]
    assert "Test operator" in below


def test_a_dossier_filed_by_phone_names_the_automatic_switchboard(
        app: Flask, operator_client: FlaskClient, tmp_path: Path) -> None:
    pdf, _ = _receipt(app, operator_client, Channel.PHONE, None)
    signature_and_below = [line.text for line in pdf_lines(pdf, tmp_path)]
    assert signature_and_below.index("Tổng đài tự động") > signature_and_below.index("NGƯỜI TIẾP NHẬN")


def test_the_receipts_qr_code_scans_to_both_of_the_dossiers_codes(
        app: Flask, operator_client: FlaskClient, tmp_path: Path) -> None:
    pdf, dossier = _receipt(app, operator_client, Channel.OPERATOR, "operator")
    assert scanned_codes(pdf, tmp_path)["QRCode"] == [f"HOSO:{dossier.code};MA:{dossier.phone_code}"]
