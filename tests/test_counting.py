"""Counts: per layer and in total; trainable, non-trainable and buffers; names; exact ints."""

from __future__ import annotations

import pytest
from frameworks.cases import vgg16
from frameworks.random_models import random_model
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.counting import analyze, layer_names, snake
from quizzer.core.layers import (
    GRU,
    LSTM,
    BatchNormalization,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    MaxPooling2D,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model

SEED_MODELS = [
    (Model((None, 3), (Dense(5), Dense(2))), 32),
    (Model((50,), (Dense(100), Dense(1), Dense(100), Dense(50))), 10451),
    (Model((None, None, 1), (Conv2D(3, (2, 2)),)), 15),
    (Model((None, None, 3), (Conv2D(1, (2, 2)),)), 13),
]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("model", "total"), SEED_MODELS, ids=["32", "10451", "15", "13"])
def test_seed_examples(model: Model, total: int, framework: Framework) -> None:
    report = analyze(model, framework)
    assert (report.total, report.trainable, report.non_trainable, report.buffers) == \
        (total, total, 0, 0)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_vgg16(framework: Framework) -> None:
    report = analyze(vgg16(), framework)
    assert report.total == 138_357_544
    assert report.layers[-5].output_shape == (7, 7, 512)
    assert report.layers[-3].params == 7 * 7 * 512 * 4096 + 4096


def test_batchnorm_totals_by_framework() -> None:
    model = Model((8, 8, 3), (Conv2D(16, (3, 3)), BatchNormalization(), Flatten(), Dense(2)))
    keras = analyze(model, "keras")
    torch = analyze(model, "pytorch")
    conv, dense = 3 * 9 * 16 + 16, 6 * 6 * 16 * 2 + 2
    assert (keras.total, keras.trainable, keras.non_trainable, keras.buffers) == \
        (conv + 64 + dense, conv + 32 + dense, 32, 0)
    assert (torch.total, torch.trainable, torch.non_trainable, torch.buffers) == \
        (conv + 32 + dense, conv + 32 + dense, 0, 33)
    assert [r.params for r in keras.layers] == [conv, 64, 0, dense]
    assert [r.buffers for r in torch.layers] == [0, 33, 0, 0]


def test_rnn_totals_by_framework() -> None:
    model = Model((None, 3), (LSTM(4, return_sequences=True), GRU(2, reset_after=False)))
    assert analyze(model, "keras").total == 4 * (4 * 7 + 4) + 3 * (2 * 6 + 2)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10**9), framework=st.sampled_from(FRAMEWORKS))
def test_totals_add_up(seed: int, framework: Framework) -> None:
    report = analyze(random_model(seed, framework), framework)
    assert report.total == sum(r.params for r in report.layers)
    assert report.total == report.trainable + report.non_trainable
    assert report.buffers == sum(r.buffers for r in report.layers)
    if framework == "pytorch":
        assert report.non_trainable == 0
    else:
        assert report.buffers == 0
    assert report.output_shape == report.layers[-1].output_shape
    for before, after in zip(report.layers, report.layers[1:], strict=False):
        assert after.input_shape == before.output_shape


def test_huge_models_count_exactly() -> None:
    width = 10**12
    report = analyze(Model((width,), (Dense(width), Dense(width))), "keras")
    assert report.total == 2 * (width * width + width)
    assert type(report.total) is int
    assert f"{report.total:,}" == "2,000,000,000,002,000,000,000,000"


def test_layer_names_number_each_kind_like_keras() -> None:
    layers = (Dense(2), Conv2D(1, (1, 1)), Dense(3), MaxPooling2D((1, 1)), Dropout(0.1),
              Dense(4))
    assert layer_names(layers) == ("dense", "conv2d", "dense_1", "max_pooling2d", "dropout",
                                   "dense_2")
    assert snake("GlobalAveragePooling1D") == "global_average_pooling1d"
    assert snake("SimpleRNN") == "simple_rnn"
    assert snake("MultiHeadAttention") == "multi_head_attention"
    assert snake("Conv2DTranspose") == "conv2d_transpose"
    assert snake("LSTM") == "lstm"
