"""A realistic little centre for the English-page test: every page has something to show."""

from __future__ import annotations

import io
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hotline.domain.workdays import LOCAL_TZ
from hotline.infra.province import province
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import DossierEvent
from hotline.models import Feedback
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import Procedure
from hotline.models import RatingChannel
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import RequestKind
from hotline.models import Role
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import User
from hotline.models import Vessel
from hotline.services.catalogue import work_calendar
from hotline.services.courier_routes import fill_routes
from hotline.services.places import wards_of
from hotline.services.privacy_requests import log_request
from hotline.services.rounds import build_day_manifest
from tests.console.conftest import csrf_token
from tests.console.conftest import login
from tests.dispatch.dispatch_helpers import ready_dossier
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.tools import open_session

BAD_IMPORT = "Họ tên,Số điện thoại,Xã/phường,Địa chỉ,Số đăng ký tàu,Tên tàu\n" \
             "Lê Thị Hoa,0905 123 456,Xã Bình Sơn,Thôn Tây,QNg-91234-TS,Hoa Biển\n" \
             ",0905 000 111,Xã Bình Sơn,,,\n" \
             "Võ Văn Tám,12,Xã Không Có,,,\n"


@dataclass
class World:
    clients: dict[Role | None, FlaskClient]
    pages: list[tuple[Role | None, str, int]] = field(default_factory=list)
    answers: list[tuple[str, TestResponse, int]] = field(default_factory=list)
    data_values: list[str] = field(default_factory=list)


def build_world(app: Flask, accounts: dict[Role, str]) -> World:
    ids = _fill(app)
    world = World(clients={role: _english(app, username) for role, username in accounts.items()})
    world.clients[None] = _english(app, None)
    world.pages = [
        (None, "/login", 200), (None, "/rieng-tu", 200), (None, "/privacy", 200),
        (Role.OPERATOR, "/board", 200), (Role.OPERATOR, "/board/live", 200),
        (Role.OPERATOR, "/dossiers", 200), (Role.OPERATOR, "/dossiers?q=nguyen&due_before=31-02", 200),
        (Role.OPERATOR, f"/dossiers/{ids['code']}", 200), (Role.OPERATOR, f"/dossiers/{ids['ready_code']}", 200),
        (Role.OPERATOR, "/dossiers/new", 200), (Role.OPERATOR, "/dossiers/new?find=nguyen", 200),
        (Role.OPERATOR, f"/dossiers/new?owner_id={ids['owner']}", 200),
        (Role.OPERATOR, "/owners", 200), (Role.OPERATOR, f"/owners/{ids['owner']}", 200),
        (Role.OPERATOR, "/owners/import", 200),
        (Role.OPERATOR, "/feedback", 200), (Role.OPERATOR, f"/feedback/{ids['feedback']}", 200),
        (Role.SUPERVISOR, "/reports", 200), (Role.SUPERVISOR, "/dispatch/", 200),
        (Role.SUPERVISOR, f"/dispatch/manifests/{ids['manifest']}", 200),
        (Role.SUPERVISOR, "/data-requests", 200), (Role.SUPERVISOR, f"/data-requests/{ids['privacy']}/erase", 200),
        (Role.ADMIN, "/admin/users", 200), (Role.ADMIN, "/admin/system", 200), (Role.ADMIN, "/admin/audit", 200),
        (Role.ADMIN, "/admin/health", 200),
        (Role.ADMIN, "/admin/procedures", 200), (Role.ADMIN, f"/admin/procedures/{ids['procedure']}", 200),
        (Role.ADMIN, f"/admin/procedures/{ids['retired']}", 200),
        (Role.COURIER, "/courier/", 200), (Role.COURIER, f"/courier/manifests/{ids['manifest']}", 200),
        (Role.COURIER, f"/courier/s/{ids['tracking']}", 200),
    ]
    _post_forms(world, ids)
    world.data_values = _data_values(app)
    return world


def _english(app: Flask, username: str | None) -> FlaskClient:
    client = app.test_client()
    if username is not None:
        assert login(client, username).status_code == 302
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"
    return client


def _fill(app: Flask) -> dict[str, object]:
    with open_session(app) as session:
        owner = make_owner(session, name="Nguyễn Văn Ánh", phone="+84912000111")
        dossier = make_dossier(session, owner, key=1)
        session.add(Recording(recording_sid="RE-en-1", purpose=RecordingPurpose.NOTE, url="http://127.0.0.1:9/a",
                              dossier_id=dossier.id, transcript_original="xin cap lai giay phep",
                              transcript="xin cấp lại giấy phép khai thác"))
        ready = ready_dossier(session, name="Trần Thị Bích", commune="Đặc khu Lý Sơn", digits="96588")
        courier = session.scalars(select(User).where(User.role == Role.COURIER)).one()
        fill_routes(session, app.config["CONFIG_DIR"], 51)
        manifest, _sheet = build_day_manifest(session, datetime.now(LOCAL_TZ).date(), courier, work_calendar(),
                                              "http://hotline.test")
        tracking = session.scalars(select(Shipment.tracking_code).where(Shipment.dossier_id == ready.id)).one()
        operator = session.scalars(select(User).where(User.role == Role.OPERATOR)).one()
        session.add_all([
            Call(call_sid="CA-en-1", from_number="+84912000111", status=CallStatus.IN_PROGRESS),
            Call(call_sid="CA-en-2", from_number="+84905333444", status=CallStatus.MISSED),
            CallbackTask(phone="+84905333444", reason="voicemail"),
            CallbackTask(phone="+84912000111", reason="dropped", state=CallbackState.CLAIMED,
                         claimed_by=operator.id),
            SatisfactionRating(dossier_id=ready.id, score=1, channel=RatingChannel.SMS),
        ])
        feedback = Feedback(phone="+84905333444", text="Bưu tá giao chậm, đề nghị xem lại")
        session.add(feedback)
        session.flush()
        session.add(Recording(recording_sid="RE-en-2", purpose=RecordingPurpose.FEEDBACK, url="http://127.0.0.1:9/b",
                              feedback_id=feedback.id, transcript_original="bưu tá giao chậm",
                              transcript="bưu tá giao chậm"))
        retired = session.scalars(select(Procedure).where(Procedure.keypad_key == 6)).one()
        retired.active, retired.retired_at = False, datetime.now(LOCAL_TZ)
        late = log_request(session, work_calendar(), "+84912000111", RequestKind.ERASURE, "Xin xoá dữ liệu",
                           received_at=datetime.now(LOCAL_TZ) - timedelta(days=10))
        session.commit()
        return {"code": dossier.code, "ready_code": ready.code, "owner": owner.id, "feedback": feedback.id,
                "manifest": manifest.id, "tracking": tracking, "procedure": dossier.procedure_id,
                "retired": retired.id, "privacy": late.id}


