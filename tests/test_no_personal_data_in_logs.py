"""A whole day on the served app leaves no phone number, name or address in any log line."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from hotline.domain.workdays import LOCAL_TZ
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Role
from hotline.models import Shipment
from hotline.models import ShipmentState
from hotline.services.courier_routes import fill_routes
from hotline.services.places import find_ward
from tests.conftest import TWILIO_SID
from tests.conftest import TWILIO_TOKEN
from tests.dispatch.dispatch_helpers import form_fields
from tests.factories import make_owner
from tests.factories import make_user
from tests.test_run_command import BIN
from tests.test_run_command import _free_port
from tests.test_run_command import _health
from tests.test_run_command import _silence
from tests.tools import open_session
from tests.twilio_api import serving_twilio

NAME = "Trịnh Thị Ánh Dương"
ADDRESS = "Thôn Tân Hy, xã Bình Châu"
PHONES = ("+84912345678", "84912345678", "0912345678", "%2B84912345678", "0912 345 678", "0912.345.678")
PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))


FORBIDDEN = (*PHONES, NAME, _plain(NAME), ADDRESS, _plain(ADDRESS), "Tân Hy", "Tan Hy", "Ánh Dương", "Anh Duong",
             urllib.parse.quote(NAME), urllib.parse.quote_plus(NAME), urllib.parse.quote_plus(ADDRESS))


class Browser:
    """A console user over real HTTP: cookies kept, CSRF tokens read from the forms."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.url + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, form: dict[str, str], page: str) -> tuple[int, str]:
        match = _TOKEN.search(self.get(page)[1])
        assert match, f"no CSRF token on {page}"
        data = urllib.parse.urlencode({**form, "csrf_token": match.group(1)}).encode()
        try:
            with self.opener.open(self.url + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _seed(app: Flask) -> None:
    with open_session(app) as session:
        # Lý Sơn is on the demo courier's route (config/routes.toml): the result goes on a manifest.
        owner = make_owner(session, name=NAME, phone=PHONES[0], ward_code=find_ward(51, "Đặc khu Lý Sơn"))
        owner.address_line = ADDRESS
        make_user(session, Role.ADMIN, username="admin", password=PASSWORD)
        make_user(session, Role.COURIER, username="courier", password=PASSWORD)
        fill_routes(session, app.config["CONFIG_DIR"], 51)
        session.commit()


def _filed_code(app: Flask) -> str:
    with open_session(app) as session:
        return session.scalars(select(Dossier.code).where(Dossier.state != DossierState.DRAFT)).one()


def _webhook(url: str, form: dict[str, str], signed: bool) -> int:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signed:
        headers["X-Twilio-Signature"] = RequestValidator(TWILIO_TOKEN).compute_signature(url, form)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _call(env: dict[str, str], url: str, tmp_path: Path, from_number: str, keys: str) -> str:
    done = subprocess.run([str(BIN / "hotline"), "call", "--url", url, "--from", from_number, "--keys", keys,
                           "--audio", str(_silence(tmp_path)), "--linger", "0"],
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _console_day(url: str, code: str) -> None:
    browser = Browser(url)
    status, _page = browser.post("/login", {"username": "admin", "password": PASSWORD}, "/login")
    assert status == 200
    for target in ("in_progress", "result_ready"):
        status, page = browser.post(f"/dossiers/{code}/move", {"to": target}, f"/dossiers/{code}")
        assert status == 200 and "Đã chuyển hồ sơ" in page, page
    today = datetime.now(LOCAL_TZ).date().isoformat()
    status, page = browser.post("/dispatch/build", {"courier": "courier", "date": today}, "/dispatch/")
    assert status == 200, page
    for query in (*PHONES[:3], "0912 345 678", NAME, _plain(NAME), ADDRESS):
        for route in ("/dossiers", "/owners"):
            status, page = browser.get(f"{route}?q={urllib.parse.quote_plus(query)}")
            assert status == 200, (route, query)
    assert NAME in browser.get("/owners?q=" + urllib.parse.quote_plus(PHONES[2]))[1]
    assert browser.get("/owners/999999")[0] == 404


def _courier_round(url: str, on_postgresql: bool) -> None:
    courier = Browser(url)
    assert courier.post("/login", {"username": "courier", "password": PASSWORD}, "/login")[0] == 200
    manifest = re.search(r'href="(/courier/manifests/\d+)"', courier.get("/courier/")[1])
    assert manifest, "no manifest for the courier today"
    stop = re.search(r'href="(/courier/s/[A-Z0-9]+)"', courier.get(manifest.group(1))[1])
    assert stop, "no stop on the manifest"
    # A recipient's name longer than its column: PostgreSQL refuses the row, and the request raises.
    too_long = f"{NAME}, {ADDRESS}, {PHONES[0]} " * 4
    if on_postgresql:
        status, _page = _deliver(courier, stop.group(1), too_long)
        assert status == 500
    status, page = _deliver(courier, stop.group(1), NAME)
    assert status == 200, page


def _deliver(courier: Browser, stop: str, received_by: str) -> tuple[int, str]:
    fields = form_fields(courier.get(stop)[1], "delivered")
    token = fields.pop("token")
    return courier.post(stop, {**fields, "token": token, "received_by": received_by}, stop)


@pytest.mark.slow
def test_a_whole_day_leaves_no_personal_data_in_any_log_line(app: Flask, database_url: str, tmp_path: Path) -> None:
    _seed(app)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "HOTLINE_", "TWILIO_"))}
    env.pop("PUBLIC_BASE_URL", None)
    log_path = tmp_path / "served.log"
    with serving_twilio(TWILIO_SID, TWILIO_TOKEN) as twilio, log_path.open("wb") as log_file:
        env.update(DATABASE_URL=database_url, HOTLINE_INSTANCE_PATH=str(tmp_path / "instance"),
                   TWILIO_ACCOUNT_SID=TWILIO_SID, TWILIO_AUTH_TOKEN=TWILIO_TOKEN, TWILIO_FROM="+84900000000",
                   TWILIO_API_URL=twilio.base_url, SECRET_KEY="a-day-in-the-logs", PYTHONIOENCODING="utf-8")
        server = subprocess.Popen([str(BIN / "hotline"), "run", "--port", str(port), "--workers", "1"], env=env,
                                  stdout=log_file, stderr=subprocess.STDOUT)
        try:
            _health(url, time.monotonic() + 60)
            said = _call(env, url, tmp_path, "0912 345 678", "1 2 90123# 1 1")
            assert NAME in said
            _call(env, url, tmp_path, "+84912345678", "2 7 1234# 0")
            _call(env, url, tmp_path, "0905111222", "9 9 9")
            bad = {"CallSid": "CA" + "1" * 32, "From": PHONES[0], "To": "+84900000000", "Digits": "abc"}
            assert _webhook(url + "/ivr/voice", bad, signed=True) == 200
            assert _webhook(url + "/ivr/voice", bad, signed=False) == 403
            too_long = {**bad, "CallSid": "CA" + "9" * 300}
            assert _webhook(url + "/ivr/voice", too_long, signed=True) == 200
            _console_day(url, _filed_code(app))
            _courier_round(url, database_url.startswith("postgresql"))
            with open_session(app) as session:
                assert session.scalars(select(Shipment.state)).all() == [ShipmentState.DONE]
            deadline = time.monotonic() + 30
            while not twilio.sent and time.monotonic() < deadline:
                time.sleep(0.3)
            assert twilio.sent and twilio.sent[0]["To"] == PHONES[0]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    purge = subprocess.run([str(BIN / "hotline"), "privacy", "purge"], env=env, capture_output=True, text=True,
                           encoding="utf-8", timeout=120)
    assert purge.returncode == 0, purge.stdout + purge.stderr
    lines = [*log_path.read_text(encoding="utf-8").splitlines(), *purge.stdout.splitlines(),
             *purge.stderr.splitlines()]
    assert any(line.startswith("access [") and "/owners" in line for line in lines), lines[:20]
    assert any(re.search(r"\[[0-9a-f]{32}\]", line) for line in lines)
    if database_url.startswith("postgresql"):
        assert any("Exception on /courier/s/" in line for line in lines), "the failed request left no line"
    leaks = [(form, line) for line in lines for form in FORBIDDEN if form.casefold() in line.casefold()]
    assert not leaks, leaks
