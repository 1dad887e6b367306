"""Shape inference: window arithmetic, unknown dimensions, and errors that name the layer."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzer.core.counting import analyze
from quizzer.core.errors import ShapeError
from quizzer.core.layers import (
    GRU,
    LSTM,
    Bidirectional,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Dense,
    DepthwiseConv2D,
    Embedding,
    Flatten,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    Layer,
    MaxPooling2D,
    MultiHeadAttention,
    Reshape,
    SeparableConv2D,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model, Shape, format_shape
from quizzer.core.shapes import conv_length, transpose_length


def positions(n: int, kernel: int, stride: int, pad_before: int, pad_after: int,
              dilation: int) -> int:
    """How many windows fit, counted one by one."""
    span = dilation * (kernel - 1) + 1
    return sum(1 for start in range(0, n + pad_before + pad_after - span + 1, stride))


@given(n=st.integers(1, 60), k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3),
       p=st.integers(0, 3))
def test_conv_length_counts_the_windows(n: int, k: int, s: int, d: int, p: int) -> None:
    # Below 1 the window does not fit (spatial_output turns that into a ShapeError).
    assert max(conv_length(n, k, s, "valid", d) or 0, 0) == positions(n, k, s, 0, 0, d)
    assert max(conv_length(n, k, s, p, d) or 0, 0) == positions(n, k, s, p, p, d)
    assert conv_length(n, k, s, "same", d) == math.ceil(n / s)
    assert conv_length(None, k, s, "valid", d) is None


@given(n=st.integers(1, 40), k=st.integers(1, 6), s=st.integers(1, 4))
def test_transpose_length_as_keras(n: int, k: int, s: int) -> None:
    assert transpose_length(n, k, s, "same") == n * s
    assert transpose_length(n, k, s, "valid") == (n - 1) * s + k if k >= s else n * s
    assert transpose_length(None, k, s, "valid") is None


def shapes(model: Model, framework: Framework = "keras") -> list[Shape]:
    return [r.output_shape for r in analyze(model, framework).layers]


def test_output_shapes() -> None:
    model = Model((28, 28, 1), (
        Conv2D(32, (3, 3)), MaxPooling2D((2, 2)), Conv2D(64, (3, 3), strides=(2, 2),
                                                          padding="same"),
        DepthwiseConv2D((3, 3), depth_multiplier=2), SeparableConv2D(8, (1, 1)),
        Conv2DTranspose(4, (3, 3), strides=(2, 2)), Flatten(), Dense(10),
    ))
    assert shapes(model) == [(26, 26, 32), (13, 13, 32), (7, 7, 64), (5, 5, 128),
                             (5, 5, 8), (11, 11, 4), (484,), (10,)]


def test_sequences() -> None:
    model = Model((12,), (Embedding(100, 8), Conv1D(6, (3,), dilation=(2,)),
                          LSTM(5, return_sequences=True), Bidirectional(GRU(3)),))
    assert shapes(model) == [(12, 8), (8, 6), (8, 5), (6,)]
    attention = Model((12, 8), (MultiHeadAttention(2, 4), GlobalMaxPooling1D()))
    assert shapes(attention) == [(12, 8), (8,)]


def test_dense_acts_on_the_last_axis() -> None:
    assert shapes(Model((4, 5, 3), (Dense(7),))) == [(4, 5, 7)]
    report = analyze(Model((4, 5, 3), (Dense(7),)), "keras")
    assert report.total == 3 * 7 + 7


def test_unknown_dimensions_are_carried_through() -> None:
    model = Model((None, None, 1), (
        Conv2D(3, (2, 2)), MaxPooling2D((2, 2)), Conv2DTranspose(2, (2, 2), strides=(2, 2)),
        GlobalMaxPooling2D(), Dense(4),
    ))
    assert shapes(model) == [(None, None, 3), (None, None, 3), (None, None, 2), (2,), (4,)]
    sequence = Model((None, 3), (Dense(5), LSTM(2, return_sequences=True), Flatten()))
    assert shapes(sequence) == [(None, 5), (None, 2), (None,)]
    assert shapes(Model((None, 6), (Reshape((-1, 3)),))) == [(None, 3)]
    assert shapes(Model((None,), (Embedding(10, 4),))) == [(None, 4)]
    assert format_shape((None, None, 3)) == "(None, None, None, 3)"
    assert format_shape((5,), batch=False) == "(5,)"


def error(model: Model, framework: Framework = "keras") -> str:
    with pytest.raises(ShapeError) as info:
        analyze(model, framework)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_window_too_big_names_the_layer_and_why(framework: Framework) -> None:
    message = error(Model((3, 3, 1), (Conv2D(4, (5, 5)),)), framework)
    assert message == ("layer 1 (conv2d), Conv2D(4, (5, 5)): a 5×5 window does not fit "
                       "a 3×3 input")
    message = error(Model((8, 8, 1), (Conv2D(2, (3, 3)), MaxPooling2D((7, 7)))), framework)
    assert message.startswith("layer 2 (max_pooling2d), MaxPooling2D(pool_size=(7, 7))")
    assert "7×7 window does not fit a 6×6 input" in message


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_groups_must_divide_channels(framework: Framework) -> None:
    message = error(Model((8, 8, 5), (Conv2D(4, (3, 3), groups=2),)), framework)
    assert message == ("layer 1 (conv2d), Conv2D(4, (3, 3), groups=2): input channels (5) and "
                       "filters (4) must both be divisible by groups (2)")


@pytest.mark.parametrize(
    ("model", "words"),
    [
        (Model((8, 8), (Conv2D(2, (3, 3)),)), ("conv2d", "expects a 4-D input", "got 3-D")),
        (Model((8, 8, 8, 1), (Conv2D(2, (3, 3)),)), ("expects a 4-D input", "got 5-D")),
        (Model((8, 3), (Conv3D(2, (3, 3, 3)),)), ("expects a 5-D input",)),
        (Model((8,), (LSTM(2),)), ("lstm", "timesteps, features")),
        (Model((8, 8, 3), (LSTM(2),)), ("expects a 3-D input",)),
        (Model((None,), (Dense(2), )), ("dense", "last axis must be known")),
        (Model((4, None), (LSTM(2),)), ("number of input features must be known",)),
        (Model((None, None), (Conv1D(2, (2,)),)), ("number of input channels",)),
        (Model((12,), (Reshape((5, 2)),)), ("12 values cannot be reshaped to (5, 2)",)),
        (Model((12,), (Reshape((-1, 5)),)), ("12 values cannot fill (-1, 5)",)),
        (Model((12,), (Reshape((-1, -1)),)), ("at most one -1",)),
        (Model((12,), (Dense(3, in_features=4),)), ("expects 4 input features but gets 12",)),
        (Model((5,), ()), ("no layers",)),
    ],
)
def test_impossible_models(model: Model, words: tuple[str, ...]) -> None:
    message = error(model)
    for word in words:
        assert word in message


def test_errors_name_the_failing_layer_by_position() -> None:
    layers: tuple[Layer, ...] = (Dense(4), Dense(4), Conv1D(2, (2,)))
    assert error(Model((3,), layers)).startswith("layer 3 (conv1d), Conv1D(2, 2)")
