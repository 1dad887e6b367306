"""The numbers a card asks for, from the engine: a quick count for validation (shapes,
framework checks and weights, without the worked formulas) and the asked answer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from quizzer.core.banks.schema import Ask
from quizzer.core.counting import ModelReport, analyze
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


class LayerFailure(Exception):
    """The layer at `index` (0-based) rejects its input; `error` says why."""

    def __init__(self, index: int, error: Exception) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error


@lru_cache(maxsize=4096)
def count(model: Model, framework: Framework) -> Counts:
    """Shapes and counts from each layer's own rules: what `analyze` computes, minus the
    formulas' text (a third of its time). Raises LayerFailure naming the layer. Remembered,
    as a bank often asks several questions about one model."""
    shape = model.input_shape
    shapes: list[Shape] = []
    params: list[int] = []
    trainable = non_trainable = 0
    for index, layer in enumerate(model.layers):
        try:
            out = layer.output_shape(shape)
            layer.check(shape, framework)
            weights = layer.weights(shape, framework)
        except Exception as error:  # a QuizzerError, or an engine bug: named, never a crash
            raise LayerFailure(index, error) from None
        layer_params = 0
        for weight in weights:
            if weight.buffer:
                continue
            layer_params += weight.size
            if weight.trainable:
                trainable += weight.size
            else:
                non_trainable += weight.size
        shapes.append(out)
        params.append(layer_params)
        shape = out
    return Counts(model, framework, tuple(shapes), tuple(params), trainable, non_trainable)


def counts_of(report: ModelReport) -> Counts:
    """The same numbers, from a full analysis."""
    return Counts(
        report.model, report.framework, tuple(r.output_shape for r in report.layers),
        tuple(r.params for r in report.layers), report.trainable, report.non_trainable,
    )


@lru_cache(maxsize=4096)
def analysis(model: Model, framework: Framework) -> ModelReport:
    """`analyze`, remembered: a bank asks several questions about one model, and practice
    builds the same questions again (models and reports are immutable)."""
    return analyze(model, framework)


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
