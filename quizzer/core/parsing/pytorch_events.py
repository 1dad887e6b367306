"""PyTorch code as a stream of events, then as the checked model.

The readers turn `nn.Sequential(...)` and a class's `forward` into events: layers (`Piece`),
moves of the channel axis (`Move`), and `x[:, -1, :]` (`LastStep`). PyTorch holds convolution
activations channels first; quizzer's shapes are channels last. `build` follows the layout
through the events to read the `# input:` comment and `nn.Unflatten` sizes the right way
round, and refuses a layer that would act on the wrong axis. Without an input comment the input
shape is inferred from the first layer's declared size, with unknown (None) spatial and
sequence axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from quizzer.core.errors import ParseError
from quizzer.core.layers import (
    Activation,
    Bidirectional,
    Dropout,
    Embedding,
    Flatten,
    Pooling,
    Recurrent,
    Reshape,
)
from quizzer.core.layers.base import Layout
from quizzer.core.model import Model, Shape
from quizzer.core.parsing.entries import Entry, checked_report
from quizzer.core.parsing.program import ParsedModel, check_count
from quizzer.core.parsing.pytorch_modules import Piece, Role


@dataclass(frozen=True)
class Move:
    """`x.movedim(...)`/`x.permute(...)`/`x.transpose(1, 2)`: the channel axis moves."""

    to: Literal["channels_first", "channels_last", "swap"]
    line: int


@dataclass(frozen=True)
class LastStep:
    """`x = x[:, -1, :]`: keep the last time step of a recurrent layer's output.

    For Bidirectional, quizzer writes `torch.cat((x[:, -1, :u], x[:, 0, u:]), dim=-1)`: the
    backward direction ends at the first step; `units` is then u.
    """

    line: int
    units: int | None = None


Event = Piece | Move | LastStep



@dataclass
class Step:
    """One layer of the final model, with the moves the code makes just before it."""

    entry: Entry
    role: Role = "layer"
    moves: list[Move] = field(default_factory=list)
    layout: Layout = "channels_last"
    """For reshapes: the layout of their output, as the code goes on to use it."""


def _steps(events: tuple[Event, ...]) -> list[Step]:
    steps: list[Step] = []
    moves: list[Move] = []
    index = 0
    while index < len(events):
        event = events[index]
        index += 1
        if isinstance(event, Move):
            moves.append(event)
            continue
        if isinstance(event, LastStep):
            previous = steps[-1].entry.layer if steps and not moves else None
            inner = previous.layer if isinstance(previous, Bidirectional) else previous
            if not isinstance(inner, Recurrent) or not inner.return_sequences:
                raise ParseError("x[:, -1, :] must follow a recurrent layer", event.line)
            if event.units is not None and (
                not isinstance(previous, Bidirectional) or inner.units != event.units
            ):
                raise ParseError(
                    "torch.cat((x[:, -1, :u], x[:, 0, u:]), dim=-1) must follow a "
                    "bidirectional layer of u units", event.line)
            last = replace(inner, return_sequences=False)
            layer = Bidirectional(last) if isinstance(previous, Bidirectional) else last
            steps[-1].entry = replace(steps[-1].entry, layer=layer)
            continue
        entry, role = event.entry, event.role
        if role == "adaptive":
            following = events[index] if index < len(events) else None
            if not isinstance(following, Piece) or following.role != "flatten":
                raise ParseError(
                    f"{entry.title}(1) must be followed by a flatten: quizzer reads the pair "
                    "as one global pooling layer", entry.line)
            index += 1
            role = "layer"
        elif role == "flatten":
            role = "layer"
        elif role == "unflatten":
            entry = replace(entry, ranks=(1,))
        steps.append(Step(entry, role, moves))
        moves = []
    return steps


def _opposite(layout: Layout) -> Layout:
    return "channels_first" if layout == "channels_last" else "channels_last"


def _raw_layout(steps: list[Step], start: int) -> Layout:
    """The layout of the tensor entering `steps[start]`, judged by how the code uses it."""
    flip = False
    for step in steps[start:]:
        for move in step.moves:
            if move.to == "swap":
                flip = not flip
                continue
            before = _opposite(move.to)
            return _opposite(before) if flip else before
        layer = step.entry.layer
        if isinstance(layer, Flatten | Reshape | Embedding):
            return "channels_last"
        if layer.torch_layout != "any":
            return _opposite(layer.torch_layout) if flip else layer.torch_layout
    return "channels_last"


def _channels_last(shape: Shape, layout: Layout) -> Shape:
    if layout == "channels_first" and len(shape) >= 2:
        return (*shape[1:], shape[0])
    return shape


def _inferred_input(steps: list[Step]) -> Shape:
    """The input from the first layer's declared size, other axes unknown (None).

    Layers before it that keep the shape's rank may come first, and a Flatten before a layer
    that takes a flat input (`nn.Flatten(), nn.Linear(784, 10)`: the input is (784,)).
    """
    flat = False
    for step in steps:
        entry = step.entry
        if isinstance(entry.layer, Embedding) and not flat:
            return (None,)
        if entry.in_size is not None:
            rank = min(entry.ranks) if entry.ranks else 1
            if flat and rank != 1:
                break
            return (*(None,) * (rank - 1), entry.in_size)
        if isinstance(entry.layer, Flatten):
            flat = True
        elif not isinstance(entry.layer, Dropout | Activation | Pooling):
            break
    line = steps[0].entry.line
    raise ParseError(
        "cannot tell the input size from the first layers: state it in a comment such as "
        "`# input: (batch, 3, 32, 32)`", line)


def build(events: tuple[Event, ...], line: int, comment: Shape | None,
          name: str) -> ParsedModel:
    """The checked model of a model's events (`line`: where the model is defined)."""
    steps = _steps(events)
    if not steps:
        raise ParseError("the model has no layers", line)
    check_count(len(steps), steps[-1].entry.line)
    for index, step in enumerate(steps):
        if step.role in ("unflatten", "reshape"):
            step.layout = _raw_layout(steps, index + 1)
            layer = step.entry.layer
            assert isinstance(layer, Reshape)
            target = layer.target_shape
            if step.layout == "channels_first" and len(target) >= 2:
                step.entry = replace(step.entry, layer=Reshape((*target[1:], target[0])))
    layout = _raw_layout(steps, 0)
    input_shape = (
        _inferred_input(steps) if comment is None else _channels_last(comment, layout)
    )
    entries = [step.entry for step in steps]
    model = Model(input_shape, tuple(e.layer for e in entries))
    state: list[Layout] = [layout]

    def inspect(index: int, shape: Shape) -> None:
        step = steps[index]
        for move in step.moves:
            if move.to == "swap":
                if len(shape) != 2:
                    raise ParseError(
                        "swapping two axes is only read on (batch, length, channels) tensors",
                        move.line)
                state[0] = _opposite(state[0])
            else:
                state[0] = move.to
        if step.role in ("unflatten", "reshape"):
            state[0] = step.layout
            return
        want = step.entry.layer.torch_layout
        if len(shape) >= 2 and want != "any" and want != state[0]:
            side = "first" if want == "channels_first" else "last"
            raise ParseError(
                f"{step.entry.title} needs the channels {side}, but here they are not, so "
                "it would act on the wrong axis (move them with x.movedim(...))",
                step.entry.line)
        if want != "any":
            state[0] = want

    report = checked_report("pytorch", model, entries, inspect)
    return ParsedModel("pytorch", model, tuple(e.line for e in entries), report, name,
                       input_stated=comment is not None)


