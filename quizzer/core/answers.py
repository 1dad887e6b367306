"""Reading the learner's typed answer: counts (with safe arithmetic) and shapes.

Counts accept `10451`, `10,451`, `10 451`, `10_451`, `1.0451e4`, `10.451k`, `1.2M` (only when
the value is whole) and arithmetic such as `3*5 + 5*2 + (5+2)`, `3×5`, `3x5`, `2^10`. The text
is read by a small tokenizer and a recursive-descent parser over exact fractions: nothing is
ever evaluated as Python, the input length is capped, powers are bounded and brackets may nest
only `MAX_NESTING` deep (signs and powers are read in loops), so no input can hang the parser
or exhaust the stack. Digits are ASCII `0-9` only.

Shapes accept `(None, 13, 13, 32)`, `(13, 13, 32)`, `13x13x32`, `[13, 13, 32]` and
`torch.Size([1, 32, 13, 13])`. Shapes are batchless, so a leading batch axis is dropped:
always when it is written as `None`/`N`/`batch`/`?` and no rank is expected, and when a `rank`
is expected and the text has exactly one axis more whose first entry is `None`, `N`, `batch`,
`?` or `1`. `None` (or `?`) elsewhere is an unknown dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from quizzer.core.errors import QuizzerError
from quizzer.core.model import Dim, Shape

MAX_LENGTH = 200
"""Longest answer read, in characters."""
MAX_EXPONENT = 30
"""Largest power of ten in scientific notation (`1e30`)."""
MAX_BITS = 512
"""Largest magnitude (in bits) any intermediate value may reach."""
MAX_NESTING = 50
"""Deepest nesting of brackets read (the parser recurses once per level)."""

COUNT_HINT = "type a whole number such as 10451, 10,451 or 3*5 + 5*2 + 7"
SHAPE_HINT = "type a shape such as (None, 13, 13, 32), (13, 13, 32) or 13x13x32"

SUFFIXES = {"k": 10**3, "K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9}
TIMES = "*×xX·⋅∙"
DIGITS = "0123456789"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_NUMBER = re.compile(
    r"""
    (?P<int>
        \d{1,3}(?:,\d{3})+(?!\d)          # 10,451
      | \d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,_])  # 10 451 (thin spaces too)
      | \d+(?:_\d+)*                        # 10451, 10_451
    )
    (?P<frac>\.\d+(?:_\d+)*)?
    (?P<exp>[eE][+-]?\d+)?
    (?P<suffix>[kKMBG](?![a-zA-Z]))?
    """,
    re.VERBOSE | re.ASCII,
)
_TRAILING_WORDS = re.compile(r"\s*(?:parameters|params|param)\.?\s*$", re.IGNORECASE)
_BATCH_WORDS = {"none", "n", "batch", "b", "?", "_"}


class AnswerParseError(QuizzerError):
    """The answer could not be read; the message is a short hint. Not graded as wrong."""


@dataclass(frozen=True)
class _Token:
    kind: str
    """`num`, `op` (one of + - * / ^ ( )) or `end`."""
    text: str
    value: Fraction = Fraction(0)
    position: int = 0


def tokenize(text: str) -> list[_Token]:
    """Numbers, operators and parentheses; an unknown character is an AnswerParseError."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in DIGITS or (char == "." and i + 1 < n and text[i + 1] in DIGITS):
            match = _NUMBER.match(text, i) if char in DIGITS else None
            if match is None:
                raise AnswerParseError(f"write {text[i:i + 4].strip()!r} with a leading 0")
            tokens.append(_Token("num", match.group(), _number_value(match), i))
            i = match.end()
            continue
        if text.startswith("**", i):
            tokens.append(_Token("op", "^", position=i))
            i += 2
            continue
        if char in TIMES:
            tokens.append(_Token("op", "*", position=i))
        elif char in "+-/^()":
            tokens.append(_Token("op", char, position=i))
        elif char in "−–":
            tokens.append(_Token("op", "-", position=i))
        elif char in "÷":
            tokens.append(_Token("op", "/", position=i))
        elif char in "[]":
            tokens.append(_Token("op", "(" if char == "[" else ")", position=i))
        elif char in SUPERSCRIPTS:
            raise AnswerParseError(f"write powers with ^, e.g. 3^2 for 3²; {COUNT_HINT}")
        else:
            raise AnswerParseError(f"unexpected {char!r}; {COUNT_HINT}")
        i += 1
    tokens.append(_Token("end", "", position=n))
    return tokens


def _number_value(match: re.Match[str]) -> Fraction:
    digits = re.sub(r"[,_ \u00a0\u202f]", "", match.group("int"))
    frac = (match.group("frac") or "").replace("_", "")
    exp = match.group("exp")
    value = Fraction(digits + frac)
    if exp:
        power = int(exp[1:])
        if abs(power) > MAX_EXPONENT:
            raise AnswerParseError(f"the exponent {exp} is too large")
        value *= Fraction(10) ** power
    suffix = match.group("suffix")
    if suffix:
        value *= SUFFIXES[suffix]
    return value


