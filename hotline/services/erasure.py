"""Erase a person's data: delete what can go, mask what must stay, keep what the law asks a dossier to keep.

What happens to each table of a person's footprint (services/privacy.HOLDINGS):
- deleted: their owner records and vessels, recordings (with the audio files), satisfaction ratings,
  texts still waiting to be sent, and draft dossiers a dropped call left (never completed, never filed);
- masked: every other row keeps its place in the centre's figures (calls, closed dossiers and their
  history, shipments, texts sent, feedback, call-backs, audit entries) with each personal column emptied,
  or masked where the column cannot be empty (hotline.domain.masking);
- kept: the columns in KEPT, each with the reason the law gives.

An open dossier (received and not yet closed) is not erased: the centre needs the owner's name, number
and address to finish it and deliver the result. The erasure is refused, naming the dossiers; it can be
done once they are delivered, rejected or withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy import ColumnElement
from sqlalchemy import inspect
from sqlalchemy import update
from sqlalchemy.orm import Session

from hotline.domain.masking import mask_address
from hotline.domain.masking import mask_name
from hotline.domain.masking import mask_phone
from hotline.infra.settings import manifests_dir
from hotline.infra.settings import recordings_dir
from hotline.infra.storage import StorageError
from hotline.infra.storage import discard
from hotline.models import Base
from hotline.models import Call
from hotline.models import CallbackState
from hotline.models import CallbackTask
from hotline.models import Dossier
from hotline.models import DossierState
from hotline.models import Feedback
from hotline.models import OutgoingMessage
from hotline.models import Owner
from hotline.models import PrivacyRequest
from hotline.models import Recording
from hotline.models import SatisfactionRating
from hotline.models import Shipment
from hotline.models import Vessel
from hotline.models import utcnow
from hotline.models.message import OWED
from hotline.models.personal import Personal
from hotline.models.personal import kind_of
from hotline.models.personal import personal_columns
from hotline.services.privacy import Footprint
from hotline.services.privacy import find
from hotline.services.search_terms import prune_owner_names

# Personal columns erasure leaves as they are, and why the law lets (or makes) the centre keep them.
KEPT: dict[ColumnElement[Any], str] = {
    Dossier.__table__.c.vessel_number: (
        "A closed dossier stays the record of an administrative act (Decree 61/2018/ND-CP, Circular "
        "01/2018/TT-VPCP); Law 91/2025/QH15 lets a state body keep such a record. Its code, procedure, "
        "dates and result say what was decided and when; the vessel's registration number says for which "
        "vessel, and is public in the national fishing-vessel register anyway. Everything else about the "
        "person on it (names, numbers, address, notes) is erased."),
    PrivacyRequest.__table__.c.phone: (
        "The request log is the centre's proof that it answered the person within the law's deadlines "
        "(Law 91/2025/QH15, Decree 356/2025/ND-CP): which number asked what, and when."),
    PrivacyRequest.__table__.c.note: "Part of the request log: what the person asked (see phone).",
    PrivacyRequest.__table__.c.outcome: "Part of the request log: what the centre did about it (see phone).",
}

# Deleted outright: nothing of these rows is needed once the person is gone.
DELETED = (Recording, SatisfactionRating, Vessel, Owner)


class ErasureRefusedError(Exception):
    """The person still has dossiers in progress, which need their name, number and address."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(f"{len(codes)} open dossier(s) need this person's data until they close: {', '.join(codes)}")
        self.codes = codes


@dataclass(frozen=True)
class Stores:
    """Where a person's data also lies on disk: recordings' audio, and the manifests printed with their address."""

    recordings: Path
    manifests: Path


def stores_of(config: Mapping[str, Any]) -> Stores:
    return Stores(recordings_dir(config), manifests_dir(config))


@dataclass(frozen=True)
class Erased:
    """What an erasure did: rows deleted or masked, table by table, and the files removed."""

    counts: dict[str, int]
    audio_files: int
    manifest_files: int

    def summary(self) -> str:
        """Counts only, never a value: fit for the audit trail."""
        parts = [f"{table}={n}" for table, n in sorted(self.counts.items()) if n]
        return " ".join([*parts, f"audio_files={self.audio_files}", f"manifest_files={self.manifest_files}"])


def open_dossiers(session: Session, footprint: Footprint) -> list[Dossier]:
    """The dossiers, theirs or naming them, that are neither drafts nor closed: erasure waits for them."""
    named = [m.row for m in footprint.mentions.get(Dossier, [])]
    named += [session.get_one(Dossier, m.row.dossier_id) for m in footprint.mentions.get(Shipment, [])]
    found = {d.id: d for d in [*footprint.of(Dossier), *named]}
    return [d for d in found.values() if d.state is not DossierState.DRAFT and not d.state.is_closed]


