"""Fuzzing: thousands of mutated banks (text edits, random bytes, changed structures) give
either a valid bank whose cards all become questions, or clean `file:line:column` errors;
never another exception, and never a hang."""

from __future__ import annotations

import copy
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.core.banks import BankError, bank_questions, load_bank_bytes
from quizzer.core.banks.starter import starter_bank

ERROR_LINE = re.compile(r"^fuzz\.yaml:[1-9]\d*:[1-9]\d*: [^\n]+ \(expected [^\n]+\)$")
SHIPPED = Path(__file__).resolve().parents[1] / "question_banks"

SMALL = """\
format: 1
id: fuzz
title: Fuzz
framework: keras
cards:
  - id: mlp
    input_shape: &shape [null, 3]
    layers: &layers
      - Dense: {units: 5, activation: relu}
      - Dense: 2
    answer: 32
  - id: cnn
    framework: pytorch
    input_shape: [8, 8, 3]
    layers:
      - Conv2D: {filters: 4, kernel_size: [3, 3], padding: same}
      - BatchNormalization
      - MaxPooling2D: {pool_size: 2}
      - Flatten
      - Dense: 10
    ask: layer
    layer: conv2d
    answer: 112
  - id: rnn
    input_shape: [12, 8]
    layers:
      - Bidirectional: {GRU: {units: 4, return_sequences: true}}
      - LSTM: 3
      - Dense: 1
    ask: output_shape
    layer: 2
    answer: "(None, 3)"
  - id: code
    code: |
      model = Sequential([
          Dense(5, input_shape=(None, 3)),
          Dense(2),
      ])
    answer: 32
  - id: drill
    type: template
    input_shape: [{min: 2, max: 16}, {choices: [4, 8]}]
    layers:
      - MultiHeadAttention: {num_heads: [1, 2], key_dim: {min: 2, max: 8, step: 2}}
      - Dense: {units: [2, 3], use_bias: [true, false]}
    ask: non_trainable
  - id: text
    question: Buffers of BatchNorm2d(8)?
    answers: ["17", seventeen]
    explanation: 8 + 8 + 1.
"""

BASES = [SMALL, starter_bank("fuzz"), (SHIPPED / "seed-examples.yaml").read_text()]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
BASE_DATA = [yaml.load(text, Loader=LOADER) for text in BASES]
WORDS = ["Dense", "Conv2D", "LSTM", "GRU", "Flatten", "Bidirectional", "DepthwiseConv2D",
         "Reshape", "units", "filters", "kernel_size", "strides", "padding", "same", "valid",
         "layers", "input_shape", "cards", "id", "type", "template", "text", "model", "ask",
         "layer", "answer", "answers", "total", "output_shape", "null", "true", "false", "~",
         "-1", "0", "1e9", "&a", "*a", "!!python/object:os.system", "<<", "{min: 5, max: 1}",
         "[]", "{}", "''", "'", '"', "|", ">", "-", ":", "#", "\t", "\\u0000", "é", "²",
         "!!int ''", "!!float ''", "!!bool maybe", "!!str", "!!timestamp 2024-01-01", "? [a]",
         "(None, 3)", "'(None, ²)'", "1_000", "0x1F", "012", ".inf", ".nan", "10,451"]


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: no bank, however bad, may take this long."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"a bank took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- mutations --------------------------------------------------------------------------------

line_edit = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "truncate"]),
    st.integers(0, 200), st.integers(0, 200),
)
token_edit = st.tuples(
    st.just("token"), st.integers(0, 400),
    st.one_of(st.sampled_from(WORDS), st.integers(-10**6, 10**12).map(str),
              st.floats(allow_nan=True).map(str), st.text(max_size=6)),
)
byte_edit = st.tuples(st.just("bytes"), st.integers(0, 5000), st.binary(min_size=1, max_size=8))


def apply_text(text: str, edit: tuple[Any, ...]) -> str | bytes:
    kind = edit[0]
    lines = text.split("\n")
    if kind == "token":
        tokens = re.split(r"([\s\[\]{},:]+)", text)
        words = [i for i, t in enumerate(tokens) if t and not re.fullmatch(r"[\s\[\]{},:]+", t)]
        if words:
            tokens[words[edit[1] % len(words)]] = edit[2]
        return "".join(tokens)
    if kind == "bytes":
        raw = text.encode()
        at = edit[1] % (len(raw) + 1)
        return raw[:at] + edit[2] + raw[at:]
    i, j = edit[1] % len(lines), edit[2] % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = " " * (1 + j % 4) + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][1 + j % 4:]
    else:
        lines = lines[:i]
    return "\n".join(lines)


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    """A base bank with 1-4 edits: lines, tokens or raw bytes."""
    text: str | bytes = draw(st.sampled_from(BASES))
    for edit in draw(st.lists(st.one_of(line_edit, token_edit, byte_edit), min_size=1,
                              max_size=4)):
        if isinstance(text, bytes):
            at = edit[1] % (len(text) + 1)
            text = text[:at] + str(edit[-1]).encode()[:8] + text[at:]
        else:
            text = apply_text(text, edit)
    return text.encode() if isinstance(text, str) else text


scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**10), st.floats(),
                    st.text(max_size=8), st.sampled_from(WORDS))


VALUES = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(WORDS), inner, max_size=3),
), max_leaves=6)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


@st.composite
def mutated_structure(draw: st.DrawFn) -> bytes:
    """A base bank loaded, with 1-3 of its values deleted or replaced, dumped again."""
    data = copy.deepcopy(draw(st.sampled_from(BASE_DATA)))
    for _ in range(draw(st.integers(1, 3))):
        spots = [p for p in paths(data) if p]
        if not spots:
            break
        path = spots[draw(st.integers(0, len(spots) - 1))]
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True).encode()


# -- the property ------------------------------------------------------------------------------


@settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(mutated_text(), mutated_structure()))
def test_mutated_banks_give_valid_banks_or_clean_errors(data: bytes) -> None:
    with time_limit(10):
        result = load_bank_bytes(data, "fuzz.yaml", check_code=True)
        for error in result.errors:
            assert isinstance(error, BankError)
            assert ERROR_LINE.match(str(error)), str(error)
        if result.bank is None:
            assert result.errors
            return
        assert result.errors == ()
        questions = list(bank_questions(result.bank, seed=1))
    assert len(questions) == len(result.bank.cards)
    for question in questions:
        assert question.id.startswith(f"{result.bank.id}/")
        assert question.prompt and question.solution


def test_the_bases_are_valid() -> None:
    for text in BASES:
        result = load_bank_bytes(text.encode(), "fuzz.yaml", check_code=True)
        assert result.ok, [str(e) for e in result.errors]
