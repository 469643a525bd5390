"""The dossier state machine of SPEC §4: the table of moves, the events, the named error."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from hotline.models import ALLOWED_MOVES
from hotline.models import DossierEvent
from hotline.models import DossierState
from hotline.models import TransitionError
from tests.factories import make_dossier
from tests.factories import make_owner

ALL_PAIRS = [(a, b) for a in DossierState for b in DossierState]

# The moves SPEC §4 implies, read from what each state means; typed out here, not taken from the code.
SPEC_MOVES = [
    # A dropped call is completed on the call-back, or the owner gives it up.
    ("draft", "received"),
    ("draft", "withdrawn"),
    # Checking a complete request: papers to fetch, more to ask, accept, refuse; the owner may withdraw.
    ("received", "awaiting_papers"),
    ("received", "needs_supplement"),
    ("received", "in_progress"),
    ("received", "rejected"),
    ("received", "withdrawn"),
    # The original papers arrive by post and are checked like a request.
    ("awaiting_papers", "needs_supplement"),
    ("awaiting_papers", "in_progress"),
    ("awaiting_papers", "rejected"),
    ("awaiting_papers", "withdrawn"),
    # The owner answers: checked again, papers sent, or accepted at once.
    ("needs_supplement", "received"),
    ("needs_supplement", "awaiting_papers"),
    ("needs_supplement", "in_progress"),
    ("needs_supplement", "rejected"),
    ("needs_supplement", "withdrawn"),
    # The department asks for more, issues the result, or refuses.
    ("in_progress", "needs_supplement"),
    ("in_progress", "result_ready"),
    ("in_progress", "rejected"),
    # The result goes on a courier's manifest, or the owner collects it at the centre.
    ("result_ready", "out_for_delivery"),
    ("result_ready", "delivered"),
    # Off the manifest again, handed over, or given up by the post.
    ("out_for_delivery", "result_ready"),
    ("out_for_delivery", "delivered"),
    ("out_for_delivery", "returned"),
    # Sent out again, or collected at the centre.
    ("returned", "out_for_delivery"),
    ("returned", "delivered"),
]


def test_every_state_has_a_row_and_a_vietnamese_label() -> None:
    assert set(ALLOWED_MOVES) == set(DossierState)
    assert all(state.label_vi for state in DossierState)


def test_closed_states_allow_no_move() -> None:
    for state in (DossierState.DELIVERED, DossierState.REJECTED, DossierState.WITHDRAWN):
        assert ALLOWED_MOVES[state] == frozenset()


def test_every_open_state_can_reach_a_closed_state() -> None:
    def reachable(start: DossierState) -> set[DossierState]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in ALLOWED_MOVES[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    for state in DossierState:
        assert reachable(state) & {DossierState.DELIVERED, DossierState.REJECTED, DossierState.WITHDRAWN}


def test_the_table_holds_exactly_the_moves_of_the_spec() -> None:
    table = {(current.value, target.value) for current, targets in ALLOWED_MOVES.items() for target in targets}
    assert len(set(SPEC_MOVES)) == len(SPEC_MOVES)
    assert table == set(SPEC_MOVES)


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=lambda s: s.value)
def test_transition_allows_the_specs_moves_and_refuses_the_rest(current: DossierState, target: DossierState) -> None:
    from hotline.models import Dossier

    dossier = Dossier(state=current, events=[])
    if (current.value, target.value) in SPEC_MOVES:
        event = dossier.transition_to(target, actor="user:7", reason="ok", user_id=7)
        assert dossier.state is target
        assert (event.from_state, event.to_state, event.actor, event.reason) == (current, target, "user:7", "ok")
        assert dossier.events == [event]
    else:
        with pytest.raises(TransitionError) as err:
            dossier.transition_to(target, actor="user:7")
        assert dossier.state is current
        assert dossier.events == []
        assert current.value in str(err.value) and target.value in str(err.value)


def test_events_are_stored_with_who_when_from_to_and_why(session: Session) -> None:
    dossier = make_dossier(session, make_owner(session))
    dossier.transition_to(DossierState.IN_PROGRESS, actor="user:1", reason="đủ giấy tờ")
    session.commit()
    rows = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                           .order_by(DossierEvent.id)).all()
    assert [(r.from_state, r.to_state) for r in rows] == [
        (None, DossierState.RECEIVED), (DossierState.RECEIVED, DossierState.IN_PROGRESS)]
    assert rows[1].reason == "đủ giấy tờ"
    assert rows[1].created_at.tzinfo is not None


def test_states_are_stored_by_value(session: Session) -> None:
    dossier = make_dossier(session, state=DossierState.AWAITING_PAPERS)
    session.commit()
    raw = session.execute(text("SELECT state FROM dossier WHERE id = :id"), {"id": dossier.id}).scalar_one()
    assert raw == "awaiting_papers"
