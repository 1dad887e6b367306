"""The Stats screen (Pilot at 80×24): it opens at once, counts in a worker, then shows the
totals, streak, due counts and forecast, trend, heat map, per skill, kind and mode, the weakest
skills and the personal bests, in a body that scrolls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from rich.table import Table
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizzer.core.clock import ManualClock
from quizzer.core.records import AnswerRecord
from quizzer.core.sessions import Hooks
from quizzer.core.store import Store, progress_hooks
from quizzer.launching import Launch
from quizzer.tui.app import QuizzerApp, create_app
from quizzer.tui.preferences import Preferences
from quizzer.tui.screens.stats import StatsScreen

SIZE = (80, 24)
NOON = datetime(2025, 3, 12, 12, 0).astimezone().timestamp()  # a Wednesday, local time
DAY = 86400.0


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


def record(store: Store, when: float, skills: tuple[str, ...], correct: bool, *,
           kind: str = "total", mode: str = "practice", skipped: bool = False) -> None:
    store.record(AnswerRecord(
        question_id="q", kind=kind, framework="keras", skills=skills,
        given="" if skipped else "1", correct=correct, diagnosis=(), thinking_seconds=9.0,
        hints_used=0, mode=mode, session_id="s", timestamp=when,  # type: ignore[arg-type]
        skipped=skipped,
    ))


def history(store: Store) -> None:
    """Six answers over three days in a row (ending today), and two drills."""
    dense = ("dense.weights", "dense.bias")
    record(store, NOON - 2 * DAY, dense, True)
    record(store, NOON - DAY, dense, False, mode="drill")
    record(store, NOON - DAY, ("conv2d.kernel", "conv.bias"), True, kind="layer", mode="drill")
    record(store, NOON - 60, dense, False, skipped=True)
    record(store, NOON - 50, ("lstm.gates",), True, kind="output_shape", mode="review")
    record(store, NOON - 40, dense, True)
    settings = "difficulty=1 family=mixed framework=keras minutes=1"
    store.record_drill(settings, 5, 0.5, 4.0, questions=10, session_id="d1",
                       timestamp=NOON - DAY)
    store.record_drill(settings, 7, 0.7, 6.0, questions=10, session_id="d2", timestamp=NOON)


def make_app(hooks: Hooks) -> QuizzerApp:
    return create_app(Launch(), hooks, clock=ManualClock(), wall=lambda: NOON,
                      preferences=Preferences(), seeds=lambda: 1, save_preferences=False)


def text(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def table_rows(app: App[Any], selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, Static).content
    assert isinstance(table, Table)
    columns = [list(column.cells) for column in table.columns]
    return [list(map(str, row)) for row in zip(*columns, strict=True)]


async def test_the_stats_screen_shows_the_history(store: Store) -> None:
    history(store)
    app = make_app(progress_hooks(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("stats")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.stats is not None
        overview = text(app, "#stats-overview").splitlines()
        assert overview[0] == "Answers: 6 (4 right, 67%), 1 skipped"
        assert overview[1] == "Streak: 3 days"
        # never reviewed: dense.weights, dense.bias, conv2d.kernel, conv.bias are new;
        # lstm.gates was reviewed (due later)
        assert overview[2] == "Due for review now: 4 (0 skills, 0 cards, 4 new)"
        assert overview[3].startswith("Next 7 days: Wed 4  Thu ")
        trend = text(app, "#stats-trend")
        assert trend.startswith("Weekly accuracy, last 12 weeks: [")
        assert "Answers per week, last 12 weeks: [" in trend and "(busiest: 6)" in trend
        activity = text(app, "#stats-activity").splitlines()
        assert activity[0] == "Activity, last 12 weeks:"
        assert activity[-1] == "    less · ░ ▒ ▓ █ more (busiest day: 3)"
        assert [line[:3] for line in activity[2:9]] == [
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        ]
        assert [activity[row][-1] for row in (2, 3, 4)] == ["▒", "▓", "█"]  # Mon 1 … Wed 3
        assert table_rows(app, "#stats-skills") == [
            ["conv.bias", "1", "1", "100%"],
            ["conv2d.kernel", "1", "1", "100%"],
            ["dense.bias", "4", "2", "50%"],
            ["dense.weights", "4", "2", "50%"],
            ["lstm.gates", "1", "1", "100%"],
        ]
        assert table_rows(app, "#stats-kinds") == [
            ["layer", "1", "1", "100%"],
            ["output_shape", "1", "1", "100%"],
            ["total", "4", "2", "50%"],
        ]
        assert table_rows(app, "#stats-modes") == [
            ["drill", "2", "1", "50%"],
            ["practice", "3", "2", "67%"],
            ["review", "1", "1", "100%"],
        ]
        assert text(app, "#stats-weakest").splitlines() == [
            "Weakest skills (their last answers):",
            "  dense.bias: 50% of 4",
            "  dense.weights: 50% of 4",
        ]
        when = datetime.fromtimestamp(NOON).strftime("%d %b %Y")
        assert table_rows(app, "#stats-bests") == [
            ["difficulty=1 family=mixed framework=keras minutes=1",
             "7 right of 10, 70%, 6.0 questions/min", when],
        ]
        # usable at 80×24: the body scrolls to the last section
        body = screen.query_one("#stats-body", VerticalScroll)
        assert body.max_scroll_y > 0 and body.has_focus
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        region = screen.query_one("#stats-bests").region
        assert region.bottom <= SIZE[1] - 1 and region.right <= SIZE[0]

        record(store, NOON - 10, ("lstm.gates",), True)
        await pilot.press("r")  # count again: the new answer shows
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text(app, "#stats-overview").startswith("Answers: 7 (5 right, 71%)")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_an_empty_history_says_how_to_start(store: Store) -> None:
    app = make_app(progress_hooks(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("stats")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text(app, "#stats-overview").startswith("Answers: 0 (0 right, –)")
        assert text(app, "#stats-empty").startswith("No answers yet")
        assert text(app, "#stats-bests").startswith("No drills yet")


async def test_without_a_store_the_screen_says_so() -> None:
    app = make_app(Hooks())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("stats")
        await pilot.pause()
        assert text(app, "#stats-overview").startswith("Progress is not kept")
