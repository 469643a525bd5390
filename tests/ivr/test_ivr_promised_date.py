"""The date a caller hears when filing is kept on the dossier, apart from the legal due date."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.ivr.prompts import speak_date
from hotline.models import Dossier
from hotline.models import OutgoingMessage
from tests.factories import make_owner
from tests.ivr.conftest import Caller
from tests.ivr.conftest import said
from tests.tools import open_session


def test_the_date_the_caller_hears_is_stored_on_the_dossier_and_texted(
        app: Flask, caller: Callable[..., Caller], session: Session) -> None:
    with open_session(app) as setup:
        make_owner(setup)
        setup.commit()
    phone = caller()
    phone.dial()
    phone.press("1")
    phone.press("2")  # procedure 2 asks for the vessel's number (1 registers a new vessel)
    phone.press("90123#")
    phone.press("1")
    phone.record()
    receipt = phone.press("1")
    dossier = session.scalars(select(Dossier)).one()
    assert dossier.promised_date is not None
    assert dossier.due_date is None  # the legal clock has not started: only the promise is known
    assert speak_date(dossier.promised_date, "vi") in said(receipt)
    sms = session.scalars(select(OutgoingMessage).where(OutgoingMessage.purpose == "receipt")).one()
    assert f"{dossier.promised_date:%d/%m/%Y}" in sms.body
