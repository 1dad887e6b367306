"""Grading: exact answers in any notation, diagnoses for every kind, hints for unreadable input."""

from __future__ import annotations

import pytest

from quizzer.core.answers import AnswerParseError
from quizzer.core.counting import analyze
from quizzer.core.generator import GeneratorOptions, question_at
from quizzer.core.grading import grade, normalise
from quizzer.core.grading.counts import subset_with_sum
from quizzer.core.layers import (
    LSTM,
    Conv2D,
    Dense,
    Flatten,
    Layer,
    MaxPooling2D,
)
from quizzer.core.model import Framework, Model, Shape
from quizzer.core.questions import Question
from quizzer.core.rendering.pytorch import torch_plan


def total_question(input_shape: Shape, layers: tuple[Layer, ...],
                   framework: Framework = "keras") -> Question:
    model = Model(input_shape, layers)
    return Question("t", "total", framework, "?", "", analyze(model, framework).total, "sol",
                    model=model)


def shape_question(input_shape: Shape, layers: tuple[Layer, ...], index: int,
                   framework: Framework = "keras") -> Question:
    model = Model(input_shape, layers)
    if framework == "keras":
        answer = analyze(model, framework).layers[index].output_shape
    else:
        answer = torch_plan(model)[index].output_shape
    return Question("s", "output_shape", framework, "?", "", answer, "sol", model=model,
                    layer_index=index)


SEED = ((50,), (Dense(100), Dense(1), Dense(100), Dense(50)))


@pytest.mark.parametrize("text", ["10451", "10,451", "10 451", "10.451k", "1.0451e4",
                                  "(50x100 + 100x1 + 1x100 + 100x50) + (100+1+100+50)"])
def test_the_exact_value_in_any_notation_is_correct(text: str) -> None:
    result = grade(total_question(*SEED), text)
    assert result.correct
    assert result.value == 10451
    assert result.expected == "10,451"
    assert result.diagnosis == ()
    assert result.solution == "sol"


def test_close_is_wrong() -> None:
    result = grade(total_question(*SEED), "10450")
    assert not result.correct
    assert result.diagnosis


def test_unreadable_input_is_a_hint_not_a_wrong_answer() -> None:
    with pytest.raises(AnswerParseError, match="whole number"):
        grade(total_question(*SEED), "ten thousand")


def test_sum_of_some_layers_names_the_ones_left_out() -> None:
    # Layers: 5,100 + 101 + 200 + 5,050. Leaving out one layer is a misconception...
    assert grade(total_question(*SEED), "5401").diagnosis == (
        "5,401 is the count without layer 4 (dense_3, Dense)",)
    # ...leaving out two is stated as the layers the number is the sum of.
    assert grade(total_question(*SEED), "10150").diagnosis == (
        "10,150 matches the sum of layers 1 and 4 but not the 101 of layer 2 (dense_1) and "
        "the 200 of layer 3 (dense_2)",)
    assert grade(total_question(*SEED), "5250").diagnosis == (
        "5,250 matches the sum of layers 3-4 but not the 5,100 of layer 1 (dense) and the "
        "101 of layer 2 (dense_1)",)


def test_one_layers_count_alone() -> None:
    result = grade(total_question(*SEED), "5100")
    assert result.diagnosis[0].startswith("5,100 is the count of layer 1 (dense) alone")


def test_no_sum_of_layers_says_so_without_guessing() -> None:
    result = grade(total_question(*SEED), "7")
    assert result.diagnosis == (
        "7 is not a sum of any of the layers' counts (layer 1 (dense) 5,100, "
        "layer 2 (dense_1) 101, layer 3 (dense_2) 200, layer 4 (dense_3) 5,050)",
    )


def test_a_negative_count() -> None:
    assert grade(total_question(*SEED), "-5").diagnosis == (
        "-5 is negative; a count is never below 0",)


def test_subset_search() -> None:
    assert subset_with_sum([5, 7, 11], 18) == (1, 2)
    assert subset_with_sum([5, 7, 11], 4) is None
    assert subset_with_sum([5, 7, 11], 0) is None


def test_layer_question_diagnoses_within_the_layer() -> None:
    model = Model((3,), (Dense(5), Dense(2)))
    q = Question("l", "layer", "keras", "?", "", 20, "sol", model=model, layer_index=0)
    assert grade(q, "15").diagnosis == ("15 is the layer's count without the 5 biases",)
    assert grade(q, "16").diagnosis == (
        "16 is not a sum of the layer's weight tensors (kernel 15, bias 5)",)


def test_layer_question_names_the_tensors_counted() -> None:
    model = Model((10, 3), (LSTM(4, use_bias=False), Dense(2)))
    q = Question("l", "layer", "keras", "?", "", 64, "sol", model=model, layer_index=0)
    # kernel 3×16 = 48, recurrent_kernel 4×16 = 64: 48 is the kernel alone.
    assert grade(q, "48").diagnosis == (
        "48 counts the layer's kernel but not its recurrent_kernel (64)",)


def test_text_cards_compare_normalised_text() -> None:
    q = Question("c", "text", "keras", "Which axis does Dense act on?", "", "the last axis",
                 "Dense acts on the last axis.", accepted=("last", "-1"))
    assert grade(q, "  The LAST axis. ").correct
    assert grade(q, "`last`").correct
    assert grade(q, "-1").correct
    wrong = grade(q, "the first axis")
    assert not wrong.correct
    assert wrong.diagnosis == ()
    with pytest.raises(AnswerParseError):
        grade(q, "   ")


def test_text_cards_accept_numbers_in_any_notation() -> None:
    q = Question("c", "text", "keras", "?", "", "10451", "sol")
    assert grade(q, "10,451").correct


