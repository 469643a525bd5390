"""Read query-string parameters strictly; a bad one is a 422 naming it, never a crash."""

from __future__ import annotations

import enum
from datetime import date
from typing import TypeVar

from flask import request

from hotline.api.errors import ApiError

E = TypeVar("E", bound=enum.Enum)
MAX_TEXT = 120
MAX_INT = 2**31 - 1
# Dates outside this range cannot be turned into the UTC bounds the columns compare with.
MIN_YEAR, MAX_YEAR = 1900, 2999
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class ParamErrors:
    """Collect every bad parameter of a request, then refuse them all at once."""

    def __init__(self) -> None:
        self.details: list[dict[str, str]] = []

    def add(self, name: str, message: str) -> None:
        self.details.append({"field": name, "message": message})

    def raise_if_any(self) -> None:
        if self.details:
            raise ApiError(422, "some query parameters are not valid", self.details)

    def text(self, name: str) -> str | None:
        value = request.args.get(name)
        if value is None or value == "":
            return None
        if len(value) > MAX_TEXT or any(ch < " " for ch in value):
            self.add(name, f"must be at most {MAX_TEXT} printable characters")
            return None
        return value

    def integer(self, name: str, default: int | None, low: int = 1, high: int = MAX_INT) -> int | None:
        value = request.args.get(name)
        if value is None or value == "":
            return default
        if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
            self.add(name, f"must be a whole number from {low} to {high}")
            return default
        return int(value)

    def choice(self, name: str, enum_cls: type[E]) -> E | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return enum_cls(value)
        except ValueError:
            self.add(name, "must be one of: " + ", ".join(str(m.value) for m in enum_cls))
            return None

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or len(value) != 10 or not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.add(name, f"must be a date written YYYY-MM-DD between {MIN_YEAR} and {MAX_YEAR}")
            return None
        return parsed

    def flag(self, name: str) -> bool:
        value = (self.text(name) or "false").lower()
        if value not in _TRUE | _FALSE:
            self.add(name, "must be true or false")
        return value in _TRUE
