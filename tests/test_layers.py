"""The layer catalogue: each layer's formula, weights and conventions, in both frameworks."""

from __future__ import annotations

import ast
from fractions import Fraction

import pytest
from frameworks.random_models import random_model
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.counting import analyze
from quizzer.core.errors import UnsupportedError
from quizzer.core.layers import (
    GRU,
    LAYER_TYPES,
    LSTM,
    Activation,
    BatchNormalization,
    Bidirectional,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Dense,
    DepthwiseConv2D,
    Dropout,
    Embedding,
    Flatten,
    GlobalAveragePooling2D,
    Layer,
    LayerNormalization,
    MaxPooling2D,
    MultiHeadAttention,
    Reshape,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.model import FRAMEWORKS, Framework, Shape


def arithmetic(text: str) -> Fraction:
    """The value of a formula's `numbers` (`[3 × (2×2) × 1] + 1`), read with `ast`, exactly."""
    source = text.replace("×", "*").replace("[", "(").replace("]", ")")

    def value(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return Fraction(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult | ast.Div):
            a, b = value(node.left), value(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            return a * b if isinstance(node.op, ast.Mult) else a / b
        raise ValueError(f"not plain arithmetic: {text}")

    return value(ast.parse(source, mode="eval"))


def counts(layer: Layer, shape: Shape, framework: Framework) -> tuple[int, int, int, int]:
    """(formula value, trainable, non-trainable, buffers) of a one-layer model."""
    from quizzer.core.model import Model

    report = analyze(Model(shape, (layer,)), framework).layers[0]
    return report.formula.value, report.trainable, report.non_trainable, report.buffers


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**9), framework=st.sampled_from(FRAMEWORKS))
def test_formula_equals_the_weights_and_its_own_arithmetic(seed: int,
                                                           framework: Framework) -> None:
    """For every layer of random models: formula value = the weights' sizes = its numbers."""
    model = random_model(seed, framework, unknown_dims=framework == "keras")
    for report in analyze(model, framework).layers:
        assert report.formula.value == report.params
        assert arithmetic(report.formula.numbers) == report.formula.value
        assert isinstance(report.params, int)


big = st.integers(1, 10**9)


@settings(max_examples=60, deadline=None)
@given(i=big, o=big, u=st.integers(1, 10**6), framework=st.sampled_from(FRAMEWORKS))
def test_huge_sizes_are_exact_python_ints(i: int, o: int, u: int, framework: Framework) -> None:
    assert counts(Dense(o), (i,), framework)[0] == i * o + o
    assert counts(Conv2D(o, (3, 3)), (None, None, i), framework)[0] == i * 9 * o + o
    assert counts(Embedding(i, o), (7,), framework)[0] == i * o
    lstm = counts(LSTM(u), (None, i), framework)[0]
    assert lstm == 4 * (u * (i + u) + u) + (4 * u if framework == "pytorch" else 0)
    value, *_ = counts(BatchNormalization(), (o,), framework)
    assert value == (4 * o if framework == "keras" else 2 * o)


def test_every_catalogue_entry_is_named_by_its_keras_class() -> None:
    assert len(LAYER_TYPES) == 31
    for kind, cls in LAYER_TYPES.items():
        assert cls.kind == kind


@pytest.mark.parametrize(
    ("layer", "shape", "keras", "pytorch"),
    [
        (Dense(5), (3,), 20, 20),
        (Dense(5, use_bias=False), (3,), 15, 15),
        (Dense(4), (7, 6), 28, 28),  # the last axis only
        (Conv1D(8, (3,)), (20, 4), 3 * 4 * 8 + 8, 3 * 4 * 8 + 8),
        (Conv2D(3, (2, 2)), (None, None, 1), 15, 15),
        (Conv2D(1, (2, 2)), (None, None, 3), 13, 13),
        (Conv2D(6, (3, 3), groups=3), (8, 8, 6), 2 * 9 * 6 + 6, 2 * 9 * 6 + 6),
        (Conv3D(2, (2, 3, 4), use_bias=False), (5, 5, 5, 3), 3 * 24 * 2, 3 * 24 * 2),
        (DepthwiseConv2D((3, 3), depth_multiplier=2), (8, 8, 3), 3 * 9 * 2 + 6, 3 * 9 * 2 + 6),
        (SeparableConv2D(8, (3, 3)), (8, 8, 3), 3 * 9 + 3 * 8 + 8, 3 * 9 + 3 * 8 + 8),
        (Conv2DTranspose(4, (3, 3)), (5, 5, 2), 2 * 9 * 4 + 4, 2 * 9 * 4 + 4),
        (BatchNormalization(), (8, 8, 16), 64, 32),
        (LayerNormalization(), (5, 12), 24, 24),
        (Embedding(1000, 64), (20,), 64000, 64000),
        (SimpleRNN(4), (None, 3), 4 * 7 + 4, 4 * 7 + 8),
        (LSTM(4), (None, 3), 4 * (4 * 7 + 4), 4 * (4 * 7 + 8)),
        (GRU(4), (None, 3), 3 * (4 * 7 + 8), 3 * (4 * 7 + 8)),
        (GRU(4, use_bias=False), (None, 3), 3 * 4 * 7, 3 * 4 * 7),
        (Bidirectional(LSTM(4)), (None, 3), 2 * 4 * (4 * 7 + 4), 2 * 4 * (4 * 7 + 8)),
        (MultiHeadAttention(2, 3), (5, 6), 3 * (6 * 6 + 6) + 6 * 6 + 6, 4 * 36 + 4 * 6),
        (MultiHeadAttention(3, 3, use_bias=False), (5, 6), 4 * 6 * 9, 4 * 36),
        (Flatten(), (4, 4, 3), 0, 0),
        (Reshape((12, 4)), (4, 4, 3), 0, 0),
        (MaxPooling2D((2, 2)), (4, 4, 3), 0, 0),
        (GlobalAveragePooling2D(), (4, 4, 3), 0, 0),
        (Dropout(0.5), (4,), 0, 0),
        (Activation("relu"), (4,), 0, 0),
    ],
    ids=lambda v: v.label if isinstance(v, Layer) else None,
)
def test_layer_counts(layer: Layer, shape: Shape, keras: int, pytorch: int) -> None:
    assert counts(layer, shape, "keras")[0] == keras
    assert counts(layer, shape, "pytorch")[0] == pytorch


def test_keras_gru_reset_before_has_one_bias_per_gate() -> None:
    value, *_ = counts(GRU(4, reset_after=False), (None, 3), "keras")
    assert value == 3 * (4 * 7 + 4)


def test_batchnorm_conventions() -> None:
    """Keras: 2C trainable + 2C non-trainable; PyTorch: 2C parameters + 2C+1 buffers."""
    assert counts(BatchNormalization(), (10, 16), "keras") == (64, 32, 32, 0)
    assert counts(BatchNormalization(), (10, 16), "pytorch") == (32, 32, 0, 33)


@pytest.mark.parametrize(
    ("layer", "shape", "framework", "words"),
    [
        (BatchNormalization(), (8,), "keras", ("non-trainable", "PyTorch would report only 2×C")),
        (BatchNormalization(), (8,), "pytorch", ("buffers", "Keras would report 4×C")),
        (LSTM(4), (None, 3), "pytorch", ("two bias vectors", "16 more")),
        (LSTM(4), (None, 3), "keras", ("one bias vector", "PyTorch would count 16 more")),
        (SimpleRNN(4), (None, 3), "keras", ("PyTorch would count 4 more",)),
        (GRU(4), (None, 3), "keras", ("reset_after=True", "two bias vectors")),
        (GRU(4, reset_after=False), (None, 3), "keras", ("reset_after=False",)),
        (DepthwiseConv2D((3, 3)), (8, 8, 3), "keras", ("Depthwise", "standard Conv2D")),
        (Dense(4), (5, 6), "keras", ("last axis", "Without a Flatten")),
        (Dense(4), (5, 6), "pytorch", ("Linear acts on the last axis",)),
        (MultiHeadAttention(2, 3), (5, 6), "keras", ("per head", "4×E×E + 4×E")),
        (MultiHeadAttention(2, 3), (5, 6), "pytorch", ("ignores key_dim",)),
        (Bidirectional(GRU(2)), (None, 3), "keras", ("twice the parameters",)),
        (SeparableConv2D(2, (3, 3)), (8, 8, 3), "keras", ("depthwise", "pointwise")),
    ],
)
def test_convention_notes(layer: Layer, shape: Shape, framework: Framework,
                          words: tuple[str, ...]) -> None:
    notes = " ".join(layer.formula(shape, framework).notes)
    for word in words:
        assert word in notes


def test_dense_on_a_vector_has_no_last_axis_note() -> None:
    assert layer_notes(Dense(4), (6,)) == ""


def layer_notes(layer: Layer, shape: Shape) -> str:
    return " ".join(layer.formula(shape, "keras").notes)


@pytest.mark.parametrize(
    ("layer", "symbols", "numbers"),
    [
        (Dense(5), "i×o + o", "3×5 + 5"),
        (Conv2D(3, (2, 2)), "[i × (f×f) × o] + o", "[3 × (2×2) × 3] + 3"),
        (Conv2D(3, (2, 2), groups=3), "[(i/g) × (f×f) × o] + o", "[(3/3) × (2×2) × 3] + 3"),
        (Conv2D(3, (1, 2)), "[i × (fh×fw) × o] + o", "[3 × (1×2) × 3] + 3"),
        (DepthwiseConv2D((2, 2)), "[i × (f×f) × dm] + i×dm", "[3 × (2×2) × 1] + 3×1"),
        (Bidirectional(SimpleRNN(2)), "2 × [u×(i+u) + u]", "2 × [2×(3+2) + 2]"),
    ],
)
def test_formula_text(layer: Layer, symbols: str, numbers: str) -> None:
    shape: Shape = (3,) if isinstance(layer, Dense) else (
        (4, 3) if isinstance(layer, Bidirectional) else (5, 5, 3))
    formula = layer.formula(shape, "keras")
    assert (formula.symbols, formula.numbers) == (symbols, numbers)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_unknown_activation_is_a_clear_error(framework: Framework) -> None:
    from quizzer.core.model import Model

    for layer in (Activation("sparkle"), Dense(2, activation="sparkle"),
                  Conv1D(2, (2,), activation="sparkle")):
        with pytest.raises(UnsupportedError, match="unknown activation 'sparkle'"):
            analyze(Model((4, 3), (layer,)), framework)


def test_linear_activation_renders_in_pytorch() -> None:
    assert Activation("linear").torch_code((4,)) == ("nn.Identity()",)
    assert Dense(2, activation="linear").torch_code((3,)) == ("nn.Linear(3, 2)",)


def test_softmax_follows_the_channel_axis_in_pytorch() -> None:
    assert Conv2D(2, (3, 3), activation="softmax").torch_code((5, 5, 1))[-1] == \
        "nn.Softmax(dim=1)"
    assert Dense(2, activation="softmax").torch_code((3,))[-1] == "nn.Softmax(dim=-1)"
    softmax = Activation("softmax")
    assert softmax.torch_modules((4, 4, 2), "channels_first") == ("nn.Softmax(dim=1)",)
    assert softmax.torch_modules((4, 4, 2), "channels_last") == ("nn.Softmax(dim=-1)",)


def test_labels_are_the_keras_calls() -> None:
    assert Dense(5).label == "Dense(5)"
    assert Conv2D(3, (2, 2), strides=(2, 2), padding="same").label == \
        'Conv2D(3, (2, 2), strides=(2, 2), padding="same")'
    assert Bidirectional(LSTM(4, return_sequences=True)).label == \
        "Bidirectional(layers.LSTM(4, return_sequences=True))"
