"""Migration 0011 on a database with owners: their names listed once, a pre-2018 number made today's."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy import text

from hotline import migrations


def test_0011_lists_the_names_in_use_and_renumbers_an_old_number_keeping_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.db'}"
    before = ScriptDirectory(str(migrations.MIGRATIONS_DIR)).get_revision("0011").down_revision
    assert isinstance(before, str)
    migrations.upgrade(url, before)
    engine = create_engine(url)
    with engine.begin() as conn:
        for name, folded, phone in (("Nguyễn Văn An", "nguyen van an", "+841695678945"),
                                    ("Nguyễn Văn An", "nguyen van an", "+84912345678"),
                                    ("Trần Thị Bích", "tran thi bich", None)):
            conn.execute(text("INSERT INTO owner (full_name, name_folded, phone, needs_review, created_at) "
                              "VALUES (:n, :f, :p, false, '2018-01-01')"), {"n": name, "f": folded, "p": phone})
    engine.dispose()

    migrations.upgrade(url)

    engine = create_engine(url)
    with engine.connect() as conn:
        assert sorted(conn.scalars(text("SELECT name_folded FROM owner_name"))) == ["nguyen van an", "tran thi bich"]
        rows = conn.execute(text("SELECT phone, phone_before_2018 FROM owner ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("+84395678945", "01695678945"), ("+84912345678", None), (None, None)]
