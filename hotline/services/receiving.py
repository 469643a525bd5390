"""Receiving a dossier, the same from every channel: the hotline, an operator's form, the API.

A channel says who asks for what (`Filing`); `open_filed` opens the dossier and checks its vessel against
the registry, and `complete_filing` does what every received dossier sets off: the SMS receipt, and the
post's pickup when the procedure needs original papers. A channel may adjust the opened dossier in between
(the hotline keeps its call and a newly recorded address).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.infra.province import province
from hotline.models import Call
from hotline.models import Channel
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Owner
from hotline.models import Procedure
from hotline.models import Vessel
from hotline.models import VesselFlag
from hotline.models import utcnow
from hotline.services.catalogue import work_calendar
from hotline.services.charges import dossier_charges
from hotline.services.charges import keep_charges
from hotline.services.dossiers import open_dossier
from hotline.services.dossiers import promised_date
from hotline.services.owner_texts import receipt_text
from hotline.services.privacy_notice import privacy_link
from hotline.services.sms import draft_sms
from hotline.services.sms import send_when_committed
from hotline.services.workflow import move

PAPERS_REASON = "hồ sơ giấy gốc được bưu điện nhận tại nhà"


@dataclass(frozen=True)
class Filing:
    """Who asks for what, as any channel knows it when a dossier is filed."""

    procedure: Procedure
    owner: Owner | None
    channel: Channel
    actor: str
    # The registration number as parsed ("QNg-90123-TS"); None when none was given or asked.
    vessel_number: str | None = None
    # The number the receipt goes to (the caller's); the owner's when not given.
    phone: str | None = None
    user_id: int | None = None


def check_vessel(session: Session, owner: Owner | None, number: str | None) -> tuple[Vessel | None, VesselFlag | None]:
    """The registered vessel with this number, and what an operator must check about it.

    A number the registry does not know, or a vessel registered to another owner, is filed all the same
    (the owner may have bought the boat, or the registry may lag) and flagged for the operator.
    """
    if not number:
        return None, None
    vessel = session.scalars(select(Vessel).where(Vessel.registration_number == number)).first()
    if vessel is None:
        return None, VesselFlag.NOT_REGISTERED
    if owner is None or vessel.owner_id != owner.id:
        return vessel, VesselFlag.OTHER_OWNER
    return vessel, None


def open_filed(session: Session, filing: Filing, state: DossierState) -> Dossier:
    """Open the dossier (not yet flushed), its vessel checked and flagged for review when it needs it."""
    procedure = filing.procedure
    number = filing.vessel_number if procedure.asks_vessel_number else None
    vessel, flag = check_vessel(session, filing.owner, number)
    dossier = open_dossier(session, unit_code=province().unit_code, procedure=procedure, state=state,
                           actor=filing.actor, channel=filing.channel, owner=filing.owner, vessel=vessel,
                           user_id=filing.user_id, calendar=work_calendar())
    dossier.vessel_number = number
    dossier.vessel_flag = flag
    dossier.caller_phone = filing.phone or dossier.caller_phone
    dossier.needs_review = flag is not None
    return dossier


def complete_filing(session: Session, dossier: Dossier, lang: str) -> date:
    """Text the receipt and plan the papers' pickup, as for every received dossier; return the promised date."""
    procedure = dossier.procedure
    if dossier.promised_date is None:  # a call's draft, completed by an operator: promised from now
        dossier.promised_date = promised_date(work_calendar(), procedure, utcnow())
    promised = dossier.promised_date
    keep_charges(dossier)
    receipt = None
    if dossier.caller_phone:
        body = receipt_text(lang, procedure=procedure.name_vi if lang == "vi" else procedure.name_en,
                            code=dossier.code, phone_code=dossier.phone_code, date=promised.strftime("%d/%m/%Y"),
                            privacy=privacy_link(lang), total_vnd=dossier_charges(dossier).to_collect_vnd)
        receipt = draft_sms(dossier.caller_phone, body, "receipt", dedupe_key=f"receipt:{dossier.code}")
        receipt.dossier = dossier
        session.add(receipt)
    session.flush()  # the dossier, its first event and its receipt, in one go
    if procedure.needs_papers:
        move(session, dossier, DossierState.AWAITING_PAPERS, actor=dossier.events[0].actor,
             calendar=work_calendar(), reason=PAPERS_REASON, user_id=dossier.events[0].user_id)
    if receipt is not None:
        send_when_committed(session, receipt)
    return promised


def receive_draft(session: Session, dossier: Dossier, before: DossierState) -> None:
    """A call's draft an operator (or another system) has just moved to received is received as any other:
    its receipt texted in the caller's language, its promise and charges kept, its papers' pickup planned."""
    if before is not DossierState.DRAFT or dossier.state is not DossierState.RECEIVED:
        return
    lang = "vi"
    if dossier.call_id is not None:
        lang = session.scalar(select(Call.language).where(Call.id == dossier.call_id)) or "vi"
    complete_filing(session, dossier, lang)
