"""The home screen: Practice, Timed drill, Review, Stats, Banks, Settings. Enter starts
practising at once (Practice is highlighted)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

CHOICES = (
    ("practice", "Practice", "questions at your level, a worked solution after each"),
    ("drill", "Timed drill", "1, 2 or 5 minutes, or 10 or 20 questions"),
    ("review", "Review", "the skills that are due"),
    ("stats", "Stats", "your history and personal bests"),
    ("banks", "Banks", "question banks in YAML"),
    ("settings", "Settings", "framework, difficulty, family, theme"),
)
KEYS_HELP = (
    "↑/↓ choose, Enter starts (Enter right away: practice).\n"
    "In a question: Enter submits · ctrl+t hint · ctrl+n skip · ctrl+o Keras/PyTorch code · "
    "PageUp/PageDown scroll the code · Esc ends the session.\n"
    "After an answer: Enter next · s similar question. Quit: ctrl+q or F10 anywhere, "
    "or Esc then q."
)


class HomeScreen(Screen[None]):
    """Where the app starts; every mode is one key away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", show=False),
        Binding("p", "choose('practice')", "Practice"),
        Binding("d", "choose('drill')", "Drill"),
        Binding("r", "choose('review')", "Review"),
        Binding("s", "choose('settings')", "Settings"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("quizzer · learn to count the parameters of neural networks", id="title")
        menu = OptionList(
            *(Option(f"{label:<12} {about}", id=key) for key, label, about in CHOICES),
            id="menu",
        )
        yield menu
        yield Static(id="home-settings")
        yield Static(KEYS_HELP, id="keys-help")
        yield KeyBar()

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_screen_resume(self) -> None:
        prefs = self.quizzer.preferences
        framework = "Keras" if prefs.framework == "keras" else "PyTorch"
        self.query_one("#home-settings", Static).update(
            f"Settings: {framework} · difficulty {prefs.difficulty} · family {prefs.family} · "
            f"{prefs.theme} theme"
        )
        self.query_one(OptionList).focus()
        self.count_due()

    def count_due(self) -> None:
        """Put the number of items due for review on the Review entry (counted in a thread
        after the screen is painted; nothing is shown without a store)."""
        store = self.quizzer.hooks.store
        if store is None:
            return
        from datetime import datetime

        now = datetime.fromtimestamp(self.quizzer.wall()).astimezone()

        def count() -> int:
            return len(store.due_items(now))

        self.run_worker(count, thread=True, exclusive=True, group="due", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "due" and event.state == WorkerState.SUCCESS:
            due = event.worker.result
            if isinstance(due, int):
                about = f"{due} due now" if due else "nothing due now"
                self.query_one(OptionList).replace_option_prompt(
                    "review", f"{'Review':<12} {about}"
                )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, choice: str) -> None:
        self.quizzer.open(choice)
