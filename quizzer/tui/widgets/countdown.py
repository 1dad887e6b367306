"""The drill's countdown bar: a bar that empties, with the time (or questions) left in words."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class Countdown(Widget):
    """`fraction` of the bar is full; `label` says what is left, e.g. `0:42 left`."""

    fraction: reactive[float] = reactive(1.0)
    """From 1.0 (start) to 0.0 (time up)."""
    label: reactive[str] = reactive("")
    """What is left, in words (the bar is never the only signal)."""

    def render(self) -> str:
        label = f" {self.label}"
        width = max(0, self.content_size.width - len(label))
        full = round(width * min(1.0, max(0.0, self.fraction)))
        return "█" * full + "░" * (width - full) + label
