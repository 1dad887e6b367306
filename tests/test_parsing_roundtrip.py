"""Round trip: code rendered by `render_code` (both frameworks, every layer type, Sequential,
functional and class forms) reads back to the same totals, trainable and non-trainable counts,
buffers and output shape."""

from __future__ import annotations

import pytest
from frameworks.random_models import random_model
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.counting import ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.layers import (
    GRU,
    LAYER_TYPES,
    LSTM,
    Activation,
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
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
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    LayerNormalization,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    MultiHeadAttention,
    Reshape,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model
from quizzer.core.parsing import parse_model
from quizzer.core.rendering import render_code

MODELS = [
    Model((3,), (Dense(5), Dense(2))),
    Model((28, 28, 1), (Conv2D(8, (3, 3), activation="relu"), MaxPooling2D((2, 2)),
                        Conv2D(16, (3, 3), padding="same"), Flatten(),
                        Dense(10, activation="softmax"))),
    Model((32, 32, 3), (DepthwiseConv2D((3, 3), depth_multiplier=2),
                        SeparableConv2D(8, (3, 3)), BatchNormalization(),
                        GlobalAveragePooling2D(), Dense(4))),
    Model((20,), (Embedding(100, 16), LSTM(8, return_sequences=True), GRU(4), Dense(1))),
    Model((10, 8), (MultiHeadAttention(2, 4), LayerNormalization(), Flatten(), Dense(3))),
    Model((10, 8), (Bidirectional(LSTM(6)), Dense(2))),
    Model((10, 8), (Bidirectional(SimpleRNN(6, return_sequences=True)),
                    GlobalMaxPooling1D(), Dense(2))),
    Model((8, 8, 4), (Conv2DTranspose(3, (3, 3), strides=(2, 2), padding="same"),
                      Conv2D(2, (1, 1), use_bias=False), AveragePooling2D((2, 2)),
                      GlobalMaxPooling2D())),
    Model((16, 4), (Conv1D(8, (3,), dilation=(2,)), AveragePooling1D((2,)), MaxPooling1D((2,)),
                    Dropout(0.2), GlobalAveragePooling1D(), Dense(5, use_bias=False))),
    Model((8, 8, 8, 2), (Conv3D(4, (3, 3, 3)), MaxPooling3D((2, 2, 2)),
                         AveragePooling3D((1, 1, 1)), GlobalAveragePooling3D())),
    Model((6, 6, 6, 2), (Conv3D(4, (1, 1, 1)), GlobalMaxPooling3D())),
    Model((12,), (Dense(24), Reshape((2, 3, 4)), Conv2D(5, (1, 1)), Flatten(), Dense(2))),
    Model((12,), (Reshape((3, 4)), LSTM(5), Dense(1))),
    Model((6, 6, 3), (Conv2D(6, (3, 3), groups=3), Activation("tanh"), BatchNormalization(),
                      Flatten(), Dense(2))),
    Model((10, 4), (BatchNormalization(), Conv1D(4, (3,)), Dense(3))),
    Model((30,), (Embedding(50, 8), Conv1D(4, (3,)), GlobalAveragePooling1D(), Dense(1))),
    Model((None, 3), (GRU(4, reset_after=False), Dense(2))),
    Model((5, 3), (SimpleRNN(4, use_bias=False), Dense(2, activation="sigmoid"))),
]


def counts(report: ModelReport) -> tuple[object, ...]:
    return (report.total, report.trainable, report.non_trainable, report.buffers,
            report.output_shape)


def assert_round_trip(model: Model, framework: Framework) -> None:
    code = render_code(model, framework)
    parsed = parse_model(code)
    assert parsed.framework == framework, code
    assert counts(parsed.report) == counts(analyze(model, framework)), code


def test_the_hand_written_models_cover_every_layer_type() -> None:
    kinds = {layer.kind for model in MODELS for layer in model.layers}
    assert kinds == set(LAYER_TYPES)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_hand_written_models_read_back_to_the_same_counts(framework: Framework) -> None:
    read = 0
    for model in MODELS:
        try:
            render_code(model, framework)
        except QuizzerError:
            continue  # the framework cannot express this model
        assert_round_trip(model, framework)
        read += 1
    assert read >= len(MODELS) - 2


@settings(max_examples=250, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(FRAMEWORKS), st.booleans())
def test_random_rendered_models_read_back_to_the_same_counts(
    seed: int, framework: Framework, unknown: bool
) -> None:
    model = random_model(seed, framework, unknown_dims=unknown and framework == "keras")
    assert_round_trip(model, framework)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_two_models_in_one_file_are_read_by_name(framework: Framework) -> None:
    first = Model((10, 8), (LSTM(4), Dense(2)))
    second = Model((10, 8), (MultiHeadAttention(2, 4), Flatten(), Dense(3)))
    code = render_code(first, framework) + "\n\n" + render_code(second, framework,
                                                               var="other_model")
    assert counts(parse_model(code).report) == counts(analyze(first, framework))
    other = parse_model(code, var="other_model")
    assert other.name == "other_model"
    assert counts(other.report) == counts(analyze(second, framework))
