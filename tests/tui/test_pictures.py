"""The question pictures: what they draw, and that they never give the answer away."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.layers import BatchNormalization, Conv2D, Dense, Flatten, MaxPooling2D
from quizzer.core.model import Model
from quizzer.tui.highlight import highlight_python
from quizzer.tui.pictures import NEURON, dense_picture, picture_lines

from .conftest import total_question


def test_the_seed_mlp_is_drawn_as_neurons_with_every_connection() -> None:
    lines = dense_picture([3, 5, 2], 34)
    assert lines[0] == "Dense: i 3 → h 5 → o 2"
    assert "".join(lines).count(NEURON) == 10
    assert lines[-1].split() == ["3", "5", "2"]
    canvas = lines[1:-1]
    braille = sum(1 for row in canvas for ch in row if 0x2800 < ord(ch) <= 0x28FF)
    assert braille > 40  # 3×5 + 5×2 connections leave a lot of dots


def test_big_layers_show_five_neurons_and_a_vertical_ellipsis() -> None:
    lines = dense_picture([50, 100, 1, 100, 50], 34)
    text = "".join(lines)
    assert text.count(NEURON) == 5 + 5 + 1 + 5 + 5
    assert text.count("⋮") == 4
    assert lines[-1].split() == ["50", "100", "1", "100", "50"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 300), min_size=2, max_size=6), st.integers(12, 80))
def test_dense_pictures_fit_their_width(sizes: list[int], width: int) -> None:
    for line in dense_picture(sizes, width):
        assert len(line) <= max(width, 10 * len(sizes))


def test_a_conv_layer_is_its_filter_block() -> None:
    question = total_question("c", Model((None, None, 3), (Conv2D(1, (2, 2)),)), ())
    lines = picture_lines(question, 34)
    assert lines[0] == "Conv2D: 1 filter, each 2×2×3"
    assert lines[1:4] == ["┌─┬─┐", "├─┼─┤", "└─┴─┘"]
    assert lines[-2:] == ["input  (None, None, None, 3)", "output (None, None, None, 1)"]


def test_bigger_models_are_a_layer_stack_with_shapes() -> None:
    model = Model((28, 28, 1), (Conv2D(8, (3, 3)), MaxPooling2D((2, 2)), Flatten(), Dense(10)))
    lines = picture_lines(total_question("s", model, ()), 34)
    assert lines[0] == "Input (None, 28, 28, 1)"
    assert "Dense(10) → (None, 10)" in lines
    assert all("param" not in line.lower() for line in lines)


def test_output_shape_questions_hide_the_asked_shape_and_later_ones() -> None:
    model = Model((8, 8, 3), (Conv2D(4, (3, 3)), BatchNormalization(), Flatten(), Dense(2)))
    question = replace(total_question("o", model, ()), kind="output_shape", layer_index=2)
    text = "\n".join(picture_lines(question, 60))
    assert "(None, 6, 6, 4)" in text  # before the asked layer
    assert "Flatten() → ?  ← asked" in text
    assert "(None, 144)" not in text and "(None, 2)" not in text


def test_solve_questions_show_no_sizes() -> None:
    model = Model((3,), (Dense(5), Dense(2)))
    question = replace(total_question("u", model, ()), kind="solve", layer_index=0)
    lines = picture_lines(question, 34)
    assert NEURON not in "".join(lines)  # the neuron columns would count h
    assert lines == ["Input (None, 3)", "│", "Dense → ?  ← asked", "│", "Dense → ?"]


def test_highlighting_styles_keywords_numbers_and_names() -> None:
    content = highlight_python("import keras\nmodel = keras.Sequential([layers.Dense(5)])\n")
    styles = {content.plain[s.start:s.end]: s.style for s in content.spans}
    assert styles["import"] == "$text-error"
    assert styles["5"] == "$text-warning"
    assert styles["Sequential"] == "$text-primary"
    assert highlight_python("def broken(:\n").plain == "def broken(:"
    assert highlight_python("x = 'unterminated\n").plain == "x = 'unterminated"
