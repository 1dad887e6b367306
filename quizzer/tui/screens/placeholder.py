"""A screen still to come (Review, Stats, Banks are filled in by their own issues)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from quizzer.tui.widgets.key_bar import KeyBar


class ComingSoon(Screen[None]):
    """Says what will be here; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, title: str, about: str) -> None:
        super().__init__()
        self.title_text = title
        self.about = about

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="title")
        yield Static(f"{self.about}\n\nComing soon.", classes="placeholder")
        yield KeyBar()
