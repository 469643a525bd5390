"""Run the flow table: enter a step, judge an answer, re-prompt, hand over after three tries."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from flask import url_for
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from hotline.ivr.flow import FIRST_STEP
from hotline.ivr.flow import FLOW
from hotline.ivr.flow import MAX_TRIES
from hotline.ivr.flow import OUT_OF_TRIES
from hotline.ivr.flow import Input
from hotline.ivr.twiml import Reply
from hotline.models import Call


class FlowError(RuntimeError):
    """A handler tried to lead somewhere its step does not lead in the flow table."""


class OwnerCard(NamedTuple):
    """What the call's steps say of the caller's owner record: greeting, address, ratings."""

    id: int
    full_name: str
    needs_review: bool
    address_line: str | None
    ward_code: int | None
    province_code: int | None


class CallRef(NamedTuple):
    """What every step needs of its call, read as plain columns; the ORM Call is loaded only by the steps
    that change it or file from it, because loading objects costs more than the rest of the hot read."""

    id: int
    language: str
    from_number: str
    owner: OwnerCard | None

    @property
    def owner_id(self) -> int | None:
        return self.owner.id if self.owner is not None else None


class Turn:
    """One webhook of one call: the caller's answer, the call's memory and the reply being built."""

    def __init__(self, connection: Connection, open_session: Callable[[], Session], call: CallRef,
                 form: Mapping[str, str], state: tuple[str, dict[str, Any]] = (FIRST_STEP, {})) -> None:
        # The request's connection, for plain reads. Most steps need neither ORM objects nor the unit of
        # work, and their webhook then costs a read and an INSERT on it; the others open the session.
        self.connection = connection
        self._open_session = open_session
        self._session: Session | None = None
        self.call_ref = call
        self._call: Call | None = None
        # The call's live state as its newest step row left it; this turn's step row stores it anew.
        self.step, self.context = state
        self.form = form
        self.digits = (form.get("Digits") or "").strip()[:40]
        self.reply = Reply(call.language if call.language in ("vi", "en") else "vi")
        # Every reply gets a new number, put into its action URLs: a retried request repeats it.
        self.number = int(self.get("n", 0)) + 1
        self.set("n", self.number)

    @property
    def session(self) -> Session:
        """The ORM session, opened when a step first needs it."""
        if self._session is None:
            self._session = self._open_session()
        return self._session

    @property
    def has_session(self) -> bool:
        return self._session is not None

    @property
    def call(self) -> Call:
        """The whole call, for the steps that change it or file from it."""
        if self._call is None:
            self._call = self.session.get_one(Call, self.call_ref.id)
        return self._call

    @property
    def known_owner(self) -> OwnerCard | None:
        """The caller's owner record when it is complete enough to greet and to deliver to."""
        owner = self.call_ref.owner
        return owner if owner is not None and not owner.needs_review else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.context.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.context = {**self.context, key: value}

    def action(self, step: str) -> str:
        return url_for("ivr.answer", step=step, n=self.number)

    def recording_callback(self, purpose: str) -> str:
        return url_for("ivr.recording", purpose=purpose)


Handler = Callable[[Turn], None]
Judge = Callable[[Turn], str | None]
HANDLERS: dict[str, Handler] = {}
JUDGES: dict[str, Judge] = {}


def hears(step: str) -> Callable[[Handler], Handler]:
    """Register the function that says a step to the caller."""

    def register(func: Handler) -> Handler:
        HANDLERS[step] = func
        return func

    return register


def judges(step: str) -> Callable[[Judge], Judge]:
    """Register the function that reads a step's free answer into the next step (None: not valid)."""

    def register(func: Judge) -> Judge:
        JUDGES[step] = func
        return func

    return register


def enter(turn: Turn, step: str) -> Reply:
    """Put the caller at `step` and say it."""
    turn.step = step
    HANDLERS[step](turn)
    return turn.reply


def go(turn: Turn, target: str) -> Reply:
    """Move on from the current step to `target`, as the flow table allows."""
    if target not in FLOW[turn.step].targets():
        raise FlowError(f"step {turn.step!r} does not lead to {target!r}")
    return enter(turn, target)


def answer(turn: Turn, step: str) -> Reply:
    """Judge the caller's answer to `step` and say what comes next."""
    if step != turn.step or step not in FLOW:
        # A stale or out-of-order request: ask the step the call is really at again.
        return enter(turn, turn.step)
    spec = FLOW[step]
    if not turn.digits and spec.silence and spec.input is not Input.RECORDING:
        return go(turn, spec.silence)
    target = JUDGES[step](turn) if step in JUDGES else spec.keys.get(turn.digits)
    if target is None:
        return try_again(turn, step)
    turn.set("tries", 0)
    return go(turn, target)


def try_again(turn: Turn, step: str) -> Reply:
    """A short re-prompt; the third bad answer goes to the operator branch."""
    tries = int(turn.get("tries", 0)) + 1
    if tries >= MAX_TRIES:
        turn.set("tries", 0)
        turn.set("ran_out_at", step)
        turn.reply.say("too_many_tries")
        return enter(turn, OUT_OF_TRIES)
    turn.set("tries", tries)
    turn.reply.say("invalid")
    return enter(turn, step)
