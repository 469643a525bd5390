"""vessel flags for the operator, procedures that register a new vessel, the day an owner rearranged a visit

What an operator must check about a dossier's vessel; procedures that register a new vessel (no number asked);
and the day an owner arranged for a failed pickup or delivery.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vessel_flag', sa.Enum('other_owner', 'not_registered', name='vesselflag',
                                                             native_enum=False, length=16), nullable=True))
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_vessel', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_before', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_column('not_before')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('new_vessel')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('vessel_flag')
