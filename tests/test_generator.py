"""The question generator: deterministic, valid, exact, and as hard as the difficulty says."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from itertools import islice

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.generator import (
    FAMILIES,
    GENERATED_KINDS,
    GeneratorOptions,
    generate,
    question_at,
    similar,
)
from quizzer.core.generator.families import LAYER_RANGE, MAX_PARAMS
from quizzer.core.generator.unknowns import with_width
from quizzer.core.grading import grade
from quizzer.core.layers import (
    BatchNormalization,
    Bidirectional,
    Conv2D,
    Dense,
    DepthwiseConv2D,
    MultiHeadAttention,
    Recurrent,
    SeparableConv2D,
)
from quizzer.core.model import Framework, Model
from quizzer.core.questions import Question, format_answer
from quizzer.core.rendering.pytorch import torch_plan
from quizzer.core.skills import SKILLS

HAS_PARSER = importlib.util.find_spec("quizzer.core.parsing") is not None

options_strategy = st.builds(
    GeneratorOptions,
    framework=st.sampled_from(["keras", "pytorch"]),
    difficulty=st.integers(1, 5),
    family=st.sampled_from(FAMILIES),
    kind=st.sampled_from([None, *GENERATED_KINDS]),
)


def expected_answer(q: Question) -> object:
    """The answer recomputed from the question's model with the engine."""
    assert q.model is not None
    report = analyze(q.model, q.framework)
    if q.kind == "total":
        return report.total
    if q.kind == "layer":
        assert q.layer_index is not None
        return report.layers[q.layer_index].params
    if q.kind == "trainable":
        return {"trainable": report.trainable, "non_trainable": report.non_trainable,
                "buffers": report.buffers}[q.extra["measure"]]
    if q.kind == "output_shape":
        assert q.layer_index is not None
        if q.framework == "pytorch":
            return torch_plan(q.model)[q.layer_index].output_shape
        return report.layers[q.layer_index].output_shape
    if q.kind == "compare":
        assert q.other_model is not None
        return report.total - analyze(q.other_model, q.framework).total
    assert q.kind == "solve"
    return q.model.layers[q.extra["unknown"]["layer_index"]].__dict__[
        q.extra["unknown"]["field"]]


def check_question(q: Question, options: GeneratorOptions) -> None:
    """Everything a generated question promises."""
    assert q.model is not None
    assert q.framework == options.framework
    assert options.kind is None or q.kind == options.kind
    assert q.difficulty == options.difficulty
    report = analyze(q.model, q.framework)  # valid in its framework
    record = q.to_dict()
    assert record["total_params"] == report.total
    assert record["trainable_params"] == report.trainable
    assert record["non_trainable_params"] == report.non_trainable
    assert record["buffers"] == (report.buffers if q.framework == "pytorch" else None)
    assert q.answer == expected_answer(q)
    assert grade(q, format_answer(q.answer)).correct
    if isinstance(q.answer, int) and q.answer >= 0:
        assert grade(q, str(q.answer)).correct
        assert grade(q, f"{q.answer:_}").correct
    assert q.skills and set(q.skills) <= set(SKILLS)
    assert q.solution.strip() and q.prompt.strip()
    assert "model = " in record["code"] or "model = keras" in record["code"]
    if q.kind == "compare":
        assert "other_model = " in record["code"]
    low, high = LAYER_RANGE[q.difficulty]
    extra = 1 if q.kind == "trainable" else 0  # a BatchNorm may be added for the question
    assert low <= len(q.model.layers) <= high + extra
    assert report.total <= MAX_PARAMS[q.difficulty] * 2


@settings(max_examples=1500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.integers(0, 2**32), position=st.integers(0, 10**6), options=options_strategy)
def test_generated_questions_keep_their_promises(
    seed: int, position: int, options: GeneratorOptions,
) -> None:
    check_question(question_at(seed, position, options), options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), options=options_strategy)
def test_question_at_is_deterministic(seed: int, options: GeneratorOptions) -> None:
    first = [q.to_dict() for q in islice(generate(seed, options), 3)]
    again = [question_at(seed, i, options).to_dict() for i in range(3)]
    assert first == again


def test_ids_are_unique_and_stable() -> None:
    ids = []
    for framework in ("keras", "pytorch"):
        for difficulty in (1, 3, 5):
            for family in FAMILIES:
                options = GeneratorOptions(framework, difficulty, family)  # type: ignore[arg-type]
                ids += [q.id for q in islice(generate(42, options), 15)]
    ids += [q.id for q in islice(generate(43, GeneratorOptions()), 50)]
    assert len(ids) == len(set(ids))
    assert question_at(42, 17, GeneratorOptions("keras", 3, "cnn")).id == (
        "g42-keras-d3-cnn-any-17")


