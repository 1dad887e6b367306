"""The misconception catalogue: each misconception named for exactly the number it produces."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.core.counting import analyze
from quizzer.core.generator import FAMILIES, GeneratorOptions, question_at
from quizzer.core.grading import grade
from quizzer.core.layers import (
    GRU,
    LSTM,
    BatchNormalization,
    Conv2D,
    Dense,
    DepthwiseConv2D,
    Flatten,
    Layer,
    MaxPooling2D,
    MultiHeadAttention,
    SeparableConv2D,
)
from quizzer.core.misconceptions import (
    BY_ID,
    CATALOGUE,
    Measure,
    altered,
    alternatives,
    counts,
)
from quizzer.core.model import Framework, Model, Shape
from quizzer.core.questions import Question


def question(input_shape: Shape, layers: tuple[Layer, ...], framework: Framework = "keras",
             measure: Measure = "total") -> Question:
    model = Model(input_shape, layers)
    report = analyze(model, framework)
    answer = {"total": report.total, "trainable": report.trainable,
              "non_trainable": report.non_trainable, "buffers": report.buffers}[measure]
    kind = "total" if measure == "total" else "trainable"
    return Question("t", kind, framework, "?", "", answer, "solution", model=model,
                    extra={"measure": measure})


def matched_ids(q: Question, value: int) -> set[str]:
    assert q.model is not None
    measure = q.extra["measure"]
    report = analyze(q.model, q.framework)
    return {a.misconception.id for a in alternatives(report, measure) if a.value == value}


SEED_MLP = ((3,), (Dense(5), Dense(2)))
CONV = ((10, 10, 4), (Conv2D(8, (3, 3)),))
DENSE_BN = ((4,), (Dense(5), BatchNormalization()))
LSTM_MODEL = ((10, 3), (LSTM(4),))

CASES = [
    # (misconception, question, wrong answer, words the diagnosis must contain)
    ("biases_left_out", question(*SEED_MLP), 25, "25 is the count without the 7 biases"),
    ("bias_per_weight", question(*SEED_MLP), 50, "one bias per weight (25 biases)"),
    ("kernel_f", question(*CONV), 104, "3 instead of 3×3 = 9"),
    ("input_channels_left_out", question(*CONV), 80, "input channels left out"),
    ("depthwise_as_standard", question((8, 8, 4), (DepthwiseConv2D((3, 3)),)), 148,
     "counted as a standard Conv2D"),
    ("separable_bias_twice", question((8, 8, 4), (SeparableConv2D(8, (3, 3)),)), 80,
     "second bias on the depthwise step (+4)"),
    ("bn_convention", question(*DENSE_BN), 35, "without BatchNormalization's 10 moving"),
    ("bn_convention", question(*DENSE_BN, framework="pytorch"), 45,
     "running means and variances counted as parameters"),
    ("bn_buffers_counted", question(*DENSE_BN, framework="pytorch"), 46,
     "all 11 buffer values"),
    ("num_batches_tracked_forgotten",
     question(*DENSE_BN, framework="pytorch", measure="buffers"), 10, "num_batches_tracked"),
    ("rnn_bias_convention", question(*LSTM_MODEL), 144, "two bias vectors per gate"),
    ("rnn_bias_convention", question(*LSTM_MODEL, framework="pytorch"), 128,
     "one bias vector per gate"),
    ("gates_forgotten", question(*LSTM_MODEL), 32, "LSTM counted as one gate"),
    ("gates_swapped", question(*LSTM_MODEL), 96, "gate counts swapped"),
    ("gru_reset_after", question((10, 3), (GRU(4),)), 96, "reset_after=False"),
    ("gru_reset_after", question((10, 3), (GRU(4, reset_after=False),)), 108,
     "two biases per GRU gate"),
    ("dense_nd_flattened", question((10, 3), (Dense(4),)), 124,
     "i = 30 instead of 3"),
    ("layer_left_out", question(*SEED_MLP), 12, "without layer 1 (dense, Dense)"),
    ("layer_left_out", question(*SEED_MLP), 20, "without layer 2 (dense_1, Dense)"),
    ("pooling_given_params",
     question((6, 6, 1), (Conv2D(2, (3, 3)), MaxPooling2D((2, 2)), Flatten(), Dense(1))), 37,
     "parameters given to"),
    ("non_trainable_as_trainable", question(*DENSE_BN, measure="trainable"), 45,
     "10 non-trainable parameters"),
    ("attention_heads", question((5, 8), (MultiHeadAttention(2, 2),)), 288,
     "PyTorch's 4×E×E + 4×E"),
    ("attention_heads", question((5, 8), (MultiHeadAttention(2, 4),), framework="pytorch"),
     576, "multiplied by the number of heads"),
]


@pytest.mark.parametrize(("misconception", "q", "wrong", "words"), CASES,
                         ids=[f"{c[0]}-{c[1].framework}-{c[2]}" for c in CASES])
def test_each_misconception_is_named_for_its_number(
    misconception: str, q: Question, wrong: int, words: str,
) -> None:
    assert wrong != q.answer
    assert matched_ids(q, wrong) == {misconception}
    result = grade(q, str(wrong))
    assert not result.correct
    assert any(words in line for line in result.diagnosis), result.diagnosis


def test_every_misconception_has_a_test() -> None:
    assert {c[0] for c in CASES} == set(BY_ID)


def test_catalogue_has_at_least_twelve_distinct_misconceptions() -> None:
    assert len(CATALOGUE) >= 12
    assert len(BY_ID) == len(CATALOGUE)


def test_the_seed_example_reads_in_words() -> None:
    result = grade(question(*SEED_MLP), "25")
    assert result.diagnosis == ("25 is the count without the 7 biases",)


def test_a_misconception_in_one_layer_only_says_which() -> None:
    result = grade(question(*SEED_MLP), "30")
    assert result.diagnosis == ("30 is the count without the 2 biases, in layer 2 (dense_1) only",)


def test_a_number_two_misconceptions_produce_names_both() -> None:
    # 3 input channels and a 3×3 kernel: leaving out i or one f gives the same number.
    q = question((8, 8, 3), (Conv2D(4, (3, 3)),))
    assert matched_ids(q, 3 * 3 * 4 + 4) == {"kernel_f", "input_channels_left_out"}
    assert len(grade(q, str(3 * 3 * 4 + 4)).diagnosis) == 2


MEASURES_BY_FRAMEWORK: dict[Framework, tuple[Measure, ...]] = {
    "keras": ("total", "trainable", "non_trainable"),
    "pytorch": ("total", "trainable", "buffers"),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    framework=st.sampled_from(["keras", "pytorch"]),
    difficulty=st.integers(1, 5),
    family=st.sampled_from(FAMILIES),
)
def test_every_misconception_number_differs_from_the_right_answer(
    seed: int, framework: Framework, difficulty: int, family: str,
) -> None:
    q = question_at(seed, 0, GeneratorOptions(framework, difficulty, family, "total"))
    assert q.model is not None
    report = analyze(q.model, framework)
    for measure in MEASURES_BY_FRAMEWORK[framework]:
        right = counts_of(report, measure)
        for alternative in alternatives(report, measure):
            assert alternative.value != right, alternative.description
        for index in range(len(report.layers)):
            layer_right = counts(report.layers[index]).measure(measure)
            for alternative in alternatives(report, measure, [index]):
                assert alternative.value != layer_right, alternative.description


def counts_of(report, measure: Measure) -> int:  # type: ignore[no-untyped-def]
    return sum(counts(r).measure(measure) for r in report.layers)


def test_opposite_changes_are_never_summed() -> None:
    # reset_after=True loses 3u biases, reset_after=False gains 3u: together they cancel.
    q = question((10, 3), (GRU(4, return_sequences=True), GRU(4, reset_after=False)))
    assert q.model is not None
    values = {a.value for a in alternatives(analyze(q.model, "keras"))
              if a.misconception.id == "gru_reset_after"}
    assert q.answer not in values
    assert values == {q.answer - 12, q.answer + 12}


def test_altered_layers_change_the_measure() -> None:
    report = analyze(Model(*DENSE_BN), "keras")
    bn = BY_ID["bn_convention"]
    assert set(altered(bn, report, "total")) == {1}
    assert altered(bn, report, "trainable") == {}
