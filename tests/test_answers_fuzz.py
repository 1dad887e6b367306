"""Any typed text reads as a value or gives a hint (AnswerParseError), never another exception,
and quickly: random text, answer-like token soups and hostile powers."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.answers import MAX_LENGTH, AnswerParseError, parse_count, parse_shape
from quizzer.core.grading import read_answer
from quizzer.core.model import Model
from quizzer.core.questions import Answer, Question

TOKENS = [
    *"0123456789", "10", "451", "999", "4096", "0.5", ".", "e", "E", "e9", "e-3", "k", "K",
    "M", "B", "G", "+", "-", "−", "*", "**", "/", "÷", "^", "(", ")", "[", "]", ",", ", ",
    " ", "  ", "_", "x", "X", "×", "·", "⋅", "None", "none", "N", "batch", "?", "torch.Size",
    "Size", "shape", "=", "params", "²", "١", "\u202f", "\u00a0", "\t",
]
answer_like = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
hostile = st.builds(
    lambda base, ops: base + "".join(ops),
    st.sampled_from(["9", "10", "99999", "2", "(10^100)", "1e30", "0", "1", "-1"]),
    st.lists(st.sampled_from(["**9", "^99", "^-1", "**10**300", "^(10^300)", "*1e30",
                              "^0.5", "^2^2^2", "/3", "^1e30"]), max_size=12),
)
texts = st.one_of(st.text(max_size=MAX_LENGTH + 20), answer_like, hostile)


def read_everything(text: str) -> None:
    """Every reader on `text`: a value of the right type or an AnswerParseError hint."""
    try:
        count = parse_count(text)
    except AnswerParseError as error:
        assert str(error)
    else:
        assert isinstance(count, int)
    for rank in (None, 1, 3):
        try:
            shape = parse_shape(text, rank)
        except AnswerParseError as error:
            assert str(error)
        else:
            assert shape and all(d is None or (isinstance(d, int) and d > 0) for d in shape)


def question(answer: Answer) -> Question:
    return Question("f", "total", "keras", "?", "", answer, "", model=Model((3,), ()))


@settings(max_examples=400)
@given(texts)
def test_any_text_reads_or_gives_a_hint(text: str) -> None:
    read_everything(text)


@settings(max_examples=200)
@given(texts, st.sampled_from([10451, (13, 13, 32), (None, 64), "relu"]))
def test_read_answer_reads_or_gives_a_hint(text: str, answer: Answer) -> None:
    try:
        value = read_answer(question(answer), text)
    except AnswerParseError as error:
        assert str(error)
    else:
        assert type(value) is type(answer)


@pytest.mark.parametrize("text", [
    "9**9**9", "9**9**9**9", "10**300", "10^300^300", "(10**300)**(10**300)",
    "1e30^1e30", "2" + "^2" * 99, "99999999999^99999999999", "9" * MAX_LENGTH,
    "(" * 50 + "9^9" * 30 + ")" * 50, "1/3" + "*1/3" * 60, "1e30" + "*1e30" * 38,
])
def test_hostile_arithmetic_is_refused_quickly(text: str) -> None:
    start = time.perf_counter()
    read_everything(text)
    assert time.perf_counter() - start < 0.25
