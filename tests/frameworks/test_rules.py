"""The engine refuses exactly what the frameworks refuse.

Each rule in the engine (a window that does not fit, groups, Keras dilation with strides,
PyTorch 'same' with strides, ...) is checked against the real framework refusing the same
layer; and random single layers on random, often too small, inputs are accepted by the engine
exactly when the framework builds them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from frameworks.random_models import _pick
from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError, ShapeError, UnsupportedError
from quizzer.core.layers import (
    GRU,
    BatchNormalization,
    Bidirectional,
    Conv,
    Conv2D,
    Conv2DTranspose,
    Dense,
    DepthwiseConv2D,
    MaxPooling2D,
    MultiHeadAttention,
    Recurrent,
    SeparableConv2D,
)
from quizzer.core.layers.base import Layer
from quizzer.core.model import Framework, Model, Shape
from quizzer.core.rendering.keras import keras_input

torch = pytest.importorskip("torch", reason="the framework cross-checks need torch")
keras = pytest.importorskip("keras", reason="the framework cross-checks need keras")
nn = torch.nn


def refuses(build: Callable[[], Any]) -> bool:
    try:
        build()
    except Exception:
        return True
    return False


def engine_error(model: Model, framework: Framework) -> QuizzerError | None:
    try:
        analyze(model, framework)
    except QuizzerError as error:
        return error
    return None


def keras_model(shape: Shape, code: str) -> Any:
    layers = keras.layers
    return keras.Sequential([keras.Input(shape), eval(code, {"layers": layers})])


RULES = [
    # (id, model, framework, error type, words in the message, the framework refusing it)
    ("window-too-big", Model((3, 3, 1), (Conv2D(1, (5, 5)),)), "keras", ShapeError,
     ("5×5", "3×3"), lambda: keras_model((3, 3, 1), "layers.Conv2D(1, 5)")),
    ("window-too-big", Model((3, 3, 1), (Conv2D(1, (5, 5)),)), "pytorch", ShapeError,
     ("5×5", "3×3"), lambda: nn.Conv2d(1, 1, 5)(torch.zeros(1, 1, 3, 3))),
    ("pool-too-big", Model((3, 3, 1), (MaxPooling2D((4, 4), strides=(1, 1)),)), "pytorch",
     ShapeError, ("4×4",), lambda: nn.MaxPool2d(4, 1)(torch.zeros(1, 1, 3, 3))),
    ("groups-channels", Model((5, 5, 5), (Conv2D(4, (3, 3), groups=2),)), "keras", ShapeError,
     ("groups", "(5)"), lambda: keras_model((5, 5, 5), "layers.Conv2D(4, 3, groups=2)")),
    ("groups-channels", Model((5, 5, 5), (Conv2D(4, (3, 3), groups=2),)), "pytorch",
     ShapeError, ("groups",), lambda: nn.Conv2d(5, 4, 3, groups=2)),
    ("groups-filters", Model((5, 5, 6), (Conv2D(4, (3, 3), groups=3),)), "keras", ShapeError,
     ("groups", "(4)"), lambda: keras_model((5, 5, 6), "layers.Conv2D(4, 3, groups=3)")),
    ("dilation-and-strides", Model((9, 9, 1), (Conv2D(3, (3, 3), strides=(2, 2),
                                                      dilation=(2, 2)),)),
     "keras", UnsupportedError, ("dilation",),
     lambda: keras_model((9, 9, 1), "layers.Conv2D(3, 3, strides=2, dilation_rate=2)")),
    ("same-strided-conv", Model((9, 9, 3), (Conv2D(2, (3, 3), strides=(2, 2),
                                                   padding="same"),)),
     "pytorch", UnsupportedError, ("same",),
     lambda: nn.Conv2d(3, 2, 3, stride=2, padding="same")),
    ("same-strided-depthwise", Model((9, 9, 3), (DepthwiseConv2D((3, 3), strides=(2, 2),
                                                                 padding="same"),)),
     "pytorch", UnsupportedError, ("same",),
     lambda: nn.Conv2d(3, 3, 3, stride=2, padding="same", groups=3)),
    ("same-strided-separable", Model((9, 9, 3), (SeparableConv2D(4, (3, 3), strides=(2, 2),
                                                                 padding="same"),)),
     "pytorch", UnsupportedError, ("same",),
     lambda: nn.Conv2d(3, 3, 3, stride=2, padding="same", groups=3)),
    ("same-pooling", Model((8, 8, 1), (MaxPooling2D((2, 2), padding="same"),)), "pytorch",
     UnsupportedError, ("same",),
     lambda: nn.MaxPool2d(2, padding="same")(torch.zeros(1, 1, 8, 8))),
    ("heads-split-width", Model((5, 6), (MultiHeadAttention(4, 3),)), "pytorch", ShapeError,
     ("divisible", "num_heads"), lambda: nn.MultiheadAttention(6, 4)),
    ("transpose-same-even", Model((5, 5, 4), (Conv2DTranspose(3, (2, 2), padding="same"),)),
     "pytorch", UnsupportedError, ("padding",),
     lambda: nn.ConvTranspose2d(4, 3, 2, padding=1, output_padding=1)(
         torch.zeros(1, 4, 5, 5))),
    ("unknown-channels", Model((4, None), (BatchNormalization(),)), "keras", ShapeError,
     ("known",), lambda: keras_model((4, None), "layers.BatchNormalization()")),
    ("unknown-features", Model((4, None), (GRU(3),)), "keras", ShapeError,
     ("known",), lambda: keras_model((4, None), "layers.GRU(3)")),
    ("batchnorm-5d", Model((2, 2, 2, 2, 2), (BatchNormalization(),)), "pytorch",
     UnsupportedError, ("BatchNorm",), lambda: nn.BatchNorm4d(2)),
    ("gru-reset-before", Model((4, 3), (GRU(2, reset_after=False),)), "pytorch",
     UnsupportedError, ("reset_after",), lambda: nn.GRU(3, 2, reset_after=False)),
]


@pytest.mark.parametrize(
    ("model", "framework", "error", "words", "framework_build"),
    [pytest.param(*rule[1:], id=f"{rule[2]}-{rule[0]}") for rule in RULES],
)
def test_engine_rule_matches_framework(
    model: Model, framework: Framework, error: type[QuizzerError], words: tuple[str, ...],
    framework_build: Callable[[], Any],
) -> None:
    raised = engine_error(model, framework)
    assert isinstance(raised, error)
    message = str(raised)
    assert "\n" not in message
    assert message.startswith("layer 1 (")
    for word in words:
        assert word in message
    assert refuses(framework_build), "the framework accepts what the engine refuses"


def _small_shape(rng: random.Random) -> Shape:
    rank = rng.choice((1, 2, 2, 3, 3, 4))
    return tuple(rng.randint(1, 4) for _ in range(rank))


def _probe_cases(framework: Framework, count: int) -> list[tuple[Shape, Layer]]:
    rng = random.Random(f"probe-{framework}")
    cases = []
    while len(cases) < count:
        shape = _small_shape(rng)
        # Mostly layers drawn for this shape; sometimes for another rank (a rank mismatch).
        layer = _pick(rng, shape if rng.random() < 0.8 else _small_shape(rng))
        if isinstance(layer, Conv) and not isinstance(layer.padding, str):
            continue  # explicit padding is PyTorch's notation; Keras spells it only as 'same'
        if isinstance(layer, Dense) and layer.in_features is not None and framework == "keras":
            continue  # in_features is PyTorch's notation, checked against the input
        if isinstance(layer, MultiHeadAttention) and len(shape) < 2:
            continue  # Keras builds attention over no axis at all; quizzer wants a sequence
        cases.append((shape, layer))
    return cases


def keras_accepts(shape: Shape, layer: Layer) -> bool:
    try:
        inputs = eval(keras_input(shape, False), {"keras": keras})
        keras_layer = eval(layer.keras_code(), {"layers": keras.layers})
        args = (inputs, inputs) if isinstance(layer, MultiHeadAttention) else (inputs,)
        out = tuple(keras_layer(*args).shape)[1:]
    except Exception:
        return False
    return all(d is None or d > 0 for d in out)


def batched_rank_ok(module: Any, rank: int) -> bool:
    """PyTorch reads an N-d module's input of one rank too few as unbatched; we never do."""
    name = type(module).__name__
    if name.startswith("BatchNorm1d"):
        return rank in (2, 3)
    if name[-2:] in ("1d", "2d", "3d"):
        return rank == int(name[-2]) + 2
    return True


