"""The owner's day: a call through `hotline call`'s phone files a dossier, and the operator finds it in the
console with its phone code under its one name, "mã tra cứu"."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hotline.cli.phone import Phone
from hotline.cli.phone import RecordingServer
from hotline.domain.codes import group_digits
from hotline.ivr.prompts import prompt
from hotline.ivr.prompts import speak_code
from hotline.models import Dossier
from hotline.models import Role
from tests.browser.conftest import check_page
from tests.browser.conftest import follow
from tests.browser.conftest import sign_in
from tests.conftest import TWILIO_TOKEN
from tests.factories import make_owner
from tests.factories import make_user
from tests.tools import open_session

pytestmark = [pytest.mark.browser]


def a_spoken_note(path: Path) -> Path:
    """Two seconds of telephone audio for the phone to answer <Record> with."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 16000)
    return path


def owner_calls(live_url: str, note: Path) -> list[str]:
    """The owner calls, asks to hear the procedures again with *, and files procedure 2 for vessel 90123."""
    heard: list[str] = []
    recorder = RecordingServer(note)
    phone = Phone(live_url, TWILIO_TOKEN, "0912345678", "1 * 2 90123# 1 1".split(), recorder, echo=heard.append)
    try:
        phone.call()
    finally:
        recorder.close()
    return heard


def test_an_owner_files_by_phone_and_the_operator_finds_the_dossier_by_its_phone_code(
        app: Flask, page: Any, live_url: str, tmp_path: Path) -> None:
    app.config["PUBLIC_BASE_URL"] = live_url  # the phone signs its webhooks for the server it calls
    with open_session(app) as session:
        make_owner(session)
        make_user(session, Role.OPERATOR, username="operator")
        session.commit()

    heard = owner_calls(live_url, a_spoken_note(tmp_path / "note.wav"))
    choose = f"  ☎  {prompt('choose_procedure', 'vi')}"
    assert heard.count(choose) == 2  # said, then said again on *, which is no wrong key
    assert not any(prompt("invalid", "vi") in line for line in heard)
    assert any(prompt("keys_help", "vi") in line for line in heard)
    with open_session(app) as session:
        dossier = session.scalars(select(Dossier)).one()
        code, phone_code = dossier.code, " ".join(group_digits(dossier.phone_code))
        spoken_code = speak_code(dossier.phone_code, "vi")
    # The caller heard the phone code under the name the console shows it by.
    assert any(f"Mã tra cứu của quý khách là: {spoken_code}." in line for line in heard)

    sign_in(page, "operator")
    check_page(page)
    follow(page, page.get_by_role("link", name="Hồ sơ", exact=True))
    check_page(page)
    row = page.locator("tr", has_text=code)
    assert f"Mã tra cứu {phone_code}" in row.inner_text()
    follow(page, row.get_by_role("link", name=code))
    check_page(page)
    assert f"Mã tra cứu: {phone_code}" in page.locator("main").inner_text()
    assert "mã gọi" not in page.content().lower()
