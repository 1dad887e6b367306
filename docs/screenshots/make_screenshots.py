"""Regenerate the README's screenshots: a question and the feedback on a wrong answer.

    python docs/screenshots/make_screenshots.py

The question is the seed README's first example (3 → 5 → 2, 32 parameters), answered 25 (the
count without the biases), at 100×30 with the dark theme. Runs headless with a fixed clock.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("QUIZZER_HOME", tempfile.mkdtemp(prefix="quizzer-screenshots-"))

from quizzer.core.clock import ManualClock  # noqa: E402
from quizzer.core.counting import analyze  # noqa: E402
from quizzer.core.layers import Dense  # noqa: E402
from quizzer.core.model import Model  # noqa: E402
from quizzer.core.questions import Question  # noqa: E402
from quizzer.core.rendering import render_code  # noqa: E402
from quizzer.core.solutions import solve  # noqa: E402
from quizzer.launching import Launch  # noqa: E402
from quizzer.tui.app import create_app  # noqa: E402
from quizzer.tui.preferences import Preferences  # noqa: E402
from quizzer.tui.widgets.answer_input import AnswerInput  # noqa: E402


def seed_question() -> Question:
    model = Model((3,), (Dense(5), Dense(2)))
    report = analyze(model, "keras")
    return Question(
        id="seed-1", kind="total", framework="keras",
        prompt="How many parameters does this model have in total?",
        code=render_code(model, "keras"), answer=report.total, solution=solve(report).text(),
        skills=("dense.weights", "dense.bias"), model=model, family="mlp",
    )


async def main() -> None:
    clock = ManualClock()
    launch = Launch(mode="practice", source=[seed_question()], title="seed examples")
    app = create_app(launch, clock=clock, preferences=Preferences(), save_preferences=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(AnswerInput).cursor_blink = False
        await pilot.press("ctrl+t", "2", "5")
        await pilot.pause()
        app.save_screenshot("question.svg", str(HERE))
        clock.advance(14.2)
        await pilot.press("enter")
        await pilot.pause()
        app.save_screenshot("feedback.svg", str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
    print(f"wrote {HERE / 'question.svg'} and {HERE / 'feedback.svg'}")
