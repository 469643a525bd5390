"""One webhook of one call, as the steps see it: the caller's answer, the call's memory, the reply."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from flask import url_for
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from hotline.ivr.twiml import Reply
from hotline.models import Call


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
                 form: Mapping[str, str], state: tuple[str, dict[str, Any]]) -> None:
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
