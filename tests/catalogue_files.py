"""A procedures.toml of a test's own: the shipped one as data, changed and written beside the other config files."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

from flask import Flask

from hotline.infra.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "config"


def shipped_entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = tomllib.loads((SHIPPED / "procedures.toml").read_text())["procedure"]
    return entries


def toml_text(entries: list[dict[str, Any]]) -> str:
    """The entries as [[procedure]] tables; strings quoted as TOML basic strings (JSON's escapes are TOML's)."""
    tables = []
    for entry in entries:
        lines = [f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in entry.items()]
        tables.append("[[procedure]]\n" + "\n".join(lines) + "\n")
    return "\n".join(tables)


def use_catalogue(app: Flask, tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    """Point the app at a copy of config/ whose procedures.toml lists `entries`; return that folder."""
    config = tmp_path / "config"
    if not config.exists():
        shutil.copytree(SHIPPED, config)
    (config / "procedures.toml").write_text(toml_text(entries), encoding="utf-8")
    app.config["CONFIG_DIR"] = str(config)
    return config


def entry(code: str, key: int, name_vi: str = "Thủ tục thử", **fields: Any) -> dict[str, Any]:
    return {"code": code, "key": key, "name_vi": name_vi, "name_en": "A test procedure", "working_days": 4,
            "fee_vnd": 0, "needs_papers": False, "needs_vessel": True, **fields}
