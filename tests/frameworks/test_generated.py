"""Generated questions against the real frameworks: 0 mismatches.

Per framework: `QUIZZER_GENERATED_MODELS` (default 2,000) questions of any kind over every
difficulty and family, plus `QUIZZER_GENERATED_PER_KIND` (default 2) per forced kind,
difficulty and family (360 more). Each runs its own `code` (the runnable code `quizzer
generate` prints); the framework's counts must equal the question's: total, trainable,
non-trainable and, for PyTorch, buffers; for a comparison `other_model` too. Keras gives every
layer's output shape for free, so all Keras models are checked layer by layer. PyTorch shapes
need a forward pass, so every `TORCH_SHAPE_EVERY`-th model also goes through the full
forward-pass check of `builders.mismatches`.
"""

from __future__ import annotations

import math
import os
import warnings
from typing import Any

import pytest

from frameworks.builders import mismatches
from quizzer.core.counting import analyze
from quizzer.core.generator import FAMILIES, GENERATED_KINDS, GeneratorOptions, question_at
from quizzer.core.model import FRAMEWORKS, Framework, Model
from quizzer.core.questions import Question

TOTAL = int(os.environ.get("QUIZZER_GENERATED_MODELS", "2000"))
"""Generated questions per framework."""
DIFFICULTIES = (1, 2, 3, 4, 5)
GROUPS = [(d, f) for d in DIFFICULTIES for f in FAMILIES]
PER_GROUP = math.ceil(TOTAL / len(GROUPS))
TORCH_SHAPE_EVERY = 5
SEED = 20240


def run_code(code: str) -> dict[str, Any]:
    """Execute a generated question's own code (quizzer's output, never user input)."""
    namespace: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<generated>", "exec"), namespace)
    return namespace


def framework_counts(built: Any, framework: Framework) -> tuple[int, int, int, int | None]:
    if framework == "keras":
        trainable = sum(math.prod(w.shape) for w in built.trainable_weights)
        frozen = sum(math.prod(w.shape) for w in built.non_trainable_weights)
        return int(built.count_params()), int(trainable), int(frozen), None
    params = list(built.parameters())
    return (
        sum(p.numel() for p in params),
        sum(p.numel() for p in params if p.requires_grad),
        sum(p.numel() for p in params if not p.requires_grad),
        sum(b.numel() for b in built.buffers()),
    )


def engine_counts(model: Model, framework: Framework) -> tuple[int, int, int, int | None]:
    report = analyze(model, framework)
    buffers = report.buffers if framework == "pytorch" else None
    return report.total, report.trainable, report.non_trainable, buffers


def keras_shapes(built: Any) -> list[tuple[Any, ...]]:
    import keras

    return [tuple(layer.output.shape)[1:] for layer in built.layers
            if not isinstance(layer, keras.layers.InputLayer)]


def problems_of(q: Question, position: int) -> list[str]:
    """Every difference between the question and what the framework builds."""
    framework = q.framework
    record = q.to_dict()
    namespace = run_code(record["code"])
    problems = []
    stated = (record["total_params"], record["trainable_params"],
              record["non_trainable_params"], record["buffers"])
    got = framework_counts(namespace["model"], framework)
    if got != stated:
        problems.append(f"{q.id}: model counts {got} != stated {stated}")
    models = [("model", q.model)]
    if q.other_model is not None:
        models.append(("other_model", q.other_model))
        got = framework_counts(namespace["other_model"], framework)
        want = engine_counts(q.other_model, framework)
        if got != want:
            problems.append(f"{q.id}: other_model counts {got} != engine {want}")
    for var, model in models:
        assert model is not None
        if framework == "keras":
            want_shapes = [r.output_shape for r in analyze(model, framework).layers]
            got_shapes = keras_shapes(namespace[var])
            if got_shapes != want_shapes:
                problems.append(f"{q.id}: {var} shapes {got_shapes} != {want_shapes}")
        elif position % TORCH_SHAPE_EVERY == 0:
            problems += [f"{q.id}: {var} {line}" for line in mismatches(model, framework)]
    if problems:
        problems.append("code:\n" + record["code"])
    return problems


@pytest.mark.parametrize(("difficulty", "family"), GROUPS,
                         ids=[f"d{d}-{f}" for d, f in GROUPS])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_models_match_the_framework(
    framework: Framework, difficulty: int, family: str,
) -> None:
    options = GeneratorOptions(framework, difficulty, family)
    problems: list[str] = []
    for position in range(PER_GROUP):
        problems += problems_of(question_at(SEED, position, options), position)
    assert problems == []


PER_KIND = int(os.environ.get("QUIZZER_GENERATED_PER_KIND", "2"))
"""Questions per kind, difficulty and family when the kind is forced (a BatchNorm inserted for
a trainable question, a Dense head added for a solve question, ...)."""


@pytest.mark.parametrize("kind", GENERATED_KINDS)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_each_forced_kind_matches_the_framework(framework: Framework, kind: str) -> None:
    problems: list[str] = []
    for difficulty, family in GROUPS:
        options = GeneratorOptions(framework, difficulty, family, kind)  # type: ignore[arg-type]
        for position in range(PER_KIND):
            problems += problems_of(question_at(SEED, position, options), position)
    assert problems == []


def test_the_suite_covers_two_thousand_models_per_framework() -> None:
    assert PER_GROUP * len(GROUPS) >= min(TOTAL, 2000)
