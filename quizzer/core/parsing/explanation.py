"""What `quizzer explain` shows for parsed code: the summary table and the worked solution as
text, or one JSON-ready dict with the counts and each layer's shape and formula."""

from __future__ import annotations

from typing import Any

from quizzer.core.counting import LayerReport
from quizzer.core.layers.base import framework_title
from quizzer.core.model import Formula, Shape, format_shape
from quizzer.core.parsing.program import ParsedModel
from quizzer.core.rendering.summary import output_shapes, render_summary
from quizzer.core.solutions import solve

UNKNOWN_SHAPES = (
    "Shapes: unknown (None) where the code does not fix them; PyTorch code states no input "
    "size, so add a comment such as `# input: (batch, 3, 224, 224)` above the model to see "
    "them. The counts do not depend on them."
)


def shapes_unknown(parsed: ParsedModel) -> bool:
    """True for PyTorch code whose layer shapes are not all known."""
    return parsed.framework == "pytorch" and any(
        None in r.output_shape for r in parsed.report.layers
    )


def explanation_text(parsed: ParsedModel, detected: bool = False) -> str:
    """The model line, the summary table, shape notes and the worked solution."""
    report = parsed.report
    how = ", detected from the code" if detected else ""
    layers = len(report.layers)
    head = (f"{parsed.name or 'model'}: {framework_title(parsed.framework)} code{how}, "
            f"{layers} layer{'s' if layers != 1 else ''}\n\n")
    notes = []
    if shapes_unknown(parsed):
        notes.append(UNKNOWN_SHAPES)
    note_text = "".join(f"{note}\n" for note in notes)
    return head + render_summary(report) + note_text + "\n" + solve(report).text()


def formula_text(formula: Formula) -> str:
    """`i×o + o = 3×5 + 5 = 20`, without repeating equal parts (`0`)."""
    parts = [formula.symbols]
    if formula.numbers != parts[-1]:
        parts.append(formula.numbers)
    if str(formula.value) != parts[-1]:
        parts.append(str(formula.value))
    return " = ".join(parts)


def _layer(parsed: ParsedModel, report: LayerReport, shape: Shape) -> dict[str, Any]:
    unknown = parsed.framework == "pytorch" and None in shape
    return {
        "name": report.name,
        "type": report.type_name(parsed.framework),
        "output_shape": None if unknown else format_shape(shape),
        "params": report.params,
        "formula": formula_text(report.formula),
    }


def explanation_json(parsed: ParsedModel) -> dict[str, Any]:
    """The counts and the layers as one JSON-ready dict.

    Output shapes are those of the summary table (PyTorch's own layout for PyTorch code), with
    None where a PyTorch shape is unknown.
    """
    report = parsed.report
    shapes = output_shapes(report)
    return {
        "framework": parsed.framework,
        "total_params": report.total,
        "trainable_params": report.trainable,
        "non_trainable_params": report.non_trainable,
        "buffers": report.buffers if parsed.framework == "pytorch" else None,
        "layers": [_layer(parsed, r, s) for r, s in zip(report.layers, shapes, strict=True)],
    }