def torch_accepts(shape: Shape, layer: Layer) -> bool:
    try:
        code = layer.torch_code(shape)
        module = nn.Sequential(*(eval(m, {"nn": nn}) for m in code))
        channels_first = layer.torch_layout == "channels_first" and len(shape) >= 2
        dims = (shape[-1], *shape[:-1]) if channels_first else shape
        x = torch.zeros((2, *dims))
        if not all(batched_rank_ok(m, x.dim()) for m in module):
            return False
        if isinstance(layer, MultiHeadAttention):
            out = module[0](x, x, x)[0]
        elif isinstance(layer, Recurrent | Bidirectional):
            out = module[0](x)[0]
        else:
            out = module(x)
    except Exception:
        return False
    return all(d > 0 for d in out.shape)


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_engine_accepts_exactly_what_the_framework_builds(framework: Framework) -> None:
    """Where the engine says "cannot express" (UnsupportedError) the rules above decide."""
    disagreements = []
    accepted = refused = 0
    for shape, layer in _probe_cases(framework, 600):
        error = engine_error(Model(shape, (layer,)), framework)
        if isinstance(error, UnsupportedError):
            continue
        engine_ok = error is None
        framework_ok = (keras_accepts if framework == "keras" else torch_accepts)(shape, layer)
        accepted += engine_ok
        refused += not engine_ok
        if engine_ok != framework_ok:
            disagreements.append(f"{shape} {layer.label}: engine {engine_ok}, "
                                 f"{framework} {framework_ok}")
    assert disagreements == [], "\n".join(disagreements)
    assert accepted > 50 and refused > 40  # the probe really tests both sides
