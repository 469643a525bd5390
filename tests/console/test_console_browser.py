"""The console in headless Debian Chromium: sign in, find, open, correct, move, sign out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import Role
from tests.console.conftest import PASSWORD
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_operator_works_a_dossier_in_the_browser(app: Flask, live_url: str, accounts: dict[Role, str],
                                                 tmp_path: Path, browser: Any) -> None:
    with open_session(app) as session:
        dossier = make_dossier(session, make_owner(session, name="Nguyễn Văn Ánh"))
        session.add(Recording(recording_sid="RE9", purpose=RecordingPurpose.NOTE, url="http://127.0.0.1:9/x",
                              dossier_id=dossier.id, transcript_original="cap lai", transcript="cap lai"))
        session.commit()
        code = dossier.code
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_url}/login")
        page.fill("input[name=username]", accounts[Role.OPERATOR])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_url}/board")
        page.goto(f"{live_url}/dossiers")
        page.fill("input[name=q]", "nguyen van anh")
        page.click("form[role=search] button[type=submit]")
        page.click(f"text={code}")
        page.wait_for_url(f"{live_url}/dossiers/{code}")
        page.fill("textarea[name=transcript]", "xin cấp lại giấy phép")
        page.click("text=Lưu bản chép lời")
        page.wait_for_selector("text=Đã lưu bản chép lời.")
        page.click("button[name=to][value=in_progress]")
        page.wait_for_selector("text=Đã chuyển hồ sơ sang: Đang xử lý")
        page.screenshot(path=str(tmp_path / "dossier.png"), full_page=True)
        page.click("#logout")
        page.wait_for_url(f"{live_url}/login")
        page.goto(f"{live_url}/board")
        assert page.url.startswith(f"{live_url}/login")
    finally:
        context.close()
    with open_session(app) as session:
        saved = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        assert saved.state is DossierState.IN_PROGRESS
        recording = session.scalars(select(Recording)).one()
        assert (recording.transcript, recording.transcript_original) == ("xin cấp lại giấy phép", "cap lai")
