"""Dense (Keras) / Linear (PyTorch): `i×o + o`, acting on the last axis of its input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.errors import ShapeError, UnsupportedError
from quizzer.core.layers.base import Layer, Layout, call
from quizzer.core.model import Formula, Framework, Shape, Weight, format_shape
from quizzer.core.shapes import known

ACTIVATIONS = ("relu", "sigmoid", "tanh", "softmax", "gelu", "linear")


@dataclass(frozen=True)
class Dense(Layer):
    """A fully connected layer of `units` outputs."""

    units: int
    use_bias: bool = True
    activation: str | None = None
    in_features: int | None = None
    """PyTorch's stated `in_features`, used when the input's last axis is unknown."""

    kind: ClassVar[str] = "Dense"
    torch_layout: ClassVar[Layout] = "channels_last"

    def inputs(self, shape: Shape) -> int:
        if not shape:
            raise ShapeError(f"{self.label}: needs an input with at least one axis")
        last = shape[-1]
        if last is not None and self.in_features is not None and last != self.in_features:
            raise ShapeError(
                f"{self.label}: expects {self.in_features} input features but gets {last}"
            )
        return known(last if last is not None else self.in_features, self.label, "last axis")

    def output_shape(self, shape: Shape) -> Shape:
        self.inputs(shape)
        return (*shape[:-1], self.units)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, o = self.inputs(shape), self.units
        kernel = Weight("kernel", (i, o)) if framework == "keras" else Weight("weight", (o, i))
        return (kernel, Weight("bias", (o,))) if self.use_bias else (kernel,)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, o = self.inputs(shape), self.units
        notes: list[str] = []
        if len(shape) > 1 and all(d is not None for d in shape[:-1]):
            notes.append(
                f"{self.kind if framework == 'keras' else 'Linear'} acts on the last axis only: "
                f"i = {i}, and the same weights are shared across the other axes of "
                f"{format_shape(shape)}. Without a Flatten nothing is multiplied out."
            )
        if self.use_bias:
            return Formula("i×o + o", f"{i}×{o} + {o}", i * o + o, tuple(notes))
        notes.append("No bias (use_bias=False / bias=False): weights only.")
        return Formula("i×o", f"{i}×{o}", i * o, tuple(notes))

    def check(self, shape: Shape, framework: Framework) -> None:
        check_activation(self, self.activation)

    def keras_code(self) -> str:
        return call(
            "layers.Dense",
            self.units,
            use_bias=None if self.use_bias else False,
            activation=self.activation,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        linear = call(
            "nn.Linear", self.inputs(shape), self.units, bias=None if self.use_bias else False
        )
        return (linear, *activation_modules(self.activation))


TORCH_ACTIVATIONS = {
    "linear": "nn.Identity()",
    "relu": "nn.ReLU()",
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "softmax": "nn.Softmax(dim=-1)",
    "log_softmax": "nn.LogSoftmax(dim=-1)",
    "gelu": "nn.GELU()",
    "leaky_relu": "nn.LeakyReLU(0.2)",
    "elu": "nn.ELU()",
    "selu": "nn.SELU()",
    "silu": "nn.SiLU()",
    "swish": "nn.SiLU()",
    "softplus": "nn.Softplus()",
    "softsign": "nn.Softsign()",
    "relu6": "nn.ReLU6()",
    "mish": "nn.Mish()",
    "hard_sigmoid": "nn.Hardsigmoid()",
    "hard_silu": "nn.Hardswish()",
    "hard_swish": "nn.Hardswish()",
}
"""Keras activation names and the PyTorch module computing the same function
(Keras's `leaky_relu` function uses a slope of 0.2; PyTorch's default is 0.01)."""

AXIS_ACTIVATIONS = {"softmax": "nn.Softmax", "log_softmax": "nn.LogSoftmax"}
"""Activations that act along an axis: the channel axis, last in Keras."""


def torch_activation(activation: str, channel_dim: int = -1) -> str:
    """The PyTorch module for a Keras activation; `channel_dim` is 1 for channels-first data."""
    if activation in AXIS_ACTIVATIONS:
        return f"{AXIS_ACTIVATIONS[activation]}(dim={channel_dim})"
    return TORCH_ACTIVATIONS[activation]


def activation_modules(activation: str | None, channel_dim: int = -1) -> tuple[str, ...]:
    """The PyTorch module that follows a layer built with Keras's `activation=`."""
    if activation is None or activation == "linear":
        return ()
    return (torch_activation(activation, channel_dim),)


def check_activation(layer: Layer, activation: str | None) -> None:
    """An UnsupportedError for an activation name quizzer does not know."""
    if activation is not None and activation not in TORCH_ACTIVATIONS:
        known = ", ".join(sorted(TORCH_ACTIVATIONS))
        raise UnsupportedError(
            f"{layer.label}: unknown activation {activation!r} (known: {known})"
        )
