"""the centre's own copy of each recording's audio

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models.base

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audio_path', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('audio_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('audio_bytes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('audio_content_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('audio_stored_at', hotline.models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.drop_column('audio_stored_at')
        batch_op.drop_column('audio_content_type')
        batch_op.drop_column('audio_bytes')
        batch_op.drop_column('audio_sha256')
        batch_op.drop_column('audio_path')
