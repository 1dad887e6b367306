"""MultiHeadAttention (self-attention on a sequence).

Keras: query, key and value projections `E×H×k + H×k` each (k = key_dim, per head) and an
output projection `H×k×E + E`, so the count grows with the number of heads H. PyTorch
(`nn.MultiheadAttention`): `4×E×E + 4×E` whatever H is (each head gets E/H dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.errors import ShapeError
from quizzer.core.layers.base import Layer, Layout, call, unsupported
from quizzer.core.model import Formula, Framework, Shape, Weight
from quizzer.core.shapes import expect_rank, known


@dataclass(frozen=True)
class MultiHeadAttention(Layer):
    """Self-attention: the sequence attends to itself; the output keeps the input's shape.

    Keras also attends over several axes (an image's rows and columns); PyTorch only over one.
    """

    num_heads: int
    key_dim: int
    use_bias: bool = True

    kind: ClassVar[str] = "MultiHeadAttention"
    torch_layout: ClassVar[Layout] = "channels_last"

    def width(self, shape: Shape) -> int:
        if len(shape) < 2:
            expect_rank(shape, (2,), self.label, "sequence, features")
        return known(shape[-1], self.label, "embedding width")

    def output_shape(self, shape: Shape) -> Shape:
        self.width(shape)
        return shape

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        e, h, k = self.width(shape), self.num_heads, self.key_dim
        parts: list[Weight] = []
        if framework == "keras":
            for name in ("query", "key", "value"):
                parts.append(Weight(f"{name}/kernel", (e, h, k)))
                if self.use_bias:
                    parts.append(Weight(f"{name}/bias", (h, k)))
            parts.append(Weight("attention_output/kernel", (h, k, e)))
            if self.use_bias:
                parts.append(Weight("attention_output/bias", (e,)))
            return tuple(parts)
        parts.append(Weight("in_proj_weight", (3 * e, e)))
        if self.use_bias:
            parts.append(Weight("in_proj_bias", (3 * e,)))
        parts.append(Weight("out_proj.weight", (e, e)))
        if self.use_bias:
            parts.append(Weight("out_proj.bias", (e,)))
        return tuple(parts)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        e, h, k = self.width(shape), self.num_heads, self.key_dim
        notes: tuple[str, ...]
        if framework == "keras":
            notes = (
                f"Keras: key_dim = {k} is per head, so each of query, key and value projects "
                f"E = {e} to H×k = {h}×{k}; more heads means more parameters.",
                "PyTorch's nn.MultiheadAttention splits E across the heads instead: 4×E×E + 4×E.",
            )
            if self.use_bias:
                return Formula(
                    "3×(E×H×k + H×k) + (H×k×E + E)",
                    f"3×({e}×{h}×{k} + {h}×{k}) + ({h}×{k}×{e} + {e})",
                    3 * (e * h * k + h * k) + h * k * e + e,
                    notes,
                )
            return Formula("3×(E×H×k) + H×k×E", f"3×({e}×{h}×{k}) + {h}×{k}×{e}",
                           4 * e * h * k, notes)
        notes = (
            "PyTorch's nn.MultiheadAttention ignores key_dim: "
            f"query, key and value projections (3×E×E) plus the output projection "
            f"(E×E); the {h} heads split E = {e} between them, so H does not change the count.",
        )
        if self.use_bias:
            return Formula("4×E×E + 4×E", f"4×{e}×{e} + 4×{e}", 4 * e * e + 4 * e, notes)
        return Formula("4×E×E", f"4×{e}×{e}", 4 * e * e, notes)

    def check(self, shape: Shape, framework: Framework) -> None:
        e = self.width(shape)
        if framework == "pytorch" and len(shape) != 2:
            raise unsupported(self, framework, "attention over more than one axis has no "
                                               "equivalent (it needs (batch, sequence, features))")
        if framework == "pytorch" and e % self.num_heads:
            raise ShapeError(
                f"{self.label}: the embedding width {e} must be divisible by "
                f"num_heads ({self.num_heads}) in PyTorch"
            )

    def keras_code(self) -> str:
        return call(
            "layers.MultiHeadAttention",
            num_heads=self.num_heads,
            key_dim=self.key_dim,
            use_bias=None if self.use_bias else False,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (
            call(
                "nn.MultiheadAttention",
                self.width(shape),
                self.num_heads,
                bias=None if self.use_bias else False,
                batch_first=True,
            ),
        )
