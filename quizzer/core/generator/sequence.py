"""The seeded question sequence: `question_at`, `generate` and `similar`.

The question at a position depends only on the seed, the options and the position (each
question has its own random generator, seeded from their text), so any position can be
computed on its own and the sequence is identical everywhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from quizzer.core.counting import ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.generator.families import LAYER_RANGE, MAX_PARAMS, build, choose_family
from quizzer.core.generator.kinds import KINDS, Draw
from quizzer.core.generator.options import FAMILIES, GENERATED_KINDS, GeneratorOptions
from quizzer.core.generator.rng import rng_for, weighted
from quizzer.core.model import Model
from quizzer.core.questions import Question, QuestionKind

MAX_DRAWS = 200
"""Models drawn for one question before giving up (never reached in practice; tested)."""
KIND_WEIGHTS: tuple[tuple[QuestionKind, float], ...] = (
    ("total", 0.3), ("layer", 0.2), ("output_shape", 0.15), ("trainable", 0.15),
    ("solve", 0.1), ("compare", 0.1),
)


def checked(model: Model, options: GeneratorOptions) -> ModelReport | None:
    """The analysed model, or None when the framework rejects it or it is out of range."""
    try:
        report = analyze(model, options.framework)
    except QuizzerError:
        return None
    low, high = LAYER_RANGE[options.difficulty]
    if not low <= len(report.layers) <= high or report.total > MAX_PARAMS[options.difficulty]:
        return None
    return report


def _kind(rng: random.Random, report: ModelReport) -> QuestionKind:
    has_bn = any(r.layer.kind == "BatchNormalization" for r in report.layers)
    weights = [(kind, w) for kind, w in KIND_WEIGHTS if has_bn or kind != "trainable"]
    return weighted(rng, weights)


def draw_question(rng: random.Random, id: str, options: GeneratorOptions) -> Question:
    """Draw models until one makes a question of the wanted kind."""
    for _ in range(MAX_DRAWS):
        family = choose_family(options.family, options.difficulty, rng)
        try:
            model = build(family, options.difficulty, options.framework, rng)
        except QuizzerError:  # a layer that does not fit the shape so far: draw again
            continue
        report = checked(model, options)
        if report is None:
            continue
        kind = options.kind or _kind(rng, report)
        draw = Draw(id, model, report, family, options.difficulty, rng)
        made = KINDS[kind](draw)
        if made is None and options.kind is None:
            made = KINDS["total"](draw)
        if made is not None:
            return made
    raise QuizzerError(f"could not generate a question for {options.key}")


def question_id(seed: int, position: int, options: GeneratorOptions) -> str:
    """Stable and unique per seed, options and position, e.g. `g42-keras-d3-cnn-any-17`."""
    return (f"g{seed}-{options.framework}-d{options.difficulty}-{options.family}-"
            f"{options.kind or 'any'}-{position}")


def question_at(seed: int, position: int, options: GeneratorOptions) -> Question:
    """The question at `position` of the sequence for `seed` and `options`."""
    rng = rng_for(seed, options.key, position)
    return draw_question(rng, question_id(seed, position, options), options)


def generate(seed: int, options: GeneratorOptions) -> Iterator[Question]:
    """An endless, deterministic sequence of questions."""
    position = 0
    while True:
        yield question_at(seed, position, options)
        position += 1


SIMILAR_TRIES = 12


def similar(question: Question, seed: int) -> Question:
    """A question of the same kind, framework, difficulty and family whose skills overlap
    the original's most, with new numbers (deterministic for the question and seed)."""
    family = question.family if question.family in FAMILIES else "mixed"
    if question.family == "hybrid":
        family = "mixed"
    kind = question.kind if question.kind in GENERATED_KINDS else None
    options = GeneratorOptions(question.framework, min(max(question.difficulty, 1), 5),
                               family, kind)
    wanted = set(question.skills)
    best: tuple[float, Question] | None = None
    for attempt in range(SIMILAR_TRIES):
        rng = rng_for("similar", seed, question.id, attempt)
        candidate = draw_question(rng, f"{question.id}~{seed}.{attempt}", options)
        if candidate.code == question.code and candidate.answer == question.answer:
            continue
        union = wanted | set(candidate.skills)
        score = len(wanted & set(candidate.skills)) / len(union) if union else 1.0
        if best is None or score > best[0]:
            best = (score, candidate)
        if score == 1.0:
            break
    assert best is not None  # twelve identical draws cannot happen
    return best[1]
