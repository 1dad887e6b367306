"""Diagnosing a wrong h in a solve question: which misconception makes that h fit the total."""

from __future__ import annotations

from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.generator.unknowns import with_width
from quizzer.core.misconceptions import CATALOGUE, altered, scopes, value_with
from quizzer.core.model import Framework, Model

MAX_CHECKED = 1_000_000
"""Largest h rebuilt to test misconceptions (beyond that only the total is stated)."""


def diagnose_unknown(
    model: Model, framework: Framework, layer_index: int, field: str, given: int, total: int,
) -> tuple[str, ...]:
    """Misconceptions under which the learner's h gives the stated total; else the total
    their h really gives."""
    if given <= 0:
        return (f"h = {given} is not a width: h is a whole number of at least 1",)
    report = None
    if given <= MAX_CHECKED:
        try:
            report = analyze(with_width(model, layer_index, field, given), framework)
        except QuizzerError:
            report = None
    found: list[str] = []
    if report is not None:
        for misconception in CATALOGUE:
            changes = altered(misconception, report, "total")
            for scope in scopes(misconception, changes, report, "total"):
                picked = {i: changes[i] for i in scope}
                if value_with(report, picked, "total") != total:
                    continue
                touched = [report.layers[i] for i in scope]
                what, _, why = misconception.phrase(touched, framework).partition("; ")
                found.append(f"h = {given:,} makes the total {total:,} when counted {what}"
                             + (f"; {why}" if why else ""))
    if found:
        return tuple(dict.fromkeys(found))
    if report is None:
        return (f"h = {given:,} does not fit this model, or is too large to check",)
    return (f"with h = {given:,} the total would be {report.total:,}, not {total:,}",)
