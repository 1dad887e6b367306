"""The `Layer` base class: what every layer in the catalogue knows about itself."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Literal

from quizzer.core.errors import UnsupportedError
from quizzer.core.model import Formula, Framework, Shape, Weight

Layout = Literal["channels_first", "channels_last", "any"]


@dataclass(frozen=True)
class Layer:
    """A layer: its output-shape rule, its weights under each framework, and its code."""

    kind: ClassVar[str] = "Layer"
    """The Keras class name, used as the layer's type everywhere."""
    torch_layout: ClassVar[Layout] = "any"
    """The tensor layout the PyTorch module expects (convolutions want channels first)."""

    def output_shape(self, shape: Shape) -> Shape:
        """The output shape for this (batchless, channels-last) input shape."""
        raise NotImplementedError

    def weights(self, shape: Shape, framework: Framework) -> tuple[Weight, ...]:
        """The weight tensors this layer creates on this input, as the framework names them."""
        return ()

    def formula(self, shape: Shape, framework: Framework) -> Formula:
        """The parameter formula, in symbols and with the numbers put in."""
        return Formula("0", "0", 0, (f"{self.kind} has no weights: it adds 0 parameters.",))

    def check(self, shape: Shape, framework: Framework) -> None:
        """Raise UnsupportedError when the framework cannot express this layer on this input."""

    def keras_code(self) -> str:
        """The Keras 3 constructor call, e.g. `layers.Dense(5)`."""
        raise NotImplementedError

    def torch_code(self, shape: Shape) -> tuple[str, ...]:
        """The PyTorch module constructor call(s) for this input, e.g. `nn.Linear(3, 5)`."""
        raise NotImplementedError

    def torch_modules(self, shape: Shape, layout: Layout) -> tuple[str, ...]:
        """The PyTorch modules when the input tensor arrives in `layout` (the renderer's view)."""
        return self.torch_code(shape)

    @cached_property
    def label(self) -> str:
        """A short name for prompts: the Keras call without the `layers.` prefix (cached:
        shape checks pass it to every error message they might raise)."""
        return self.keras_code().removeprefix("layers.")


def unsupported(layer: Layer, framework: Framework, why: str) -> UnsupportedError:
    """An UnsupportedError naming the layer and the framework."""
    return UnsupportedError(f"{layer.label}: {why} in {framework_title(framework)}")


def framework_title(framework: Framework) -> str:
    return "Keras" if framework == "keras" else "PyTorch"


def call(name: str, *args: object, **kwargs: object) -> str:
    """`name(arg, ..., key=value)` with Python reprs, skipping keyword values of None."""
    parts = [_code(a) for a in args]
    parts += [f"{k}={_code(v)}" for k, v in kwargs.items() if v is not None]
    return f"{name}({', '.join(parts)})"


def _code(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def sym_kernel(kernel: tuple[int, ...], symbol: str = "f") -> tuple[str, str]:
    """The kernel's element count as symbols and numbers: `(f×f)` and `(3×3)`."""
    if len(kernel) == 1:
        return symbol, str(kernel[0])
    if len(set(kernel)) == 1:
        symbols = "×".join([symbol] * len(kernel))
    else:
        symbols = "×".join(f"{symbol}{axis}" for axis in "hwd"[: len(kernel)])
    return f"({symbols})", "(" + "×".join(str(k) for k in kernel) + ")"


def pair(value: tuple[int, ...]) -> int | tuple[int, ...]:
    """A kernel/stride tuple as PyTorch code writes it: one int when all equal."""
    return value[0] if len(set(value)) == 1 else value
