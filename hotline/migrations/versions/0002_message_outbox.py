"""message outbox: attempts, due time, claim and failure code of each SMS

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 17:10:00.000000

The new states (sending, retrying) need no DDL: states are stored by value in a VARCHAR(10).
Messages left queued by the old code have no job id, so the first sweep sends them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('job_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('attempted_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('error_code', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outgoing_message_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_message_state'))
        batch_op.drop_column('error_code')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempted_at')
        batch_op.drop_column('job_id')
        batch_op.drop_column('attempts')
