"""Choosing a drill's length: 1, 2 or 5 minutes, or 10 or 20 questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizzer.core.drill import DRILL_LIMITS
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp


class DrillSetupScreen(Screen[None]):
    """A list of drill lengths; Enter starts the drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Timed drill: how long?", id="title")
        yield OptionList(
            *(Option(limit.label, id=str(index)) for index, limit in enumerate(DRILL_LIMITS)),
            id="lengths",
        )
        yield Static(
            "Answers go straight to the next question; the summary lists what you missed.",
            classes="about",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        lengths = self.query_one(OptionList)
        lengths.highlighted = 0
        lengths.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            limit = DRILL_LIMITS[int(event.option.id)]
            cast("QuizzerApp", self.app).start_drill(limit, replace=True)
