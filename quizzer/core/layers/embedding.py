"""Embedding: `V×D`, one D-wide vector for each of V token ids; no bias."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call
from quizzer.core.model import Formula, Framework, Shape, Weight


@dataclass(frozen=True)
class Embedding(Layer):
    """A lookup table of `input_dim` (vocabulary) rows of width `output_dim`."""

    input_dim: int
    output_dim: int

    kind: ClassVar[str] = "Embedding"
    torch_layout: ClassVar[Layout] = "channels_last"

    def output_shape(self, shape: Shape) -> Shape:
        return (*shape, self.output_dim)

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        name = "embeddings" if framework == "keras" else "weight"
        return (Weight(name, (self.input_dim, self.output_dim)),)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        v, d = self.input_dim, self.output_dim
        return Formula(
            "V×D",
            f"{v}×{d}",
            v * d,
            ("A table of V rows (vocabulary) by D columns; the sequence length does not "
             "matter and there is no bias.",),
        )

    def keras_code(self) -> str:
        return call("layers.Embedding", self.input_dim, self.output_dim)

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (call("nn.Embedding", self.input_dim, self.output_dim),)
