"""Dossiers (hồ sơ), their state machine and the history of every move."""

from __future__ import annotations

import enum
from datetime import date
from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import Connection
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import object_session
from sqlalchemy.orm import relationship
from sqlalchemy.orm.attributes import set_committed_value

from hotline.models.base import Base
from hotline.models.base import UTCDateTime
from hotline.models.base import enum_column
from hotline.models.base import utcnow
from hotline.models.owner import Owner
from hotline.models.owner import Vessel
from hotline.models.personal import Personal
from hotline.models.personal import personal
from hotline.models.procedure import Procedure


class DossierState(str, enum.Enum):
    DRAFT = "draft"
    RECEIVED = "received"
    AWAITING_PAPERS = "awaiting_papers"
    NEEDS_SUPPLEMENT = "needs_supplement"
    IN_PROGRESS = "in_progress"
    RESULT_READY = "result_ready"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATES

    @property
    def label_vi(self) -> str:
        return STATE_LABELS_VI[self]


S = DossierState

STATE_LABELS_VI: dict[DossierState, str] = {
    S.DRAFT: "Chưa hoàn tất",
    S.RECEIVED: "Mới tiếp nhận",
    S.AWAITING_PAPERS: "Chờ nhận hồ sơ giấy",
    S.NEEDS_SUPPLEMENT: "Yêu cầu bổ sung",
    S.IN_PROGRESS: "Đang xử lý",
    S.RESULT_READY: "Đã có kết quả",
    S.OUT_FOR_DELIVERY: "Đang chuyển phát",
    S.DELIVERED: "Đã trả kết quả",
    S.RETURNED: "Bưu điện hoàn trả",
    S.REJECTED: "Từ chối",
    S.WITHDRAWN: "Rút hồ sơ",
}

CLOSED_STATES = frozenset({S.DELIVERED, S.REJECTED, S.WITHDRAWN})

