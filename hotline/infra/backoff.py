"""Exponential backoff: how long to wait before trying again."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field


@dataclass
class Backoff:
    """Delays of `first` seconds, doubling on each failure up to `cap`; `reset()` after a success."""

    first: float = 1.0
    cap: float = 30.0
    factor: float = 2.0
    _next: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._next = self.first

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * self.factor, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first
