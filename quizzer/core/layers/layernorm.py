"""LayerNormalization: `2×d` (a scale and a shift per feature of the last axis)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import known


@dataclass(frozen=True)
class LayerNormalization(Layer):
    """Layer normalization over the last axis."""

    kind: ClassVar[str] = "LayerNormalization"
    torch_layout: ClassVar[Layout] = "channels_last"

    def features(self, shape: Shape) -> int:
        return known(shape[-1] if shape else None, self.label, "last axis")

    def output_shape(self, shape: Shape) -> Shape:
        self.features(shape)
        return shape

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        d = self.features(shape)
        names = ("gamma", "beta") if framework == "keras" else ("weight", "bias")
        return tuple(Weight(name, (d,)) for name in names)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        d = self.features(shape)
        return Formula(
            "2×d",
            f"2×{d}",
            2 * d,
            ("A scale (gamma) and a shift (beta) for each of the d features; no running "
             "statistics, so nothing is non-trainable.",),
        )

    def keras_code(self) -> str:
        return "layers.LayerNormalization()"

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (call("nn.LayerNorm", self.features(shape)),)
