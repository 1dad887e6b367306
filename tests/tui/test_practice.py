"""A whole practice session played with Pilot at 80×24: right and wrong answers, a hint, an
unreadable answer, a skip, a similar question, the Keras/PyTorch view, the summary, the
missed questions again, and quitting."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizzer.core.counting import analyze
from quizzer.core.questions import Question
from quizzer.launching import Launch
from quizzer.tui.screens.drill_summary import SummaryScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.question import QuestionScreen
from quizzer.tui.widgets.feedback import layer_table

from .conftest import Harness

SIZE = (80, 24)


def text(app: App[int], selector: str) -> str:
    """The plain text of a Static on the current screen."""
    return str(app.screen.query_one(selector, Static).content)


async def answer(pilot: Pilot[int], value: str) -> None:
    await pilot.press(*value)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_whole_practice_session(
    harness: Harness, practice_launch: Callable[[Iterable[Question]], Launch],
    seed_questions: list[Question],
) -> None:
    app = harness.app(practice_launch(seed_questions))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "seed examples" in text(app, "#status") and "Q1" in text(app, "#tally")
        assert text(app, "#prompt") == "How many parameters does this model have in total?"
        assert "layers.Dense(5)" in text(app, "#code")
        assert screen.query_one("#code-pane").border_title == "Keras code"

        # the Keras/PyTorch view: the code changes, the question stays about Keras
        await pilot.press("ctrl+o")
        assert screen.view == "pytorch"
        assert "nn.Linear(3, 5)" in text(app, "#code")
        assert screen.query_one("#code-pane").border_title == (
            "PyTorch view (the question is about Keras)"
        )
        await pilot.press("ctrl+o")
        assert "layers.Dense(5)" in text(app, "#code")

        # a hint, then the right answer typed as arithmetic
        await pilot.press("ctrl+t")
        assert text(app, "#hints") == "Hint 1: dense (Dense): i×o + o = 3×5 + 5"
        assert screen.hints_used == 1
        harness.clock.advance(12)
        await answer(pilot, "3*5+5*2+5+2")
        assert app.screen is screen and screen.state == "feedback"
        assert text(app, "#verdict").startswith("✓ Correct")
        assert "12.0 s · 1 hint" in text(app, "#verdict")
        assert text(app, "#seed-line") == "In one line: (3×5 + 5×2) + (5+2) = 32"
        assert len(harness.records) == 1  # recorded when graded, before Enter
        first = harness.records[0]
        assert (first.correct, first.hints_used, first.thinking_seconds) == (True, 1, 12.0)

        # reading feedback is not thinking time; a wrong answer next
        harness.clock.advance(30)
        await pilot.press("enter")
        assert screen.state == "ask" and text(app, "#tally") == "Q2 · 1 right"
        harness.clock.advance(20)
        await answer(pilot, "10000")
        assert text(app, "#verdict").startswith("✗ Wrong")
        assert text(app, "#answers") == "Your answer: 10000  ·  correct answer: 10,451"
        wrong = harness.records[1]
        assert not wrong.correct and wrong.thinking_seconds == 20.0
        if wrong.diagnosis:
            assert text(app, "#diagnosis") == "\n".join(
                f"Diagnosis: {line}" for line in wrong.diagnosis
            )

        # a similar question: same skills, new numbers, served next
        await pilot.press("s")
        assert screen.state == "ask"
        similar = screen.session.current
        assert similar is not None and similar.id not in {q.id for q in seed_questions}
        assert set(similar.skills) >= {"dense.weights"}

        # an unreadable answer is not graded: a hint, and the question stays
        await answer(pilot, "lots")
        assert screen.state == "ask"
        assert text(app, "#message").startswith("Could not read 'lots'")
        assert len(harness.records) == 2

        # skip: the answer and its worked solution are shown
        await pilot.press("ctrl+n")
        assert screen.state == "feedback"
        assert text(app, "#verdict").startswith("↷ Skipped")
        assert harness.records[2].skipped
        await pilot.press("enter")

        # Esc ends the session: the summary, then the missed questions again
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert text(app, "#score") == "Score: 1 correct"
        assert "Accuracy: 33% (1 of 3: 2 answered, 1 skipped)" in text(app, "#figures")
        assert text(app, "#missed") == "Missed questions: 2 · press r to practise them again"
        assert len(harness.finished) == 1
        await pilot.press("r")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, QuestionScreen)
        assert again.session.current is not None and again.session.current.id == "seed-mlp-deep"

        # Esc, then q: out, nothing asked
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert len(harness.records) == 3


async def test_the_conv_picture_and_the_feedback_table(
    harness: Harness, practice_launch: Callable[[Iterable[Question]], Launch],
    seed_questions: list[Question],
) -> None:
    app = harness.app(practice_launch(seed_questions[2:]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picture = str(app.screen.query_one("#picture").render())
        assert "Conv2D: 3 filters, each 2×2×1" in picture
        assert "┌─┬─┐ ┌─┬─┐ ┌─┬─┐" in picture
        await answer(pilot, "15")
        assert text(app, "#seed-line") == "In one line: [1 × (2×2) × 3] + 3 = 15"
        model = seed_questions[2].model
        assert model is not None
        report_table = layer_table(analyze(model, "keras"))
        cells = [list(column.cells) for column in report_table.columns]
        assert cells[0] == ["conv2d (Conv2D)", "Total"]
        assert cells[3] == ["15", "15"]


async def test_the_dense_picture_draws_every_neuron(
    harness: Harness, practice_launch: Callable[[Iterable[Question]], Launch],
    seed_questions: list[Question],
) -> None:
    app = harness.app(practice_launch(seed_questions[:1]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picture = str(app.screen.query_one("#picture").render())
        assert picture.count("●") == 3 + 5 + 2
        assert picture.splitlines()[0] == "Dense: i 3 → h 5 → o 2"


async def test_enter_on_home_starts_practising_and_f10_quits(harness: Harness) -> None:
    app = harness.app(Launch())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "seed 42 · Keras · difficulty 1 · mixed" in text(app, "#status")
        assert app.screen.query_one(Input).has_focus
        await pilot.press("f10")
        await pilot.pause()
    assert app.return_code == 0


async def test_fast_typing_is_never_submitted_early(
    harness: Harness, practice_launch: Callable[[Iterable[Question]], Launch],
    seed_questions: list[Question],
) -> None:
    app = harness.app(practice_launch(seed_questions))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "2", "enter")  # no pause between the digits and Enter
        await pilot.pause()
        assert harness.records[0].given == "32" and harness.records[0].correct


async def test_settings_change_the_next_session_and_are_saved(harness: Harness) -> None:
    app = harness.app(Launch())
    app.save_preferences = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.click("#framework RadioButton:last-of-type")
        await pilot.pause()
        assert app.preferences.framework == "pytorch"
        await pilot.press("escape")
        await pilot.press("p")
        await pilot.pause()
        assert "PyTorch" in text(app, "#status")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.current is not None
        assert screen.session.current.framework == "pytorch"
    from quizzer.tui import preferences

    assert preferences.load().framework == "pytorch"