def erase(session: Session, phone: str, stores: Stores) -> Erased:
    """Erase what is held about the holder of `phone`; ErasureRefusedError while a dossier of theirs is open.

    The files go last, once every row is changed: a file that cannot be removed stops the erasure
    before anything is committed. A manifest's files are removed rather than rewritten: the courier
    pages draw a missing one again from the (now masked) rows when it is next asked for.
    """
    footprint = find(session, phone)
    blocking = open_dossiers(session, footprint)
    if blocking:
        raise ErasureRefusedError([d.code for d in blocking])
    counts = {table: n for table, n in footprint.counts().items() if table != PrivacyRequest.__tablename__}
    drafts = [d for d in footprint.of(Dossier) if d.state is DossierState.DRAFT]
    gone = _delete_drafts(session, drafts) | _delete_unsent(session, footprint)
    files = [r.audio_path for r in footprint.of(Recording) if r.audio_path]
    shipments = [*footprint.of(Shipment), *(m.row for m in footprint.mentions.get(Shipment, []))]
    manifest_ids = {s.manifest_id for s in shipments if s.manifest_id is not None}
    _unhook(footprint)
    for model, rows in footprint.rows.items():
        left = [row for row in rows if id(row) not in gone]
        if model in DELETED:
            for row in left:
                session.delete(row)
        else:
            _mask(model, left)
    for model, mentions in footprint.mentions.items():
        for mention in mentions:
            for name in mention.columns:
                setattr(mention.row, name, blank(model.__mapper__.columns[name], getattr(mention.row, name)))
    session.flush()
    prune_owner_names(session)  # the search's list of names keeps none that only the erased person held
    for relative in files:
        discard(stores.recordings, relative)
    return Erased(counts, len(files), _discard_manifest_files(stores.manifests, manifest_ids))


def _unhook(footprint: Footprint) -> None:
    """Let the rows that stay stop pointing at the owner records and vessels about to go."""
    for dossier in footprint.of(Dossier):
        if dossier.vessel_number is None and dossier.vessel is not None:
            dossier.vessel_number = dossier.vessel.registration_number
        dossier.owner, dossier.vessel = None, None
    for row in [*footprint.of(Call), *footprint.of(Feedback)]:
        row.owner_id = None
    for task in footprint.of(CallbackTask):
        if task.state is not CallbackState.DONE:  # nobody is to ring a masked number back
            task.state, task.closed_at = CallbackState.DONE, utcnow()


def _delete_drafts(session: Session, drafts: list[Dossier]) -> set[int]:
    """Delete dossiers a call left unfinished, unhooking whatever points at them; return the rows gone."""
    ids = [d.id for d in drafts]
    if not ids:
        return set()
    for model in (CallbackTask, Feedback, OutgoingMessage, Recording):
        session.execute(update(model).where(model.dossier_id.in_(ids)).values(dossier_id=None))
    gone: set[int] = set()
    for dossier in drafts:
        gone |= {id(event) for event in dossier.events}
        gone.add(id(dossier))
        session.delete(dossier)
    return gone


def _delete_unsent(session: Session, footprint: Footprint) -> set[int]:
    """Texts not yet sent are dropped rather than sent, empty, to a masked number."""
    unsent = [m for m in footprint.of(OutgoingMessage) if m.state in OWED]
    for message in unsent:
        session.delete(message)
    return {id(m) for m in unsent}


def _discard_manifest_files(directory: Path, manifest_ids: set[int]) -> int:
    """Remove the files of these manifests (named bang-ke-<id>-..., see dispatch/files.py); return how many."""
    removed = 0
    for manifest_id in sorted(manifest_ids):
        for path in directory.glob(f"bang-ke-{manifest_id}-*"):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError(f"could not remove the manifest file {path.name}: {exc.strerror}") from exc
            removed += 1
    return removed


def _mask(model: type[Base], rows: list[Any]) -> None:
    mapper = inspect(model)
    columns = [c for c in personal_columns(Base.metadata) if c.table is model.__table__ and c not in KEPT]
    for column in columns:
        key = mapper.get_property_by_column(column).key
        for row in rows:
            setattr(row, key, blank(column, getattr(row, key)))


def blank(column: Column[Any], value: Any) -> Any:
    """What a personal column holds once erased: nothing, or a mask where it cannot be empty."""
    if value is None or column.nullable:
        return None
    kind = kind_of(column)
    if kind is Personal.PHONE:
        return mask_phone(value)
    if kind is Personal.NAME:
        return mask_name(value)
    if kind is Personal.ADDRESS:
        return mask_address(value)
    return type(value)()

