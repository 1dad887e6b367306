"""Building blocks for generated models: a shape-tracking stack and framework-aware layers.

The layer helpers only produce what the framework can express: PyTorch has no `padding="same"`
with a stride (an explicit padding of f//2 gives the same size) and no `same` pooling; Keras
takes no explicit padding numbers.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quizzer.core import layers
from quizzer.core.generator.rng import chance, pick, pow2
from quizzer.core.model import Dim, Framework, Model, Shape
from quizzer.core.shapes import Padding

if TYPE_CHECKING:
    from quizzer.core.layers import Conv2D, DepthwiseConv2D, Layer, Pooling, SeparableConv2D


class Stack:
    """Layers added one by one, with the running output shape (a bad fit raises ShapeError)."""

    def __init__(self, input_shape: Shape) -> None:
        self.input_shape = input_shape
        self.layers: list[Layer] = []
        self.shape: Shape = input_shape

    def fits(self, block: tuple[Layer, ...], reserve: int, most: int) -> bool:
        """Whether the block leaves room for `reserve` more layers within `most`."""
        return len(self.layers) + len(block) + reserve <= most

    def add(self, *layers: Layer) -> Stack:
        for layer in layers:
            self.shape = layer.output_shape(self.shape)
            self.layers.append(layer)
        return self

    @property
    def spatial(self) -> Dim:
        """The smallest spatial size of an image-shaped output (None if unknown)."""
        dims = self.shape[:-1]
        if any(d is None for d in dims):
            return None
        return min(d for d in dims if d is not None)

    def model(self) -> Model:
        return Model(self.input_shape, tuple(self.layers))


def padding_for(framework: Framework, padding: str, kernel: int, stride: int) -> Padding:
    """`same` with a stride becomes f//2 in PyTorch (the same output size for odd f)."""
    if framework == "pytorch" and padding == "same" and stride > 1:
        return kernel // 2
    return padding


def conv2d(
    framework: Framework, filters: int, kernel: int = 3, stride: int = 1,
    padding: str = "valid", use_bias: bool = True, activation: str | None = None,
) -> Conv2D:
    return layers.Conv2D(
        filters, (kernel, kernel), strides=None if stride == 1 else (stride, stride),
        padding=padding_for(framework, padding, kernel, stride), use_bias=use_bias,
        activation=activation,
    )


def depthwise(
    framework: Framework, kernel: int = 3, stride: int = 1, padding: str = "same",
    multiplier: int = 1, use_bias: bool = True,
) -> DepthwiseConv2D:
    return layers.DepthwiseConv2D(
        (kernel, kernel), depth_multiplier=multiplier, strides=(stride, stride),
        padding=padding_for(framework, padding, kernel, stride), use_bias=use_bias,
    )


def separable(
    framework: Framework, filters: int, kernel: int = 3, stride: int = 1,
    padding: str = "same", use_bias: bool = True,
) -> SeparableConv2D:
    return layers.SeparableConv2D(
        filters, (kernel, kernel), strides=(stride, stride),
        padding=padding_for(framework, padding, kernel, stride), use_bias=use_bias,
    )


def pool2d(rng: random.Random, framework: Framework, size: int = 2) -> Pooling:
    kind = layers.MaxPooling2D if chance(rng, 0.75) else layers.AveragePooling2D
    padding = "same" if framework == "keras" and chance(rng, 0.15) else "valid"
    return kind((size, size), padding=padding)


def conv_block(
    stack: Stack, rng: random.Random, framework: Framework, filters: int, difficulty: int,
) -> tuple[Layer, ...]:
    """A 3×3 convolution, optionally bias-free with BatchNorm, then maybe an activation."""
    stride = 2 if difficulty >= 4 and (stack.spatial or 0) >= 16 and chance(rng, 0.3) else 1
    padding = "same" if difficulty >= 3 and chance(rng, 0.7) else "valid"
    if difficulty >= 4 and chance(rng, 0.5):
        return (conv2d(framework, filters, 3, stride, padding, use_bias=False),
                layers.BatchNormalization(), layers.Activation("relu"))
    activation = pick(rng, (None, "relu", "relu"))
    return (conv2d(framework, filters, 3, stride, padding, activation=activation),)


def dropout(rng: random.Random, p: float = 0.3) -> tuple[Layer, ...]:
    """Maybe a Dropout: realistic, and a layer with no parameters to notice."""
    if chance(rng, p):
        return (layers.Dropout(pick(rng, (0.1, 0.2, 0.25, 0.3, 0.5))),)
    return ()


def units(rng: random.Random, difficulty: int) -> int:
    """A layer width: tiny at 1, round numbers at 2, powers of two from 3 up."""
    if difficulty == 1:
        return rng.randint(1, 9)
    if difficulty == 2:
        return pick(rng, (2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 50, 64, 100))
    if difficulty == 3:
        return pow2(rng, 8, 256)
    return pow2(rng, 16, 512)


def filters(rng: random.Random, difficulty: int) -> int:
    """A convolution's number of filters."""
    if difficulty == 1:
        return rng.randint(1, 6)
    if difficulty == 2:
        return pick(rng, (2, 4, 6, 8, 10, 16))
    if difficulty == 3:
        return pow2(rng, 8, 64)
    return pow2(rng, 16, 128)
