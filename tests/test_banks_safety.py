"""Hostile and broken bank files: each is a clear `file:line:column` error, never a crash,
a hang or code run, and never stops the other banks from loading."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from quizzer.core.banks import BankResult, Limits, load_all_banks, load_bank_bytes, load_bank_file
from quizzer.core.banks.loader import LoadFailure, _CountingSafeLoader, compose

ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): .+ \(expected .+\)$")
HEAD = "id: test\ntitle: Test\ncards:\n"
CARD = "  - id: a\n    input_shape: [3]\n    layers: [Dense: 5, Dense: 2]\n"

BILLION_LAUGHS = """\
id: lol
title: Billion laughs
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
cards: *i
"""


def load(data: bytes | str) -> BankResult:
    raw = data.encode() if isinstance(data, str) else data
    return load_bank_bytes(raw, "bank.yaml", check_code=True)


def only_error(result: BankResult) -> tuple[int, int, str]:
    assert result.bank is None
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    error = result.errors[0]
    assert ERROR_LINE.match(str(error)), str(error)
    return error.line, error.column, str(error)


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = load(f"id: test\ntitle: Test\ndescription: !!python/object/apply:os.system "
                  f"['touch {marker}']\ncards:\n{CARD}")
    line, column, text = only_error(result)
    assert (line, column) == (3, 14)
    assert "the tag !!python/object/apply:os.system is not allowed" in text
    assert not marker.exists()
    for tagged in ("!!python/object:os.system {}", "!!python/name:os.system ''",
                   "!!binary aGVsbG8=", "!custom 3", "!!set {a, b}"):
        result = load(f"id: test\ntitle: Test\ncards:\n  - id: a\n    input_shape: [{tagged}]"
                      f"\n    layers: [Dense: 2]\n")
        assert "is not allowed" in only_error(result)[2], tagged


def test_a_root_python_object_is_refused() -> None:
    line, column, text = only_error(load("!!python/object:collections.OrderedDict {}\n"))
    assert (line, column) == (1, 1) and "is not allowed" in text


def test_billion_laughs_is_rejected_before_expansion() -> None:
    line, _, text = only_error(load(BILLION_LAUGHS))
    assert "aliases expand this to more than 2,000,000 values" in text
    assert line in range(4, 13)


def test_billion_laughs_with_the_pure_python_loader() -> None:
    with pytest.raises(LoadFailure) as raised:
        compose(BILLION_LAUGHS, "bank.yaml", loader=_CountingSafeLoader)
    assert "2,000,000 values" in str(raised.value)
    many = "id: x\nbase: &b 1\nlist: [" + ", ".join(["*b"] * 10_001) + "]\n"
    with pytest.raises(LoadFailure) as raised:
        compose(many, "bank.yaml", loader=_CountingSafeLoader)
    assert "more than 10,000 aliases" in str(raised.value)


def test_alias_counts_and_recursive_aliases() -> None:
    many = "id: x\nbase: &b [1]\nlist: [" + ", ".join(["*b"] * 10_001) + "]\n"
    assert "more than 10,000 aliases" in only_error(load(many))[2]
    text = only_error(load("id: x\ntitle: T\ncards: &c [*c]\n"))[2]
    assert "an alias refers to a list or mapping that contains it" in text


def test_reused_values_are_fine() -> None:
    result = load(f"{HEAD}  - id: a\n    input_shape: &shape [3]\n    layers: &mlp [Dense: 5]\n"
                  "  - id: b\n    input_shape: *shape\n    layers: *mlp\n    ask: layer\n"
                  "    layer: 1\n")
    assert result.ok, [str(e) for e in result.errors]


DEEP = ["[" * 5000 + "]" * 5000, "- " * 3000 + "x", "a: " + "{b: " * 100 + "1" + "}" * 100]


@pytest.mark.parametrize("text", DEEP, ids=["flow", "block", "mapping"])
def test_deep_nesting_is_a_clean_error(text: str) -> None:
    result = load(text)
    assert result.bank is None and result.errors
    assert all(ERROR_LINE.match(str(e)) for e in result.errors)


@pytest.mark.parametrize("text", DEEP, ids=["flow", "block", "mapping"])
def test_deep_nesting_with_the_pure_python_loader(text: str) -> None:
    with pytest.raises(LoadFailure) as raised:
        compose(text, "bank.yaml", loader=_CountingSafeLoader)
    assert "nesting deeper than 64 levels" in str(raised.value)


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    line, column, text = only_error(load_bank_file(path))
    assert (line, column) == (1, 1)
    assert "the file is 52,428,800 bytes (expected a bank of at most 5 MB)" in text


def test_the_size_limit_also_caps_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(HEAD + CARD * 20)
    result = load_bank_file(path, limits=Limits(max_bytes=100))
    assert "at most" in only_error(result)[2]


def test_binary_garbage() -> None:
    noise = random.Random(5).randbytes(4096)
    _, _, text = only_error(load(noise))
    assert "expected UTF-8" in text
    line, column, text = only_error(load(b"id: x\ntitle: \x00\x01\x02"))
    assert (line, column) == (2, 8) and "binary data (a NUL byte)" in text


def test_wrong_encodings() -> None:
    latin1 = f"id: café\ntitle: Test\ncards:\n{CARD}".encode("latin-1")
    line, column, text = only_error(load(latin1))
    assert (line, column) == (1, 8)
    assert "byte 0xe9 is not UTF-8" in text
    utf16 = f"id: test\ntitle: Test\ncards:\n{CARD}".encode("utf-16")
    assert "the file is UTF-16 text (expected UTF-8 text)" in only_error(load(utf16))[2]
    with_bom = b"\xef\xbb\xbf" + f"{HEAD}{CARD}".encode()
    assert load(with_bom).ok


def test_control_characters() -> None:
    line, column, text = only_error(load("id: test\ntitle: bell \x07\n"))
    assert (line, column) == (2, 13) and "is not allowed in YAML" in text


@pytest.mark.parametrize(("text", "where", "message"), [
    ("", (1, 1), "the file is empty"),
    ("# only a comment\n", (1, 1), "the file has no content"),
    ("id: a\n---\nid: b\n", (2, 1), "invalid YAML"),
    ("- a\n- b\n", (1, 1), "the bank is a list"),
    ("just text\n", (1, 1), "the bank is 'just text'"),
    ("id: a\ntitle: [unclosed\n", (3, 1), "invalid YAML"),
    ("id: a\nid: b\ntitle: T\ncards: []\n", (2, 1), "'id' appears twice in the bank"),
    ("<<: {id: a}\ntitle: T\n", (1, 1), "merge keys (<<) are not supported"),
])
def test_unreadable_banks(text: str, where: tuple[int, int], message: str) -> None:
    errors = load(text).errors
    assert errors and all(ERROR_LINE.match(str(e)) for e in errors)
    assert any((e.line, e.column) == where and message in e.message for e in errors), \
        [str(e) for e in errors]


@pytest.mark.parametrize(("card", "where", "message"), [
    ("    input_shape: [3]\n    layers: [Dense: 0]\n", (6, 21), "units is 0"),
    ("    input_shape: [3]\n    layers: [Dense: -3]\n", (6, 21), "units is -3"),
    ("    input_shape: [0]\n    layers: [Dense: 2]\n", (5, 19), "an input_shape size is 0"),
    ("    input_shape: [8, 8, 3]\n    layers: [Conv2D: {filters: 2, kernel_size: [0, 3]}]\n",
     (6, 49), "kernel_size is 0"),
    ("    input_shape: [3]\n    layers: [Dense: 5.5]\n", (6, 21), "units is 5.5"),
    ("    input_shape: [3]\n    layers: [Dense: true]\n", (6, 21), "units is 'true'"),
    ("    input_shape: [3]\n    layers: [Dense: " + "9" * 5000 + "]\n", (6, 21),
     "units is not a readable number"),
    ("    input_shape: [3]\n    layers: [Dense: !!int '']\n", (6, 21),
     "units is not a readable number"),
    ("    input_shape: [3]\n    layers: [Dense: !!float '']\n", (6, 21), "units is empty"),
    ("    input_shape: [3]\n    layers: [Dense: {units: 2, use_bias: !!bool maybe}]\n",
     (6, 42), "use_bias is 'maybe' (expected true or false)"),
    ("    input_shape: [3]\n    layers: [Dropout: !!float '']\n", (6, 23),
     "rate is not a readable number"),
    ("    input_shape: [3]\n    layers: [Dense: 2]\n    answer: '3²'\n", (7, 13),
     "answer is '3²'"),
    ("    input_shape: [3]\n    layers: [Dense: 2]\n    ask: output_shape\n    layer: 1\n"
     "    answer: '(None, ²)'\n", (9, 13), "answer is '(None, ²)'"),
    ("    input_shape: [3]\n    layers: [Dense: {{min: 5}: 4, units: 3}]\n", (6, 22),
     "a key in Dense is a mapping"),
    ("    input_shape: [3]\n    layers: [Linear: 5]\n", (6, 14),
     "unknown layer 'Linear' (expected a Keras layer name such as Dense, Conv2D or LSTM; "
     "PyTorch's Linear is written Dense)"),
    ("    input_shape: [3]\n    layers: [Dense: {units: 5, bias: false}]\n", (6, 32),
     "Dense has no field 'bias'"),
    ("    input_shape: [3]\n    layers: [Dense: {units: {min: 2, max: 4}}]\n", (6, 29),
     "units varies (a range or choices)"),
    ("    input_shape: [3]\n    layers: [Dense: 5]\n    answer: 21\n", (7, 13),
     "the stated answer 21 disagrees with quizzer's total 20 in Keras"),
    ("    input_shape: [3]\n    layers: [Dense: 5]\n    color: red\n", (7, 5),
     "unknown field 'color' in a model card"),
    ("    input_shape: [3]\n    layers: [Dense: 5]\n    ask: layer\n", (4, 5),
     "ask: layer needs 'layer'"),
    ("    input_shape: [3]\n    layers: [Dense: 5]\n    ask: layer\n    layer: 2\n", (8, 12),
     "layer 2 does not exist (the model has 1)"),
    ("    input_shape: [3, 3]\n    layers: [Conv2D: {filters: 1, kernel_size: 2}]\n", (6, 14),
     "expects a 4-D input"),
    ("    input_shape: [3]\n    layers: [Dense: 5]\n    framework: jax\n", (7, 16),
     "framework is 'jax'"),
])
def test_bad_cards(card: str, where: tuple[int, int], message: str) -> None:
    errors = load(HEAD + "  - id: a\n" + card).errors
    assert errors and all(ERROR_LINE.match(str(e)) for e in errors)
    assert [(e.line, e.column) for e in errors] == [where], [str(e) for e in errors]
    assert message in str(errors[0]), str(errors[0])


def test_duplicate_card_ids() -> None:
    errors = load(HEAD + CARD + CARD).errors
    assert [(e.line, e.column, e.message) for e in errors] == [
        (7, 9, "the card id 'a' is used twice (first at line 4)")
    ]


def test_every_error_of_a_bank_at_once() -> None:
    text = ("id: has space\ntitel: T\ncards:\n"
            "  - id: a\n    input_shape: [3]\n    layers: [Dense: 0]\n"
            "  - id: b\n    input_shape: [-1]\n    layers: [Dens: 2, Dense: {units: 2, x: 1}]\n"
            "  - id: c\n    question: Q\n"
            "  - id: a\n    type: template\n    input_shape: [3]\n    layers: [Dense: 2]\n"
            "    answer: 7\n")
    errors = load(text).errors
    assert [(e.line, e.column) for e in errors] == [
        (1, 1), (1, 5), (2, 1), (6, 21), (8, 19), (9, 14), (9, 41), (10, 5), (12, 9),
        (16, 5),
    ], [str(e) for e in errors]


def test_too_many_cards() -> None:
    cards = "".join(f"  - {{id: c{i}, question: Q, answer: A}}\n" for i in range(20_001))
    line, column, text = only_error(load(HEAD + cards))
    assert (line, column) == (4, 3)
    assert "the bank has 20,001 cards (expected at most 20,000 cards per bank)" in text


def test_paths_that_are_not_bank_files(tmp_path: Path) -> None:
    assert "cannot read the file" in only_error(load_bank_file(tmp_path / "missing.yaml"))[2]
    assert "this is a folder" in only_error(load_bank_file(tmp_path))[2]


def test_one_bad_bank_never_stops_the_others(quizzer_home: Path) -> None:
    folder = quizzer_home / "banks"
    folder.mkdir()
    hostile = {
        "laughs.yaml": BILLION_LAUGHS.encode(),
        "python.yaml": b"!!python/object/apply:os.system ['true']\n",
        "noise.yaml": random.Random(1).randbytes(2000),
        "latin.yaml": "id: café\n".encode("latin-1"),
        "deep.yaml": b"[" * 3000,
    }
    for name, data in hostile.items():
        (folder / name).write_bytes(data)
    (folder / "good.yaml").write_text(HEAD.replace("test", "good") + CARD)
    with (folder / "huge.yaml").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    results = {Path(r.path).name: r for r in load_all_banks() if r.origin == "user"}
    assert results["good.yaml"].ok
    for name in [*hostile, "huge.yaml"]:
        assert results[name].bank is None and results[name].errors, name
        assert all(ERROR_LINE.match(str(e)) for e in results[name].errors)
    assert sum(1 for r in load_all_banks() if r.ok) == 4
