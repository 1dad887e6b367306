"""Reading typed answers: counts in every natural notation, safe arithmetic, shapes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.answers import (
    MAX_LENGTH,
    AnswerParseError,
    parse_count,
    parse_number,
    parse_shape,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10451", 10451),
        ("10,451", 10451),
        ("10 451", 10451),
        ("10\u202f451", 10451),
        ("10_451", 10451),
        ("1.0451e4", 10451),
        ("10.451k", 10451),
        ("1.2M", 1_200_000),
        ("3B", 3_000_000_000),
        ("  32  ", 32),
        ("32 params", 32),
        ("32 parameters", 32),
        ("= 32", 32),
        ("0", 0),
        ("-40", -40),
        ("−40", -40),
        ("3*5 + 5*2 + 5 + 2", 32),
        ("3×5+5×2+(5+2)", 32),
        ("3x5", 15),
        ("3 X 5", 15),
        ("[1 x (2x2) x 3] + 3", 15),
        ("(50x100 + 100x1 + 1x100 + 100x50) + (100+1+100+50)", 10451),
        ("2^10", 1024),
        ("2**10", 1024),
        ("-2^2", -4),
        ("100/4", 25),
        ("10,451 + 1", 10452),
        ("4 × (3 × 3 × 64 + 1)", 2308),
    ],
)
def test_counts_in_natural_notations(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "whole number"),
        ("   ", "whole number"),
        ("abc", "unexpected 'a'"),
        ("1.2345k", "not a whole number"),
        ("10/3", "not a whole number"),
        ("1,2", "unexpected ','"),
        ("13 13", "without an operator"),
        ("(1+2", "not closed"),
        ("1+", "ends too early"),
        ("10/0", "division by zero"),
        ("1e999", "exponent"),
        ("9**9**9", "too large"),
        ("2^-1", "not negative"),
        ("2^0.5", "whole"),
        ("((1/3)^400)^400", "too large"),
        ("__import__('os')", "unexpected '_'"),
        ("1" * (MAX_LENGTH + 1), "too long"),
        ("params", "whole number"),
    ],
)
def test_unreadable_counts_get_a_hint(text: str, hint: str) -> None:
    with pytest.raises(AnswerParseError, match=hint):
        parse_count(text)


def test_huge_powers_fail_fast() -> None:
    start = time.perf_counter()
    for text in ("9**9**9**9", "99999^99999", "(10^100)^(10^100)", "2^2^2^2^2^2"):
        with pytest.raises(AnswerParseError):
            parse_count(text)
    assert time.perf_counter() - start < 0.5


def test_fractions_are_exact() -> None:
    assert parse_number("1/3 + 2/3") == 1
    assert parse_count("0.1 + 0.2 - 0.3 + 7") == 7


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_of_formatted_counts(value: int) -> None:
    for text in (str(value), f"{value:,}", f"{value:_}", f"{value:,}".replace(",", " ")):
        assert parse_count(text) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["k", "M", "B"]))
def test_round_trip_of_suffixed_counts(value: int, suffix: str) -> None:
    scale = {"k": 10**3, "M": 10**6, "B": 10**9}[suffix]
    whole, rest = divmod(value, scale)
    digits = len(str(scale)) - 1
    text = f"{whole}.{rest:0{digits}d}{suffix}" if rest else f"{whole}{suffix}"
    assert parse_count(text) == value


@given(st.integers(min_value=1, max_value=10**12))
def test_round_trip_of_scientific_notation(value: int) -> None:
    digits = str(value)
    text = f"{digits[0]}.{digits[1:] or '0'}e{len(digits) - 1}"
    assert parse_count(text) == value


@given(st.lists(st.tuples(st.integers(0, 10**4), st.integers(0, 10**4)), min_size=1,
                max_size=6),
       st.sampled_from(["*", "×", "x"]))
def test_sums_of_products_round_trip(pairs: list[tuple[int, int]], times: str) -> None:
    text = " + ".join(f"{a}{times}{b}" for a, b in pairs)
    assert parse_count(text) == sum(a * b for a, b in pairs)


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_any_text_reads_or_gives_a_hint(text: str) -> None:
    try:
        value = parse_count(text)
    except AnswerParseError as error:
        assert str(error)
    else:
        assert isinstance(value, int)


@pytest.mark.parametrize(
    ("text", "rank", "shape"),
    [
        ("(None, 13, 13, 32)", 3, (13, 13, 32)),
        ("(None, 13, 13, 32)", None, (13, 13, 32)),
        ("(13, 13, 32)", 3, (13, 13, 32)),
        ("13x13x32", 3, (13, 13, 32)),
        ("13 × 13 × 32", 3, (13, 13, 32)),
        ("[13, 13, 32]", 3, (13, 13, 32)),
        ("torch.Size([1, 32, 13, 13])", 3, (32, 13, 13)),
        ("(N, 32, 13, 13)", 3, (32, 13, 13)),
        ("(batch, 64)", 1, (64,)),
        ("(None, 64)", 1, (64,)),
        ("(64,)", 1, (64,)),
        ("64", 1, (64,)),
        ("(None, None, 64)", 2, (None, 64)),
        ("(None, 64)", 2, (None, 64)),
        ("(None, 10, 64)", 2, (10, 64)),
        ("(2, 10, 64)", 2, (2, 10, 64)),
    ],
)
def test_shapes(text: str, rank: int | None, shape: tuple[int | None, ...]) -> None:
    assert parse_shape(text, rank) == shape


@pytest.mark.parametrize("text", ["", "()", "(13, -1)", "(13, 0)", "(a, b)", "(13, (13))",
                                  "(13.5, 2)"])
def test_unreadable_shapes_get_a_hint(text: str) -> None:
    with pytest.raises(AnswerParseError, match=r"shape|dimension|brackets"):
        parse_shape(text, 2)


@given(st.lists(st.integers(1, 4096), min_size=1, max_size=5),
       st.sampled_from(["({}, )", "(None, {})", "[{}]", "{}x"]))
def test_shape_round_trips(dims: list[int], style: str) -> None:
    if style == "{}x":
        text = "x".join(map(str, dims))
    else:
        text = style.format(", ".join(map(str, dims))).replace(", )", ")")
    assert parse_shape(text, len(dims)) == tuple(dims)


@pytest.mark.parametrize("text", ["x", "*", "×", "X", "·", "x x", " × ", "x,", "(x)"])
def test_a_lone_times_sign_as_a_shape_gets_the_shape_hint(text: str) -> None:
    for rank in (None, 2):
        with pytest.raises(AnswerParseError, match="type a shape such as"):
            parse_shape(text, rank)


@pytest.mark.parametrize("text", ["(" * 199, "(" * 51 + "1" + ")" * 51, "[" * 60 + "2"])
def test_deep_nesting_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(AnswerParseError, match="nested"):
        parse_count(text)


def test_fifty_nested_brackets_still_read() -> None:
    assert parse_count("(" * 50 + "3*5" + ")" * 50) == 15
    assert parse_count("[" * 25 + "(" * 25 + "7" + ")" * 25 + "]" * 25) == 7


def test_the_parser_needs_little_stack() -> None:
    """Worst cases under the length cap read within 320 frames (about 5 per bracket level;
    signs and powers cost none), so a deep caller such as the TUI cannot turn an answer into a
    RecursionError."""
    import inspect
    import sys

    worst: dict[str, int | str] = {
        "(" * 50 + "2^" * 24 + "1" + ")" * 50: "too large",
        "(" * 50 + "2^" * 3 + "1" + ")" * 50: 16,
        "-" * 199 + "1": -1,
        "+-" * 99 + "1": -1,
        "(-" * 50 + "1" + ")" * 50: 1,
        "(" * 50 + "-" * 99 + "1" + ")" * 50: -1,
        "2^" * 99 + "1": "too large",
        "2^-" * 66 + "1": "not negative",
        "1^" * 99 + "1": 1,
    }
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 320)
    try:
        for text, expected in worst.items():
            assert len(text) <= MAX_LENGTH
            if isinstance(expected, int):
                assert parse_count(text) == expected
            else:
                with pytest.raises(AnswerParseError, match=expected):
                    parse_count(text)
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2^3^2", 512), ("2^-1^2", None), ("-2^2", -4), ("2^--2", 4), ("(-2)^3", -8),
     ("2^+3", 8), ("-(2^2)^2", -16), ("3-2-1", 0), ("2^0^5", 1)],
)
def test_powers_are_right_associative_with_signed_exponents(text: str, value: int | None
                                                              ) -> None:
    if value is None:
        with pytest.raises(AnswerParseError, match="not negative"):
            parse_count(text)
    else:
        assert parse_count(text) == value


@pytest.mark.parametrize("text", ["3²", "²", "10³", "2⁸"])
def test_superscript_digits_get_a_power_hint(text: str) -> None:
    with pytest.raises(AnswerParseError, match=r"write powers with \^"):
        parse_count(text)


@pytest.mark.parametrize("text", ["١٢", "１２", "12৩"])
def test_only_ascii_digits_are_digits(text: str) -> None:
    with pytest.raises(AnswerParseError, match="unexpected"):
        parse_count(text)


@pytest.mark.parametrize("text", ["(3², 4)", "(١٢, 4)", "(１２, 4)", "3²x4"])
def test_shape_dimensions_are_ascii_digits(text: str) -> None:
    with pytest.raises(AnswerParseError, match="is not a dimension"):
        parse_shape(text, 2)
