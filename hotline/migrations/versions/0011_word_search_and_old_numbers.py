"""find owners by any word of their name and by vessel digits, and keep a number written before 2018

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 21:00:00.000000

owner_name: each folded owner name once, which a search by any word of a name ("van an", "bich") reads
first, with pg_trgm's GIN index on PostgreSQL, so it never merges a million dossiers' trigrams; pattern
indexes on vessel numbers, so "1234" finds QNg-12345-TS from the number's start. owner.phone_before_2018:
the 11-digit number an owner's record held before the 2018 renumbering, with today's number in its place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hotline.domain.phone import PhoneNumberError
from hotline.domain.phone import renumbered

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_PG_TRGM = (
    "PostgreSQL refused CREATE EXTENSION pg_trgm ({error}). The name search needs it. Either run the "
    "migration as a role that may create it (a superuser; on PostgreSQL 13 and later any role with CREATE on "
    "the database, as pg_trgm is a trusted extension), or have a superuser run `CREATE EXTENSION pg_trgm;` in "
    "this database once and then run `hotline db upgrade` again. On Debian the extension comes with the "
    "postgresql-contrib files of the server's package."
)


def _create_pg_trgm() -> None:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        raise RuntimeError(NO_PG_TRGM.format(error=str(exc.orig).strip())) from exc


def upgrade() -> None:
    with op.batch_alter_table('owner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_before_2018', sa.String(length=16), nullable=True))
    _move_old_numbers()
    op.create_table('owner_name',
    sa.Column('name_folded', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('name_folded', name=op.f('pk_owner_name'))
    )
    op.execute("INSERT INTO owner_name (name_folded) SELECT DISTINCT name_folded FROM owner")
    if op.get_bind().dialect.name == "postgresql":
        _create_pg_trgm()
        op.create_index("ix_owner_name_name_folded_trgm", "owner_name", ["name_folded"], postgresql_using="gin",
                        postgresql_ops={"name_folded": "gin_trgm_ops"})
        op.create_index("ix_dossier_vessel_number_pattern", "dossier", ["vessel_number"],
                        postgresql_ops={"vessel_number": "varchar_pattern_ops"})
        op.create_index("ix_vessel_registration_number_pattern", "vessel", ["registration_number"],
                        postgresql_ops={"registration_number": "varchar_pattern_ops"})


def _move_old_numbers() -> None:
    """An owner's number stored in its pre-2018 form (+84 1xx…) becomes today's, the old one kept beside it."""
    bind = op.get_bind()
    owner = sa.table("owner", sa.column("id", sa.Integer), sa.column("phone", sa.String),
                     sa.column("phone_before_2018", sa.String))
    rows = bind.execute(sa.select(owner.c.id, owner.c.phone).where(owner.c.phone.like("+841%"))).all()
    for owner_id, phone in rows:
        try:
            new = renumbered(phone)
        except PhoneNumberError:
            continue
        if new is not None:
            bind.execute(owner.update().where(owner.c.id == owner_id)
                         .values(phone=new.e164, phone_before_2018=new.old_national))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_vessel_registration_number_pattern", table_name="vessel")
        op.drop_index("ix_dossier_vessel_number_pattern", table_name="dossier")
        op.drop_index("ix_owner_name_name_folded_trgm", table_name="owner_name")
    op.drop_table('owner_name')
    with op.batch_alter_table('owner', schema=None) as batch_op:
        batch_op.drop_column('phone_before_2018')
