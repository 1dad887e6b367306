"""DepthwiseConv2D: one f×f filter per input channel (times the depth multiplier).

`[i × (f×f) × dm] + i×dm`; PyTorch writes it as `nn.Conv2d(i, i×dm, f, groups=i)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call, pair, sym_kernel, unsupported
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import Padding, expect_rank, known, spatial_output


class DepthwiseStep(Layer):
    """What DepthwiseConv2D and SeparableConv2D share: the depthwise step (one filter per
    input channel), its checks, its Keras options and its PyTorch module. Not a layer itself:
    the two dataclasses declare the fields."""

    kernel_size: tuple[int, int]
    depth_multiplier: int
    strides: tuple[int, int]
    padding: Padding
    use_bias: bool

    torch_layout: ClassVar[Layout] = "channels_first"

    def channels(self, shape: Shape) -> int:
        expect_rank(shape, (3,), self.label, "height, width, channels")
        return known(shape[-1], self.label, "number of input channels")

    def spatial(self, shape: Shape) -> Shape:
        """Height and width after the depthwise step."""
        return spatial_output(
            self.label, shape[:-1], self.kernel_size, self.strides, self.padding, (1, 1)
        )

    def check(self, shape: Shape, framework: Framework) -> None:
        if framework == "pytorch" and self.padding == "same" and self.strides != (1, 1):
            raise unsupported(self, framework, 'padding="same" needs stride 1')
        if framework == "keras" and isinstance(self.padding, int) and self.padding:
            raise unsupported(self, framework, f"padding={self.padding} has no equivalent")

    def keras_call(self, name: str, *args: object) -> str:
        """`layers.<name>(*args, ...)` with the depthwise options that differ from Keras'."""
        return call(
            name,
            *args,
            self.kernel_size,
            strides=None if self.strides == (1, 1) else self.strides,
            padding=None if self.padding in ("valid", 0) else self.padding,
            depth_multiplier=None if self.depth_multiplier == 1 else self.depth_multiplier,
            use_bias=None if self.use_bias else False,
        )

    def depthwise_torch(self, i: int, bias: bool) -> str:
        """The depthwise `nn.Conv2d` for `i` input channels (groups=i)."""
        return call(
            "nn.Conv2d",
            i,
            i * self.depth_multiplier,
            kernel_size=pair(self.kernel_size),
            stride=None if self.strides == (1, 1) else pair(self.strides),
            padding=None if self.padding in ("valid", 0) else self.padding,
            groups=i,
            bias=None if bias else False,
        )


@dataclass(frozen=True)
class DepthwiseConv2D(DepthwiseStep):
    """A depthwise 2-D convolution: channels are filtered separately, never mixed."""

    kernel_size: tuple[int, int]
    depth_multiplier: int = 1
    strides: tuple[int, int] = (1, 1)
    padding: Padding = "valid"
    use_bias: bool = True

    kind: ClassVar[str] = "DepthwiseConv2D"

    def output_shape(self, shape: Shape) -> Shape:
        i = self.channels(shape)
        return (*self.spatial(shape), i * self.depth_multiplier)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, dm = self.channels(shape), self.depth_multiplier
        if framework == "keras":
            kernel = Weight("depthwise_kernel", (*self.kernel_size, i, dm))
        else:
            kernel = Weight("weight", (i * dm, 1, *self.kernel_size))
        return (kernel, Weight("bias", (i * dm,))) if self.use_bias else (kernel,)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, dm = self.channels(shape), self.depth_multiplier
        k_sym, k_num = sym_kernel(self.kernel_size)
        weights = i * math.prod(self.kernel_size) * dm
        notes = (
            f"Depthwise: each of the i = {i} channels gets its own {k_num.strip('()')} "
            f"filter(s); channels are not mixed, so there is no factor for output channels "
            f"(a standard Conv2D would need i × {k_sym} × o).",
        )
        if not self.use_bias:
            return Formula(f"i × {k_sym} × dm", f"{i} × {k_num} × {dm}", weights, notes)
        return Formula(
            f"[i × {k_sym} × dm] + i×dm",
            f"[{i} × {k_num} × {dm}] + {i}×{dm}",
            weights + i * dm,
            notes,
        )

    def keras_code(self) -> str:
        return self.keras_call("layers.DepthwiseConv2D")

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (self.depthwise_torch(self.channels(shape), self.use_bias),)
