"""Start-up and the garbage collector.

Opening the trainer creates some 100,000 objects that live as long as the process: modules,
classes, Textual's styles and widgets, the engine's tables. With its default thresholds the
collector walks them again and again while they are being made (about 30 ms before the first
question is on screen, a fifth of Textual's own start-up) and frees nothing. So the command
line holds young collections back (`hold_collector`) until the start-up is over: the TUI
calls `settle` once its first screen is painted, which freezes what exists (later full
collections skip it) and puts the usual thresholds back. Commands without a screen keep the
raised threshold, which only makes collections rarer; `release_collector` restores it.
"""

from __future__ import annotations

import gc

START_THRESHOLD = 100_000
"""Allocations between young collections during start-up (the default is 700)."""

_held: list[tuple[int, int, int]] = []
"""The thresholds to restore, while the collector is held."""


def hold_collector() -> None:
    """Collect young objects only every `START_THRESHOLD` allocations until released."""
    if not _held:
        _held.append(gc.get_threshold())
        gc.set_threshold(START_THRESHOLD, *_held[0][1:])


def release_collector() -> None:
    """The thresholds from before `hold_collector` (nothing happens when not held)."""
    if _held:
        gc.set_threshold(*_held.pop())


def settle() -> None:
    """Start-up is over: what exists now stays, so freeze it, and collect as usual again."""
    gc.freeze()
    release_collector()
