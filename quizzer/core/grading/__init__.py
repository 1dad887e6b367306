"""Grading: is the answer right, what is right, and which misconception explains a wrong one.

The exact value is required. A wrong count is recomputed under every misconception in
`quizzer.core.misconceptions` on the analysed model, and each one that gives the learner's
number is named; when none does, the diagnosis says what the number could and could not be
built from. Unreadable input raises `AnswerParseError` (a hint; never graded wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizzer.core.answers import AnswerParseError, parse_count, parse_shape
from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.misconceptions import MEASURES, Measure
from quizzer.core.questions import Answer, Question, format_answer

__all__ = ["AnswerParseError", "Grade", "grade", "read_answer"]


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


def read_answer(question: Question, text: str) -> Answer:
    """The typed text read as the question's answer type (count, shape or text)."""
    if isinstance(question.answer, tuple):
        return parse_shape(text, rank=len(question.answer))
    if isinstance(question.answer, str):
        if not text.strip():
            raise AnswerParseError("type an answer")
        return text.strip()
    return parse_count(text)


def normalise(text: str) -> str:
    """Text answers compare without case, surrounding quotes/backticks, final period, or
    repeated spaces."""
    cleaned = re.sub(r"\s+", " ", text.strip().strip("`'\"").strip()).rstrip(".").strip()
    return cleaned.casefold()


def _text_correct(question: Question, text: str) -> bool:
    accepted = [str(question.answer), *question.accepted]
    if normalise(text) in {normalise(a) for a in accepted}:
        return True
    try:
        number = parse_count(text)
    except AnswerParseError:
        return False
    for answer in accepted:
        try:
            if parse_count(answer) == number:
                return True
        except AnswerParseError:
            continue
    return False


def grade(question: Question, text: str) -> Grade:
    """Grade typed text; raises AnswerParseError (a hint, not a wrong answer) when unreadable."""
    value = read_answer(question, text)
    if isinstance(question.answer, str):
        correct = _text_correct(question, text)
    else:
        correct = value == question.answer
    diagnosis: tuple[str, ...] = ()
    if not correct:
        try:
            diagnosis = diagnose(question, value)
        except QuizzerError:
            diagnosis = ()
    return Grade(correct, text, value, format_answer(question.answer), diagnosis,
                 question.solution)


def diagnose(question: Question, value: Answer) -> tuple[str, ...]:
    """Why a wrong answer may have been given (empty when the question has no model)."""
    from quizzer.core.grading.counts import diagnose_compare, diagnose_count
    from quizzer.core.grading.shapes import diagnose_shape
    from quizzer.core.grading.unknowns import diagnose_unknown

    if question.model is None or isinstance(value, str):
        return ()
    report = analyze(question.model, question.framework)
    if isinstance(value, tuple):
        if question.layer_index is None or not isinstance(question.answer, tuple):
            return ()
        return diagnose_shape(report, question.layer_index, question.answer, value)
    if question.kind == "solve":
        unknown = question.extra.get("unknown") or {}
        if "layer_index" not in unknown:
            return ()
        return diagnose_unknown(question.model, question.framework, unknown["layer_index"],
                                unknown["field"], value, report.total)
    if question.kind == "compare" and question.other_model is not None:
        other = analyze(question.other_model, question.framework)
        return diagnose_compare(report, other, value, question.extra.get("change"))
    measure: Measure = question.extra.get("measure", "total")
    if measure not in MEASURES:
        measure = "total"
    if question.kind == "trainable" and measure == "total":
        measure = "trainable"
    if question.kind == "layer" and question.layer_index is not None:
        return diagnose_count(report, value, measure, [question.layer_index],
                              "the layer's count")
    subject = {"total": "the count", "trainable": "the trainable count",
               "non_trainable": "the non-trainable count", "buffers": "the buffer count"}
    return diagnose_count(report, value, measure, None, subject[measure])
