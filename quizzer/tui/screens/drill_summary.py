"""The summary at the end of a drill (or a practice session): score, accuracy, pace, skills,
the weakest ones, the personal best, and a key to practise the missed questions again."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.markup import escape
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizzer.core.sessions import Session, Summary
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp


def skills_table(summary: Summary) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Skill")
    table.add_column("Right", justify="right")
    table.add_column("Accuracy", justify="right")
    for skill in summary.skills:
        table.add_row(escape(skill.skill), f"{skill.correct}/{skill.attempts}",
                      f"{skill.accuracy:.0%}")
    return table


class SummaryScreen(Screen[None]):
    """How the session went. `r` practises the missed questions again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Practise missed"),
        Binding("enter,escape", "home", "Home"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, session: Session, description: str) -> None:
        super().__init__()
        self.session = session
        self.description = description
        self.summary = session.finish()

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        summary = self.summary
        drill = summary.mode == "drill"
        what = "Drill over" if drill else "Session over"
        # a bank's title and its skill tags are text, not markup
        yield Static(f"{what} · {self.description}", id="title", markup=False)
        with VerticalScroll(id="summary-body"):
            accuracy = "-" if summary.accuracy is None else f"{summary.accuracy:.0%}"
            median = "-" if summary.median_seconds is None else f"{summary.median_seconds:.1f} s"
            yield Static(f"Score: {summary.correct} correct", id="score")
            yield Static(
                f"Accuracy: {accuracy} ({summary.correct} of {summary.attempts}: "
                f"{summary.answered} answered, {summary.skipped} skipped)\n"
                f"Questions per minute: {summary.questions_per_minute:.1f}\n"
                f"Median time per question: {median}\n"
                f"Hints used: {summary.hints_used}",
                id="figures",
            )
            if drill:
                best = self.personal_best()
                yield Static(best, id="best",
                             classes="correct" if best.startswith("New personal best") else "")
            if summary.skills:
                yield Static(skills_table(summary), id="skills")
            yield Static(f"Weakest skills: {summary.weakest_text()}", id="weakest",
                         markup=False)
            missed = len(summary.missed)
            yield Static(
                f"Missed questions: {missed}" + (" · press r to practise them again"
                                                 if missed else ""),
                id="missed",
            )
        yield KeyBar()

    def personal_best(self) -> str:
        """The store's line for these drill settings (`New personal best: …`, `Personal best:
        …`, or a first drill), read once the drill's own result is kept (`finish` did that)."""
        hook = self.session.hooks.personal_best
        line = hook(self.summary) if hook is not None else None
        return line or "Personal best: not kept (progress is not saved in this session)."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.summary.missed)
        return True

    def action_home(self) -> None:
        self.quizzer.go_home()

    def action_retry(self) -> None:
        if self.summary.missed:
            self.quizzer.start_session(
                self.session.retry_missed(), "the missed questions again", replace=True
            )
