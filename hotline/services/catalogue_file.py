"""config/procedures.toml read and checked: every procedure's fields, keys 1–9 unique among the active ones."""

from __future__ import annotations

import tomllib
from collections import Counter
from typing import Any

from hotline.infra.settings import load_toml

KEYS = range(1, 10)
MAX_NAME = 200
MAX_CODE = 40
MAX_WORKING_DAYS = 365
MAX_FEE_VND = 1_000_000_000
# The fields the file gives for every procedure (besides its code and key); a sync writes them.
CATALOGUE_FIELDS = ("name_vi", "name_en", "working_days", "fee_vnd", "needs_papers", "needs_vessel")
REQUIRED = ("code", *CATALOGUE_FIELDS, "key")
# `active = false` keeps a procedure listed but off the menu; without it the console decides.
# `new_vessel = true` marks a procedure that registers a vessel with no number yet; without it, false.
OPTIONAL = ("active", "new_vessel")


class CatalogueError(ValueError):
    """The procedure catalogue file is not usable; the message names every problem, one per line."""


def read_catalogue(config_dir: str) -> list[dict[str, Any]]:
    """Read and check procedures.toml; each entry's `key` is returned as `keypad_key` too.

    Raises CatalogueError naming every problem: a missing or mistyped field, a key outside 1–9, a code
    or an active key given twice, more than 9 active procedures or none at all.
    """
    try:
        entries = load_toml(config_dir, "procedures.toml").get("procedure", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"procedures.toml cannot be read: {exc}") from exc
    if not isinstance(entries, list) or not entries:
        raise CatalogueError("procedures.toml lists no [[procedure]]")
    problems = [problem for n, entry in enumerate(entries, start=1) for problem in _entry_problems(n, entry)]
    if not problems:
        problems = _catalogue_problems(entries)
    if problems:
        raise CatalogueError("\n".join(problems))
    for entry in entries:
        entry["keypad_key"] = entry["key"]
    return entries


def _entry_problems(n: int, entry: dict[str, Any]) -> list[str]:
    where = f"procedure {n}" + (f" ({entry['code']})" if isinstance(entry.get("code"), str) else "")
    missing = [f for f in REQUIRED if f not in entry]
    if missing:
        return [f"{where} lacks {', '.join(missing)}"]
    problems = [f"{where}: unknown field {f}" for f in entry if f not in (*REQUIRED, *OPTIONAL)]
    checks = [
        ("code", _text(entry["code"], MAX_CODE), f"a text of 1 to {MAX_CODE} characters"),
        ("key", _whole(entry["key"], KEYS.start, KEYS.stop - 1), "a whole number from 1 to 9"),
        ("name_vi", _text(entry["name_vi"], MAX_NAME), f"a text of 1 to {MAX_NAME} characters"),
        ("name_en", _text(entry["name_en"], MAX_NAME), f"a text of 1 to {MAX_NAME} characters"),
        ("working_days", _whole(entry["working_days"], 1, MAX_WORKING_DAYS),
         f"a whole number from 1 to {MAX_WORKING_DAYS}"),
        ("fee_vnd", _whole(entry["fee_vnd"], 0, MAX_FEE_VND), f"a whole number of đồng from 0 to {MAX_FEE_VND}"),
        ("needs_papers", isinstance(entry["needs_papers"], bool), "true or false"),
        ("needs_vessel", isinstance(entry["needs_vessel"], bool), "true or false"),
        ("active", isinstance(entry.get("active", True), bool), "true or false"),
        ("new_vessel", isinstance(entry.get("new_vessel", False), bool), "true or false"),
        ("new_vessel", not (entry.get("new_vessel") is True and entry["needs_vessel"] is True),
         "false when needs_vessel is true: a new vessel has no registration number to ask for"),
    ]
    return problems + [f"{where}: {name} must be {what}" for name, ok, what in checks if not ok]


def _catalogue_problems(entries: list[dict[str, Any]]) -> list[str]:
    problems = [f"code {code} is given to {n} procedures" for code, n in Counter(e["code"] for e in entries).items()
                if n > 1]
    active = [e for e in entries if e.get("active", True)]
    for key, n in sorted(Counter(e["key"] for e in active).items()):
        if n > 1:
            codes = ", ".join(e["code"] for e in active if e["key"] == key)
            problems.append(f"key {key} is given to {n} active procedures: {codes}")
    if len(active) > len(KEYS):
        problems.append(f"{len(active)} active procedures: the phone menu has keys for {len(KEYS)}")
    if not active:
        problems.append("no procedure is active: the phone menu would offer nothing")
    return problems


def _text(value: object, longest: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) and len(value) <= longest


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