def _post_forms(world: World, ids: dict[str, object]) -> None:
    """Forms whose answers (form errors, import reports) are pages too; flash messages show on the next GET."""
    operator = world.clients[Role.OPERATOR]
    token = csrf_token(operator, "/board")
    operator.post(f"/dossiers/{ids['code']}/move", data={"to": "in_progress", "csrf_token": token})
    operator.post(f"/feedback/{ids['feedback']}/answer", data={"answer": "", "csrf_token": token})
    bad_owner = {"full_name": "Nguyễn Văn Ánh", "phone": "12", "commune": "", "csrf_token": token}
    world.answers.append(("owner error", operator.post(f"/owners/{ids['owner']}", data=bad_owner), 422))
    new_owner = {"full_name": "Lê Văn Bảy", "phone": "0905 777 888", "csrf_token": token}
    world.answers.append(("new dossier error", operator.post("/dossiers/new", data=new_owner), 422))
    upload = {"csrf_token": token, "file": (io.BytesIO(BAD_IMPORT.encode()), "chu-tau.csv")}
    world.answers.append(("import report", operator.post("/owners/import", data=upload), 200))
    supervisor = world.clients[Role.SUPERVISOR]
    build = {"date": "2026-02-30", "courier": "courier", "csrf_token": csrf_token(supervisor, "/dispatch/")}
    world.answers.append(("build error", supervisor.post("/dispatch/build", data=build), 400))
    courier = world.clients[Role.COURIER]
    stop = f"/courier/s/{ids['tracking']}"
    failed = {"outcome": "failed", "token": "t" * 24, "reason": "", "csrf_token": csrf_token(courier, stop)}
    world.answers.append(("stop error", courier.post(stop, data=failed), 409))
    privacy = {"phone": "09x", "kind": "access", "csrf_token": csrf_token(supervisor, "/data-requests")}
    world.answers.append(("privacy phone error", supervisor.post("/data-requests", data=privacy), 422))
    erase = {"reason": "", "csrf_token": privacy["csrf_token"]}
    world.answers.append(("erase error", supervisor.post(f"/data-requests/{ids['privacy']}/erase", data=erase), 422))
    admin = world.clients[Role.ADMIN]
    admin.post("/admin/users", data={"username": "", "role": "operator",
                                     "csrf_token": csrf_token(admin, "/admin/users")})
    procedure = f"/admin/procedures/{ids['procedure']}"
    token = csrf_token(admin, procedure)
    edit = {"name_vi": "Đăng ký tàu cá", "name_en": "Fishing vessel registration", "working_days": "3",
            "fee_vnd": "80.000", "keypad_key": "1", "active": "1", "csrf_token": token}
    admin.post(procedure, data=edit)  # saved: the list then shows the flash and the console edits
    bad = {**edit, "name_vi": "", "working_days": "ba", "fee_vnd": "x", "keypad_key": "2"}
    world.answers.append(("procedure errors", admin.post(procedure, data=bad), 422))
    taken = {**edit, "keypad_key": "2"}
    world.answers.append(("procedure key taken", admin.post(procedure, data=taken), 422))


def _data_values(app: Flask) -> list[str]:
    """Everything on the pages that is data, not UI: names, addresses, transcripts, texts sent, the stored history."""
    with open_session(app) as session:
        values = [*session.scalars(select(Owner.full_name)), *session.scalars(select(Owner.address_line)),
                  *session.scalars(select(Vessel.name)), *session.scalars(select(Recording.transcript)),
                  *session.scalars(select(Recording.transcript_original)), *session.scalars(select(Feedback.text)),
                  *session.scalars(select(DossierEvent.reason)), *session.scalars(select(Shipment.recipient_name)),
                  *session.scalars(select(Shipment.address_line)), *session.scalars(select(Shipment.contents)),
                  *session.scalars(select(OutgoingMessage.body)), *session.scalars(select(PrivacyRequest.note))]
        values += [province().name, province().centre_name]
    values += [name for _code, name in wards_of(51)]
    values += ["Lê Văn Bảy", "Lê Thị Hoa", "Võ Văn Tám", "Hoa Biển", "Thôn Tây", "Xã Không Có", "chu-tau.csv"]
    # Longest first, so a name is taken out whole before any shorter value inside it.
    return sorted({v for v in values if v}, key=len, reverse=True)
