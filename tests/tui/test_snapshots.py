"""Snapshots at 80×24 of home, question, feedback and the drill summary (fixed questions,
seeds, clock and preferences, so they are stable). Update with `--snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable
from itertools import cycle
from typing import Any

from textual.pilot import Pilot

from quizzer.core.drill import DrillLimit
from quizzer.core.questions import Question
from quizzer.launching import Launch
from quizzer.tui.screens.question import QuestionScreen
from quizzer.tui.widgets.answer_input import AnswerInput

from .conftest import Harness

SnapCompare = Callable[..., bool]


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor in a snapshot."""
    await pilot.pause()
    for box in pilot.app.screen.query(AnswerInput):
        box.cursor_blink = False


def practice(harness: Harness, questions: list[Question]) -> Launch:
    return Launch(mode="practice", source=iter(questions), title="seed examples")


def test_home(snap_compare: SnapCompare, harness: Harness) -> None:
    assert snap_compare(harness.app(Launch()), terminal_size=(80, 24))


def test_question(snap_compare: SnapCompare, harness: Harness,
                  seed_questions: list[Question]) -> None:
    async def hint(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("ctrl+t", "3", "2")
        await steady(pilot)

    app = harness.app(practice(harness, seed_questions))
    assert snap_compare(app, terminal_size=(80, 24), run_before=hint)


def test_feedback(snap_compare: SnapCompare, harness: Harness,
                  seed_questions: list[Question]) -> None:
    async def answer(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        harness.clock.advance(8.5)
        await pilot.press("1", "0", "4", "5", "1", "enter")
        await pilot.pause()

    app = harness.app(practice(harness, seed_questions[1:]))
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


def test_drill_summary(snap_compare: SnapCompare, harness: Harness,
                       seed_questions: list[Question]) -> None:
    async def drill(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, QuestionScreen) and screen.ticker is not None
        screen.ticker.pause()
        for given in ("32", "10451", "16", "13"):
            harness.clock.advance(12)
            await pilot.press(*given, "enter")
            await pilot.pause()
        harness.clock.advance(12)
        screen.tick()
        await pilot.pause()

    launch = Launch(mode="drill", limit=DrillLimit(minutes=1), source=cycle(seed_questions),
                    title="seed examples")
    assert snap_compare(harness.app(launch), terminal_size=(80, 24), run_before=drill)
