"""A summary table like Keras's `model.summary()`: layer, output shape, params.

Output shapes are shown as the framework holds them: channels last for Keras, and for PyTorch
in the layout of the rendered code (channels first around convolutions).
"""

from __future__ import annotations

from quizzer.core.counting import ModelReport
from quizzer.core.model import Shape, format_shape


def output_shapes(report: ModelReport) -> tuple[Shape, ...]:
    """Each layer's output shape (batch excluded) in the framework's own layout."""
    if report.framework == "keras":
        return tuple(r.output_shape for r in report.layers)
    from quizzer.core.rendering.pytorch import torch_plan

    return tuple(step.output_shape for step in torch_plan(report.model))


def input_shapes(report: ModelReport) -> tuple[Shape, ...]:
    """Each layer's input shape (batch excluded) in the framework's own layout."""
    if report.framework == "keras":
        return tuple(r.input_shape for r in report.layers)
    from quizzer.core.rendering.pytorch import torch_input_shape

    return (torch_input_shape(report.model), *output_shapes(report)[:-1])


def summary_rows(report: ModelReport) -> list[tuple[str, str, str]]:
    """(layer (type), output shape, params) for each layer; the type as the framework names
    it (`Conv2D` in Keras, `Conv2d` in PyTorch: see `LayerReport.type_name`)."""
    return [
        (f"{r.name} ({r.type_name(report.framework)})", format_shape(shape), f"{r.params:,}")
        for r, shape in zip(report.layers, output_shapes(report), strict=True)
    ]


def render_summary(report: ModelReport) -> str:
    """The table as plain text, with totals underneath."""
    header = ("Layer (type)", "Output Shape", "Param #")
    rows = summary_rows(report)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]

    def line(row: tuple[str, str, str]) -> str:
        return f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}".rstrip()

    rule = "─" * (sum(widths) + 4)
    lines = [line(header), rule, *(line(r) for r in rows), rule]
    lines.append(f"Total params: {report.total:,}")
    if report.framework == "keras":
        lines.append(f"Trainable params: {report.trainable:,}")
        lines.append(f"Non-trainable params: {report.non_trainable:,}")
    else:
        lines.append(f"Buffers (not parameters): {report.buffers:,}")
    return "\n".join(lines) + "\n"
