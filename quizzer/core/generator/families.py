"""Architecture builders, one per family, each scaled by difficulty 1-5.

1: seed-sized (one or two small Dense layers, one small Conv2D): numbers to multiply in your
head. 2: two to four small layers. 3: realistic widths (powers of two, 3×3 kernels, `same`
padding). 4: five to nine layers, BatchNorm, depthwise/separable convolutions, bigger inputs up
to 224×224. 5: eight to fifteen layers mixing BatchNorm, depthwise/separable convolutions,
recurrent layers, bias-free layers and the Dense-on-N-D trap.

A builder may produce a model the framework rejects or that is too large; the caller checks
with `analyze` and draws again (see `LAYER_RANGE` and `MAX_PARAMS`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from quizzer.core import layers
from quizzer.core.generator.blocks import (
    Stack,
    conv2d,
    conv_block,
    depthwise,
    dropout,
    filters,
    pool2d,
    separable,
    units,
)
from quizzer.core.generator.rng import chance, pick, pow2, weighted
from quizzer.core.model import Framework, Model

if TYPE_CHECKING:
    from quizzer.core.layers import Dense, Layer, Recurrent

LAYER_RANGE = {1: (1, 2), 2: (2, 4), 3: (3, 6), 4: (5, 9), 5: (8, 15)}
"""How many layers a model has at each difficulty."""
MAX_PARAMS = {1: 2_000, 2: 100_000, 3: 1_000_000, 4: 4_000_000, 5: 6_000_000}
"""The largest total at each difficulty (keeps numbers sane and real builds quick)."""

Builder = Callable[[random.Random, int, Framework], Model]


def classes(rng: random.Random, difficulty: int) -> int:
    """The width of an output layer."""
    if difficulty == 1:
        return rng.randint(1, 5)
    return pick(rng, (1, 2, 3, 5, 10, 10, 10, 100) if difficulty <= 3 else (2, 10, 100, 1000))


def dense(rng: random.Random, difficulty: int, no_bias: float = 0.0) -> Dense:
    activation = None if difficulty == 1 else pick(rng, (None, "relu", "relu", "tanh"))
    return layers.Dense(units(rng, difficulty), use_bias=not chance(rng, no_bias),
                        activation=activation)


def mlp(rng: random.Random, d: int, fw: Framework) -> Model:
    """Dense stacks; from 4 up also Flatten, Dense on N-D inputs and bias-free layers."""
    if d == 1:
        stack = Stack((rng.randint(1, 9),))
        for _ in range(rng.randint(1, 2)):
            stack.add(layers.Dense(units(rng, 1)))
        return stack.model()
    if d <= 3:
        width = pick(rng, (3, 4, 5, 8, 10, 12, 16, 20, 32, 50, 64, 100) if d == 2
                     else (20, 32, 64, 100, 128, 784))
        stack = Stack((width,))
        hidden = rng.randint(1, 2) if d == 2 else rng.randint(2, 4)
        for _ in range(hidden):
            stack.add(dense(rng, d, no_bias=0.15 if d == 3 else 0.0))
            if d == 3 and len(stack.layers) < 4:
                stack.add(*dropout(rng, 0.2))
        stack.add(layers.Dense(classes(rng, d)))
        return stack.model()
    target = rng.randint(*LAYER_RANGE[d])
    roll = rng.random()
    if roll < 0.4:
        stack = Stack(pick(rng, ((28, 28), (28, 28, 1), (8, 8, 3), (16, 16))))
        if chance(rng, 0.5):  # Dense on the N-D input: it acts on the last axis
            stack.add(layers.Dense(pow2(rng, 8, 32), activation="relu"))
        stack.add(layers.Flatten())
    elif roll < 0.7:
        stack = Stack((pick(rng, (10, 20, 50)), pick(rng, (8, 16, 32, 64))))
        stack.add(layers.Dense(pow2(rng, 8, 64), use_bias=not chance(rng, 0.2)))
        if chance(rng, 0.5):
            stack.add(layers.Flatten())
    else:
        stack = Stack((pick(rng, (64, 100, 128, 256, 784)),))
    most = LAYER_RANGE[d][1]
    while len(stack.layers) < target - 1:
        bias_free = chance(rng, 0.25)
        block: tuple[Layer, ...] = (layers.Dense(units(rng, d), use_bias=not bias_free),)
        if bias_free and d == 5:
            block += (layers.BatchNormalization(), layers.Activation("relu"))
        else:
            block += dropout(rng, 0.3)
        if not stack.fits(block, 1, most):
            break
        stack.add(*block)
    stack.add(layers.Dense(classes(rng, d)))
    return stack.model()


def _image(rng: random.Random, d: int) -> tuple[int, int, int]:
    if d == 2:
        size = pick(rng, (6, 8, 10, 12, 16, 28))
        return size, size, pick(rng, (1, 1, 3))
    if d == 3:
        return pick(rng, ((28, 28, 1), (32, 32, 3), (32, 32, 1), (64, 64, 3)))
    size = pick(rng, (32, 64, 96, 128, 224))
    return size, size, 3


def cnn(rng: random.Random, d: int, fw: Framework) -> Model:
    """Conv2D stacks with pooling; from 4 up depthwise/separable convolutions and strides."""
    if d == 1:
        channels, kernel = pick(rng, (1, 1, 2, 3)), pick(rng, (2, 2, 3))
        if fw == "keras" and chance(rng, 0.5):
            shape: tuple[int | None, ...] = (None, None, channels)  # as in the seed
        else:
            size = pick(rng, (4, 5, 6, 8))
            shape = (size, size, channels)
        return Stack(shape).add(layers.Conv2D(filters(rng, 1), (kernel, kernel))).model()
    stack = Stack(_image(rng, d))
    if d == 2:
        stack.add(conv2d(fw, filters(rng, 2), pick(rng, (2, 3, 3))))
        if chance(rng, 0.6):
            stack.add(pool2d(rng, fw))
        stack.add(layers.Flatten(), layers.Dense(classes(rng, 2)))
        return stack.model()
    if d == 3:
        for _ in range(rng.randint(1, 2)):
            stack.add(*conv_block(stack, rng, fw, filters(rng, 3), 3))
            if (stack.spatial or 0) >= 4:
                stack.add(pool2d(rng, fw))
        stack.add(layers.GlobalAveragePooling2D() if chance(rng, 0.4) else layers.Flatten())
        stack.add(layers.Dense(classes(rng, 3)))
        return stack.model()
    target = rng.randint(*LAYER_RANGE[d])
    width = pick(rng, (16, 32))
    if (stack.spatial or 0) >= 96:
        stack.add(conv2d(fw, width, 3, 2, "same", use_bias=False), layers.BatchNormalization(),
                  layers.Activation("relu"))
    else:
        stack.add(*conv_block(stack, rng, fw, width, d))
    most = LAYER_RANGE[d][1]
    while len(stack.layers) < target - 2:
        width = min(width * pick(rng, (1, 2)), 256)
        stride = 2 if (stack.spatial or 0) >= 8 and chance(rng, 0.4) else 1
        roll = rng.random()
        block: tuple[Layer, ...] = ()
        if roll < 0.3:
            block = (depthwise(fw, 3, stride, "same", use_bias=False),
                     layers.BatchNormalization(), conv2d(fw, width, 1, use_bias=False))
        elif roll < 0.55:
            block = (separable(fw, width, 3, stride, "same", use_bias=chance(rng, 0.5)),)
        elif roll < 0.75:
            block = conv_block(stack, rng, fw, width, d)
        elif roll < 0.85:
            groups = pick(rng, (2, 4))
            channels = stack.shape[-1] or 1
            if channels % groups == 0 and width % groups == 0:  # each filter sees i/g channels
                block = (layers.Conv2D(width, (3, 3), padding="same", groups=groups,
                                activation="relu"),)
        elif (stack.spatial or 0) >= 4:
            block = (pool2d(rng, fw),)
        if not stack.fits(block, 3, most):
            break
        stack.add(*block)
    _image_head(stack, rng, d)
    return stack.model()


def _image_head(stack: Stack, rng: random.Random, d: int) -> None:
    """GlobalAveragePooling, or Flatten when it stays small; maybe Dense on the N-D map first."""
    size = 1
    for dim in stack.shape:
        size *= dim or 1
    if d == 5 and chance(rng, 0.3):
        stack.add(layers.Dense(pow2(rng, 16, 64), activation="relu"))  # the Dense-on-N-D trap
    if size <= 4096 and chance(rng, 0.4):
        stack.add(layers.Flatten())
    else:
        stack.add(layers.GlobalAveragePooling2D())
    stack.add(layers.Dense(classes(rng, d)))


def _recurrent(rng: random.Random, d: int, fw: Framework, width: int,
               sequences: bool = False) -> Recurrent:
    kind = pick(rng, (layers.SimpleRNN, layers.LSTM, layers.GRU) if d <= 3
                else (layers.LSTM, layers.GRU))
    if kind is layers.GRU and fw == "keras" and chance(rng, 0.3):
        return layers.GRU(width, return_sequences=sequences, reset_after=False)
    return kind(width, return_sequences=sequences, use_bias=not (d == 5 and chance(rng, 0.1)))


def rnn(rng: random.Random, d: int, fw: Framework) -> Model:
    """SimpleRNN, LSTM and GRU; Embedding from 3 up; Bidirectional and stacks from 4 up."""
    if d == 1:  # one tiny SimpleRNN or LSTM, sometimes with a tiny Dense on top
        stack = Stack((pick(rng, (5, 10, 20)), rng.randint(1, 3)))
        if chance(rng, 0.7):
            stack.add(layers.SimpleRNN(rng.randint(1, 4)))
        else:
            stack.add(layers.LSTM(rng.randint(1, 3)))
        if chance(rng, 0.4):
            stack.add(layers.Dense(rng.randint(1, 3)))
        return stack.model()
    if d == 2:
        stack = Stack((pick(rng, (10, 20, 50)), pick(rng, (2, 3, 4, 8, 10, 16))))
        stack.add(_recurrent(rng, 2, fw, pick(rng, (2, 4, 8, 10, 16))))
        stack.add(layers.Dense(classes(rng, 2)))
        return stack.model()
    steps = pick(rng, (10, 20, 50, 100))
    stack = Stack((steps,)).add(layers.Embedding(pick(rng, (100, 500, 1000, 5000, 10000)),
                                          pow2(rng, 8, 64 if d == 3 else 128)))
    if d == 3:
        stack.add(_recurrent(rng, 3, fw, pow2(rng, 8, 128)))
        if chance(rng, 0.5):
            stack.add(layers.Dense(pow2(rng, 8, 64), activation="relu"))
        stack.add(layers.Dense(classes(rng, 3)))
        return stack.model()
    target = rng.randint(*LAYER_RANGE[d])
    if d == 5 and chance(rng, 0.5):
        stack.add(layers.Conv1D(pow2(rng, 16, 64), (pick(rng, (3, 5)),), padding="same",
                         activation="relu"), layers.MaxPooling1D((2,)))
    most = LAYER_RANGE[d][1]
    while True:
        layer = _recurrent(rng, d, fw, pow2(rng, 16, 128), sequences=True)
        block: tuple[Layer, ...] = (layers.Bidirectional(layer) if chance(rng, 0.4) else layer,)
        block += dropout(rng, 0.3)
        if d == 5 and chance(rng, 0.3):
            block += (layers.Dense(pow2(rng, 16, 64), activation="relu"),)  # Dense on N-D
        if not stack.fits(block, 3, most):
            break
        stack.add(*block)
        if len(stack.layers) >= target - 3:
            break
    if chance(rng, 0.5):
        stack.add(_recurrent(rng, d, fw, pow2(rng, 16, 64)))
    else:
        stack.add(pick(rng, (layers.GlobalAveragePooling1D(), layers.GlobalMaxPooling1D())))
    stack.add(*dropout(rng, 1.0))
    stack.add(layers.Dense(classes(rng, d)))
    return stack.model()


def norm(rng: random.Random, d: int, fw: Framework) -> Model:
    """BatchNormalization (Keras: non-trainable statistics; PyTorch: buffers), LayerNorm."""
    if d == 1:
        stack = Stack((rng.randint(1, 9),)).add(layers.Dense(rng.randint(1, 9)))
        return stack.add(layers.BatchNormalization() if chance(rng, 0.8)
                         else layers.LayerNormalization()).model()
    if d == 2:
        if chance(rng, 0.5):
            stack = Stack((pick(rng, (4, 8, 10, 16)),))
            stack.add(layers.Dense(units(rng, 2), use_bias=chance(rng, 0.5)),
                      layers.BatchNormalization())
            if chance(rng, 0.6):
                stack.add(layers.Dense(classes(rng, 2)))
            return stack.model()
        size = pick(rng, (6, 8, 10))
        stack = Stack((size, size, pick(rng, (1, 3))))
        stack.add(conv2d(fw, filters(rng, 2), 3, use_bias=chance(rng, 0.5)),
                  layers.BatchNormalization())
        return stack.model()
    if d == 3 and chance(rng, 0.5):
        stack = Stack((pick(rng, (20, 32, 64, 100)),))
        stack.add(layers.Dense(units(rng, 3), use_bias=False), layers.BatchNormalization(),
                  layers.Activation("relu"))
        if chance(rng, 0.5):
            stack.add(layers.Dense(units(rng, 3), use_bias=False), layers.BatchNormalization())
        stack.add(layers.Dense(classes(rng, 3)))
        return stack.model()
    stack = Stack(_image(rng, d))
    target = rng.randint(*LAYER_RANGE[d])
    head: tuple[Layer, ...] = (layers.GlobalAveragePooling2D(),)
    if d >= 4 and chance(rng, 0.5):
        head += (layers.Dense(units(rng, d)), layers.LayerNormalization())
    head += (layers.Dense(classes(rng, d)),)
    most = LAYER_RANGE[d][1]
    while True:
        block: tuple[Layer, ...] = (
            conv2d(fw, filters(rng, d), 3, padding="same", use_bias=False),
            layers.BatchNormalization(),
        )
        if d >= 3 or chance(rng, 0.5):
            block += (layers.Activation("relu"),)
        if (stack.spatial or 0) >= 8 and chance(rng, 0.5):
            block += (pool2d(rng, fw),)
        if stack.layers and not stack.fits(block, len(head), most):
            break
        stack.add(*block)
        if len(stack.layers) >= target - len(head):
            break
    stack.add(*head)
    return stack.model()


def _heads(rng: random.Random, width: int) -> int:
    return pick(rng, [h for h in (1, 2, 4, 8) if width % h == 0 and h <= width])


def attention(rng: random.Random, d: int, fw: Framework) -> Model:
    """Self-attention (MultiHeadAttention) with LayerNorm and Dense; Embedding from 3 up."""
    if d <= 2:  # 1: the smallest attention, a width of 2 or 4 and one or two tiny heads
        width = pick(rng, (2, 4)) if d == 1 else pick(rng, (8, 16, 32))
        heads = _heads(rng, width) if d == 2 else pick(rng, (1, 2))
        key_dim = pick(rng, (1, 2)) if d == 1 else max(width // heads, 1)
        stack = Stack((pick(rng, (3, 4, 5)) if d == 1 else pick(rng, (4, 5, 10)), width))
        stack.add(layers.MultiHeadAttention(heads, key_dim))
        if d == 2:
            stack.add(layers.LayerNormalization())
            if chance(rng, 0.5):
                stack.add(layers.Dense(classes(rng, 2)))
        return stack.model()
    width = pow2(rng, 16, 64 if d == 3 else 128)
    stack = Stack((pick(rng, (10, 20, 50, 100)),))
    stack.add(layers.Embedding(pick(rng, (100, 1000, 5000)), width))
    target = rng.randint(*LAYER_RANGE[d])
    most = LAYER_RANGE[d][1]
    while True:
        heads = _heads(rng, width)
        key_dim = width // heads if chance(rng, 0.7) else pick(rng, (8, 16, 32))
        block: tuple[Layer, ...] = (layers.MultiHeadAttention(heads, key_dim),
                                    layers.LayerNormalization())
        if d >= 4 and chance(rng, 0.6):
            block += (layers.Dense(width * pick(rng, (2, 4)), activation="relu"),
                      layers.Dense(width))
        block += dropout(rng, 0.3 if d >= 4 else 0.0)
        if len(stack.layers) > 1 and not stack.fits(block, 2, most):
            break
        stack.add(*block)
        if len(stack.layers) >= target - 2:
            break
    stack.add(pick(rng, (layers.GlobalAveragePooling1D(), layers.GlobalMaxPooling1D())))
    stack.add(layers.Dense(classes(rng, d)))
    return stack.model()


def hybrid(rng: random.Random, d: int, fw: Framework) -> Model:
    """Difficulty 5, family mixed: a convolutional stem read as a sequence by a recurrent head."""
    size = pick(rng, (32, 64))
    stack = Stack((size, size, pick(rng, (1, 3))))
    stack.add(conv2d(fw, pick(rng, (16, 32)), 3, 2, "same", use_bias=False),
              layers.BatchNormalization(), layers.Activation("relu"))
    if chance(rng, 0.5):
        stack.add(depthwise(fw, 3, 1, "same", use_bias=False), layers.BatchNormalization())
    stack.add(separable(fw, pick(rng, (32, 64)), 3, 1, "same"), pool2d(rng, fw))
    h, w, c = (d or 1 for d in stack.shape)
    stack.add(layers.Reshape((h, w * c)))
    stack.add(_recurrent(rng, d, fw, pow2(rng, 16, 64), sequences=True))
    stack.add(layers.Dense(pow2(rng, 16, 64), activation="relu", use_bias=chance(rng, 0.5)))
    stack.add(_recurrent(rng, d, fw, pow2(rng, 16, 64)))
    stack.add(*dropout(rng, 0.5))
    stack.add(layers.Dense(classes(rng, d)))
    return stack.model()


BUILDERS: dict[str, Builder] = {
    "mlp": mlp, "cnn": cnn, "rnn": rnn, "norm": norm, "attention": attention, "hybrid": hybrid,
}
MIXED_WEIGHTS = (("mlp", 0.25), ("cnn", 0.25), ("rnn", 0.15), ("norm", 0.2), ("attention", 0.15))
SEED_SIZED_WEIGHTS = (("mlp", 0.5), ("cnn", 0.5))
"""`mixed` at difficulty 1 is the seed's examples: small Dense stacks or one small Conv2D."""


def choose_family(family: str, difficulty: int, rng: random.Random) -> str:
    """The builder to use: the family itself, or for `mixed` a drawn one (at difficulty 1
    only Dense stacks and single convolutions, at difficulty 5 sometimes the hybrid)."""
    if family != "mixed":
        return family
    if difficulty == 1:
        return weighted(rng, SEED_SIZED_WEIGHTS)
    if difficulty == 5 and chance(rng, 0.4):
        return "hybrid"
    return weighted(rng, MIXED_WEIGHTS)


def build(family: str, difficulty: int, framework: Framework, rng: random.Random) -> Model:
    """A model from the family's builder at the difficulty (may be invalid: the caller
    checks)."""
    return BUILDERS[family](rng, difficulty, framework)