def test_the_sequence_is_pinned_across_machines() -> None:
    # Seeded from strings with SHA-512 (never hash()): these never change on any machine.
    answers = [format_answer(q.answer) for q in islice(generate(2024, GeneratorOptions()), 6)]
    assert answers == PINNED


PINNED = ["34", "20", "26", "30", "54", "91"]
"""Generator version `quizzer-generator-2` (difficulty 1 `mixed` serves only the seed's kinds
of model); a change here means a new `VERSION` in `quizzer.core.generator.rng`."""


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_difficulty_one_is_seed_sized(framework: Framework) -> None:
    for q in islice(generate(5, GeneratorOptions(framework, 1, "mixed", "total")), 200):
        assert q.model is not None
        assert 1 <= len(q.model.layers) <= 2
        assert isinstance(q.answer, int) and q.answer <= MAX_PARAMS[1]
        for layer in q.model.layers:
            if isinstance(layer, Dense):
                assert layer.units <= 9
            if isinstance(layer, Conv2D):
                assert layer.filters <= 6 and layer.kernel_size[0] <= 3


SEED_SIZED_TOTAL = 300
"""No difficulty-1 mixed model (nor a comparison's other model) has more parameters."""


def seed_sized(model: Model | None, framework: Framework) -> None:
    """The seed's kind of model: one or two small Dense layers, or one small Conv2D."""
    assert model is not None
    kinds = [layer.kind for layer in model.layers]
    assert kinds in (["Dense"], ["Dense", "Dense"], ["Conv2D"]), kinds
    assert all(d is None or d <= 10 for d in model.input_shape)
    for layer in model.layers:
        if isinstance(layer, Dense):
            assert layer.units <= 10 and layer.activation is None
        if isinstance(layer, Conv2D):
            assert layer.filters <= 10 and layer.kernel_size[0] <= 3
            assert layer.strides is None and layer.padding == "valid" and layer.groups == 1
    assert analyze(model, framework).total <= SEED_SIZED_TOTAL


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_mixed_difficulty_one_serves_only_the_seeds_kind_of_model(framework: Framework) -> None:
    kinds: Counter[str] = Counter()
    models: Counter[str] = Counter()
    for q in islice(generate(11, GeneratorOptions(framework, 1, "mixed")), 500):
        kinds[q.kind] += 1
        seed_sized(q.model, framework)
        assert q.model is not None
        models[q.model.layers[0].kind] += 1
        if q.kind == "compare":
            seed_sized(q.other_model, framework)
    assert set(models) == {"Dense", "Conv2D"}
    assert {"total", "layer", "output_shape", "solve", "compare"} <= set(kinds)
    assert "trainable" not in kinds  # no BatchNorm at difficulty 1 unless asked for


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_every_family_at_difficulty_one_is_its_smallest_form(framework: Framework) -> None:
    allowed = {
        "mlp": {"Dense"},
        "cnn": {"Conv2D"},
        "rnn": {"SimpleRNN", "LSTM", "Dense"},
        "norm": {"Dense", "BatchNormalization", "LayerNormalization"},
        "attention": {"MultiHeadAttention", "Dense"},
    }
    for family, kinds in allowed.items():
        seen: set[str] = set()
        for q in islice(generate(12, GeneratorOptions(framework, 1, family, "total")), 150):
            assert q.model is not None and len(q.model.layers) <= 2
            seen |= {layer.kind for layer in q.model.layers}
            assert isinstance(q.answer, int) and q.answer <= 300, (family, q.code)
            assert all(d is None or d <= 20 for d in q.model.input_shape)
            for layer in q.model.layers:
                assert isinstance(layer, Recurrent | MultiHeadAttention | Dense) or (
                    layer.kind in kinds)
                if isinstance(layer, Recurrent):
                    assert layer.units <= 4
                if isinstance(layer, MultiHeadAttention):
                    assert layer.num_heads <= 2 and layer.key_dim <= 2
                if isinstance(layer, Dense):
                    assert layer.units <= 10
        assert seen <= kinds, (family, seen)
        assert kinds - {"Dense", "LayerNormalization", "LSTM"} <= seen, (family, seen)


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_difficulty_five_has_every_trap(framework: Framework) -> None:
    seen: Counter[str] = Counter()
    for q in islice(generate(9, GeneratorOptions(framework, 5, "mixed", "total")), 150):
        assert q.model is not None
        assert 8 <= len(q.model.layers) <= 15
        report = analyze(q.model, framework)
        for r in report.layers:
            layer = r.layer
            if isinstance(layer, BatchNormalization):
                seen["batchnorm"] += 1
            if isinstance(layer, DepthwiseConv2D | SeparableConv2D):
                seen["depthwise/separable"] += 1
            if isinstance(layer, Recurrent | Bidirectional):
                seen["recurrent"] += 1
            if getattr(layer, "use_bias", True) is False:
                seen["bias-free"] += 1
            if isinstance(layer, Dense) and len(r.input_shape) > 1:
                seen["dense on N-D"] += 1
            if r.input_shape[:2] == (224, 224):
                seen["224×224"] += 1
            if getattr(layer, "padding", None) == "same":
                seen["same padding"] += 1
    assert set(seen) == {"batchnorm", "depthwise/separable", "recurrent", "bias-free",
                         "dense on N-D", "224×224", "same padding"}, seen


