"""What the centre holds about a person, found by their phone number, and the export of all of it.

A person is the holder of a number: the owner records with that number, and every call, dossier,
recording, text, shipment, feedback and call-back that reaches them through it or through those
owners. HOLDINGS says, table by table, how their rows are chosen; EXPORTED says which columns of a row
go out besides its personal ones (marked on the models, models/personal.py). The tests walk the
models' markers against both, so a personal column cannot be left out of an export unnoticed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import false
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.domain.phone import normalize_phone
from hotline.domain.phone_forms import written_forms
from hotline.models import AuditEntry
from hotline.models import Base
from hotline.models import Call
from hotline.models import CallbackTask
from hotline.models import CallStep
from hotline.models import Dossier
from hotline.models import DossierEvent
from hotline.models import Feedback
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import Procedure
from hotline.models import Recording
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import ShipmentAttempt
from hotline.models import Vessel
from hotline.models import utcnow
from hotline.models.personal import personal_columns

EXPORT_FORMAT = "tauca-hotline/personal-data/1"


@dataclass
class Footprint:
    """A person's rows, table by table, in the order HOLDINGS found them."""

    phone: str
    forms: list[str]
    rows: dict[type[Base], list[Any]] = field(default_factory=dict)
    mentions: dict[type[Base], list[Mention]] = field(default_factory=dict)

    def of(self, model: type[Base]) -> list[Any]:
        return self.rows.get(model, [])

    def ids(self, model: type[Base]) -> list[int]:
        return [row.id for row in self.of(model)]

    def counts(self) -> dict[str, int]:
        """Rows per table, then the rows of others that name the person (as named_in_<table>)."""
        own = {model.__tablename__: len(rows) for model, rows in self.rows.items()}
        return own | {f"named_in_{model.__tablename__}": len(found) for model, found in self.mentions.items()}


Rule = Callable[[Footprint], ColumnElement[bool]]


def _named_on_shipments(f: Footprint) -> ColumnElement[bool]:
    return Dossier.id.in_(select(Shipment.dossier_id).where(Shipment.recipient_phone.in_(f.forms)))


# The audit trail names objects by these keys: the entries about a person's own rows are theirs to see.
AUDITED: dict[str, tuple[type[Base], str]] = {
    "owner": (Owner, "id"), "dossier": (Dossier, "code"), "callback_task": (CallbackTask, "id"),
    "recording": (Recording, "id"), "feedback": (Feedback, "id"),
}


def _audit_about(f: Footprint) -> ColumnElement[bool]:
    about = [and_(AuditEntry.object_type == kind, AuditEntry.object_id.in_([str(getattr(r, key)) for r in f.of(m)]))
             for kind, (m, key) in AUDITED.items() if f.of(m)]
    return or_(false(), *about)


# How each table's rows about the person are chosen; a rule reads only the tables listed before it.
HOLDINGS: dict[type[Base], Rule] = {
    Owner: lambda f: Owner.phone.in_(f.forms),
    Vessel: lambda f: Vessel.owner_id.in_(f.ids(Owner)),
    Call: lambda f: or_(Call.from_number.in_(f.forms), Call.owner_id.in_(f.ids(Owner))),
    CallStep: lambda f: CallStep.call_id.in_(f.ids(Call)),
    # Their own dossiers, and those without an owner record that their number filed or is to receive.
    Dossier: lambda f: or_(Dossier.owner_id.in_(f.ids(Owner)), Dossier.vessel_id.in_(f.ids(Vessel)),
                           and_(Dossier.owner_id.is_(None),
                                or_(Dossier.caller_phone.in_(f.forms), Dossier.recipient_phone.in_(f.forms),
                                    Dossier.call_id.in_(f.ids(Call)), _named_on_shipments(f)))),
    DossierEvent: lambda f: DossierEvent.dossier_id.in_(f.ids(Dossier)),
    Feedback: lambda f: or_(Feedback.phone.in_(f.forms), Feedback.owner_id.in_(f.ids(Owner)),
                            Feedback.call_id.in_(f.ids(Call)), Feedback.dossier_id.in_(f.ids(Dossier))),
    CallbackTask: lambda f: or_(CallbackTask.phone.in_(f.forms), CallbackTask.call_id.in_(f.ids(Call)),
                                CallbackTask.dossier_id.in_(f.ids(Dossier))),
    Recording: lambda f: or_(Recording.call_id.in_(f.ids(Call)), Recording.dossier_id.in_(f.ids(Dossier)),
                             Recording.feedback_id.in_(f.ids(Feedback)),
                             Recording.callback_task_id.in_(f.ids(CallbackTask))),
    Shipment: lambda f: Shipment.dossier_id.in_(f.ids(Dossier)),
    ShipmentAttempt: lambda f: ShipmentAttempt.shipment_id.in_(f.ids(Shipment)),
    OutgoingMessage: lambda f: or_(OutgoingMessage.to_number.in_(f.forms),
                                   OutgoingMessage.dossier_id.in_(f.ids(Dossier))),
    SatisfactionRating: lambda f: SatisfactionRating.dossier_id.in_(f.ids(Dossier)),
    AuditEntry: _audit_about,
    PrivacyRequest: lambda f: PrivacyRequest.phone.in_(f.forms),
}

