"""Dropout, Activation, ReLU and friends: 0 parameters, the shape passes through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call
from quizzer.core.layers.dense import check_activation, torch_activation
from quizzer.core.model import Formula, Framework, Shape

KERAS_ACTIVATION_LAYERS = {"relu": "ReLU", "softmax": "Softmax", "leaky_relu": "LeakyReLU",
                           "elu": "ELU"}


@dataclass(frozen=True)
class Dropout(Layer):
    """Randomly zeroes inputs while training; no weights."""

    rate: float = 0.5

    kind: ClassVar[str] = "Dropout"

    def output_shape(self, shape: Shape) -> Shape:
        return shape

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        return Formula("0", "0", 0, ("Dropout has no weights: it only zeroes values while "
                                     "training.",))

    def keras_code(self) -> str:
        return call("layers.Dropout", self.rate)

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (call("nn.Dropout", self.rate),)


@dataclass(frozen=True)
class Activation(Layer):
    """An element-wise function such as relu; no weights."""

    function: str = "relu"

    kind: ClassVar[str] = "Activation"

    def output_shape(self, shape: Shape) -> Shape:
        return shape

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        return Formula("0", "0", 0, (f"{self.function} is applied value by value: no weights, "
                                     "0 parameters.",))

    def check(self, shape: Shape, framework: Framework) -> None:
        check_activation(self, self.function)

    def keras_code(self) -> str:
        return call("layers.Activation", self.function)

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (torch_activation(self.function),)

    def torch_modules(self, shape: Shape, layout: Layout) -> tuple[str, ...]:
        """Softmax acts on the channel axis: `dim=1` when the data is channels first."""
        channel_dim = 1 if layout == "channels_first" and len(shape) >= 2 else -1
        return (torch_activation(self.function, channel_dim),)
