"""Conv1D / Conv2D / Conv3D: `[i × (f×f) × o] + o`, with groups `[(i/g) × (f×f) × o] + o`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.errors import ShapeError
from quizzer.core.layers.base import Layer, Layout, call, pair, sym_kernel, unsupported
from quizzer.core.layers.dense import activation_modules, check_activation
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import Padding, expect_rank, known, spatial_output


@dataclass(frozen=True)
class Conv(Layer):
    """A standard convolution with `filters` output channels (rank set by the subclass)."""

    filters: int
    kernel_size: tuple[int, ...]
    strides: tuple[int, ...] | None = None
    padding: Padding = "valid"
    dilation: tuple[int, ...] | None = None
    groups: int = 1
    use_bias: bool = True
    activation: str | None = None

    rank: ClassVar[int] = 2
    torch_layout: ClassVar[Layout] = "channels_first"

    @property
    def stride_tuple(self) -> tuple[int, ...]:
        return self.strides or (1,) * self.rank

    @property
    def dilation_tuple(self) -> tuple[int, ...]:
        return self.dilation or (1,) * self.rank

    def channels(self, shape: Shape) -> int:
        expect_rank(shape, (self.rank + 1,), self.label, "spatial axes then channels")
        i = known(shape[-1], self.label, "number of input channels")
        if i % self.groups or self.filters % self.groups:
            raise ShapeError(
                f"{self.label}: input channels ({i}) and filters ({self.filters}) "
                f"must both be divisible by groups ({self.groups})"
            )
        return i

    def output_shape(self, shape: Shape) -> Shape:
        self.channels(shape)
        spatial = spatial_output(
            self.label,
            shape[:-1],
            self.kernel_size,
            self.stride_tuple,
            self.padding,
            self.dilation_tuple,
        )
        return (*spatial, self.filters)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, o, k = self.channels(shape) // self.groups, self.filters, self.kernel_size
        if framework == "keras":
            kernel = Weight("kernel", (*k, i, o))
        else:
            kernel = Weight("weight", (o, i, *k))
        return (kernel, Weight("bias", (o,))) if self.use_bias else (kernel,)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, o, g = self.channels(shape), self.filters, self.groups
        k_sym, k_num = sym_kernel(self.kernel_size)
        i_sym, i_num = ("(i/g)", f"({i}/{g})") if g > 1 else ("i", str(i))
        weights = (i // g) * _prod(self.kernel_size) * o
        notes = [
            f"Each of the o = {o} filters spans all {i // g} input channels it sees "
            f"and the {k_num.strip('()')} window."
        ]
        if g > 1:
            notes.append(f"groups = {g}: each filter sees only i/g = {i // g} channels.")
        if not self.use_bias:
            notes.append("No bias: weights only.")
            symbols, numbers = f"{i_sym} × {k_sym} × o", f"{i_num} × {k_num} × {o}"
            return Formula(symbols, numbers, weights, tuple(notes))
        return Formula(
            f"[{i_sym} × {k_sym} × o] + o",
            f"[{i_num} × {k_num} × {o}] + {o}",
            weights + o,
            tuple(notes),
        )

    def check(self, shape: Shape, framework: Framework) -> None:
        check_activation(self, self.activation)
        strided = any(s > 1 for s in self.stride_tuple)
        dilated = any(d > 1 for d in self.dilation_tuple)
        if framework == "keras":
            if isinstance(self.padding, int) and keras_padding(self) is None:
                raise unsupported(self, framework, f"padding={self.padding} has no equivalent")
            if strided and dilated:
                raise unsupported(self, framework, "strides > 1 with dilation > 1 is not allowed")
        elif self.padding == "same" and strided:
            raise unsupported(self, framework, 'padding="same" needs stride 1')

    def keras_code(self) -> str:
        return call(
            f"layers.{self.kind}",
            self.filters,
            _keras_tuple(self.kernel_size),
            strides=_keras_opt(self.strides),
            padding=keras_padding(self) if self.padding != "valid" else None,
            dilation_rate=_keras_opt(self.dilation),
            groups=self.groups if self.groups > 1 else None,
            use_bias=None if self.use_bias else False,
            activation=self.activation,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        conv = call(
            f"nn.Conv{self.rank}d",
            self.channels(shape),
            self.filters,
            kernel_size=pair(self.kernel_size),
            stride=_torch_opt(self.strides),
            padding=None if self.padding in ("valid", 0) else self.padding,
            dilation=_torch_opt(self.dilation),
            groups=self.groups if self.groups > 1 else None,
            bias=None if self.use_bias else False,
        )
        return (conv, *activation_modules(self.activation, channel_dim=1))


def _prod(values: tuple[int, ...]) -> int:
    return math.prod(values)


def keras_padding(layer: Conv) -> str | None:
    """Keras's padding string for the layer: explicit PyTorch padding maps only when equal."""
    if isinstance(layer.padding, str):
        return layer.padding
    if layer.padding == 0:
        return "valid"
    unit_stride = all(s == 1 for s in layer.stride_tuple)
    spans = [d * (k - 1) for k, d in zip(layer.kernel_size, layer.dilation_tuple, strict=True)]
    if unit_stride and all(span == 2 * layer.padding for span in spans):
        return "same"
    return None


def _keras_tuple(value: tuple[int, ...]) -> int | tuple[int, ...]:
    return value[0] if len(value) == 1 else value


def _keras_opt(value: tuple[int, ...] | None) -> int | tuple[int, ...] | None:
    if value is None or all(v == 1 for v in value):
        return None
    return _keras_tuple(value)


def _torch_opt(value: tuple[int, ...] | None) -> int | tuple[int, ...] | None:
    if value is None or all(v == 1 for v in value):
        return None
    return pair(value)


# The ranks add no fields: they inherit Conv's dataclass methods (`__init__`, `__eq__`,
# `__hash__`, `__repr__` all use the instance's own class), which saves building them again
# at import (~0.4 ms a class).


class Conv1D(Conv):
    kind: ClassVar[str] = "Conv1D"
    rank: ClassVar[int] = 1


class Conv2D(Conv):
    kind: ClassVar[str] = "Conv2D"
    rank: ClassVar[int] = 2


class Conv3D(Conv):
    kind: ClassVar[str] = "Conv3D"
    rank: ClassVar[int] = 3
