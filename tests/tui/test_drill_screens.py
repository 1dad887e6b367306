"""A whole timed drill played with Pilot on an injected clock (no sleeps): the length chooser,
the countdown bar, answers going straight on, time running out, the summary with the personal
best, and practising the missed questions again."""

from __future__ import annotations

from itertools import cycle

from rich.table import Table
from textual.app import App
from textual.widgets import Static

from quizzer.core.drill import DrillLimit
from quizzer.core.questions import Question, format_answer
from quizzer.launching import Launch
from quizzer.tui.screens.drill_setup import DrillSetupScreen
from quizzer.tui.screens.drill_summary import SummaryScreen
from quizzer.tui.screens.question import QuestionScreen
from quizzer.tui.widgets.countdown import Countdown

from .conftest import Harness

SIZE = (80, 24)


def text(app: App[int], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_a_one_minute_drill_to_its_summary(
    harness: Harness, seed_questions: list[Question]
) -> None:
    launch = Launch(mode="drill", limit=DrillLimit(minutes=1), source=cycle(seed_questions),
                    title="seed examples")
    app = harness.app(launch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        bar = screen.query_one(Countdown)
        assert bar.label == "1:00 left" and bar.fraction == 1.0
        assert "Drill · 1 minute · seed examples" in text(app, "#status")

        answers = ["32", "10451", "16"]  # right, right, wrong (15)
        for given in answers:
            harness.clock.advance(10)
            await pilot.press(*given, "enter")
            await pilot.pause()
            assert app.screen is screen  # a drill goes straight on: no feedback screen
        assert text(app, "#message") == "✗ Wrong: you answered 16; it was 15 (10.0 s)"
        assert bar.label == "0:30 left" and bar.fraction == 0.5
        assert screen.time_left == 30
        assert [r.mode for r in harness.records] == ["drill"] * 3

        harness.clock.advance(29)
        screen.tick()  # what the interval timer does: read the clock
        assert bar.label == "0:01 left"
        harness.clock.advance(1)
        screen.tick()
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert text(app, "#title").startswith("Drill over · 1 minute")
        assert text(app, "#score") == "Score: 2 correct"
        figures = text(app, "#figures")
        assert "Accuracy: 67% (2 of 3: 3 answered, 0 skipped)" in figures
        assert "Questions per minute: 3.0" in figures
        assert "Median time per question: 10.0 s" in figures
        assert text(app, "#best").startswith("Personal best: 9 correct (")
        assert "minutes=1" in text(app, "#best")
        assert text(app, "#weakest") == "Weakest skills: conv.bias, conv2d.kernel"
        skills = summary.query_one("#skills", Static).content
        assert isinstance(skills, Table)
        assert list(skills.columns[0].cells) == [
            "dense.weights", "dense.bias", "conv2d.kernel", "conv.bias",
        ]
        assert len(harness.finished) == 1 and harness.finished[0].mode == "drill"

        await pilot.press("r")  # practise the missed question again
        await pilot.pause()
        again = app.screen
        assert isinstance(again, QuestionScreen) and again.drill is None
        assert again.session.current is not None
        assert again.session.current.id == "seed-conv-1"
        await pilot.press("1", "5", "enter")
        await pilot.pause()
        assert harness.records[-1].mode == "practice" and harness.records[-1].correct


async def test_a_ten_question_drill_from_the_home_screen(
    harness: Harness, seed_questions: list[Question]
) -> None:
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DrillSetupScreen)
        await pilot.press("down", "down", "down", "enter")  # 10 questions
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.drill is not None
        assert screen.drill.limit == DrillLimit(questions=10)
        assert screen.query_one(Countdown).label == "10 of 10 questions left"
        for number in range(10):
            harness.clock.advance(3)
            if number % 4 == 3:
                await pilot.press("ctrl+n")
            else:
                current = screen.session.current
                assert current is not None
                await pilot.press(*format_answer(current.answer), "enter")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Accuracy: 80% (8 of 10: 8 answered, 2 skipped)" in text(app, "#figures")
        await pilot.press("enter")  # back home
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_late_answer_does_not_count(
    harness: Harness, seed_questions: list[Question]
) -> None:
    launch = Launch(mode="drill", limit=DrillLimit(minutes=1), source=cycle(seed_questions))
    app = harness.app(launch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.ticker is not None
        screen.ticker.pause()  # the answer arrives before the countdown notices
        harness.clock.advance(61)
        await pilot.press("3", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert harness.records == []
        assert text(app, "#score") == "Score: 0 correct"
