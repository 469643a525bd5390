"""requests people make about their personal data (Law 91/2025/QH15), with their deadlines

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models.base

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('privacy_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('access', 'correction', 'erasure', 'objection', name='requestkind', native_enum=False, length=12), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('state', sa.Enum('open', 'answered', 'done', name='requeststate', native_enum=False, length=10), nullable=False),
    sa.Column('received_at', hotline.models.base.UTCDateTime(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=False),
    sa.Column('act_due', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('answered_at', hotline.models.base.UTCDateTime(), nullable=True),
    sa.Column('closed_at', hotline.models.base.UTCDateTime(), nullable=True),
    sa.Column('handled_by', sa.Integer(), nullable=True),
    sa.Column('created_at', hotline.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['handled_by'], ['app_user.id'], name=op.f('fk_privacy_request_handled_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_request'))
    )
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_request_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_request_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('privacy_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_request_state'))
        batch_op.drop_index(batch_op.f('ix_privacy_request_phone'))

    op.drop_table('privacy_request')
