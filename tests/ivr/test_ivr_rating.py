"""Key 4: a known caller rates the service for their last delivered dossier, 1 (very satisfied) to 5."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import LOCAL_TZ
from hotline.ivr.prompts import speak_date
from hotline.models import DossierState
from hotline.models import OutgoingMessage
from hotline.models import RatingChannel
from hotline.models import SatisfactionRating
from hotline.models import utcnow
from tests.factories import make_dossier
from tests.factories import make_owner
from tests.ivr.conftest import KNOWN_PHONE
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session

MakeCaller = Callable[..., Caller]


def delivered_dossiers(app: Flask, ages_in_days: list[int], rated: int | None = None) -> list[int]:
    """The known owner's delivered dossiers, delivered `age` days ago each; `rated` (an index) already rated."""
    with open_session(app) as session:
        owner = make_owner(session)
        ids = []
        for key, age in enumerate(ages_in_days, start=1):
            dossier = make_dossier(session, owner, key=key)
            dossier.state = DossierState.DELIVERED
            dossier.closed_at = utcnow() - timedelta(days=age)
            session.flush()
            ids.append(dossier.id)
        if rated is not None:
            session.add(SatisfactionRating(dossier_id=ids[rated], score=5, channel=RatingChannel.SMS))
        session.commit()
        return ids


def ratings(session: Session) -> list[tuple[int, int, RatingChannel]]:
    session.rollback()
    return [(r.dossier_id, r.score, r.channel) for r in session.scalars(select(SatisfactionRating))]


def test_known_caller_rates_the_last_delivered_dossier(app: Flask, caller: MakeCaller, session: Session) -> None:
    older, newest = delivered_dossiers(app, [9, 2])
    phone = caller()
    phone.dial()
    question = said(phone.press("4"))
    delivered = (utcnow() - timedelta(days=2)).astimezone(LOCAL_TZ).date()
    assert "Cấp lại giấy phép khai thác thủy sản" in question and speak_date(delivered, "vi") in question
    assert "Rất hài lòng, bấm 1" in question and "Rất không hài lòng, bấm 5" in question
    thanks = phone.press("2")
    assert said(thanks) == "Cảm ơn quý khách đã đánh giá: hài lòng. Cảm ơn quý khách đã gọi. Xin chào."
    assert thanks.find("Hangup") is not None
    assert ratings(session) == [(newest, 2, RatingChannel.IVR)]


def test_a_dossier_already_rated_is_skipped(app: Flask, caller: MakeCaller, session: Session) -> None:
    older, _rated_by_sms = delivered_dossiers(app, [9, 2], rated=1)
    phone = caller()
    phone.dial()
    assert "Đăng ký tàu cá" in said(phone.press("4"))
    phone.press("5")
    assert (older, 5, RatingChannel.IVR) in ratings(session)


def test_nothing_to_rate_goes_back_to_the_menu(app: Flask, caller: MakeCaller, session: Session) -> None:
    delivered_dossiers(app, [3], rated=0)
    phone = caller()
    phone.dial()
    reply = phone.press("4")
    assert said(reply).startswith("Hiện không có hồ sơ nào đã trả kết quả đang chờ quý khách đánh giá.")
    gather = reply.find("Gather")
    assert gather is not None and "/ivr/step/main_menu" in gather.attrib["action"]
    assert "Xin chọn thủ tục." in said(phone.press("1"))
    assert len(ratings(session)) == 1


def test_an_unknown_caller_has_nothing_to_rate(app: Flask, caller: MakeCaller) -> None:
    delivered_dossiers(app, [3])
    phone = caller(from_number="+84987000111")
    phone.dial()
    assert said(phone.press("4")).startswith("Hiện không có hồ sơ")


def test_bad_keys_are_re_prompted_then_handed_to_the_operator(
        app: Flask, caller: MakeCaller, session: Session) -> None:
    delivered_dossiers(app, [1])
    phone = caller()
    phone.dial()
    phone.press("4")
    again = said(phone.press("7"))
    assert again.startswith("Xin lỗi, chưa đúng.") and "Rất hài lòng, bấm 1" in again
    assert said(phone.silence()).startswith("Xin lỗi, chưa đúng.")
    assert "chuyển quý khách đến cán bộ" in said(phone.press("8"))
    assert ratings(session) == []


def test_a_retried_rating_gets_the_same_answer_and_records_once(
        app: Flask, caller: MakeCaller, session: Session) -> None:
    (dossier_id,) = delivered_dossiers(app, [1])
    phone = caller()
    phone.dial()
    phone.press("4")
    assert phone.last is not None
    gather = phone.last.find("Gather")
    assert gather is not None
    first = phone.post(gather.attrib["action"], phone.fields(Digits="1"))
    retry = phone.post(gather.attrib["action"], phone.fields(Digits="1"))
    assert first.status_code == retry.status_code == 200 and first.data == retry.data
    assert ratings(session) == [(dossier_id, 1, RatingChannel.IVR)]


def test_rating_by_phone_answers_the_sms_question_too(app: Flask, caller: MakeCaller, session: Session) -> None:
    (dossier_id,) = delivered_dossiers(app, [1])
    with open_session(app) as db:
        db.add(OutgoingMessage(to_number=KNOWN_PHONE, body="?", purpose="satisfaction", dossier_id=dossier_id))
        db.commit()
    phone = caller()
    phone.dial()
    phone.press("4")
    phone.press("3")
    sms = phone.post("/sms/inbound", {"From": KNOWN_PHONE, "Body": "1", "MessageSid": "SM1"})
    assert "Không có hồ sơ nào đang chờ đánh giá" in sms.get_data(as_text=True)
    assert ratings(session) == [(dossier_id, 3, RatingChannel.IVR)]


def test_english_rating(app: Flask, caller: MakeCaller) -> None:
    delivered_dossiers(app, [1])
    phone = caller()
    phone.dial()
    phone.press("9")
    question = said(phone.press("4"))
    assert "How satisfied are you" in question and "Very dissatisfied, press 5" in question
    assert said(phone.press("4")).startswith("Thank you for your rating: dissatisfied.")
