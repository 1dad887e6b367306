"""The key bar at the bottom of every screen: the keys the screen's BINDINGS declare (and the
app's), as Textual's Footer shows them, drawn as one line.

Textual's Footer builds a widget per key and rebuilds them when the bindings change, which
costs about 20 ms before the first question can be painted; this draws the same data (the
screen's `active_bindings`, one entry per action, disabled ones dimmed) in a single widget.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"


class KeyBar(Widget):
    """One line: `⏎ Submit  ^t Hint  ...`, redrawn whenever the screen's bindings change."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Content:
        parts: list[Content] = []
        actions: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            key = Content.styled(f" {self.app.get_key_display(binding)} ", KEY_STYLE)
            description = Content.styled(binding.description, DESCRIPTION_STYLE)
            part = key + description
            parts.append(part if active.enabled else part.stylize("dim"))
        return Content(" ").join(parts)
