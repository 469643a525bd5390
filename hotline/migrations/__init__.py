"""Alembic migrations driven from code, for the CLI and the tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

from hotline.infra.db import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def applies_to(dialect: str) -> Callable[..., bool]:
    """An alembic include_object that skips objects made only for another dialect (`ddl_if`)."""

    def include_object(obj: Any, _name: str | None, _type: str, _reflected: bool, _compare_to: Any) -> bool:
        ddl_if = getattr(obj, "_ddl_if", None)
        return ddl_if is None or ddl_if.dialect in (None, dialect)

    return include_object


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _run(url: str, action: Callable[..., None], revision: str) -> None:
    """Run an alembic command on one connection, committed when it succeeds."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            action(cfg, revision)
    finally:  # a migration that stops (pg_trgm refused, say) leaves no connection open behind it
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the database at `url`."""
    _run(url, command.upgrade, revision)


def downgrade(url: str, revision: str) -> None:
    """Undo migrations down to `revision` on the database at `url`."""
    _run(url, command.downgrade, revision)
