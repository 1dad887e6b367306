"""The Stats screen: answers and accuracy per skill and per kind, the weekly trend, daily
activity (heat map), streak, personal bests per drill setting, the weakest skills, and what is
due now and in the next 7 days.

The figures are computed in a worker thread (`quizzer.core.stats.collect`), so the screen
opens at once and says it is counting meanwhile.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from quizzer.core.stats import (
    Stats,
    Tally,
    activity_lines,
    best_text,
    collect,
    overview_lines,
    percent,
    trend_lines,
    weakest_lines,
)
from quizzer.core.store import StoreError
from quizzer.tui.screens.review import now_of
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

WEEKS = 12
"""Weeks in the activity heat map (fits 80 columns)."""
EMPTY = ("No answers yet: practise, drill or review, and your progress shows here. "
         "Every answer is saved the moment it is graded.")
NO_STORE = "Progress is not kept in this session (the database could not be opened)."


def tally_table(title: str, tallies: dict[str, Tally]) -> Table:
    """One row per key: answers, right, accuracy."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(title)
    table.add_column("Answers", justify="right")
    table.add_column("Right", justify="right")
    table.add_column("Accuracy", justify="right")
    for key, tally in tallies.items():
        table.add_row(key, f"{tally.count:,}", f"{tally.correct:,}", percent(tally))
    return table


def bests_table(stats: Stats) -> Table:
    """One row per drill setting: the best drill's result and date."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Drill settings", overflow="fold")
    table.add_column("Best")
    table.add_column("Date")
    for key, best in stats.personal_bests.items():
        when = datetime.fromtimestamp(best.timestamp).strftime("%d %b %Y")
        table.add_row(key, best_text(best), when)
    return table


class StatsScreen(Screen[None]):
    """Scrollable statistics; `r` counts again, Esc goes back."""

    DEFAULT_CSS = """
    StatsScreen #stats-body { height: 1fr; padding: 0 1; }
    StatsScreen #stats-body > Static { margin-bottom: 1; }
    StatsScreen #stats-body > .stats-heading { text-style: bold underline; margin-bottom: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "recount", "Count again"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        """The figures shown, once counted."""

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Stats", id="title")
        with VerticalScroll(id="stats-body"):
            yield Static("Counting…", id="stats-overview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.action_recount()

    def action_back(self) -> None:
        self.quizzer.go_home()

    def action_recount(self) -> None:
        store = self.quizzer.hooks.store
        if store is None:
            self.query_one("#stats-overview", Static).update(NO_STORE)
            return
        now = now_of(self.quizzer)

        def count() -> Stats | str:
            try:
                return collect(store, now)
            except StoreError as error:
                return f"Could not count: {error}"

        self.run_worker(count, thread=True, exclusive=True, group="stats", exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "stats" or event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if isinstance(result, Stats):
            await self.show(result)
        elif isinstance(result, str):
            self.query_one("#stats-overview", Static).update(result)

    async def show(self, stats: Stats) -> None:
        """Replace the body with the figures."""
        self.stats = stats
        body = self.query_one("#stats-body", VerticalScroll)
        await body.remove_children()
        parts: list[Static] = [Static("\n".join(overview_lines(stats)), id="stats-overview")]
        if not stats.answers.count:
            parts.append(Static(EMPTY, id="stats-empty"))
        parts.append(Static("\n".join(trend_lines(stats)), id="stats-trend"))
        parts.append(Static("\n".join(activity_lines(stats, WEEKS)), id="stats-activity"))
        if stats.weakest:
            parts.append(Static("\n".join(weakest_lines(stats)), id="stats-weakest"))
        if stats.skills:
            parts.append(Static("Per skill", classes="stats-heading"))
            parts.append(Static(tally_table("Skill", stats.skills), id="stats-skills"))
        if stats.kinds:
            parts.append(Static("Per question kind", classes="stats-heading"))
            parts.append(Static(tally_table("Kind", stats.kinds), id="stats-kinds"))
        if stats.modes:
            parts.append(Static("Per mode", classes="stats-heading"))
            parts.append(Static(tally_table("Mode", stats.modes), id="stats-modes"))
        parts.append(Static("Personal bests", classes="stats-heading"))
        if stats.personal_bests:
            parts.append(Static(bests_table(stats), id="stats-bests"))
        else:
            parts.append(Static("No drills yet: a timed drill's best result per setting shows "
                                "here.", id="stats-bests"))
        await body.mount_all(parts)
        body.scroll_home(animate=False)
