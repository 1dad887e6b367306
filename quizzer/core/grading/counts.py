"""Diagnosing a wrong count: the misconceptions that produce it, else what it is built from.

When no misconception matches, the diagnosis only states facts about the learner's number: the
layers whose counts add up to it (and those it leaves out), or that no sum of the layers'
counts (or of one layer's weight tensors) gives it.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizzer.core.counting import LayerReport, ModelReport
from quizzer.core.misconceptions import Measure, alternatives, counts

MAX_SUMS = 100_000
"""Largest number of distinct subset sums explored (keeps any model quick)."""


def misconception_matches(
    report: ModelReport, value: int, measure: Measure = "total",
    layers: Sequence[int] | None = None, subject: str = "the count",
) -> list[str]:
    """The descriptions of every misconception whose number is `value`, without repeats."""
    found = [a.description for a in alternatives(report, measure, layers, subject)
             if a.value == value]
    return list(dict.fromkeys(found))


def subset_with_sum(parts: Sequence[int], target: int) -> tuple[int, ...] | None:
    """Indexes of `parts` whose sum is `target` (fewest-first search order), or None."""
    reachable: dict[int, tuple[int, ...]] = {0: ()}
    for index, part in enumerate(parts):
        for total, chosen in list(reachable.items()):
            new = total + part
            if new not in reachable and new <= target and len(reachable) < MAX_SUMS:
                reachable[new] = (*chosen, index)
    return reachable.get(target) if target > 0 else None


def _layer_label(report: LayerReport) -> str:
    return f"layer {report.index + 1} ({report.name})"


def _span(indexes: Sequence[int]) -> str:
    """`layers 1-3` for a run, else `layers 1, 3 and 5`."""
    numbers = [i + 1 for i in indexes]
    if len(numbers) == 1:
        return f"layer {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"layers {numbers[0]}-{numbers[-1]}"
    return "layers " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def build_up(
    report: ModelReport, value: int, measure: Measure, layers: Sequence[int] | None,
) -> str:
    """What the learner's number is built from, or that it is no sum of the parts."""
    chosen = report.layers if layers is None else [report.layers[i] for i in layers]
    if value < 0:
        return f"{value:,} is negative; a count is never below 0"
    if len(chosen) == 1:
        return _build_up_layer(chosen[0], value, measure)
    counted = [(r, counts(r).measure(measure)) for r in chosen if counts(r).measure(measure)]
    subset = subset_with_sum([c for _, c in counted], value)
    if subset is None:
        listed = ", ".join(f"{_layer_label(r)} {c:,}" for r, c in counted)
        what = {"total": "counts", "trainable": "trainable counts",
                "non_trainable": "non-trainable counts", "buffers": "buffer values"}[measure]
        return f"{value:,} is not a sum of any of the layers' {what} ({listed})"
    used = [counted[i][0].index for i in subset]
    missing = [(r, c) for k, (r, c) in enumerate(counted) if k not in subset]
    if len(used) == 1:
        head = f"{value:,} is the count of {_layer_label(report.layers[used[0]])} alone"
    else:
        head = f"{value:,} matches the sum of {_span(used)}"
    left_out = " and ".join(f"the {c:,} of {_layer_label(r)}" for r, c in missing)
    return f"{head} but not {left_out}" if left_out else head


def _build_up_layer(report: LayerReport, value: int, measure: Measure) -> str:
    """The same for one layer, over its weight tensors."""
    weights = [w for w in report.weights if _in_measure(w.trainable, w.buffer, measure)]
    parts = [w.size for w in weights]
    listed = ", ".join(f"{w.name} {w.size:,}" for w in weights)
    subset = subset_with_sum(parts, value) if len(weights) > 1 else None
    if subset is None:
        if not weights:
            return f"{_layer_label(report)} has no such values: the answer is 0"
        return f"{value:,} is not a sum of the layer's weight tensors ({listed})"
    used = " + ".join(weights[i].name for i in subset)
    missing = " and ".join(f"{w.name} ({w.size:,})" for k, w in enumerate(weights)
                           if k not in subset)
    return f"{value:,} counts the layer's {used} but not its {missing}"


def _in_measure(trainable: bool, buffer: bool, measure: Measure) -> bool:
    if measure == "buffers":
        return buffer
    if buffer:
        return False
    if measure == "trainable":
        return trainable
    if measure == "non_trainable":
        return not trainable
    return True


def diagnose_count(
    report: ModelReport, value: int, measure: Measure = "total",
    layers: Sequence[int] | None = None, subject: str = "the count",
) -> tuple[str, ...]:
    """Every matching misconception, or else what the number is built from."""
    matches = misconception_matches(report, value, measure, layers, subject)
    return tuple(matches) if matches else (build_up(report, value, measure, layers),)


def diagnose_compare(
    report: ModelReport, other: ModelReport, value: int, change: str | None,
) -> tuple[str, ...]:
    """A wrong difference: the order of the subtraction, one total alone, or a misconception
    applied to both models."""
    from quizzer.core.misconceptions import CATALOGUE, altered, value_with

    right = report.total - other.total
    found: list[str] = []
    if value == -right and right:
        found.append(f"{value:,} is other_model's total minus model's; the question asks for "
                     "model's total minus other_model's")
    if value == report.total:
        found.append(f"{value:,} is model's total alone; subtract other_model's "
                     f"({other.total:,})")
    if value == other.total:
        found.append(f"{value:,} is other_model's total alone, not the difference")
    for misconception in CATALOGUE:
        if misconception.one_layer_only:
            continue
        mine = altered(misconception, report, "total")
        theirs = altered(misconception, other, "total")
        if not mine and not theirs:
            continue
        wrong = value_with(report, mine, "total") - value_with(other, theirs, "total")
        if wrong == value:
            touched = [report.layers[i] for i in mine] + [other.layers[i] for i in theirs]
            what, _, why = misconception.phrase(touched, report.framework).partition("; ")
            found.append(f"{value:,} is the difference {what}" + (f"; {why}" if why else ""))
    if found:
        return tuple(dict.fromkeys(found))
    where = f" The models differ here: {change}." if change else ""
    return (f"{value:,} is not the difference under any slip quizzer knows.{where}",)
