"""The framework-independent model description: shapes, weights, formulas and the `Model`.

Shapes never include the batch axis and are channels-last, as in Keras; `None` is an unknown
dimension (as in the seed's `input_shape=(None, None, 1)`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from quizzer.core.layers.base import Layer

Framework = Literal["keras", "pytorch"]
FRAMEWORKS: tuple[Framework, ...] = ("keras", "pytorch")

Dim = int | None
Shape = tuple[Dim, ...]


def format_shape(shape: Shape, batch: bool = True) -> str:
    """`(None, 13, 13, 32)`: the shape as Keras prints it, batch axis first."""
    dims = ((None,) if batch else ()) + tuple(shape)
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


@dataclass(frozen=True)
class Weight:
    """One weight tensor of a layer, under one framework's convention."""

    name: str
    shape: tuple[int, ...]
    trainable: bool = True
    buffer: bool = False
    """PyTorch buffers (BatchNorm running statistics) are state, never parameters."""

    @property
    def size(self) -> int:
        return math.prod(self.shape)


@dataclass(frozen=True)
class Formula:
    """A layer's parameter count as symbols, with the numbers put in, and the result."""

    symbols: str
    numbers: str
    value: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Model:
    """An input shape and an ordered stack of layers."""

    input_shape: Shape
    layers: tuple[Layer, ...]

    @property
    def takes_token_ids(self) -> bool:
        """True when the input is integer token ids (the model starts with an Embedding)."""
        return bool(self.layers) and self.layers[0].kind == "Embedding"
