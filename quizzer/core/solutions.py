"""Worked solutions in the seed's style: formula, numbers put in, result, then the total."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.counting import LayerReport, ModelReport
from quizzer.core.layers import Conv2D, Dense
from quizzer.core.layers.base import framework_title
from quizzer.core.model import Formula

SEED_LINE_LAYERS = 6
"""The seed's one-line form is given for Dense stacks of at most this many layers."""
TOTAL_TERMS = 12
"""The total is written out as a sum of at most this many counts (else summed in words)."""


@dataclass(frozen=True)
class SolutionStep:
    """One layer's line of the solution."""

    name: str
    kind: str
    """The layer's type as the framework names it (`Conv2D`, or `Conv2d` for PyTorch)."""
    formula: Formula
    detail: str
    """What the count is made of, e.g. `12 weights and 3 biases`."""


@dataclass(frozen=True)
class Solution:
    """The worked solution of a model's parameter count under one framework."""

    framework: str
    steps: tuple[SolutionStep, ...]
    total: int
    trainable: int
    non_trainable: int
    buffers: int
    seed_line: str | None
    """The seed README's one-line form, for a short Dense stack or a single Conv2D."""

    def text(self) -> str:
        """The solution as plain text."""
        lines = [f"num_params = weights + biases, layer by layer ({self.framework}):", ""]
        for number, step in enumerate(self.steps, start=1):
            lines.extend(_step_lines(number, step))
        lines.append("")
        counted = [s.formula.value for s in self.steps if s.formula.value]
        if len(counted) > TOTAL_TERMS:
            lines.append(f"Total = the sum of the {len(counted):,} non-zero counts above "
                         f"= {self.total}")
        elif len(counted) > 1:
            lines.append(f"Total = {' + '.join(str(v) for v in counted)} = {self.total}")
        else:
            lines.append(f"Total = {self.total}")
        if self.non_trainable:
            lines.append(f"  trainable {self.trainable} + non-trainable {self.non_trainable}")
        if self.buffers:
            lines.append(f"  (plus {self.buffers} buffer values, which are not parameters)")
        if self.seed_line:
            lines += ["", f"In one line: {self.seed_line}"]
        return "\n".join(lines) + "\n"


def _step_lines(number: int, step: SolutionStep) -> list[str]:
    head = f"{number}. {step.name} ({step.kind})"
    formula = step.formula
    if formula.value == 0 and formula.symbols == "0":
        return [f"{head}: 0", *(f"   {note}" for note in formula.notes)]
    detail = f" ({step.detail})" if step.detail else ""
    lines = [
        f"{head}: {formula.symbols}",
        f"   = {formula.numbers}",
        f"   = {formula.value}{detail}",
    ]
    return lines + [f"   {note}" for note in formula.notes]


def _detail(report: LayerReport) -> str:
    if report.non_trainable:
        return f"{report.trainable} trainable and {report.non_trainable} non-trainable"
    biases = sum(w.size for w in report.weights if _is_bias(w.name) and not w.buffer)
    weights = report.params - biases
    if biases and weights:
        return f"{weights} weights and {biases} {'bias' if biases == 1 else 'biases'}"
    return ""


def _is_bias(name: str) -> bool:
    """`bias`, `bias_ih_l0`, `in_proj_bias`, `query/bias`, `beta`: the additive vectors."""
    return "bias" in name or name.endswith("beta")


def seed_line(report: ModelReport) -> str | None:
    """`(3×5 + 5×2) + (5+2) = 32` for a Dense stack of at most `SEED_LINE_LAYERS` layers;
    `[1 × (2×2) × 3] + 3 = 15` for a single Conv2D."""
    layers = report.layers
    if 0 < len(layers) <= SEED_LINE_LAYERS and all(
        isinstance(r.layer, Dense) and r.layer.use_bias for r in layers
    ):
        sizes = [r.formula.numbers.split(" + ")[0] for r in layers]
        biases = "+".join(str(r.output_shape[-1]) for r in layers)
        return f"({' + '.join(sizes)}) + ({biases}) = {report.total}"
    if len(layers) == 1 and isinstance(layers[0].layer, Conv2D):
        return f"{layers[0].formula.numbers} = {report.total}"
    return None


def solve(report: ModelReport) -> Solution:
    """The worked solution for an analysed model."""
    steps = tuple(
        SolutionStep(r.name, r.type_name(report.framework), r.formula, _detail(r))
        for r in report.layers
    )
    return Solution(
        framework_title(report.framework),
        steps,
        report.total,
        report.trainable,
        report.non_trainable,
        report.buffers,
        seed_line(report),
    )
