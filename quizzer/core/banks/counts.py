"""The answer a card asks for, from the engine's (remembered) analysis of its model."""

from __future__ import annotations

from quizzer.core.banks.schema import Ask
from quizzer.core.counting import ModelReport
from quizzer.core.model import Shape
from quizzer.core.rendering.summary import output_shapes


def asked_answer(report: ModelReport, ask: Ask, index: int | None) -> int | Shape:
    """The right answer to `ask` (about the layer at `index` where it needs one); output
    shapes as the framework holds them (PyTorch puts channels first)."""
    if ask == "total":
        return report.total
    if ask == "trainable":
        return report.trainable
    if ask == "non_trainable":
        return report.non_trainable
    assert index is not None, f"ask: {ask} needs a layer"
    if ask == "layer":
        return report.layers[index].params
    return output_shapes(report)[index]