@pytest.mark.parametrize("framework", ["keras", "pytorch"])
def test_every_family_and_kind_can_be_generated(framework: Framework) -> None:
    for family in FAMILIES:
        for kind in GENERATED_KINDS:
            for difficulty in (1, 3, 5):
                options = GeneratorOptions(framework, difficulty, family, kind)
                check_question(question_at(1, 0, options), options)


def test_any_kind_draws_every_kind() -> None:
    kinds = Counter(q.kind for q in islice(generate(3, GeneratorOptions("keras", 3)), 300))
    assert set(kinds) == set(GENERATED_KINDS)


def test_solve_answer_is_unique_and_hidden() -> None:
    for framework in ("keras", "pytorch"):
        for difficulty in (1, 2, 3, 4, 5):
            options = GeneratorOptions(framework, difficulty, "mixed", "solve")  # type: ignore[arg-type]
            for q in islice(generate(8, options), 6):
                assert q.model is not None and isinstance(q.answer, int)
                unknown = q.extra["unknown"]
                total = analyze(q.model, q.framework).total
                assert f"{total:,}" in q.prompt
                assert re.search(r"\bh\b", q.code) and not re.search(r"\bh\b", q.runnable)
                assert q.to_dict()["shown_code"] == q.code
                totals = []
                for h in (q.answer - 1, q.answer, q.answer + 1):
                    if h < 1:
                        continue
                    model = with_width(q.model, unknown["layer_index"], unknown["field"], h)
                    totals.append(analyze(model, q.framework).total)
                assert totals == sorted(set(totals))  # strictly increasing: h is unique
                assert "h = " in q.solution


def test_compare_code_defines_both_models() -> None:
    for framework in ("keras", "pytorch"):
        options = GeneratorOptions(framework, 3, "mixed", "compare")  # type: ignore[arg-type]
        for q in islice(generate(4, options), 10):
            assert "model = " in q.code and "other_model = " in q.code
            assert "Difference:" in q.solution
            assert q.extra["change"] in q.solution


def test_bad_options_are_clear_errors() -> None:
    with pytest.raises(QuizzerError, match="difficulty must be 1 to 5"):
        GeneratorOptions(difficulty=9)
    with pytest.raises(QuizzerError, match="unknown family 'foo'"):
        GeneratorOptions(family="foo")
    with pytest.raises(QuizzerError, match="cannot generate 'text'"):
        GeneratorOptions(kind="text")


def test_similar_keeps_kind_and_skills_with_new_numbers() -> None:
    for kind in GENERATED_KINDS:
        q = question_at(6, 2, GeneratorOptions("keras", 3, "cnn", kind))
        twin = similar(q, 1)
        assert twin.kind == q.kind and twin.framework == q.framework
        assert twin.difficulty == q.difficulty and twin.family == q.family
        assert twin.id != q.id
        assert (twin.code, twin.answer) != (q.code, q.answer)
        assert set(twin.skills) & set(q.skills)
        assert similar(q, 1).to_dict() == twin.to_dict()


def test_similar_to_a_bank_card_falls_back_to_any_kind() -> None:
    card = Question("bank:card", "text", "keras", "?", "", "x", "sol", skills=("dense.bias",),
                    family="mlp", difficulty=2)
    twin = similar(card, 3)
    assert twin.kind in GENERATED_KINDS and twin.family == "mlp"


@pytest.mark.skipif(not HAS_PARSER, reason="quizzer.core.parsing is not in the tree yet")
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), options=options_strategy)
def test_generated_code_reads_back_through_explain(seed: int, options: GeneratorOptions) -> None:
    from quizzer.core.parsing import parse_model

    q = question_at(seed, 0, options)
    pairs = [("model", q.model)]
    if q.other_model is not None:
        pairs.append(("other_model", q.other_model))
    for var, model in pairs:
        assert model is not None
        parsed = parse_model(q.runnable, None, var)
        assert parsed.framework == q.framework
        want, got = analyze(model, q.framework), parsed.report
        assert (got.total, got.trainable, got.non_trainable, got.buffers) == (
            want.total, want.trainable, want.non_trainable, want.buffers)
