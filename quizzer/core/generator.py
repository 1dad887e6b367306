"""The seeded question generator. (Stub: the questions issue replaces it with all families.)"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from quizzer.core.counting import analyze
from quizzer.core.layers import Dense
from quizzer.core.model import Framework, Model
from quizzer.core.questions import Question, QuestionKind
from quizzer.core.rendering import render_code
from quizzer.core.solutions import solve

FAMILIES = ("mlp", "cnn", "rnn", "norm", "attention", "mixed")


@dataclass(frozen=True)
class GeneratorOptions:
    """What to generate; the same seed and options always give the same questions."""

    framework: Framework = "keras"
    difficulty: int = 1
    family: str = "mixed"
    kind: QuestionKind | None = None


def question_at(seed: int, position: int, options: GeneratorOptions) -> Question:
    """The question at `position` of the sequence for `seed` and `options`."""
    rng = random.Random(f"{seed}:{position}:{options}")
    sizes = [rng.randint(1, 9) for _ in range(3)]
    model = Model((sizes[0],), (Dense(sizes[1]), Dense(sizes[2])))
    report = analyze(model, options.framework)
    return Question(
        id=f"g{seed}-{position}",
        kind="total",
        framework=options.framework,
        prompt="How many parameters does this model have in total?",
        code=render_code(model, options.framework),
        answer=report.total,
        solution=solve(report).text(),
        skills=("dense.weights", "dense.bias"),
        model=model,
        difficulty=options.difficulty,
        family="mlp",
    )


def generate(seed: int, options: GeneratorOptions) -> Iterator[Question]:
    """An endless, deterministic sequence of questions."""
    position = 0
    while True:
        yield question_at(seed, position, options)
        position += 1


def similar(question: Question, seed: int) -> Question:
    """A question exercising the same skills with new numbers."""
    options = GeneratorOptions(question.framework, question.difficulty, question.family)
    return question_at(seed, 0, options)