# Every move a dossier may make; anything else is refused with TransitionError.
ALLOWED_MOVES: dict[DossierState, frozenset[DossierState]] = {
    S.DRAFT: frozenset({S.RECEIVED, S.WITHDRAWN}),
    S.RECEIVED: frozenset({S.AWAITING_PAPERS, S.NEEDS_SUPPLEMENT, S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
    S.AWAITING_PAPERS: frozenset({S.IN_PROGRESS, S.NEEDS_SUPPLEMENT, S.REJECTED, S.WITHDRAWN}),
    S.NEEDS_SUPPLEMENT: frozenset({S.RECEIVED, S.AWAITING_PAPERS, S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.RESULT_READY, S.NEEDS_SUPPLEMENT, S.REJECTED}),
    S.RESULT_READY: frozenset({S.OUT_FOR_DELIVERY, S.DELIVERED}),
    S.OUT_FOR_DELIVERY: frozenset({S.DELIVERED, S.RESULT_READY, S.RETURNED}),
    S.RETURNED: frozenset({S.OUT_FOR_DELIVERY, S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Moves that must say why: the owner is told the reason (services/owner_texts.py) and the history keeps it.
REASON_REQUIRED: frozenset[DossierState] = frozenset({S.REJECTED})


class Effect(str, enum.Enum):
    """Something entering a state sets off; hotline.services.workflow says how each is done."""

    START_CLOCK = "start_clock"        # the legal clock starts, the first time only
    STAMP_RESULT = "stamp_result"      # the moment of the result, which decides early / on time / late
    STAMP_CLOSE = "stamp_close"        # the moment the dossier closed
    PLAN_PICKUP = "plan_pickup"        # a postal pickup of the original papers
    PLAN_DELIVERY = "plan_delivery"    # a postal delivery of the result
    TEXT_OWNER = "text_owner"          # an SMS telling the owner what changed
    ASK_RATING = "ask_rating"          # the satisfaction question


E = Effect

# What entering each state sets off, in order (a shipment is planned before the SMS that quotes its code).
ON_ENTRY: dict[DossierState, tuple[Effect, ...]] = {
    S.DRAFT: (),
    S.RECEIVED: (),
    S.AWAITING_PAPERS: (E.PLAN_PICKUP, E.TEXT_OWNER),
    S.NEEDS_SUPPLEMENT: (E.TEXT_OWNER,),
    S.IN_PROGRESS: (E.START_CLOCK, E.TEXT_OWNER),
    S.RESULT_READY: (E.STAMP_RESULT, E.PLAN_DELIVERY, E.TEXT_OWNER),
    S.OUT_FOR_DELIVERY: (E.PLAN_DELIVERY,),
    S.DELIVERED: (E.STAMP_CLOSE, E.TEXT_OWNER, E.ASK_RATING),
    S.RETURNED: (E.TEXT_OWNER,),
    S.REJECTED: (E.STAMP_CLOSE, E.TEXT_OWNER),
    S.WITHDRAWN: (E.STAMP_CLOSE,),
}


class Channel(str, enum.Enum):
    PHONE = "phone"
    OPERATOR = "operator"
    POST = "post"
    API = "api"


class TransitionError(Exception):
    """A dossier was asked to make a move its state machine does not allow."""

    def __init__(self, current: DossierState, target: DossierState) -> None:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_MOVES[current])) or "none"
        super().__init__(f"cannot move a dossier from {current.value} to {target.value} (allowed: {allowed})")
        self.current = current
        self.target = target


class VesselFlag(str, enum.Enum):
    """What an operator must check about the vessel a dossier names, whichever channel filed it."""

    OTHER_OWNER = "other_owner"
    NOT_REGISTERED = "not_registered"

    @property
    def label_vi(self) -> str:
        return VESSEL_FLAG_LABELS[self]


VESSEL_FLAG_LABELS = {
    VesselFlag.OTHER_OWNER: "Tàu đăng ký cho chủ tàu khác",
    VesselFlag.NOT_REGISTERED: "Tàu chưa có trong sổ đăng ký",
}


class ReasonRequiredError(ValueError):
    """A move that must give its reason (REASON_REQUIRED) was asked for without one."""

    def __init__(self, target: DossierState) -> None:
        super().__init__(f"a move to {target.value} needs a reason")
        self.target = target


class Dossier(Base):
    __tablename__ = "dossier"
    # The queue lists newest first under each filter; a code prefix search needs pattern ops
    # on PostgreSQL, whose plain btree only answers LIKE 'x%' under the C collation.
    __table_args__ = (
        Index("ix_dossier_received_at_id", "received_at", "id"),
        Index("ix_dossier_state_received_at", "state", "received_at", "id"),
        Index("ix_dossier_procedure_received_at", "procedure_id", "received_at", "id"),
        Index("ix_dossier_code_pattern", "code", postgresql_ops={"code": "varchar_pattern_ops"}).ddl_if(
            dialect="postgresql"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    phone_code: Mapped[str] = mapped_column(String(12), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id"), index=True)
    vessel_id: Mapped[int | None] = mapped_column(ForeignKey("vessel.id"), index=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 12), default=Channel.PHONE)
    state: Mapped[DossierState] = mapped_column(enum_column(DossierState, 20), index=True)
    # The number as the caller keyed it, kept when the registry does not know the vessel.
    vessel_number: Mapped[str | None] = mapped_column(String(20), index=True, info=personal(Personal.VESSEL))
    # Set when the dossier is filed: the vessel is another owner's, or the registry does not know it.
    vessel_flag: Mapped[VesselFlag | None] = mapped_column(enum_column(VesselFlag, 16))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    caller_phone: Mapped[str | None] = mapped_column(String(16), index=True, info=personal(Personal.PHONE))
    # A copy of the owner's Owner.name_folded, kept by the flush events below, so the name search
    # reads one index on dossier instead of joining a million dossiers to their owners.
    owner_name_folded: Mapped[str | None] = mapped_column(String(120), info=personal(Personal.NAME))
    recipient_name: Mapped[str | None] = mapped_column(String(120), info=personal(Personal.NAME))
    recipient_phone: Mapped[str | None] = mapped_column(String(16), info=personal(Personal.PHONE))
    delivery_province_code: Mapped[int | None] = mapped_column(Integer)
    delivery_ward_code: Mapped[int | None] = mapped_column(Integer, info=personal(Personal.ADDRESS))
    delivery_address: Mapped[str | None] = mapped_column(String(200), info=personal(Personal.ADDRESS))
    note: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The date told to the owner when the dossier was filed (spoken, texted, printed); the legal due date
    # below is counted only from acceptance, and the two are shown apart.
    promised_date: Mapped[date | None] = mapped_column(Date)
    # What the owner was told at filing, kept so that a fee or postage changed later does not change what the
    # receipt printed and the courier collects (None for a draft, and for dossiers filed before they were kept).
    fee_vnd: Mapped[int | None] = mapped_column(Integer)
    postage_per_leg_vnd: Mapped[int | None] = mapped_column(Integer)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[Owner | None] = relationship()
    vessel: Mapped[Vessel | None] = relationship()
    procedure: Mapped[Procedure] = relationship()
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id", cascade="all, delete-orphan"
    )

    def can_move_to(self, target: DossierState) -> bool:
        return target in ALLOWED_MOVES[self.state]

    def transition_to(
        self, target: DossierState, *, actor: str, reason: str | None = None, user_id: int | None = None
    ) -> DossierEvent:
        """Move to `target`, recording who, when, from, to and why; refuse moves not in the table, or without
        the reason a move in REASON_REQUIRED must give."""
        if not self.can_move_to(target):
            raise TransitionError(self.state, target)
        if target in REASON_REQUIRED and not (reason or "").strip():
            raise ReasonRequiredError(target)
        event = DossierEvent(
            from_state=self.state, to_state=target, actor=actor, user_id=user_id, reason=reason
        )
        self.events.append(event)
        self.state = target
        return event


# The name search: the names its words fit (owner_name), then one range of this index per name, newest
# first. PostgreSQL needs pattern ops for LIKE 'x%' under any collation; SQLite has a plain index.
Index("ix_dossier_owner_name_pattern", Dossier.owner_name_folded, Dossier.received_at.desc(), Dossier.id.desc(),
      postgresql_ops={"owner_name_folded": "varchar_pattern_ops"}).ddl_if(dialect="postgresql")
# Vessel digits keyed by a caller whose vessel the registry does not know, found from their start.
Index("ix_dossier_vessel_number_pattern", Dossier.vessel_number,
      postgresql_ops={"vessel_number": "varchar_pattern_ops"}).ddl_if(dialect="postgresql")
Index("ix_dossier_owner_name_sqlite", Dossier.owner_name_folded, Dossier.received_at, Dossier.id).ddl_if(
    dialect="sqlite")


@event.listens_for(Dossier, "before_insert")
@event.listens_for(Dossier, "before_update")
def _copy_owner_name(_mapper: Mapper[Dossier], connection: Connection, dossier: Dossier) -> None:
    """Copy the owner's folded name whenever a dossier gets (or loses) its owner, however it was set."""
    attrs = inspect(dossier).attrs
    owner_set = attrs.owner.history.has_changes()
    if not (owner_set or attrs.owner_id.history.has_changes()):
        return
    owner = dossier.owner if owner_set else None  # set through the relationship: already in memory
    if owner is not None:
        dossier.owner_name_folded = owner.name_folded
    elif dossier.owner_id is None:
        dossier.owner_name_folded = None
    else:
        dossier.owner_name_folded = connection.scalar(select(Owner.name_folded).where(Owner.id == dossier.owner_id))


@event.listens_for(Owner, "after_update")
def _rename_in_dossiers(_mapper: Mapper[Owner], connection: Connection, owner: Owner) -> None:
    """Carry an owner's new name to the copies on their dossiers, in the same flush and transaction."""
    if not inspect(owner).attrs.name_folded.history.has_changes():
        return
    connection.execute(update(Dossier).where(Dossier.owner_id == owner.id).values(owner_name_folded=owner.name_folded))
    session = object_session(owner)
    # Dossiers already loaded in this session would otherwise show the old copy until refreshed.
    for loaded in list(session.identity_map.values()) if session else []:
        if isinstance(loaded, Dossier) and inspect(loaded).dict.get("owner_id") == owner.id:
            set_committed_value(loaded, "owner_name_folded", owner.name_folded)


class DossierEvent(Base):
    """One change of a dossier's state; rows are only ever added."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    from_state: Mapped[DossierState | None] = mapped_column(enum_column(DossierState, 20))
    to_state: Mapped[DossierState] = mapped_column(enum_column(DossierState, 20))
    actor: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reason: Mapped[str | None] = mapped_column(Text, info=personal(Personal.FREE_TEXT))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class DossierSequence(Base):
    """The last daily sequence number handed out per unit and day."""

    __tablename__ = "dossier_sequence"

    unit_code: Mapped[str] = mapped_column(String(30), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
