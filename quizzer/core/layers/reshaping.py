"""Flatten and Reshape: 0 parameters; they only rearrange values."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.errors import ShapeError
from quizzer.core.layers.base import Layer, Layout, call
from quizzer.core.model import Formula, Framework, Shape


@dataclass(frozen=True)
class Flatten(Layer):
    """Flattens everything but the batch axis into one axis."""

    kind: ClassVar[str] = "Flatten"

    def output_shape(self, shape: Shape) -> Shape:
        if any(d is None for d in shape):
            return (None,)
        return (math.prod(d for d in shape if d is not None),)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        values = "the values"
        if len(shape) > 1 and all(d is not None for d in shape):
            product = "×".join(str(d) for d in shape)
            values = f"the {product} = {math.prod(d for d in shape if d is not None)} values"
        return Formula("0", "0", 0, (
            f"Flatten has no weights; it only lays {values} out in one axis, so the next "
            "Dense layer sees them all.",))

    def keras_code(self) -> str:
        return "layers.Flatten()"

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return ("nn.Flatten()",)


@dataclass(frozen=True)
class Reshape(Layer):
    """Reshapes to `target_shape` (one entry may be -1)."""

    target_shape: tuple[int, ...]

    kind: ClassVar[str] = "Reshape"
    torch_layout: ClassVar[Layout] = "channels_last"

    def output_shape(self, shape: Shape) -> Shape:
        target = self.target_shape
        if sum(1 for d in target if d == -1) > 1 or any(d == 0 or d < -1 for d in target):
            raise ShapeError(f"{self.label}: sizes must be positive, with at most one -1")
        if any(d is None for d in shape):
            return tuple(None if d == -1 else d for d in target)
        size = math.prod(d for d in shape if d is not None)
        fixed = math.prod(d for d in target if d != -1)
        if -1 in target:
            if size % fixed:
                raise ShapeError(f"{self.label}: {size} values cannot fill {target}")
            return tuple(size // fixed if d == -1 else d for d in target)
        if fixed != size:
            raise ShapeError(f"{self.label}: {size} values cannot be reshaped to {target}")
        return target

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        return Formula("0", "0", 0, ("Reshape has no weights; it only rearranges values.",))

    def keras_code(self) -> str:
        return call("layers.Reshape", self.target_shape)

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        out = self.output_shape(shape)
        if any(d is None for d in out):
            out = self.target_shape  # unknown input sizes: let PyTorch infer the -1
        prefix = () if len(shape) == 1 else ("nn.Flatten()",)
        return (*prefix, call("nn.Unflatten", 1, out))
