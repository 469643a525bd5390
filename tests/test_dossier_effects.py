"""What entering a state sets off: declared beside the state machine, done once by the workflow, for every channel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.workdays import WorkCalendar
from hotline.models import ON_ENTRY
from hotline.models import DossierState
from hotline.models import Effect
from hotline.models import OutgoingMessage
from hotline.models import Shipment
from hotline.models import ShipmentKind
from hotline.services.shipments import shipment_needed
from hotline.services.workflow import DOERS
from hotline.services.workflow import move
from tests.factories import make_dossier
from tests.factories import make_owner

CALENDAR = WorkCalendar()
S = DossierState


def test_every_state_declares_its_effects_and_every_effect_is_done_somewhere() -> None:
    assert set(ON_ENTRY) == set(DossierState)
    assert set(DOERS) == set(Effect)


def test_the_post_carries_papers_in_and_results_out_as_spec_4_says() -> None:
    # SPEC §4/§5: papers are picked up while the centre waits for them; the result goes out once ready.
    expected = {S.AWAITING_PAPERS: ShipmentKind.PICKUP, S.RESULT_READY: ShipmentKind.DELIVERY,
                S.OUT_FOR_DELIVERY: ShipmentKind.DELIVERY}
    assert {state: shipment_needed(state) for state in DossierState if shipment_needed(state)} == expected


def test_a_move_does_its_effects_in_the_declared_order(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session))
    for state in (S.IN_PROGRESS, S.RESULT_READY):
        move(session, dossier, state, actor="user:1", calendar=CALENDAR)
    session.commit()
    delivery = session.scalars(select(Shipment).where(Shipment.dossier_id == dossier.id)).one()
    texts = session.scalars(select(OutgoingMessage).where(OutgoingMessage.dossier_id == dossier.id)
                            .order_by(OutgoingMessage.id)).all()
    assert delivery.kind is ShipmentKind.DELIVERY
    # The result's text quotes the tracking code of the delivery planned just before it.
    assert [m.purpose for m in texts] == ["status:in_progress", "status:result_ready"]
    assert delivery.tracking_code in texts[1].body
    assert dossier.due_date is not None and f"{dossier.due_date:%d/%m/%Y}" in texts[0].body
