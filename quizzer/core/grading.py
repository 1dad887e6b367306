"""Grading: is the answer right, what is right, and which misconception explains a wrong one.
(Stub: the grading issue extends it with the misconception catalogue.)"""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.answers import parse_count
from quizzer.core.questions import Answer, Question, format_answer


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    correct: bool
    given: str
    """What the learner typed."""
    value: Answer
    """What it was read as."""
    expected: str
    """The correct answer, formatted."""
    diagnosis: tuple[str, ...]
    """For a wrong answer: the misconceptions that produce it, or what it could not be built
    from."""
    solution: str


def grade(question: Question, text: str) -> Grade:
    """Grade typed text; raises AnswerParseError (a hint, not a wrong answer) when unreadable."""
    value = parse_count(text)
    correct = value == question.answer
    return Grade(correct, text, value, format_answer(question.answer), (), question.solution)
