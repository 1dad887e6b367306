"""The store in the trainer (Pilot, real SQLite store in the test's QUIZZER_HOME): every
answer is on disk the moment it is graded, drill summaries show the personal best, the home
screen counts what is due, and what the store has to say reaches the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import cycle
from typing import Any

import pytest
from textual.app import App
from textual.widgets import OptionList, Static

from quizzer.core.clock import ManualClock
from quizzer.core.drill import DrillLimit
from quizzer.core.questions import Question, format_answer
from quizzer.core.sessions import Hooks
from quizzer.core.store import Store, progress_hooks
from quizzer.launching import Launch
from quizzer.tui.app import QuizzerApp, create_app
from quizzer.tui.preferences import Preferences
from quizzer.tui.screens.drill_summary import SummaryScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.question import QuestionScreen

SIZE = (80, 24)
WALL = 1_741_597_200.0  # 10 Mar 2025, 09:00 UTC


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


def make_app(launch: Launch, hooks: Hooks, clock: ManualClock,
             wall: Callable[[], float] = lambda: WALL) -> QuizzerApp:
    return create_app(launch, hooks, clock=clock, wall=wall, preferences=Preferences(),
                      seeds=lambda: 42, save_preferences=False)


def text(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_each_practice_answer_is_in_the_database_once_graded(
    store: Store, seed_questions: list[Question]
) -> None:
    clock = ManualClock()
    launch = Launch(mode="practice", source=iter(seed_questions), title="seed examples")
    app = make_app(launch, progress_hooks(store), clock)
    given = ["32", "10000", "skip", "13"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number, answer in enumerate(given, start=1):
            clock.advance(7)
            if answer == "skip":
                await pilot.press("ctrl+n")
            else:
                await pilot.press(*answer, "enter")
            await pilot.pause()
            # on disk now, read back through a second connection, before moving on
            with Store.open(store.path, backup=False) as reader:
                records = reader.answers()
            assert len(records) == number
            last = records[-1]
            assert last.question_id == seed_questions[number - 1].id
            assert (last.given, last.skipped) == (("", True) if answer == "skip"
                                                  else (answer, False))
            assert last.mode == "practice" and last.thinking_seconds == 7.0
            assert last.timestamp == WALL
            await pilot.press("enter")  # on to the next question
            await pilot.pause()
    assert [r.correct for r in store.answers()] == [True, False, False, True]
    assert store.reviews() == []  # practice rates nothing


async def play_drill(app: QuizzerApp, clock: ManualClock, questions: list[Question],
                     right: int, wrong: int) -> str:
    """A question-limited drill: `right` right answers, then `wrong` wrong ones; returns the
    summary's personal-best line."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        for number in range(right + wrong):
            clock.advance(5)
            current = screen.session.current
            assert current is not None
            answer = format_answer(current.answer) if number < right else "1"
            await pilot.press(*answer, "enter")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        return text(app, "#best")


async def test_the_drill_summary_shows_the_personal_best_for_the_same_settings(
    store: Store, seed_questions: list[Question]
) -> None:
    days = iter([WALL, WALL + 86400, WALL + 2 * 86400])
    lines = []
    for right, wrong in ((2, 2), (3, 1), (1, 3)):
        clock = ManualClock()
        day = next(days)
        launch = Launch(mode="drill", limit=DrillLimit(questions=4),
                        source=cycle(seed_questions), title="seed examples")
        hooks = progress_hooks(store, wall=lambda day=day: day)  # type: ignore[misc]
        app = make_app(launch, hooks, clock, wall=lambda day=day: day)  # type: ignore[misc]
        lines.append(await play_drill(app, clock, seed_questions, right, wrong))
    first_day = datetime.fromtimestamp(WALL).strftime("%d %b %Y")
    second_day = datetime.fromtimestamp(WALL + 86400).strftime("%d %b %Y")
    assert lines == [
        "Personal best: this is your first drill with these settings",
        f"New personal best: 3 correct (previous 2, {first_day})",
        f"Personal best: 3 correct ({second_day})",
    ]
    assert [(d.score, d.questions) for d in store.drills()] == [(2, 4), (3, 4), (1, 4)]
    key = "questions=4 source=seed examples"
    assert store.drills()[0].settings_key == key
    best = store.personal_best(key)
    assert best is not None and best.score == 3


async def test_without_a_store_the_summary_says_the_best_is_not_kept(
    seed_questions: list[Question],
) -> None:
    clock = ManualClock()
    launch = Launch(mode="drill", limit=DrillLimit(questions=1), source=cycle(seed_questions))
    line = await play_drill(make_app(launch, Hooks(), clock), clock, seed_questions, 1, 0)
    assert line == "Personal best: not kept (progress is not saved in this session)."


async def test_the_home_screen_counts_what_is_due(
    store: Store, seed_questions: list[Question]
) -> None:
    clock = ManualClock()
    app = make_app(Launch(), progress_hooks(store), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        assert str(menu.get_option("review").prompt) == "Review       nothing due now"
        await pilot.press("enter")  # practice: one answer makes two skills new (due)
        await pilot.pause()
        clock.advance(5)
        await pilot.press("1", "enter", "escape")
        await pilot.pause()
        await pilot.press("enter")  # summary → home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert store.answer_count() == 1
        due = len(store.due_items(datetime.fromtimestamp(WALL).astimezone()))
        assert due >= 1
        assert str(menu.get_option("review").prompt) == f"Review       {due} due now"


async def test_store_notices_and_failed_writes_become_notifications(
    store: Store, seed_questions: list[Question], monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = "quizzer: the database at /x/quizzer.db was unusable; it was moved to /x/old"
    clock = ManualClock()
    hooks = progress_hooks(store)
    hooks = Hooks(on_record=hooks.on_record, store=store, notices=(notice,))
    launch = Launch(mode="practice", source=iter(seed_questions))
    app = make_app(launch, hooks, clock)
    shown: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: shown.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown == [notice]
        store.close()  # the next write fails
        await pilot.press("3", "2", "enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.state == "feedback"  # goes on
    assert len(shown) == 2
    assert shown[1].startswith("quizzer: this answer was not saved: could not save the answer")
