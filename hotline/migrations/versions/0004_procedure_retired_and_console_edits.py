"""procedure: retired_at and console_edits, for `hotline catalogue sync` and the console's catalogue page

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models.base

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('console_edits', sa.String(length=200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('console_edits')
        batch_op.drop_column('retired_at')
