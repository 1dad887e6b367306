"""Fixtures for the TUI tests: the seed README's four examples as questions, a manual clock,
and an app factory with everything fixed (clock, seeds, preferences) and every record kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest

from quizzer.core.clock import ManualClock
from quizzer.core.counting import analyze
from quizzer.core.layers import Conv2D, Dense
from quizzer.core.model import Model
from quizzer.core.questions import Question
from quizzer.core.records import AnswerRecord
from quizzer.core.rendering import render_code
from quizzer.core.sessions import Hooks, Summary
from quizzer.core.solutions import solve
from quizzer.launching import Launch
from quizzer.tui.app import QuizzerApp, create_app
from quizzer.tui.preferences import Preferences

SEED_MODELS = (
    ("seed-mlp", Model((3,), (Dense(5), Dense(2))), ("dense.weights", "dense.bias")),
    ("seed-mlp-deep", Model((50,), (Dense(100), Dense(1), Dense(100), Dense(50))),
     ("dense.weights", "dense.bias")),
    ("seed-conv-1", Model((None, None, 1), (Conv2D(3, (2, 2)),)),
     ("conv2d.kernel", "conv.bias")),
    ("seed-conv-3", Model((None, None, 3), (Conv2D(1, (2, 2)),)),
     ("conv2d.kernel", "conv2d.input_channels", "conv.bias")),
)
"""The seed README's examples: 32, 10451, 15 and 13 parameters."""


def total_question(qid: str, model: Model, skills: tuple[str, ...]) -> Question:
    report = analyze(model, "keras")
    return Question(
        id=qid, kind="total", framework="keras",
        prompt="How many parameters does this model have in total?",
        code=render_code(model, "keras"), answer=report.total, solution=solve(report).text(),
        skills=skills, model=model,
        family="cnn" if isinstance(model.layers[0], Conv2D) else "mlp",
    )


@pytest.fixture
def seed_questions() -> list[Question]:
    return [total_question(qid, model, skills) for qid, model, skills in SEED_MODELS]


@dataclass
class Harness:
    """What a test needs around the app: its clock and everything the hooks received."""

    clock: ManualClock = field(default_factory=ManualClock)
    records: list[AnswerRecord] = field(default_factory=list)
    finished: list[Summary] = field(default_factory=list)

    def hooks(self) -> Hooks:
        return Hooks(
            on_record=self.records.append,
            on_finish=self.finished.append,
            personal_best=lambda summary: f"Personal best: 9 correct ({summary.settings})",
        )

    def app(self, launch: Launch, preferences: Preferences | None = None) -> QuizzerApp:
        return create_app(
            launch, self.hooks(), clock=self.clock, wall=lambda: 1_700_000_000.0,
            preferences=preferences or Preferences(), seeds=lambda: 42,
            save_preferences=False,
        )


@pytest.fixture
def harness() -> Harness:
    return Harness()


@pytest.fixture
def practice_launch(seed_questions: list[Question]) -> Callable[[Iterable[Question]], Launch]:
    def launch(questions: Iterable[Question] = seed_questions) -> Launch:
        return Launch(mode="practice", source=questions, title="seed examples")

    return launch
