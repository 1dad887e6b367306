"""Conv2DTranspose (Keras) / ConvTranspose2d (PyTorch): `[i × (f×f) × o] + o`, as a Conv2D."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call, pair, sym_kernel, unsupported
from quizzer.core.model import Dim, Formula, Framework, Shape, Weight
from quizzer.core.shapes import expect_rank, known, transpose_length


@dataclass(frozen=True)
class Conv2DTranspose(Layer):
    """A transposed 2-D convolution (upsampling), padding `valid` or `same`."""

    filters: int
    kernel_size: tuple[int, int]
    strides: tuple[int, int] = (1, 1)
    padding: str = "valid"
    use_bias: bool = True

    kind: ClassVar[str] = "Conv2DTranspose"
    torch_layout: ClassVar[Layout] = "channels_first"

    def channels(self, shape: Shape) -> int:
        expect_rank(shape, (3,), self.label, "height, width, channels")
        return known(shape[-1], self.label, "number of input channels")

    def output_shape(self, shape: Shape) -> Shape:
        self.channels(shape)
        spatial: list[Dim] = [
            transpose_length(n, k, s, self.padding)
            for n, k, s in zip(shape[:2], self.kernel_size, self.strides, strict=True)
        ]
        return (*spatial, self.filters)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        i, o = self.channels(shape), self.filters
        if framework == "keras":
            kernel = Weight("kernel", (*self.kernel_size, o, i))
        else:
            kernel = Weight("weight", (i, o, *self.kernel_size))
        return (kernel, Weight("bias", (o,))) if self.use_bias else (kernel,)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        i, o = self.channels(shape), self.filters
        k_sym, k_num = sym_kernel(self.kernel_size)
        weights = i * math.prod(self.kernel_size) * o
        notes = ("A transposed convolution has exactly the weights of a Conv2D with the same "
                 "i, f and o; only the output shape differs (it grows by the stride).",)
        if not self.use_bias:
            return Formula(f"i × {k_sym} × o", f"{i} × {k_num} × {o}", weights, notes)
        return Formula(f"[i × {k_sym} × o] + o", f"[{i} × {k_num} × {o}] + {o}", weights + o,
                       notes)

    def torch_padding(self) -> tuple[int, int] | None:
        """(padding, output_padding) giving Keras's output size in PyTorch, per axis equal."""
        pads: set[tuple[int, int]] = set()
        for k, s in zip(self.kernel_size, self.strides, strict=True):
            # Keras: valid -> n*s + max(k-s, 0); same -> n*s.
            # PyTorch: (n-1)*s - 2p + k + op, with 0 <= op < s.
            if self.padding == "valid":
                extra = max(k - s, 0) - (k - s)  # op needed so that -2p + op = extra
                p, op = 0, extra
            else:
                need = k - s  # 2p - op = k - s
                p = max(0, -(-need // 2))
                op = 2 * p - need
            if op < 0 or op >= s:
                return None
            pads.add((p, op))
        return pads.pop() if len(pads) == 1 else None

    def check(self, shape: Shape, framework: Framework) -> None:
        if framework == "pytorch" and self.torch_padding() is None:
            raise unsupported(self, framework, "this output size has no padding equivalent")

    def keras_code(self) -> str:
        return call(
            "layers.Conv2DTranspose",
            self.filters,
            self.kernel_size,
            strides=None if self.strides == (1, 1) else self.strides,
            padding=None if self.padding == "valid" else self.padding,
            use_bias=None if self.use_bias else False,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        padding, output_padding = self.torch_padding() or (0, 0)
        return (
            call(
                "nn.ConvTranspose2d",
                self.channels(shape),
                self.filters,
                kernel_size=pair(self.kernel_size),
                stride=None if self.strides == (1, 1) else pair(self.strides),
                padding=padding or None,
                output_padding=output_padding or None,
                bias=None if self.use_bias else False,
            ),
        )
