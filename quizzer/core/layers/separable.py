"""SeparableConv2D: a depthwise step then a 1×1 pointwise step, with one bias vector.

`i×(f×f)×dm + (i×dm)×o + o`; PyTorch writes it as a bias-free depthwise `nn.Conv2d`
followed by a 1×1 `nn.Conv2d`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import call, sym_kernel
from quizzer.core.layers.depthwise import DepthwiseStep
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import Padding


@dataclass(frozen=True)
class SeparableConv2D(DepthwiseStep):
    """A depthwise-separable 2-D convolution with `filters` output channels."""

    filters: int
    kernel_size: tuple[int, int]
    depth_multiplier: int = 1
    strides: tuple[int, int] = (1, 1)
    padding: Padding = "valid"
    use_bias: bool = True

    kind: ClassVar[str] = "SeparableConv2D"

    def output_shape(self, shape: Shape) -> Shape:
        self.channels(shape)
        return (*self.spatial(shape), self.filters)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, dm, o = self.channels(shape), self.depth_multiplier, self.filters
        if framework == "keras":
            parts = [
                Weight("depthwise_kernel", (*self.kernel_size, i, dm)),
                Weight("pointwise_kernel", (1, 1, i * dm, o)),
            ]
        else:
            parts = [
                Weight("depthwise.weight", (i * dm, 1, *self.kernel_size)),
                Weight("pointwise.weight", (o, i * dm, 1, 1)),
            ]
        if self.use_bias:
            parts.append(Weight("bias" if framework == "keras" else "pointwise.bias", (o,)))
        return tuple(parts)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, dm, o = self.channels(shape), self.depth_multiplier, self.filters
        k_sym, k_num = sym_kernel(self.kernel_size)
        value = i * math.prod(self.kernel_size) * dm + i * dm * o
        notes = [
            "Separable = depthwise (one filter per channel) + pointwise (a 1×1 conv mixing "
            "channels); only the pointwise step has a bias, so the bias is counted once (o)."
        ]
        symbols = f"i × {k_sym} × dm + (i×dm) × o"
        numbers = f"{i} × {k_num} × {dm} + ({i}×{dm}) × {o}"
        if self.use_bias:
            return Formula(f"{symbols} + o", f"{numbers} + {o}", value + o, tuple(notes))
        return Formula(symbols, numbers, value, tuple(notes))

    def keras_code(self) -> str:
        return self.keras_call("layers.SeparableConv2D", self.filters)

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        i = self.channels(shape)
        pointwise = call(
            "nn.Conv2d", i * self.depth_multiplier, self.filters, kernel_size=1,
            bias=None if self.use_bias else False,
        )
        return (self.depthwise_torch(i, bias=False), pointwise)
