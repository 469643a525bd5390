"""A person with every personal column filled, and a stranger whose data must come through untouched.

`fill_person` records which rows are the person's, so the tests judge the export and the erasure
against the rows themselves, never against the rules that choose them.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hotline.domain.s10 import make_s10
from hotline.infra.storage import store_audio
from hotline.models import AuditEntry
from hotline.models import Base
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import CallStatus
from hotline.models import CallStep
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import MessageState
from hotline.models import OutgoingMessage
from hotline.models import PrivacyRequest
from hotline.models import RatingChannel
from hotline.models import Recording
from hotline.models import RecordingPurpose
from hotline.models import RequestKind
from hotline.models import Role
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import ShipmentKind
from hotline.models import ShipmentState
from hotline.models import StopOutcome
from hotline.models import utcnow
from hotline.services.erasure import Stores
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.factories import make_user

PHONE = "+84905111222"
STRANGER_PHONE = "+84912000999"
OPERATOR_NAME = "Cán Bộ Trực Hai"


def wav_bytes(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * int(8000 * seconds))
    return out.getvalue()


def stores(root: Path) -> Stores:
    return Stores(root / "recordings", root / "manifests")


@dataclass
class Person:
    """The rows of one person, by table name, as primary keys."""

    rows: dict[str, list[Any]] = field(default_factory=dict)
    dossier_code: str = ""
    draft_id: int = 0
    audio_files: list[Path] = field(default_factory=list)

    def add(self, *objects: Base) -> None:
        for obj in objects:
            key = obj.__mapper__.primary_key_from_instance(obj)
            self.rows.setdefault(obj.__table__.name, []).append(key[0] if len(key) == 1 else tuple(key))


def fill_person(session: Session, audio_root: Path) -> Person:
    """Lê Văn Tư, whose number is written four ways across the tables, with one closed dossier and a draft."""
    person = Person()
    operator = make_user(session, Role.OPERATOR, username="truc2")
    operator.full_name, operator.phone = OPERATOR_NAME, "+84988777666"
    owner = make_owner(session, name="Lê Văn Tư", phone=PHONE, ward_code=21439, vessel_digits="94444")
    owner.address_line = "Thôn Tư Nghĩa"
    owner.phone_before_2018 = "01695111222"  # a number the record held before 2018 (domain/phone.py)
    vessel = owner.vessels[0]
    vessel.name = "Tư Hải 09"
    call = Call(call_sid="CA-priv-1", from_number=PHONE, owner_id=owner.id, status=CallStatus.COMPLETED)
    session.add(call)
    session.flush()
    step = CallStep(call_id=call.id, request_key="k-priv-1", step="confirm_vessel", context={"vessel": "94444"},
                    digits="94444#", response="<Response><Say>Xin chào Lê Văn Tư</Say></Response>")
    dossier = make_dossier(session, owner, state=DossierState.DELIVERED)
    dossier.call_id, dossier.vessel_number = call.id, "QNg-94444-TS"
    dossier.recipient_name, dossier.recipient_phone = "Lê Thị Năm", "+84905333444"
    dossier.delivery_ward_code, dossier.delivery_address = 23302, "Xóm Biển Tư"
    dossier.note = "Cần gấp trước mùa cá nam"
    dossier.result_at = dossier.closed_at = utcnow()
    dossier.events.append(DossierEvent(from_state=DossierState.RESULT_READY, to_state=DossierState.DELIVERED,
                                       actor="user:1", reason="Chủ tàu đi biển, giao cho vợ là Năm"))
    draft = make_dossier(session, owner, state=DossierState.DRAFT)
    task = CallbackTask(call_id=call.id, phone="0905111222", reason="dropped", dossier_id=draft.id,
                        claimed_by=operator.id, outcome="Đã gọi, ông Tư hẹn chiều mai")
    feedback = Feedback(owner_id=owner.id, phone="84905111222", dossier_id=dossier.id,
                        text="Bưu tá giao chậm ở Tư Nghĩa", answer="Đã nhắc bưu tá tuyến Tư Nghĩa")
    session.add_all([step, task, feedback])
    session.flush()
    recording = Recording(recording_sid="RE-priv-1", call_id=call.id, dossier_id=dossier.id,
                          purpose=RecordingPurpose.NOTE, url="https://api.twilio.com/2010-04-01/Recordings/RE-priv-1",
                          transcript_original="can gap truoc mua ca", transcript="cần gấp trước mùa cá nam",
                          words=[{"word": "gấp", "conf": 0.91}])
    voicemail = Recording(recording_sid="RE-priv-2", callback_task_id=task.id, purpose=RecordingPurpose.VOICEMAIL,
                          url="https://api.twilio.com/2010-04-01/Recordings/RE-priv-2")
    session.add_all([recording, voicemail])
    session.flush()
    for rec in (recording, voicemail):
        rec.keep_audio(store_audio(audio_root, rec.id, wav_bytes()))
        person.audio_files.append(audio_root / rec.audio_path)
    shipment = Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code=make_s10("RR", 4444),
                        state=ShipmentState.DONE, recipient_name="Lê Thị Năm (vợ)", recipient_phone="+84905333445",
                        province_code=51, ward_code=23284, address_line="Xóm Biển Tư, nhà thứ ba",
                        contents="Giấy phép khai thác")
    session.add(shipment)
    session.flush()
    attempt = ShipmentAttempt(shipment_id=shipment.id, outcome=StopOutcome.DELIVERED, received_by="Năm, vợ ông Tư",
                              note="Giao tận tay ở bến Tư Nghĩa", request_token="tok-priv-1")
    sent = OutgoingMessage(to_number=PHONE, body="Hồ sơ của ông Tư đã trả kết quả", purpose="delivered",
                           dossier_id=dossier.id, state=MessageState.SENT,
                           error="The 'To' number +84905111222 was busy")
    unsent = OutgoingMessage(to_number=PHONE, body="Xin ông Tư đánh giá", purpose="rating",
                             state=MessageState.QUEUED)
    rating = SatisfactionRating(dossier_id=dossier.id, score=2, channel=RatingChannel.SMS)
    audit = AuditEntry(user_id=operator.id, action="callback_done", object_type="callback_task",
                       object_id=str(task.id), detail="Đã gọi, ông Tư hẹn chiều mai", address="10.1.2.3")
    request = PrivacyRequest(kind=RequestKind.ACCESS, phone=PHONE, answer_due=date(2026, 3, 4),
                             act_due=date(2026, 3, 20), note="Ông Tư xin bản sao", outcome="Đã gửi bản PDF")
    session.add_all([attempt, sent, unsent, rating, audit, request])
    session.flush()
    person.add(owner, vessel, call, step, dossier, *dossier.events, draft, *draft.events, task, feedback,
               recording, voicemail, shipment, attempt, sent, unsent, rating, audit, request)
    person.dossier_code, person.draft_id = dossier.code, draft.id
    return person


def fill_stranger(session: Session) -> dict[str, Any]:
    """Another owner, on another number, with a call, a closed dossier and a text: erasure must leave them be."""
    owner = make_owner(session, name="Phạm Thị Sáu", phone=STRANGER_PHONE, ward_code=21548, vessel_digits="96666")
    call = Call(call_sid="CA-priv-2", from_number=STRANGER_PHONE, owner_id=owner.id, status=CallStatus.COMPLETED)
    dossier = make_dossier(session, owner, state=DossierState.DELIVERED)
    dossier.note = "Xin cấp lại giấy chứng nhận"
    message = OutgoingMessage(to_number=STRANGER_PHONE, body="Hồ sơ của bà Sáu đã có kết quả", purpose="status",
                              state=MessageState.SENT)
    session.add_all([call, message])
    session.flush()
    return {"owner": owner.id, "name": owner.full_name, "dossier": dossier.code, "call": call.id,
            "message": message.id, "vessel": owner.vessels[0].registration_number}


def fill_relatives_dossier(session: Session, state: DossierState = DossierState.DELIVERED) -> str:
    """Another owner's dossier that the person filed from their phone and receives the result of."""
    husband = make_owner(session, name="Phạm Văn Chín", phone="+84912000777", ward_code=21548, vessel_digits="97777")
    dossier = make_dossier(session, husband, state=state)
    dossier.caller_phone, dossier.recipient_name, dossier.recipient_phone = "0905111222", "Lê Văn Tư", PHONE
    dossier.delivery_address, dossier.note = "Nhà ông Tư, thôn Tư Nghĩa", "Chủ tàu Chín đi biển"
    session.add(Shipment(dossier_id=dossier.id, kind=ShipmentKind.DELIVERY, tracking_code=make_s10("RR", 7777),
                         state=ShipmentState.DONE, recipient_name="Lê Văn Tư", recipient_phone=PHONE,
                         province_code=51, ward_code=21548, address_line="Nhà ông Tư, thôn Tư Nghĩa"))
    session.flush()
    return dossier.code
