"""dossier: fee_vnd and postage_per_leg_vnd, the charges the owner was told at filing

Kept for the receipt and the courier whatever the catalogue's fee or the postage becomes later.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fee_vnd', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('postage_per_leg_vnd', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('postage_per_leg_vnd')
        batch_op.drop_column('fee_vnd')
