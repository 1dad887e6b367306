"""Solve-for-an-unknown questions: a layer's width written as `h`, the total given.

The total is a strictly increasing function of h (the layer's own count grows with h and no
count shrinks), so h is unique. Only layers where the total is linear in h are used, which
keeps the algebra one division: total = a·h + b, so h = (total − b) / a. `h` must also appear
in the shown code only as itself (never inside a computed number such as a flattened size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from quizzer.core import layers
from quizzer.core.counting import ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.generator.cache import rendered
from quizzer.core.model import Framework, Model

SENTINELS = (7919, 7927)
"""Two primes put in for h to find where h appears in the code and the formulas."""


@dataclass(frozen=True)
class Unknown:
    """The layer whose width is h, and the total as a·h + b."""

    index: int
    field: str
    """`units` (Dense), `filters` (Conv2D) or `key_dim` (Keras MultiHeadAttention)."""
    value: int
    a: int
    b: int
    shown_code: str
    """The code with the width written as `h`."""
    at_one: ModelReport = dataclass_field(repr=False, compare=False)
    at_two: ModelReport = dataclass_field(repr=False, compare=False)
    """The model analysed with h = 1 and h = 2 (for the per-layer algebra)."""


def with_width(model: Model, index: int, field: str, value: int) -> Model:
    """The model with the layer's `field` set to `value`."""
    layer = replace(model.layers[index], **{field: value})
    return Model(model.input_shape, (*model.layers[:index], layer, *model.layers[index + 1:]))


def _analysed(model: Model, framework: Framework) -> ModelReport | None:
    try:
        return analyze(model, framework)
    except QuizzerError:
        return None


def placeholder(text: str, sentinel: int = SENTINELS[0]) -> str:
    """The text with the sentinel written as `h`."""
    return re.sub(rf"\b{sentinel}\b", "h", text)


def find_unknown(report: ModelReport, index: int) -> Unknown | None:
    """The unknown for this layer of the analysed model, or None when it does not make a
    clean question."""
    model, framework = report.model, report.framework
    layer = model.layers[index]
    if isinstance(layer, layers.Dense):
        name, value = "units", layer.units
    elif isinstance(layer, layers.Conv2D):
        name, value = "filters", layer.filters
    elif isinstance(layer, layers.MultiHeadAttention) and framework == "keras":
        name, value = "key_dim", layer.key_dim
    else:
        return None
    one = _analysed(with_width(model, index, name, 1), framework)
    two = _analysed(with_width(model, index, name, 2), framework)
    if one is None or two is None or two.total <= one.total:
        return None
    a, b = two.total - one.total, 2 * one.total - two.total
    if a * value + b != report.total:
        return None  # not linear in h
    # Keras code states every width itself; PyTorch code also derives in-sizes (a Flatten's
    # product), so there a second sentinel must give the same text.
    sentinels = SENTINELS if framework == "pytorch" else SENTINELS[:1]
    try:
        shown = [
            placeholder(rendered(with_width(model, index, name, s), framework), s)
            for s in sentinels
        ]
    except QuizzerError:
        return None
    if len(set(shown)) != 1 or not re.search(r"\bh\b", shown[0]):
        return None
    return Unknown(index, name, value, a, b, shown[0], one, two)


def _linear(a: int, b: int) -> str:
    if a == 0:
        return f"{b:,}"
    term = "h" if a == 1 else f"{a:,}h"
    if b == 0:
        return term
    return f"{term} + {b:,}" if b > 0 else f"{term} − {-b:,}"


def algebra(report: ModelReport, unknown: Unknown) -> list[str]:
    """Each layer's count in terms of h, the total as a·h + b, and the division."""
    framework, model = report.framework, report.model
    one, two = unknown.at_one, unknown.at_two
    sentinel = SENTINELS[0]
    symbolic = analyze(with_width(model, unknown.index, unknown.field, sentinel), framework)
    lines = ["Write each layer's count in terms of h:"]
    for r1, r2, rs in zip(one.layers, two.layers, symbolic.layers, strict=True):
        a, b = r2.params - r1.params, 2 * r1.params - r2.params
        if a == 0 and b == 0:
            continue
        numbers = placeholder(rs.formula.numbers, sentinel)
        shown = f"{numbers} = {_linear(a, b)}" if a and "h" in numbers else _linear(a, b)
        lines.append(f"  {rs.index + 1}. {rs.name} ({rs.layer.kind}): {shown}")
    total = report.total
    a, b = unknown.a, unknown.b
    lines.append(f"Total: {_linear(a, b)} = {total:,}")
    if b:
        lines.append(f"  {_linear(a, 0)} = {total:,} − {b:,} = {total - b:,}")
    if a != 1:
        lines.append(f"  h = {total - b:,} / {a:,} = {unknown.value:,}")
    return lines
