"""Errors the core raises for bad models and bad input; each carries a one-line message."""

from __future__ import annotations


class QuizzerError(Exception):
    """Base of every error quizzer reports to the user as one line, without a traceback."""


class ShapeError(QuizzerError):
    """A layer cannot accept the shape it is given (names the layer and why)."""


class UnsupportedError(QuizzerError):
    """The model uses something a framework (or quizzer) cannot express."""


class ParseError(QuizzerError):
    """Input text could not be read; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