class _Parser:
    """expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
    unary := ('+'|'-') unary | power; power := atom ('^' unary)?; atom := num | '(' expr ')'."""

    def __init__(self, tokens: list[_Token]) -> None:
        _check_nesting(tokens)
        self.tokens = tokens
        self.index = 0

    @property
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Fraction:
        value = self.expr()
        if self.peek.kind != "end":
            token = self.peek
            if token.kind == "num":
                raise AnswerParseError(
                    f"{token.text!r} follows a number without an operator; {COUNT_HINT}"
                )
            raise AnswerParseError(f"unexpected {token.text!r}; {COUNT_HINT}")
        return value

    def expr(self) -> Fraction:
        value = self.term()
        while self.peek.text in ("+", "-") and self.peek.kind == "op":
            op = self.take().text
            right = self.term()
            value = value + right if op == "+" else value - right
            _check_size(value)
        return value

    def term(self) -> Fraction:
        value = self.unary()
        while self.peek.text in ("*", "/") and self.peek.kind == "op":
            op = self.take().text
            right = self.unary()
            if op == "*":
                value *= right
            elif right == 0:
                raise AnswerParseError("division by zero")
            else:
                value /= right
            _check_size(value)
        return value

    def signs(self) -> int:
        """Read any run of `+`/`-` signs (in a loop, not by recursion): 1 or -1."""
        sign = 1
        while self.peek.kind == "op" and self.peek.text in ("+", "-"):
            sign = -sign if self.take().text == "-" else sign
        return sign

    def unary(self) -> Fraction:
        sign = self.signs()
        value = self.power()
        return -value if sign < 0 else value

    def power(self) -> Fraction:
        """`a ^ ±b ^ ±c` is `a ^ (±(b ^ (±c)))`: read as a list, then worked out from the
        right, so a long chain of powers costs no stack."""
        atoms = [self.atom()]
        signs = [1]
        while self.peek.kind == "op" and self.peek.text == "^":
            self.take()
            signs.append(self.signs())
            atoms.append(self.atom())
        value = atoms[-1] * signs[-1]
        for atom, sign in zip(atoms[-2:0:-1], signs[-2:0:-1], strict=True):
            value = _power(atom, value) * sign
        return _power(atoms[0], value) if len(atoms) > 1 else value

    def atom(self) -> Fraction:
        token = self.take()
        if token.kind == "num":
            return token.value
        if token.text == "(":
            value = self.expr()
            if self.take().text != ")":
                raise AnswerParseError("a bracket is not closed")
            return value
        if token.kind == "end":
            raise AnswerParseError(f"the answer ends too early; {COUNT_HINT}")
        raise AnswerParseError(f"unexpected {token.text!r}; {COUNT_HINT}")


def _check_nesting(tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "op" and token.text == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise AnswerParseError(
                    f"too many nested brackets (at most {MAX_NESTING}); {COUNT_HINT}")
        elif token.kind == "op" and token.text == ")":
            depth = max(depth - 1, 0)


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    if exponent.denominator != 1 or exponent < 0:
        raise AnswerParseError("powers must be whole and not negative, e.g. 2^10")
    bits = max(base.numerator.bit_length(), base.denominator.bit_length())
    if (abs(base.numerator) > 1 or base.denominator > 1) and exponent * bits > MAX_BITS:
        raise AnswerParseError("that power is too large")
    return base ** int(exponent)


def _check_size(value: Fraction) -> None:
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_BITS:
        raise AnswerParseError("that number is too large")


def _prepare(text: str, hint: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise AnswerParseError(hint)
    if len(cleaned) > MAX_LENGTH:
        raise AnswerParseError(f"the answer is too long (at most {MAX_LENGTH} characters)")
    return cleaned


def parse_number(text: str) -> Fraction:
    """The exact value of a count or an arithmetic expression (may be a fraction)."""
    cleaned = _TRAILING_WORDS.sub("", _prepare(text, COUNT_HINT)).removeprefix("=").strip()
    if not cleaned:
        raise AnswerParseError(COUNT_HINT)
    return _Parser(tokenize(cleaned)).parse()


def parse_count(text: str) -> int:
    """A whole number: `10451`, `10,451`, `10.451k`, `1.2M`, `3*5 + 5*2 + 5 + 2`, `-40`."""
    value = parse_number(text)
    if value.denominator != 1:
        raise AnswerParseError(
            f"{text.strip()} is {float(value):g}, not a whole number; type the exact count"
        )
    return value.numerator


def parse_shape(text: str, rank: int | None = None) -> Shape:
    """A batchless shape: `(None, 13, 13, 32)`, `(13, 13, 32)`, `13x13x32` -> (13, 13, 32).

    `rank`, when given, is the expected number of axes (without batch): a written batch axis
    in front is then dropped (see the module docstring)."""
    cleaned = _prepare(text, SHAPE_HINT)
    lowered = cleaned.lower()
    for prefix in ("torch.size", "size", "shape", "="):
        lowered = lowered.removeprefix(prefix).strip()
    inner = lowered.strip("()[] ").rstrip(",").strip()
    if not inner:
        raise AnswerParseError(SHAPE_HINT)
    if re.search(r"[()\[\]]", inner):
        raise AnswerParseError(f"brackets inside the shape; {SHAPE_HINT}")
    parts = [p for p in re.split(r"\s*(?:,|[×*xX·⋅∙]|\s)\s*", inner) if p]
    words = [p.strip() for p in parts]
    if not words:
        raise AnswerParseError(SHAPE_HINT)
    dims: list[Dim] = []
    for word in words:
        if word in _BATCH_WORDS:
            dims.append(None)
        elif word.isascii() and word.isdecimal() and int(word) > 0:
            dims.append(int(word))
        else:
            raise AnswerParseError(f"{word!r} is not a dimension; {SHAPE_HINT}")
    batch_like = words[0] in _BATCH_WORDS or words[0] == "1"
    if rank is None:
        if len(dims) > 1 and words[0] in _BATCH_WORDS:
            dims = dims[1:]
    elif len(dims) == rank + 1 and batch_like:
        dims = dims[1:]
    return tuple(dims)
