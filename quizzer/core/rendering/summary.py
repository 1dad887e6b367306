"""A summary table like Keras's `model.summary()`: layer, output shape, params."""

from __future__ import annotations

from quizzer.core.counting import ModelReport
from quizzer.core.model import format_shape


def summary_rows(report: ModelReport) -> list[tuple[str, str, str]]:
    """(layer (type), output shape, params) for each layer."""
    return [
        (f"{r.name} ({r.layer.kind})", format_shape(r.output_shape), f"{r.params:,}")
        for r in report.layers
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
