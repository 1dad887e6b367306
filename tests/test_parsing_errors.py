"""Bad input: every malformed or unsupported snippet gets one line naming the line at fault,
exit status 2 and no traceback; nothing is ever executed; random input never crashes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.cli import main
from quizzer.core.errors import ParseError
from quizzer.core.parsing import parse_model

KERAS_HEAD = "model = keras.Sequential([\n    keras.Input(shape=(3,)),\n"

# (id, source, line, a fragment of the message)
CASES: list[tuple[str, str | bytes, int, str]] = [
    ("syntax error", "model = keras.Sequential([\n    layers.Dense(5\n])\n", 3,
     "syntax error: closing parenthesis"),
    ("bad indent", "import keras\n  model = 3\n", 2, "syntax error: unexpected indent"),
    ("unknown layer", KERAS_HEAD + "    layers.Dense2D(5),\n])\n", 3,
     "unknown layer 'layers.Dense2D' (did you mean Dense?)"),
    ("unknown module", "model = nn.Sequential(\n    nn.Linear(3, 5),\n    nn.Linearr(5, 2),\n)",
     3, "unknown layer 'nn.Linearr' (did you mean Linear?)"),
    ("missing input shape", "model = keras.Sequential([\n    layers.Dense(5),\n])\n", 1,
     "the Keras model has no input shape"),
    ("impossible shape", "model = keras.Sequential([\n    keras.Input(shape=(3, 3, 1)),\n"
     "    layers.Conv2D(4, (5, 5)),\n])\n", 3, "a 5×5 window does not fit a 3×3 input"),
    ("groups do not divide", "model = keras.Sequential([\n    keras.Input(shape=(8, 8, 3)),\n"
     "    layers.Conv2D(4, 3, groups=2),\n])\n", 3, "must both be divisible by groups (2)"),
    ("__import__", '__import__("os").system("touch CANARY")\n', 1,
     "calls such as __import__(...) are not model code"),
    ("os.system", 'import os\nos.system("touch CANARY")\n', 2,
     "calls such as os.system(...) are not model code"),
    ("open() as a size", KERAS_HEAD + '    layers.Dense(open("CANARY", "w").write("x")),\n])\n',
     3, "calls such as open(...) are not model code"),
    ("call in an ignored argument",
     KERAS_HEAD + '    layers.Dense(5, name=__import__("pathlib").Path("CANARY").touch()),\n])',
     3, "calls such as __import__(...) are not model code"),
    ("eval", 'units = eval("5")\n', 1, "calls such as eval(...) are not model code"),
    ("zero size", KERAS_HEAD + "    layers.Dense(0),\n])\n", 3,
     "Dense: units must be a positive whole number, got 0"),
    ("negative size", "model = nn.Sequential(\n    nn.Conv2d(3, -8, 3),\n)\n", 2,
     "nn.Conv2d: out_channels must be a positive whole number, got -8"),
    ("fractional size", KERAS_HEAD + "    layers.Dense(2.5),\n])\n", 3,
     "units must be a positive whole number, got 2.5"),
    ("boolean size", KERAS_HEAD + "    layers.Dense(True),\n])\n", 3,
     "units must be a positive whole number, got True"),
    ("string size", "model = nn.Sequential(nn.Linear('3', 5))\n", 1,
     "in_features must be a positive whole number, got '3'"),
    ("zero input size", "model = keras.Sequential([\n    keras.Input(shape=(0, 3)),\n"
     "    layers.Dense(2),\n])\n", 2, "shape sizes must be positive whole numbers or None"),
    ("lambda layer", KERAS_HEAD + '    layers.Lambda(lambda x: open("CANARY", "w")),\n])\n', 3,
     "Lambda layers run arbitrary code and are not supported"),
    ("for loop", "model = keras.Sequential([keras.Input((3,))])\nfor units in (4, 5):\n"
     "    model.add(layers.Dense(units))\n", 2, "a for loop is not model code"),
    ("comprehension", "model = keras.Sequential([layers.Dense(4) for _ in range(3)])\n", 1,
     "Sequential takes a list of layers, not a list comprehension"),
    ("unknown argument", KERAS_HEAD + "    layers.Dense(5, unitz=3),\n])\n", 3,
     "unknown argument 'unitz' (did you mean units?)"),
    ("declared size contradicts", "model = nn.Sequential(\n    nn.Linear(3, 5),\n    nn.ReLU(),\n"
     "    nn.Linear(4, 2),\n)\n", 4, "nn.Linear expects 4 input features but the layer before "
     "gives 5"),
    ("wrong axis", "model = nn.Sequential(\n    nn.Conv2d(3, 8, 3),\n    nn.Linear(8, 4),\n)\n",
     3, "nn.Linear needs the channels last"),
    ("subclassed Keras model", "class M(keras.Model):\n    def call(self, x):\n        return x\n",
     1, "subclassed models are not supported"),
    ("input shape on a later layer", "model = keras.Sequential([\n"
     "    layers.Dense(5, input_shape=(3,)),\n    layers.Dense(2, input_shape=(5,)),\n])\n", 3,
     "only the first layer may give the input shape"),
    ("nested brackets", "model = keras.Sequential([keras.Input(shape=" + "[" * 60 + "3"
     + "]" * 60 + ")])\n", 1, "the expression is nested too deeply"),
    ("nested parentheses", "model = " + "(" * 300 + "1" + ")" * 300 + "\n", 1,
     "syntax error: too many nested parentheses"),
    ("runaway unary minus", "x = 1\nmodel = " + "-" * 100_000 + "1\n", 2,
     "the code is nested too deeply to read"),
    ("runaway calls", "x = 1\nmodel = f" + "()" * 100_000 + "\n", 2,
     "the code is nested too deeply to read"),
    ("nested Sequential", "model = " + "nn.Sequential(" * 60 + "nn.Linear(3, 3)" + ")" * 60,
     1, "nn.Sequential is nested too deeply"),
    ("no model", "# just a comment\nimport keras\n", 2, "no model found"),
    ("two models, neither named model", "a = keras.Sequential([keras.Input((3,)), "
     "layers.Dense(1)])\nb = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n", 2,
     "several models (a, b)"),
    ("** unpacking", "opts = 1\nmodel = keras.Sequential([keras.Input((3,)), "
     "layers.Dense(5, **opts)])\n", 2, "**keyword unpacking is not model code"),
    ("recurrent output not unpacked", "class Model(nn.Module):\n    def __init__(self):\n"
     "        super().__init__()\n        self.lstm = nn.LSTM(4, 4, batch_first=True)\n\n"
     "    def forward(self, x):\n        x = self.lstm(x)\n        return x\n", 7,
     "self.lstm returns a tuple (output, state)"),
    ("forward runs other code", "class Model(nn.Module):\n    def __init__(self):\n"
     "        super().__init__()\n        self.fc = nn.Linear(4, 4)\n\n"
     "    def forward(self, x):\n        __import__('os').system('touch CANARY')\n"
     "        return self.fc(x)\n", 7, "is not read in forward"),
    ("runaway number", "model = keras.Sequential([keras.Input((3,)), "
     "layers.Dense(10 ** 10 ** 10)])\n", 1, "the number is too large"),
    ("attribute assignment", "model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\n"
     "model.layers[0].trainable = False\n", 2, "this assignment is not model code"),
    ("attention in Sequential", KERAS_HEAD.replace("(3,)", "(4, 8)")
     + "    layers.MultiHeadAttention(2, 4),\n])\n", 3, "use the functional form"),
    ("frozen layer", KERAS_HEAD + "    layers.Dense(5, trainable=False),\n])\n", 3,
     "trainable=False is not supported"),
    ("empty file", b"", 1, "the input is empty"),
    ("blank file", b"\n   \n\t\n", 1, "the input is empty"),
    ("binary garbage", bytes(range(256)) * 4, 1, "binary data (a NUL byte) is not model code"),
    ("NUL byte on line 3", b"model = 1\nx = 2\ny = \x00\n", 3, "binary data (a NUL byte)"),
    ("non-UTF-8", KERAS_HEAD.encode() + b"    layers.Dense(5, name='caf\xe9'),\n])\n", 3,
     "the input is not UTF-8 text (byte 0xe9)"),
    ("garbage without NUL bytes", bytes(range(128, 256)) * 8, 1, "the input is not UTF-8 text"),
    ("UTF-8 garbage", "☃ ((( ❄ ]]".encode(), 1, "syntax error"),
    ("huge input", b"x = 1\n" * 200_000, 166_667, "larger than the 1,000,000-byte limit"),
    ("too many layers", KERAS_HEAD.encode() + b"    layers.Dense(3),\n" * 10_001 + b"])\n",
     10_003, "more than 10,000 layers"),
]


@pytest.mark.parametrize(("source", "line", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_gets_one_line_naming_the_line_and_exit_status_2(
    source: str | bytes, line: int, fragment: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "case.py"
    path.write_bytes(source if isinstance(source, bytes) else source.encode())
    assert main(["explain", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith(f"quizzer explain: {path}: line {line}: "), err
    assert fragment in err
    assert "Traceback" not in err
    assert not (tmp_path / "CANARY").exists()


def test_nothing_is_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code that would create a file if it ran is only read: the file never appears."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    dangerous = [source for _, source, _, _ in CASES
                 if isinstance(source, str) and "CANARY" in source]
    assert len(dangerous) >= 6
    for source in dangerous:
        with pytest.raises(ParseError):
            parse_model(source)
    assert list(work.iterdir()) == []


def test_pytorch_code_read_as_keras_says_so(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    path = tmp_path / "torch.py"
    path.write_text("import torch\nfrom torch import nn\n\n"
                    "model = nn.Sequential(\n    nn.Linear(3, 5),\n)\n")
    assert main(["explain", "--framework", "keras", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"quizzer explain: {path}: line 4: this looks like PyTorch code, not Keras code\n")


@pytest.mark.parametrize(("source", "line"), [
    ("import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n"
     "    keras.Input(shape=(3,)),\n    layers.Dense(5),\n])\n", 4),
    ("model = Sequential([\n\tDense(5, input_shape = (None, 3)),\n\tDense(2)\n])\n", 1),
])
def test_keras_code_read_as_pytorch_says_so(source: str, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_model(source, "pytorch")
    assert str(caught.value) == f"line {line}: this looks like Keras code, not PyTorch code"


def test_a_wrong_framework_without_evidence_keeps_the_real_error() -> None:
    with pytest.raises(ParseError, match=r"^line 1: calls such as eval\(...\) are not model"):
        parse_model('units = eval("5")\n', "pytorch")
    keras_error = KERAS_HEAD + "    layers.Dense(0),\n])\n"
    with pytest.raises(ParseError, match="units must be a positive whole number"):
        parse_model(keras_error, "keras")


def test_causal_padding_is_refused_without_being_offered() -> None:
    head = "model = keras.Sequential([\n    keras.Input(shape=(8, 3)),\n"
    with pytest.raises(ParseError) as caught:
        parse_model(head + '    layers.Conv1D(4, 3, padding="causal"),\n])\n')
    assert str(caught.value) == (
        "line 3: Conv1D: padding='causal' is not supported (quizzer reads 'valid' and 'same')")
    with pytest.raises(ParseError) as caught:
        parse_model(head + '    layers.Conv1D(4, 3, padding="full"),\n])\n')
    assert "padding must be one of 'valid', 'same', got 'full'" in str(caught.value)
    assert "causal" not in str(caught.value)


def test_a_missing_file_or_a_directory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.py"
    assert main(["explain", str(missing)]) == 2
    assert capsys.readouterr().err == f"quizzer explain: {missing}: no such file or directory\n"
    assert main(["explain", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"quizzer explain: {tmp_path}: is a directory\n"


MESSAGE = re.compile(r"^line [1-9][0-9]*: \S")


def _read_or_refuse(source: str | bytes) -> None:
    try:
        parsed = parse_model(source)
    except ParseError as error:
        assert MESSAGE.match(str(error)), str(error)
        assert "\n" not in str(error)
    else:
        assert parsed.report.total >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_random_input_is_read_or_refused_with_a_line(source: str | bytes) -> None:
    _read_or_refuse(source)


VALID = [
    "model = keras.Sequential([\n    keras.Input(shape=(28, 28, 1)),\n"
    "    layers.Conv2D(8, 3, strides=2, padding='same'),\n    layers.Flatten(),\n"
    "    layers.Dense(10),\n])\n",
    "inputs = keras.Input(shape=(10, 8))\nx = layers.MultiHeadAttention(2, 4)(inputs, inputs)\n"
    "x = layers.Dense(3)(x)\nmodel = keras.Model(inputs, x)\n",
    "# input: (batch, 3, 16, 16)\nmodel = nn.Sequential(\n    nn.Conv2d(3, 8, 3, padding=1),\n"
    "    nn.BatchNorm2d(8),\n    nn.AdaptiveAvgPool2d(1),\n    nn.Flatten(),\n"
    "    nn.Linear(8, 2),\n)\n",
    "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.lstm = nn.LSTM(4, 6, batch_first=True)\n        self.fc = nn.Linear(6, 2)\n\n"
    "    def forward(self, x):\n        x, _ = self.lstm(x)\n        x = x[:, -1, :]\n"
    "        return self.fc(x)\n\n\nmodel = Model()\n",
]
ALPHABET = "()[],.:=_ -0123456789\n'\"#xnNdeDsSLq*/"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VALID), st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 3), st.text(ALPHABET, max_size=3)),
    min_size=1, max_size=4))
def test_mutated_model_code_is_read_or_refused_with_a_line(
    source: str, edits: list[tuple[int, int, str]]
) -> None:
    for position, cut, insert in edits:
        position %= len(source) + 1
        source = source[:position] + insert + source[position + cut:]
    _read_or_refuse(source)
