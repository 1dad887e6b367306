"""The numbers a card asks for, from the engine's analysis (shapes, framework checks and
weights; the worked formulas are only worked out when asked for), and the asked answer."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.banks.schema import Ask
from quizzer.core.counting import ModelReport, analysis
from quizzer.core.model import Framework, Model, Shape


@dataclass(frozen=True)
class Counts:
    """Each layer's output shape and parameters, and the model's totals, in one framework."""

    model: Model
    framework: Framework
    shapes: tuple[Shape, ...]
    """Output shapes, batchless and channels last, as the engine keeps them."""
    params: tuple[int, ...]
    trainable: int
    non_trainable: int

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable


def count(model: Model, framework: Framework) -> Counts:
    """Shapes and counts, from the engine's remembered analysis (a bank often asks several
    questions about one model). Raises LayerFailure naming the layer."""
    return counts_of(analysis(model, framework))


def counts_of(report: ModelReport) -> Counts:
    """The same numbers, from a full analysis."""
    return Counts(
        report.model, report.framework, tuple(r.output_shape for r in report.layers),
        tuple(r.params for r in report.layers), report.trainable, report.non_trainable,
    )


def asked_answer(counts: Counts, ask: Ask, index: int | None) -> int | Shape:
    """The right answer to `ask` (about the layer at `index` where it needs one)."""
    if ask == "total":
        return counts.total
    if ask == "trainable":
        return counts.trainable
    if ask == "non_trainable":
        return counts.non_trainable
    assert index is not None, f"ask: {ask} needs a layer"
    if ask == "layer":
        return counts.params[index]
    return framework_shape(counts, index)


def framework_shape(counts: Counts, index: int) -> Shape:
    """A layer's output shape as the framework holds it: PyTorch puts channels first."""
    if counts.framework == "pytorch":
        from quizzer.core.rendering.pytorch import torch_plan

        return torch_plan(counts.model)[index].output_shape
    return counts.shapes[index]
