"""What one rule of `hotline check` found: the problems to fix and, for admins, what is fine."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from flask import Flask

from hotline.services.doctor.texts import PARTS
from hotline.services.doctor.texts import TEXTS


@dataclass(frozen=True)
class Line:
    """One sentence of a finding: a key of TEXTS and the values it names."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        return TEXTS[self.key][language].format(**self.values)


@dataclass
class Finding:
    """One part of the installation: each problem is one line saying what is wrong and what to do."""

    part: str
    problems: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def name(self, language: str = "en") -> str:
        return PARTS[self.part][language]

    def problem(self, key: str, /, **values: object) -> None:
        self.problems.append(Line(key, values))

    def note(self, key: str, /, **values: object) -> None:
        """Record what is fine: paths, counts and versions that only admins see."""
        self.notes.append(Line(key, values))


# A rule looks at one part of the app it is given, inside that app's context.
Rule = Callable[[Flask], Finding]


def run_rules(app: Flask, rules: Iterable[Rule]) -> list[Finding]:
    """Apply every rule in turn; each one reports its own failures as problems, so all of them run."""
    return [rule(app) for rule in rules]
