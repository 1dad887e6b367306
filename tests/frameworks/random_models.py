"""A seeded builder of random, valid models covering every layer type in `LAYER_TYPES`.

`random_model(seed, framework)` always returns the same model for the same arguments, and the
model analyses and renders without error under that framework (or both when `framework` is
None). Pure Python: no torch or keras needed, so any test may use it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator

from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.layers import (
    GRU,
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
    Layer,
    LayerNormalization,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    MultiHeadAttention,
    Recurrent,
    Reshape,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.layers.dense import TORCH_ACTIVATIONS
from quizzer.core.model import FRAMEWORKS, Framework, Model, Shape
from quizzer.core.rendering import render_code
from quizzer.core.shapes import Padding

MAX_VALUES = 4096
"""Largest number of values any layer may output (keeps the framework builds fast)."""
MAX_PARAMS = 200_000

ACTIVATION_NAMES = ("relu", "sigmoid", "tanh", "softmax", "gelu", "linear")
LAYER_ACTIVATIONS = tuple(sorted(TORCH_ACTIVATIONS))

Draw = Callable[[random.Random, Shape], Layer]


def _kernel(rng: random.Random, rank: int, high: int = 4) -> tuple[int, ...]:
    if rng.random() < 0.7:
        return (rng.randint(1, high),) * rank
    return tuple(rng.randint(1, high) for _ in range(rank))


def _steps(rng: random.Random, rank: int) -> tuple[int, ...] | None:
    roll = rng.random()
    if roll < 0.5:
        return None
    if roll < 0.85:
        return (rng.randint(1, 3),) * rank
    return tuple(rng.randint(1, 3) for _ in range(rank))


def _padding(rng: random.Random, explicit: bool = False) -> Padding:
    roll = rng.random()
    if explicit and roll < 0.15:
        return rng.randint(0, 2)
    return "same" if roll < 0.55 else "valid"


def _conv(cls: type[Conv1D | Conv2D | Conv3D]) -> Draw:
    def draw(rng: random.Random, shape: Shape) -> Layer:
        i = shape[-1] or 1
        divisors = [g for g in range(1, i + 1) if i % g == 0]
        groups = rng.choice(divisors) if rng.random() < 0.25 else 1
        filters = groups * rng.randint(1, max(1, 8 // groups))
        return cls(
            filters,
            _kernel(rng, cls.rank),
            strides=_steps(rng, cls.rank),
            padding=_padding(rng, explicit=True),
            dilation=_steps(rng, cls.rank) if rng.random() < 0.3 else None,
            groups=groups,
            use_bias=rng.random() < 0.8,
            activation=rng.choice((None, None, *ACTIVATION_NAMES)),
        )

    return draw


def _depthwise(rng: random.Random, shape: Shape) -> Layer:
    return DepthwiseConv2D(
        _kernel(rng, 2),  # type: ignore[arg-type]
        depth_multiplier=rng.randint(1, 3),
        strides=_steps(rng, 2) or (1, 1),  # type: ignore[arg-type]
        padding=_padding(rng, explicit=True),
        use_bias=rng.random() < 0.8,
    )


def _separable(rng: random.Random, shape: Shape) -> Layer:
    return SeparableConv2D(
        rng.randint(1, 8),
        _kernel(rng, 2),  # type: ignore[arg-type]
        depth_multiplier=rng.randint(1, 3),
        strides=_steps(rng, 2) or (1, 1),  # type: ignore[arg-type]
        padding=_padding(rng, explicit=True),
        use_bias=rng.random() < 0.8,
    )


def _transpose(rng: random.Random, shape: Shape) -> Layer:
    return Conv2DTranspose(
        rng.randint(1, 8),
        _kernel(rng, 2),  # type: ignore[arg-type]
        strides=_steps(rng, 2) or (1, 1),  # type: ignore[arg-type]
        padding=rng.choice(("valid", "same")),
        use_bias=rng.random() < 0.8,
    )


def _pooling(cls: type[MaxPooling1D]) -> Draw:
    def draw(rng: random.Random, shape: Shape) -> Layer:
        return cls(_kernel(rng, cls.rank, 3), strides=_steps(rng, cls.rank),
                   padding=rng.choice(("valid", "valid", "same")))

    return draw


def _plain(cls: type[Layer]) -> Draw:
    return lambda rng, shape: cls()


def _dense(rng: random.Random, shape: Shape) -> Layer:
    last = shape[-1]
    return Dense(
        rng.randint(1, 12),
        use_bias=rng.random() < 0.8,
        activation=rng.choice((None, None, *ACTIVATION_NAMES)),
        in_features=last if last is not None and rng.random() < 0.2 else None,
    )


def _recurrent_layer(rng: random.Random) -> Recurrent:
    cls = rng.choice((SimpleRNN, LSTM, GRU))
    units, sequences, bias = rng.randint(1, 8), rng.random() < 0.5, rng.random() < 0.8
    if cls is GRU:
        return GRU(units, sequences, bias, reset_after=rng.random() < 0.7)
    return cls(units, sequences, bias)


def _recurrent(rng: random.Random, shape: Shape) -> Layer:
    return _recurrent_layer(rng)


def _bidirectional(rng: random.Random, shape: Shape) -> Layer:
    return Bidirectional(_recurrent_layer(rng))


def _attention(rng: random.Random, shape: Shape) -> Layer:
    width = shape[-1] or 1
    heads = [h for h in range(1, 5) if width % h == 0]
    return MultiHeadAttention(rng.choice(heads), rng.randint(1, 8), use_bias=rng.random() < 0.8)


def _reshape(rng: random.Random, shape: Shape) -> Layer:
    if any(d is None for d in shape):
        return Flatten()
    size = math.prod(d for d in shape if d is not None)
    divisors = [d for d in range(1, size + 1) if size % d == 0]
    a = rng.choice(divisors)
    roll = rng.random()
    if roll < 0.3:
        return Reshape((size,))
    if roll < 0.7:
        return Reshape((a, size // a) if rng.random() < 0.5 else (-1, a))
    b = rng.choice([d for d in divisors if (size // a) % d == 0])
    return Reshape((a, b, size // (a * b)) if rng.random() < 0.5 else (a, -1, b))


def _activation(rng: random.Random, shape: Shape) -> Layer:
    return Activation(rng.choice(LAYER_ACTIVATIONS))


def _dropout(rng: random.Random, shape: Shape) -> Layer:
    return Dropout(rng.choice((0.1, 0.25, 0.5)))


ANY_RANK: tuple[tuple[Draw, int], ...] = (
    (_dense, 4),
    (_plain(BatchNormalization), 2),
    (_plain(LayerNormalization), 2),
    (_dropout, 1),
    (_activation, 1),
    (_reshape, 1),
)
"""(draw, weight) of layers that accept inputs of any rank."""

BY_RANK: dict[int, tuple[tuple[Draw, int], ...]] = {
    1: (),
    2: (
        (_conv(Conv1D), 4),
        (_pooling(MaxPooling1D), 1),
        (_pooling(AveragePooling1D), 1),
        (_plain(GlobalMaxPooling1D), 1),
        (_plain(GlobalAveragePooling1D), 1),
        (_recurrent, 4),
        (_bidirectional, 2),
        (_attention, 3),
        (_plain(Flatten), 1),
    ),
    3: (
        (_conv(Conv2D), 5),
        (_depthwise, 2),
        (_separable, 2),
        (_transpose, 2),
        (_pooling(MaxPooling2D), 1),
        (_pooling(AveragePooling2D), 1),
        (_plain(GlobalMaxPooling2D), 1),
        (_plain(GlobalAveragePooling2D), 1),
        (_plain(Flatten), 1),
        (_attention, 1),  # Keras only: attention over rows and columns
    ),
    4: (
        (_conv(Conv3D), 4),
        (_pooling(MaxPooling3D), 1),
        (_pooling(AveragePooling3D), 1),
        (_plain(GlobalMaxPooling3D), 1),
        (_plain(GlobalAveragePooling3D), 1),
        (_plain(Flatten), 1),
    ),
}
"""Layers that need an input of one rank (batch axis excluded)."""


def _input_shape(rng: random.Random, unknown: bool) -> tuple[Shape, Layer | None]:
    """A random input shape, and an Embedding to start with when the input is token ids."""
    kind = rng.choice(("vector", "sequence", "sequence", "tokens", "image", "image", "volume"))
    unknown = unknown and rng.random() < 0.5

    def length(low: int, high: int) -> int | None:
        return None if unknown else rng.randint(low, high)

    if kind == "vector":
        return (rng.randint(1, 16),), None
    if kind == "sequence":
        return (length(3, 12), rng.randint(1, 12)), None
    if kind == "tokens":
        return (length(3, 12),), Embedding(rng.randint(2, 50), rng.randint(1, 12))
    if kind == "image":
        return (length(4, 16), length(4, 16), rng.randint(1, 6)), None
    return (length(3, 8), length(3, 8), length(3, 8), rng.randint(1, 4)), None


def _pick(rng: random.Random, shape: Shape) -> Layer:
    table = ANY_RANK + BY_RANK.get(len(shape), ())
    draws, weights = zip(*table, strict=True)
    return rng.choices(draws, weights)[0](rng, shape)


def valid(model: Model, frameworks: tuple[Framework, ...]) -> bool:
    """True when every framework can analyse and render the model, and it stays small."""
    try:
        for framework in frameworks:
            report = analyze(model, framework)
            if report.total > MAX_PARAMS or report.buffers > MAX_PARAMS:
                return False
            for layer in report.layers:
                values = layer.output_shape
                if any(d is not None and d > 64 for d in values):
                    return False
                if math.prod(d or 16 for d in values) > MAX_VALUES:
                    return False
            render_code(model, framework)
    except QuizzerError:
        return False
    return True


def random_model(
    seed: int,
    framework: Framework | None = None,
    *,
    unknown_dims: bool = False,
    max_layers: int = 6,
) -> Model:
    """A random valid model; the same arguments always give the same model.

    `unknown_dims` allows `None` sequence/spatial lengths (only meaningful for Keras: PyTorch
    needs a known input to run a forward pass). Layers that do not fit are redrawn.
    """
    rng = random.Random(seed)
    frameworks = FRAMEWORKS if framework is None else (framework,)
    while True:
        input_shape, first = _input_shape(rng, unknown_dims)
        layers: list[Layer] = [first] if first is not None else []
        if first is not None and not valid(Model(input_shape, tuple(layers)), frameworks):
            continue
        target = rng.randint(1, max_layers)
        attempts = 0
        while len(layers) < target and attempts < 40:
            attempts += 1
            shape = analyze(Model(input_shape, tuple(layers)), frameworks[0]).output_shape \
                if layers else input_shape
            candidate = [*layers, _pick(rng, shape)]
            if valid(Model(input_shape, tuple(candidate)), frameworks):
                layers = candidate
        if layers:
            return Model(input_shape, tuple(layers))


def random_models(
    count: int, seed: int = 0, framework: Framework | None = None, **options: bool | int
) -> Iterator[Model]:
    """`count` random models from consecutive seeds starting at `seed`."""
    for offset in range(count):
        yield random_model(seed + offset, framework, **options)  # type: ignore[arg-type]
