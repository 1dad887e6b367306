"""Max/Average pooling 1D/2D/3D and global pooling: 0 parameters, only shapes change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from quizzer.core.layers.base import Layer, Layout, call, pair, unsupported
from quizzer.core.model import Formula, Framework, Shape
from quizzer.core.shapes import expect_rank, spatial_output


@dataclass(frozen=True)
class Pooling(Layer):
    """A sliding max or average window; strides default to the pool size."""

    pool_size: tuple[int, ...]
    strides: tuple[int, ...] | None = None
    padding: str = "valid"

    rank: ClassVar[int] = 2
    mode: ClassVar[str] = "Max"
    torch_layout: ClassVar[Layout] = "channels_first"

    @property
    def stride_tuple(self) -> tuple[int, ...]:
        return self.strides or self.pool_size

    def output_shape(self, shape: Shape) -> Shape:
        expect_rank(shape, (self.rank + 1,), self.label, "spatial axes then channels")
        spatial = spatial_output(
            self.label, shape[:-1], self.pool_size, self.stride_tuple, self.padding,
            (1,) * self.rank,
        )
        return (*spatial, shape[-1])

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        return Formula("0", "0", 0, (
            f"{self.kind} only takes the {self.mode.lower()} of each window: no weights, "
            "0 parameters.",))

    def check(self, shape: Shape, framework: Framework) -> None:
        if framework == "pytorch" and self.padding == "same":
            raise unsupported(self, framework, 'padding="same" has no equivalent')

    def keras_code(self) -> str:
        size = self.pool_size[0] if self.rank == 1 else self.pool_size
        strides = None
        if self.strides is not None and self.strides != self.pool_size:
            strides = self.strides[0] if self.rank == 1 else self.strides
        return call(
            f"layers.{self.kind}",
            pool_size=size,
            strides=strides,
            padding=None if self.padding == "valid" else self.padding,
        )

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        name = f"nn.{self.mode}Pool{self.rank}d"
        stride = None if self.stride_tuple == self.pool_size else pair(self.stride_tuple)
        return (call(name, pair(self.pool_size), stride=stride),)


def _pooling(mode: str, rank: int) -> type[Pooling]:
    """A pooling class of one mode and rank. It adds no fields, so it inherits Pooling's
    dataclass methods (they use the instance's own class) instead of building them again."""
    kind = f"{mode}Pooling{rank}D" if mode == "Max" else f"AveragePooling{rank}D"
    torch_mode = "Max" if mode == "Max" else "Avg"
    return type(kind, (Pooling,), {"kind": kind, "rank": rank, "mode": torch_mode,
                                   "__module__": __name__, "__qualname__": kind})


MaxPooling1D = _pooling("Max", 1)
MaxPooling2D = _pooling("Max", 2)
MaxPooling3D = _pooling("Max", 3)
AveragePooling1D = _pooling("Average", 1)
AveragePooling2D = _pooling("Average", 2)
AveragePooling3D = _pooling("Average", 3)


@dataclass(frozen=True)
class GlobalPooling(Layer):
    """Pools every spatial position away, leaving one value per channel."""

    rank: ClassVar[int] = 2
    mode: ClassVar[str] = "Avg"
    torch_layout: ClassVar[Layout] = "channels_first"

    def output_shape(self, shape: Shape) -> Shape:
        expect_rank(shape, (self.rank + 1,), self.label, "spatial axes then channels")
        return (shape[-1],)

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        return Formula("0", "0", 0, (
            f"{self.kind} reduces each channel to one number: no weights, 0 parameters.",))

    def keras_code(self) -> str:
        return f"layers.{self.kind}()"

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        return (f"nn.Adaptive{self.mode}Pool{self.rank}d(1)", "nn.Flatten()")


def _global(mode: str, rank: int) -> type[GlobalPooling]:
    """A global pooling class of one mode and rank (no fields of its own, as `_pooling`)."""
    kind = f"Global{mode}Pooling{rank}D"
    torch_mode = "Max" if mode == "Max" else "Avg"
    return type(kind, (GlobalPooling,), {"kind": kind, "rank": rank, "mode": torch_mode,
                                         "__module__": __name__, "__qualname__": kind})


GlobalMaxPooling1D = _global("Max", 1)
GlobalMaxPooling2D = _global("Max", 2)
GlobalMaxPooling3D = _global("Max", 3)
GlobalAveragePooling1D = _global("Average", 1)
GlobalAveragePooling2D = _global("Average", 2)
GlobalAveragePooling3D = _global("Average", 3)
