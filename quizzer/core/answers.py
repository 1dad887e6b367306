"""Reading the learner's typed answer: counts and shapes. (Stub: the grading issue extends it.)"""

from __future__ import annotations

from quizzer.core.errors import QuizzerError
from quizzer.core.model import Shape


class AnswerParseError(QuizzerError):
    """The answer could not be read; the message is a short hint. Not graded as wrong."""


def parse_count(text: str) -> int:
    """A whole number such as `10451` or `10,451`."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned.isdigit():
        raise AnswerParseError("type a whole number, e.g. 10451 or 10,451")
    return int(cleaned)


def parse_shape(text: str) -> Shape:
    """A shape such as `(None, 13, 13, 32)`, `(13, 13, 32)` or `13x13x32` (batch dropped)."""
    raise AnswerParseError("type a shape such as (None, 13, 13, 32)")
