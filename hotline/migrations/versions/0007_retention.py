"""retention: when a recording's audio and transcript were purged, and its provider copy's deletion

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02 10:00:00.000000

Recordings already stored start as `held`: the first sweeps delete their provider copies once the
centre's copy checks out, and settle those `hotline call` served itself as `none`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models.base

revision: str = '0007'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audio_purged_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('transcript_purged_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('provider_copy', sa.Enum('held', 'deleted', 'gone', 'none',
                                                               name='providercopy', native_enum=False,
                                                               create_constraint=False, length=8),
                                      server_default='held', nullable=False))
        batch_op.add_column(sa.Column('provider_copy_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('provider_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('provider_retry_at', hotline.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('provider_error', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_recording_provider_copy'), ['provider_copy'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recording_provider_copy'))
        batch_op.drop_column('provider_error')
        batch_op.drop_column('provider_retry_at')
        batch_op.drop_column('provider_attempts')
        batch_op.drop_column('provider_copy_at')
        batch_op.drop_column('provider_copy')
        batch_op.drop_column('transcript_purged_at')
        batch_op.drop_column('audio_purged_at')