def test_normalise() -> None:
    assert normalise("  `The  Last   Axis.` ") == "the last axis"


CONV = ((28, 28, 1), (Conv2D(32, (3, 3)), MaxPooling2D((2, 2)), Flatten(), Dense(10)))


@pytest.mark.parametrize("text", ["(None, 13, 13, 32)", "(13, 13, 32)", "13x13x32",
                                  "[13, 13, 32]"])
def test_shapes_in_any_notation(text: str) -> None:
    assert grade(shape_question(*CONV, index=1), text).correct


@pytest.mark.parametrize(
    ("index", "given", "words"),
    [
        (0, "(28, 28, 32)", "padding='same' instead of 'valid' in layer 1 (conv2d)"),
        (0, "(25, 25, 32)", "without the + 1 of (n − f)/s + 1"),
        (1, "(26, 26, 32)", "the layer's input shape"),
        (1, "(14, 14, 32)", "padding='same' instead of 'valid' in layer 1"),
        (3, "(None, 10)", None),
    ],
)
def test_shape_slips(index: int, given: str, words: str | None) -> None:
    result = grade(shape_question(*CONV, index=index), given)
    if words is None:
        assert result.correct
    else:
        assert not result.correct
        assert any(words in line for line in result.diagnosis), result.diagnosis


def test_pytorch_shape_in_keras_order() -> None:
    result = grade(shape_question(*CONV, index=0, framework="pytorch"), "(None, 26, 26, 32)")
    assert not result.correct
    assert result.diagnosis[0].startswith("(None, 26, 26, 32) is the channels-last order")
    assert grade(shape_question(*CONV, index=0, framework="pytorch"), "(N, 32, 26, 26)").correct


def test_keras_shape_in_pytorch_order() -> None:
    result = grade(shape_question(*CONV, index=0), "(32, 26, 26)")
    assert "PyTorch's channels-first order" in result.diagnosis[0]


def test_dense_on_nd_shape_slip() -> None:
    result = grade(shape_question((10, 8), (Dense(4),), 0), "(4,)")
    assert "acts on the last axis" in result.diagnosis[0]


def test_return_sequences_slip() -> None:
    result = grade(shape_question((10, 8), (LSTM(4, return_sequences=True),), 0), "(4,)")
    assert "return_sequences were False" in result.diagnosis[0]


def test_unknown_shape_slip_says_which_axes_are_right() -> None:
    result = grade(shape_question(*CONV, index=0), "(20, 26, 32)")
    assert result.diagnosis == (
        "in (None, 20, 26, 32) axes 2 and 3 are right and axis 1 is not (counting from the "
        "first axis after the batch)",)
    assert grade(shape_question(*CONV, index=0), "(5, 5)").diagnosis == (
        "(None, 5, 5) has 2 axes after the batch axis; the output has 3",)
    assert grade(shape_question(*CONV, index=0), "5408").diagnosis == (
        "(None, 5408) has 1 axis after the batch axis; the output has 3",)


def generated(kind: str, framework: Framework = "keras", difficulty: int = 2) -> Question:
    return question_at(11, 0, GeneratorOptions(framework, difficulty, "mlp", kind))  # type: ignore[arg-type]


def test_solve_wrong_h_states_the_total_it_gives() -> None:
    q = generated("solve")
    assert isinstance(q.answer, int)
    result = grade(q, str(q.answer + 1))
    assert not result.correct
    assert any(line.startswith(f"with h = {q.answer + 1:,} the total would be")
               for line in result.diagnosis) or result.diagnosis


def test_solve_misconception_names_the_slip() -> None:
    # Dense 3 → h → 2 with 32 parameters: h = 5. Forgetting the biases: 5h = 30, h = 6.
    model = Model((3,), (Dense(5), Dense(2)))
    q = Question("s", "solve", "keras", "?", "", 5, "sol", model=model, layer_index=0,
                 extra={"unknown": {"layer_index": 0, "field": "units"}})
    result = grade(q, "6")
    assert any("h = 6 makes the total 32 when counted without the" in line
               for line in result.diagnosis), result.diagnosis
    assert grade(q, "0").diagnosis == ("h = 0 is not a width: h is a whole number of at least 1",)
    assert grade(q, "7").diagnosis == ("with h = 7 the total would be 44, not 32",)


def test_compare_sign_and_misconceptions() -> None:
    model = Model((3,), (Dense(5), Dense(2)))
    other = Model((3,), (Dense(4), Dense(2)))
    q = Question("c", "compare", "keras", "?", "", 32 - 26, "sol", model=model,
                 other_model=other, extra={"change": "layer 1 differs"})
    assert grade(q, "6").correct
    assert grade(q, "-6").diagnosis[0].startswith("-6 is other_model's total minus model's")
    assert grade(q, "32").diagnosis[0].startswith("32 is model's total alone")
    # Without biases: 25 - 20 = 5.
    assert any("without the" in line for line in grade(q, "5").diagnosis)
    assert grade(q, "1000").diagnosis == (
        "1,000 is not the difference under any slip quizzer knows. The models differ here: "
        "layer 1 differs.",)


def test_trainable_questions_use_their_measure() -> None:
    q = question_at(3, 0, GeneratorOptions("keras", 2, "norm", "trainable"))
    measure = q.extra["measure"]
    assert measure in ("trainable", "non_trainable")
    assert q.model is not None
    report = analyze(q.model, "keras")
    assert q.answer == (report.trainable if measure == "trainable" else report.non_trainable)
    if measure == "trainable":
        assert any("non-trainable parameters" in line
                   for line in grade(q, str(report.total)).diagnosis)
