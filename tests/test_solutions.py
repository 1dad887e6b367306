"""Worked solutions: the seed's one-line forms, each layer's steps, and convention notes."""

from __future__ import annotations

import pytest

from quizzer.core.counting import analyze
from quizzer.core.layers import (
    LSTM,
    BatchNormalization,
    Conv2D,
    Dense,
    DepthwiseConv2D,
    Flatten,
    MaxPooling2D,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model
from quizzer.core.solutions import seed_line, solve

SEED = [
    (Model((None, 3), (Dense(5), Dense(2))), "(3×5 + 5×2) + (5+2) = 32"),
    (Model((50,), (Dense(100), Dense(1), Dense(100), Dense(50))),
     "(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) = 10451"),
    (Model((None, None, 1), (Conv2D(3, (2, 2)),)), "[1 × (2×2) × 3] + 3 = 15"),
    (Model((None, None, 3), (Conv2D(1, (2, 2)),)), "[3 × (2×2) × 1] + 1 = 13"),
]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("model", "line"), SEED, ids=["32", "10451", "15", "13"])
def test_seed_lines(model: Model, line: str, framework: Framework) -> None:
    solution = solve(analyze(model, framework))
    assert solution.seed_line == line
    assert f"In one line: {line}\n" in solution.text()


def test_no_seed_line_where_the_seed_form_does_not_apply() -> None:
    assert seed_line(analyze(Model((3,), (Dense(5, use_bias=False),)), "keras")) is None
    mixed = Model((6, 6, 1), (Conv2D(2, (3, 3)), Flatten(), Dense(2)))
    assert seed_line(analyze(mixed, "keras")) is None


def test_dense_solution_text() -> None:
    text = solve(analyze(SEED[0][0], "keras")).text()
    assert text == (
        "num_params = weights + biases, layer by layer (Keras):\n"
        "\n"
        "1. dense (Dense): i×o + o\n"
        "   = 3×5 + 5\n"
        "   = 20 (15 weights and 5 biases)\n"
        "2. dense_1 (Dense): i×o + o\n"
        "   = 5×2 + 2\n"
        "   = 12 (10 weights and 2 biases)\n"
        "\n"
        "Total = 20 + 12 = 32\n"
        "\n"
        "In one line: (3×5 + 5×2) + (5+2) = 32\n"
    )


def test_zero_parameter_layers_say_why() -> None:
    model = Model((6, 6, 1), (Conv2D(2, (3, 3)), MaxPooling2D((2, 2)), Flatten(), Dense(3)))
    text = solve(analyze(model, "keras")).text()
    assert "2. max_pooling2d (MaxPooling2D): 0" in text
    assert "3. flatten (Flatten): 0" in text
    assert "Total = 20 + 27 = 47" in text


def test_batchnorm_solution_explains_both_conventions() -> None:
    model = Model((4,), (Dense(3), BatchNormalization()))
    keras = solve(analyze(model, "keras"))
    assert "= 12 (6 trainable and 6 non-trainable)" in keras.text()
    assert "trainable 21 + non-trainable 6" in keras.text()
    assert "PyTorch would report only 2×C" in keras.text()
    torch = solve(analyze(model, "pytorch"))
    assert torch.total == 21 and torch.buffers == 7
    assert "(plus 7 buffer values, which are not parameters)" in torch.text()
    assert "Keras would report 4×C" in torch.text()


def test_rnn_solution_explains_the_biases() -> None:
    model = Model((None, 3), (LSTM(4),))
    keras = solve(analyze(model, "keras")).text()
    torch = solve(analyze(model, "pytorch")).text()
    assert "= 4×[4×(3+4) + 4]" in keras and "= 128 (112 weights and 16 biases)" in keras
    assert "PyTorch would count 16 more" in keras
    assert "= 4×[4×(3+4) + 2×4]" in torch and "= 144 (112 weights and 32 biases)" in torch
    assert "bias_ih and bias_hh" in torch


def test_depthwise_solution_contrasts_standard_convolution() -> None:
    text = solve(analyze(Model((8, 8, 3), (DepthwiseConv2D((3, 3)),)), "keras")).text()
    assert "= [3 × (3×3) × 1] + 3×1" in text
    assert "a standard Conv2D would need i × (f×f) × o" in text


def test_dense_after_conv_explains_the_last_axis() -> None:
    model = Model((6, 6, 1), (Conv2D(4, (3, 3)), Dense(2)))
    for framework, name in (("keras", "Dense"), ("pytorch", "Linear")):
        text = solve(analyze(model, framework)).text()
        assert f"{name} acts on the last axis only: i = 4" in text
        assert "Without a Flatten nothing is multiplied out" in text


def test_steps_name_the_type_as_the_framework_does() -> None:
    model = Model((6, 6, 1), (Conv2D(2, (3, 3)), MaxPooling2D((2, 2)), Flatten(),
                              BatchNormalization(), Dense(3, activation="relu")))
    keras = solve(analyze(model, "keras")).text()
    torch = solve(analyze(model, "pytorch")).text()
    for number, name, keras_type, torch_type in [
        (1, "conv2d", "Conv2D", "Conv2d"),
        (2, "max_pooling2d", "MaxPooling2D", "MaxPool2d"),
        (3, "flatten", "Flatten", "Flatten"),
        (4, "batch_normalization", "BatchNormalization", "BatchNorm1d"),
        (5, "dense", "Dense", "Linear+ReLU"),
    ]:
        assert f"\n{number}. {name} ({keras_type}): " in keras
        assert f"\n{number}. {name} ({torch_type}): " in torch


def test_seed_line_only_for_short_dense_stacks() -> None:
    six = Model((4,), tuple(Dense(3) for _ in range(6)))
    assert seed_line(analyze(six, "keras")) == (
        "(4×3 + 3×3 + 3×3 + 3×3 + 3×3 + 3×3) + (3+3+3+3+3+3) = 75")
    seven = Model((4,), tuple(Dense(3) for _ in range(7)))
    assert seed_line(analyze(seven, "keras")) is None
    assert "In one line" not in solve(analyze(seven, "pytorch")).text()


def test_a_deep_stack_has_no_giant_lines() -> None:
    model = Model((5,), tuple(Dense(5) for _ in range(3001)))
    text = solve(analyze(model, "keras")).text()
    assert max(len(line) for line in text.splitlines()) < 100
    assert text.endswith("Total = the sum of the 3,001 non-zero counts above = 90030\n")
    twelve = solve(analyze(Model((5,), tuple(Dense(5) for _ in range(12))), "keras")).text()
    assert f"Total = {' + '.join(['30'] * 12)} = 360\n" in twelve
