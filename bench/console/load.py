"""Bulk-load a million dossiers into PostgreSQL with generate_series, in about a minute."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy import text

OWNERS = 200_000
VESSELS = 90_000
DOSSIERS = 1_000_000

# Parallel arrays: the name as written and its folded copy (what Owner.name_folded holds).
SURNAMES = [("Nguyễn", "nguyen"), ("Trần", "tran"), ("Lê", "le"), ("Phạm", "pham"), ("Huỳnh", "huynh"),
            ("Võ", "vo"), ("Phan", "phan"), ("Đặng", "dang"), ("Bùi", "bui"), ("Đỗ", "do")]
MIDDLE = [("Văn", "van"), ("Thị", "thi"), ("Hữu", "huu"), ("Đức", "duc"), ("Minh", "minh")]
GIVEN = [("An", "an"), ("Bình", "binh"), ("Cường", "cuong"), ("Dũng", "dung"), ("Hải", "hai"),
         ("Hùng", "hung"), ("Lâm", "lam"), ("Long", "long"), ("Nam", "nam"), ("Phúc", "phuc"),
         ("Quang", "quang"), ("Sơn", "son"), ("Tâm", "tam"), ("Thắng", "thang"), ("Tuấn", "tuan"),
         ("A", "a")]


def _array(pairs: list[tuple[str, str]], index: int) -> str:
    return "ARRAY[" + ", ".join("'" + p[index] + "'" for p in pairs) + "]"


def _name_expression(index: int, owner: str = "i") -> str:
    """SQL picking a surname, middle and given name from the owner id `owner`, written (0) or folded (1)."""
    s, m, g = len(SURNAMES), len(MIDDLE), len(GIVEN)
    return (f"({_array(SURNAMES, index)})[1 + {owner} % {s}] || ' ' || "
            f"({_array(MIDDLE, index)})[1 + ({owner} / {s}) % {m}]"
            f" || ' ' || ({_array(GIVEN, index)})[1 + ({owner} / {s * m}) % {g}]")


def load(engine: Engine, procedure_ids: list[int]) -> None:
    """Owners with Vietnamese names, vessels, and a million dossiers over about 500 days.

    Each dossier carries its owner's folded name (Dossier.owner_name_folded), computed from the owner
    id by the same expression as the owner's own copy, as the flush events keep it in the application.
    """
    written, folded = _name_expression(0), _name_expression(1)
    procs = "ARRAY[" + ", ".join(str(p) for p in procedure_ids) + "]"
    states = "ARRAY['delivered','delivered','delivered','delivered','in_progress','received','result_ready'," \
             "'out_for_delivery','needs_supplement','awaiting_papers','draft','rejected']"
    channels = "ARRAY['phone','phone','phone','phone','operator','operator','post','api']"
    statements = [
        f"""INSERT INTO owner (id, full_name, name_folded, phone, province_code, needs_review, created_at)
            SELECT i, {written}, {folded}, '+8491' || lpad(i::text, 7, '0'), 51,
                   false, now()
            FROM generate_series(1, {OWNERS}) AS i""",
        # Each name once, as the Owner events keep it (models/owner.py: OwnerName).
        "INSERT INTO owner_name (name_folded) SELECT DISTINCT name_folded FROM owner",
        f"""INSERT INTO vessel (id, owner_id, registration_number, created_at)
            SELECT i, i, 'QNg-' || (9999 + i)::text || '-TS', now() FROM generate_series(1, {VESSELS}) AS i""",
        f"""INSERT INTO dossier (id, code, phone_code, owner_id, owner_name_folded, vessel_id, procedure_id,
                                 channel, state, needs_review, caller_phone, received_at, due_date)
            SELECT i,
                   '000.00.15.H48-' || to_char(day, 'YYMMDD') || '-' || lpad((i % 2000 + 1)::text, 4, '0'),
                   (10000000 + i)::text, o, {_name_expression(1, "o")}, CASE WHEN o <= {VESSELS} THEN o END,
                   ({procs})[1 + i % {len(procedure_ids)}], ({channels})[1 + i % 8],
                   ({states})[1 + (i * 7) % 12], false, '+8491' || lpad(o::text, 7, '0'),
                   day + interval '1 hour' + (i % 2000) * interval '15 seconds', day::date + 20
            FROM (SELECT i, (1 + (i::bigint * 7919) % {OWNERS})::int AS o,
                         timestamp '2025-01-01' + (i / 2000) * interval '1 day' AS day
                  FROM generate_series(1, {DOSSIERS}) AS i) AS gen""",
        # Autovacuum would get there on its own; vacuuming now sets the visibility map, so index-only
        # scans (the capped counts) run as they would on a settled production table.
        "VACUUM (ANALYZE)",
    ]
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        for statement in statements:
            conn.execute(text(statement))
        for table in ("owner", "vessel", "dossier"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