# Besides its personal columns, what of each row goes out: enough to read it (when, which, what state).
EXPORTED: dict[type[Base], tuple[str, ...]] = {
    Owner: ("id", "province_code", "created_at"),
    Vessel: ("id", "owner_id", "length_m", "created_at"),
    Call: ("id", "language", "status", "started_at", "ended_at", "duration_s"),
    CallStep: ("call_id", "step", "created_at"),
    Dossier: ("id", "code", "phone_code", "procedure_id", "channel", "state", "delivery_province_code",
              "received_at", "accepted_at", "due_date", "result_at", "closed_at"),
    DossierEvent: ("dossier_id", "from_state", "to_state", "created_at"),
    Feedback: ("id", "dossier_id", "state", "created_at", "answered_at"),
    CallbackTask: ("id", "reason", "state", "created_at", "closed_at"),
    Recording: ("id", "call_id", "dossier_id", "feedback_id", "purpose", "duration_s", "status",
                "audio_sha256", "audio_bytes", "audio_content_type", "created_at"),
    Shipment: ("id", "dossier_id", "kind", "tracking_code", "state", "province_code", "contents", "amount_vnd",
               "created_at"),
    ShipmentAttempt: ("shipment_id", "outcome", "reason", "amount_collected_vnd", "created_at"),
    OutgoingMessage: ("id", "dossier_id", "purpose", "state", "created_at", "sent_at"),
    SatisfactionRating: ("dossier_id", "channel", "created_at"),
    AuditEntry: ("action", "object_type", "object_id", "created_at"),
    PrivacyRequest: ("id", "kind", "state", "received_at", "answer_due", "act_due", "answered_at", "closed_at"),
}


# Another owner's dossier can name this person: a relative who filed it from their phone, or who receives the
# result while the owner is at sea. Only the columns that name them are theirs: by the number column that
# matched, the columns that go with it; the rest of the row is the owner's, and neither exported nor erased.
MENTIONS: dict[type[Base], dict[str, tuple[str, ...]]] = {
    Dossier: {"caller_phone": ("caller_phone",),
              "recipient_phone": ("recipient_name", "recipient_phone", "delivery_ward_code", "delivery_address")},
    Shipment: {"recipient_phone": ("recipient_name", "recipient_phone", "ward_code", "address_line")},
}
# What says which row of the other owner's names them.
MENTION_KEYS: dict[type[Base], tuple[str, ...]] = {Dossier: ("code", "state"),
                                                   Shipment: ("tracking_code", "dossier_id")}


@dataclass(frozen=True)
class Mention:
    """A row of someone else's that names the person, and which of its columns do."""

    row: Any
    columns: tuple[str, ...]


def find(session: Session, phone: str) -> Footprint:
    """Everything held about the holder of `phone`; PhoneNumberError if it is not a number."""
    e164 = normalize_phone(phone)
    footprint = Footprint(e164, written_forms(e164))
    for model, rule in HOLDINGS.items():
        primary = model.__mapper__.primary_key
        footprint.rows[model] = list(session.scalars(select(model).where(rule(footprint)).order_by(*primary)))
    for model, groups in MENTIONS.items():
        named = or_(*(getattr(model, column).in_(footprint.forms) for column in groups))
        key = model.__mapper__.primary_key[0]
        rows = session.scalars(select(model).where(named, key.not_in(footprint.ids(model))).order_by(key))
        footprint.mentions[model] = [Mention(row, _naming(row, groups, footprint.forms)) for row in rows]
    return footprint


def _naming(row: Any, groups: dict[str, tuple[str, ...]], forms: list[str]) -> tuple[str, ...]:
    return tuple(column for matched, columns in groups.items() if getattr(row, matched) in forms for column in columns)


def exported_columns(model: type[Base]) -> list[str]:
    """The columns of `model` an export carries: its context columns, then its personal ones."""
    table = model.__table__
    return [*EXPORTED[model], *(c.name for c in personal_columns(Base.metadata) if c.table is table)]


def export(session: Session, phone: str) -> dict[str, Any]:
    """Everything held about the holder of `phone`, as JSON-able data with stable keys."""
    footprint = find(session, phone)
    tables = {model.__tablename__: [_row(row, exported_columns(model)) for row in rows]
              for model, rows in footprint.rows.items()}
    procedure_ids = sorted({d.procedure_id for d in footprint.of(Dossier)})
    procedures = session.scalars(select(Procedure).where(Procedure.id.in_(procedure_ids)).order_by(Procedure.id))
    tables["procedure"] = [_row(p, ["id", "code", "name_vi", "name_en"]) for p in procedures]
    mentions = {model.__tablename__: [_row(m.row, [*MENTION_KEYS[model], *m.columns]) for m in found]
                for model, found in footprint.mentions.items()}
    return {
        "format": EXPORT_FORMAT,
        "phone": footprint.phone,
        "phone_forms": footprint.forms,
        "exported_at": utcnow().isoformat(),
        "counts": footprint.counts(),
        "tables": tables,
        "named_in": mentions,
    }


def _row(row: Any, columns: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in columns}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
