"""Diagnosing a wrong output shape: common slips recomputed on the model.

Slips: the other framework's axis order, the layer's input shape, `valid` and `same` padding
swapped in a layer up to the one asked about, a stride ignored, a pooling layer skipped, the
`+ 1` of `(n − f)/s + 1` forgotten, Dense flattening its input, and `return_sequences`
misread. When none matches, the diagnosis says which axes are right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from quizzer.core.counting import ModelReport
from quizzer.core.errors import QuizzerError
from quizzer.core.layers import (
    Bidirectional,
    Conv,
    Dense,
    DepthwiseConv2D,
    Layer,
    Pooling,
    Recurrent,
    SeparableConv2D,
)
from quizzer.core.model import Model, Shape, format_shape
from quizzer.core.rendering.pytorch import to_layout, torch_plan


def _chain(model: Model, layers: tuple[Layer, ...], upto: int) -> Shape | None:
    """The output shape of layer `upto` when the model has these layers (None if invalid)."""
    shape = model.input_shape
    try:
        for layer in layers[: upto + 1]:
            shape = layer.output_shape(shape)
    except QuizzerError:
        return None
    return shape


def _padding_swaps(layer: Layer) -> Iterator[tuple[Layer, str]]:
    if isinstance(layer, Conv | DepthwiseConv2D | SeparableConv2D | Pooling):
        padding = layer.padding
        if padding == "same" or (isinstance(padding, int) and padding > 0):
            yield replace(layer, padding="valid"), f"padding='valid' instead of {padding!r}"
        else:
            yield replace(layer, padding="same"), "padding='same' instead of 'valid'"


def _stride_ignored(layer: Layer) -> Iterator[tuple[Layer, str]]:
    if isinstance(layer, Conv) and any(s > 1 for s in layer.stride_tuple):
        yield replace(layer, strides=None), "the stride ignored"
    elif isinstance(layer, DepthwiseConv2D | SeparableConv2D) and any(
        s > 1 for s in layer.strides
    ):
        yield replace(layer, strides=(1, 1)), "the stride ignored"
    elif isinstance(layer, Pooling) and layer.strides is not None and (
        layer.strides != layer.pool_size
    ):
        yield replace(layer, strides=None), "the stride taken as the pool size"


def _variants(report: ModelReport, upto: int) -> Iterator[tuple[Shape, str]]:
    """Shapes (channels-last) produced by one slip in a layer up to `upto`."""
    model = report.model
    layers = model.layers
    for index in range(upto + 1):
        name = f"layer {index + 1} ({report.layers[index].name})"
        for changer in (_padding_swaps, _stride_ignored):
            for new, what in changer(layers[index]):
                changed = (*layers[:index], new, *layers[index + 1:])
                shape = _chain(model, changed, upto)
                if shape is not None:
                    yield shape, f"with {what} in {name}"
        if isinstance(layers[index], Pooling) and index < upto:
            skipped = (*layers[:index], *layers[index + 1:])
            shape = _chain(model, skipped, upto - 1)
            if shape is not None:
                yield shape, f"without the pooling of {name}"
    target = report.layers[upto]
    layer, shape_in, out = target.layer, target.input_shape, target.output_shape
    if isinstance(layer, Conv) and layer.padding == "valid":
        spatial = []
        for n, k, s in zip(shape_in[:-1], layer.kernel_size, layer.stride_tuple, strict=True):
            spatial.append(None if n is None else (n - k) // s)
        yield (*spatial, out[-1]), "without the + 1 of (n − f)/s + 1"
    if isinstance(layer, Dense) and len(out) > 1:
        yield (out[-1],), ("as if Dense flattened its input; Dense acts on the last axis and "
                           "keeps the others")
    if isinstance(layer, Recurrent | Bidirectional):
        if layer.return_sequences:
            yield (out[-1],), ("as if return_sequences were False; with True every step is "
                               "returned")
        elif shape_in[0] is not None:
            yield (shape_in[0], out[-1]), ("as if return_sequences were True; with False only "
                                           "the last step is returned")


def diagnose_shape(report: ModelReport, index: int, expected: Shape,
                   given: Shape) -> tuple[str, ...]:
    """Every slip that produces the learner's shape, else which axes are right."""
    framework = report.framework
    layout = torch_plan(report.model)[index].layout if framework == "pytorch" else None
    target = report.layers[index]

    def shown(shape: Shape) -> Shape:
        return to_layout(shape, layout) if layout else shape

    found: list[str] = []
    shown_given = format_shape(given)
    keras_out = target.output_shape
    if framework == "pytorch" and given == keras_out and given != expected:
        found.append(f"{shown_given} is the channels-last order Keras prints; PyTorch holds "
                     "the channels first")
    if framework == "keras" and len(given) >= 2 and given == to_layout(expected,
                                                                      "channels_first"):
        found.append(f"{shown_given} is PyTorch's channels-first order; Keras puts the "
                     "channels last")
    if given == shown(target.input_shape) and given != expected:
        found.append(f"{shown_given} is the layer's input shape, before the layer acts")
    for shape, what in _variants(report, index):
        if shown(shape) == given and given != expected:
            found.append(f"{shown_given} is the shape {what}")
    if found:
        return tuple(dict.fromkeys(found))
    if len(given) != len(expected):
        return (f"{shown_given} has {_axes(len(given))} after the batch axis; the output has "
                f"{len(expected)}",)
    right = [i + 1 for i, (a, b) in enumerate(zip(given, expected, strict=True)) if a == b]
    wrong = [i + 1 for i in range(len(expected)) if i + 1 not in right]
    if not right:
        return (f"none of the axes of {shown_given} is right",)
    return (f"in {shown_given} {_which(right)} right and {_which(wrong)} not "
            "(counting from the first axis after the batch)",)


def _axes(count: int) -> str:
    return "1 axis" if count == 1 else f"{count} axes"


def _which(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"axis {numbers[0]} is"
    return f"axes {_numbers(numbers)} are"


def _numbers(values: list[int]) -> str:
    if len(values) == 1:
        return str(values[0])
    return ", ".join(map(str, values[:-1])) + f" and {values[-1]}"
