"""Clocks: sessions and drills read the time through an injectable clock, so tests need no sleeps.

A clock is any callable returning monotonic seconds. `monotonic` is the real one;
`ManualClock` moves only when told (tests, snapshots, benchmarks).
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Returns monotonic seconds; only differences between two readings mean anything."""

    def __call__(self) -> float: ...


def monotonic() -> float:
    """The real clock: `time.monotonic()`."""
    return time.monotonic()


class ManualClock:
    """A clock that stands still until `advance` moves it."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (never back)."""
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self.now += seconds
