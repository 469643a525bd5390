"""What an owner pays for a dossier: the procedure's fee and the post's postage, one figure everywhere.

The hotline tells it before filing, the receipt (paper and SMS) prints it, and the courier collects it; all
of them ask `charges_for`, so the owner never hears one amount and pays another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from hotline.infra.province import province
from hotline.models import Dossier
from hotline.models import ShipmentKind


class Priced(Protocol):
    """What the charges depend on: a Procedure, or the two columns a call step read of it."""

    @property
    def fee_vnd(self) -> int: ...

    @property
    def needs_papers(self) -> bool: ...


@dataclass(frozen=True)
class Charges:
    """The fee and the postage of each leg the post carries, in đồng."""

    fee_vnd: int
    # The post fetches the original papers only for procedures that need them.
    pickup_postage_vnd: int
    delivery_postage_vnd: int

    @property
    def postage_vnd(self) -> int:
        return self.pickup_postage_vnd + self.delivery_postage_vnd

    @property
    def to_collect_vnd(self) -> int:
        """Everything the post collects, once, in cash, when it hands over the result."""
        return self.fee_vnd + self.postage_vnd


def charges_for(procedure: Priced, fee_vnd: int | None = None, postage_per_leg_vnd: int | None = None) -> Charges:
    """What the owner of a dossier of `procedure` pays: the fee, plus postage for each leg by post; today's
    fee and postage unless the ones told at filing are given."""
    postage = province().dispatch.postage_vnd if postage_per_leg_vnd is None else postage_per_leg_vnd
    return Charges(fee_vnd=procedure.fee_vnd if fee_vnd is None else fee_vnd,
                   pickup_postage_vnd=postage if procedure.needs_papers else 0, delivery_postage_vnd=postage)


def keep_charges(dossier: Dossier) -> None:
    """Keep on the dossier the fee and postage it is filed at: what the owner hears, the receipt prints and the
    courier collects, however the catalogue or the postage changes afterwards."""
    if dossier.fee_vnd is None:
        dossier.fee_vnd = dossier.procedure.fee_vnd
    if dossier.postage_per_leg_vnd is None:
        dossier.postage_per_leg_vnd = province().dispatch.postage_vnd


def dossier_charges(dossier: Dossier) -> Charges:
    """What this dossier's owner pays: as told at filing (today's figures for a draft or an older dossier)."""
    return charges_for(dossier.procedure, dossier.fee_vnd, dossier.postage_per_leg_vnd)


def amount_to_collect(dossier: Dossier, kind: ShipmentKind) -> int:
    """What the courier collects on a shipment: nothing at the pickup, everything with the result."""
    return 0 if kind is ShipmentKind.PICKUP else dossier_charges(dossier).to_collect_vnd
