"""Layers as read from code (with their line and what the code declared about their input),
and the checked analysis that turns shape errors into ParseErrors naming the line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quizzer.core.counting import ModelReport, analyze, layer_names
from quizzer.core.errors import ParseError, QuizzerError
from quizzer.core.layers import Layer
from quizzer.core.model import Framework, Model, Shape


@dataclass(frozen=True)
class Entry:
    """One layer of the code: the catalogue layer, its line, and its declared input."""

    layer: Layer
    line: int
    title: str
    """How the code names it: `Dense`, `nn.Linear`."""
    in_size: int | None = None
    """The input size the code states (PyTorch `in_channels`, `num_features`, ...)."""
    in_what: str = "features"
    ranks: tuple[int, ...] | None = None
    """The input ranks (batch excluded) the module accepts, e.g. BatchNorm2d: (3,)."""


Inspect = Callable[[int, Shape], None]


def checked_report(
    framework: Framework,
    model: Model,
    entries: Sequence[Entry],
    inspect: Inspect | None = None,
) -> ModelReport:
    """`analyze(model)`, but every problem is a ParseError at the line of the failing layer.

    `inspect(index, input_shape)` runs before each layer (PyTorch checks its layouts there).
    """
    shape = model.input_shape
    for index, (entry, name) in enumerate(zip(entries, layer_names(model.layers), strict=True)):
        layer = entry.layer
        try:
            if inspect is not None:
                inspect(index, shape)
            _check_declared(entry, shape, index)
            out = layer.output_shape(shape)
            layer.check(shape, framework)
            layer.weights(shape, framework)
            layer.formula(shape, framework)
        except ParseError:
            raise
        except QuizzerError as error:
            message = f"layer {index + 1} ({name}), {error}"
            if framework == "pytorch" and "must be known" in message:
                message += (" (state the input shape in a comment such as "
                            "`# input: (batch, 3, 32, 32)`)")
            raise ParseError(message, entry.line) from None
        shape = out
    return analyze(model, framework)


def _check_declared(entry: Entry, shape: Shape, index: int) -> None:
    if entry.ranks is not None and len(shape) not in entry.ranks:
        wanted = " or ".join(f"{r + 1}-D" for r in entry.ranks)
        raise ParseError(
            f"{entry.title} expects a {wanted} input (with the batch axis), "
            f"but gets {len(shape) + 1}-D",
            entry.line,
        )
    actual = shape[-1] if shape else None
    if entry.in_size is not None and actual is not None and actual != entry.in_size:
        source = "the input has" if index == 0 else "the layer before gives"
        raise ParseError(
            f"{entry.title} expects {entry.in_size} input {entry.in_what} but {source} {actual}",
            entry.line,
        )
