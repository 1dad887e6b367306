"""Question banks: the shipped banks, the format's cards, questions, the catalogue and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.core.banks import (
    BankInvalid,
    BankResult,
    TemplateCard,
    bank_questions,
    card_question,
    find_card,
    load_all_banks,
    load_bank,
    load_bank_bytes,
)
from quizzer.core.banks.catalog import shipped_bank_files
from quizzer.core.banks.starter import starter_bank
from quizzer.core.counting import analyze
from quizzer.core.grading import grade
from quizzer.core.layers import Dense

ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): .+ \(expected .+\)$")
SHIPPED = ("classic-architectures", "framework-conventions", "seed-examples")


def bank_text(cards: str, head: str = "id: test\ntitle: Test\n") -> bytes:
    return (head + "cards:\n" + cards).encode()


def load(cards: str, head: str = "id: test\ntitle: Test\n") -> BankResult:
    return load_bank_bytes(bank_text(cards, head), "test.yaml", check_code=True)


def messages(result: BankResult) -> list[str]:
    return [str(error) for error in result.errors]


@pytest.fixture(scope="module")
def shipped() -> dict[str, BankResult]:
    results = load_all_banks(user=False)
    return {result.name: result for result in results}


# -- shipped banks ---------------------------------------------------------------------------


def test_shipped_banks_are_found_and_valid(shipped: dict[str, BankResult]) -> None:
    assert sorted(shipped) == list(SHIPPED)
    for result in shipped.values():
        assert result.errors == ()
        assert result.origin == "shipped"
        assert result.bank is not None and len(result.bank.cards) >= 4


def test_seed_examples_give_the_seed_answers(shipped: dict[str, BankResult]) -> None:
    bank = shipped["seed-examples"].bank
    assert bank is not None
    questions = list(bank_questions(bank))
    assert [q.answer for q in questions] == [32, 10451, 15, 13]
    lines = ["(3×5 + 5×2) + (5+2) = 32", "(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) "
             "= 10451", "[1 × (2×2) × 3] + 3 = 15", "[3 × (2×2) × 1] + 1 = 13"]
    for question, line in zip(questions, lines, strict=True):
        assert line in question.solution
        assert question.kind == "total" and question.framework == "keras"
        assert question.id == f"seed-examples/{question.card}"
        assert "model = keras.Sequential([" in question.code
    assert "Here, i = 3; h = 5; o = 2." in questions[0].prompt
    assert "= 15 (There are 15 parameters viz., 12 weights and 3 biases)" in questions[2].solution


def test_shipped_models_render_and_every_card_becomes_a_question(
    shipped: dict[str, BankResult],
) -> None:
    for result in shipped.values():
        assert result.bank is not None
        ids = [q.id for q in bank_questions(result.bank)]
        assert len(ids) == len(set(ids)) == len(result.bank.cards)


def test_vgg16_as_layers_and_as_code_agree(shipped: dict[str, BankResult]) -> None:
    bank = shipped["classic-architectures"].bank
    assert bank is not None
    answers = {q.card: q.answer for q in bank_questions(bank)}
    assert answers["vgg16-total"] == answers["vgg16-keras-code"] == 138_357_544
    assert answers["alexnet-total"] == 62_378_344
    assert answers["lenet5-total"] == answers["lenet5-pytorch-total"] == 61_706


def test_framework_conventions_pairs_differ(shipped: dict[str, BankResult]) -> None:
    bank = shipped["framework-conventions"].bank
    assert bank is not None
    answers = {q.card: q.answer for q in bank_questions(bank)}
    assert (answers["bn-keras-total"], answers["bn-pytorch-total"]) == (513, 449)
    assert (answers["lstm-keras"], answers["lstm-pytorch"]) == (6272, 6400)
    assert (answers["gru-keras-default"], answers["gru-keras-reset-before"]) == (4800, 4704)


# -- model cards -----------------------------------------------------------------------------


def test_layer_forms_shorthand_and_names() -> None:
    result = load(
        "  - id: a\n    input_shape: [8, 8, 3]\n    layers:\n"
        "      - Conv2D: {filters: 4, kernel_size: 3}\n      - Flatten\n      - Dense: 5\n"
        "      - Dropout: 0.5\n      - Activation: relu\n"
        "    ask: layer\n    layer: dense\n    answer: 725\n"
    )
    assert result.ok, messages(result)
    assert result.bank is not None
    question = card_question(result.bank, result.bank.cards[0])
    assert question.kind == "layer" and question.layer_index == 2 and question.answer == 725
    assert question.prompt == "How many parameters does layer 3, dense (Dense(5)), have?"


@pytest.mark.parametrize(("ask", "extra", "answer"), [
    ("total", "", 513), ("trainable", "", 449), ("non_trainable", "", 64),
    ("layer", "\n    layer: 2", 128), ("output_shape", "\n    layer: 3", (1,)),
])
def test_every_ask(ask: str, extra: str, answer: object) -> None:
    result = load(f"  - id: a\n    input_shape: [10]\n    layers: [Dense: 32, "
                  f"BatchNormalization, Dense: 1]\n    ask: {ask}{extra}\n")
    assert result.bank is not None, messages(result)
    question = card_question(result.bank, result.bank.cards[0])
    assert question.answer == answer
    assert question.extra["ask"] == ask


def test_pytorch_output_shapes_are_channels_first() -> None:
    result = load("  - id: a\n    framework: pytorch\n    input_shape: [8, 8, 3]\n"
                  "    layers: [Conv2D: {filters: 4, kernel_size: 3}]\n    ask: output_shape\n"
                  "    layer: 1\n    answer: '(None, 4, 6, 6)'\n")
    assert result.bank is not None, messages(result)
    question = card_question(result.bank, result.bank.cards[0])
    assert question.answer == (4, 6, 6)
    assert grade(question, "(None, 4, 6, 6)").correct


def test_stated_answers_in_every_spelling() -> None:
    for answer in ("32", "'32'", "0x20", "3_2"):
        result = load(f"  - id: a\n    input_shape: [3]\n    layers: [Dense: 5, Dense: 2]\n"
                      f"    answer: {answer}\n")
        assert result.ok, (answer, messages(result))
    result = load("  - id: a\n    input_shape: [50]\n    layers: [Dense: 100, Dense: 1, "
                  "Dense: 100, Dense: 50]\n    answer: '10,451'\n")
    assert result.ok, messages(result)


def test_grading_a_bank_question() -> None:
    result = load("  - id: a\n    input_shape: [3]\n    layers: [Dense: 5, Dense: 2]\n")
    assert result.bank is not None
    question = next(bank_questions(result.bank))
    assert grade(question, "32").correct
    wrong = grade(question, "25")
    assert not wrong.correct and wrong.diagnosis


def test_code_cards_detect_the_framework() -> None:
    result = load(
        "  - id: keras\n    code: |\n      model = Sequential([\n"
        "          Dense(5, input_shape=(None, 3)),\n          Dense(2)\n      ])\n"
        "    answer: 32\n"
        "  - id: torch\n    code: 'model = nn.Sequential(nn.Linear(3, 5), nn.Linear(5, 2))'\n"
        "    answer: 32\n", head="id: test\ntitle: Test\nframework: pytorch\n",
    )
    assert result.bank is not None, messages(result)
    keras_card, torch_card = result.bank.cards
    assert (keras_card.framework, torch_card.framework) == ("keras", "pytorch")
    question = card_question(result.bank, keras_card)
    assert question.extra["source_code"].startswith("model = Sequential([")


def test_code_errors_point_at_the_line_in_the_bank() -> None:
    result = load("  - id: a\n    code: |\n      model = Sequential([\n"
                  "          Dense(5, input_shape=(3,)),\n          Dense2D(2),\n      ])\n")
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.line, error.column) == (8, 1)
    assert "Dense2D" in error.message


# -- template and text cards -----------------------------------------------------------------

TEMPLATE = ("  - id: drill\n    type: template\n    input_shape: [{min: 2, max: 64}]\n"
            "    layers:\n      - Dense: {units: {min: 8, max: 64, step: 8}}\n"
            "      - Dense: {units: [2, 5, 10], use_bias: [true, false]}\n")


def test_templates_are_drawn_anew_and_reproducibly() -> None:
    result = load(TEMPLATE)
    assert result.bank is not None, messages(result)
    card = result.bank.cards[0]
    assert isinstance(card, TemplateCard)
    questions = [card_question(result.bank, card, seed=7, draw=n) for n in range(30)]
    models = {q.model for q in questions}
    assert len(models) > 20
    for question in questions:
        assert question.model is not None
        first, second = question.model.layers
        assert isinstance(first, Dense) and first.units in range(8, 65, 8)
        assert isinstance(second, Dense) and second.units in (2, 5, 10)
        assert question.answer == analyze(question.model, "keras").total
        assert question.id == "test/drill"
    again = [card_question(result.bank, card, seed=7, draw=n).model for n in range(30)]
    assert again == [q.model for q in questions]


def test_repeat_goes_round_and_redraws() -> None:
    result = load(TEMPLATE + "  - id: t\n    question: Two?\n    answer: 2\n")
    assert result.bank is not None, messages(result)
    stream = bank_questions(result.bank, seed=3, shuffle=True, repeat=True)
    questions = [next(stream) for _ in range(40)]
    assert {q.card for q in questions} == {"drill", "t"}
    assert len({q.model for q in questions if q.card == "drill"}) > 10
    assert len(list(bank_questions(result.bank))) == 2


def test_square_kernels_ranges_and_choices() -> None:
    result = load("  - id: k\n    type: template\n    input_shape: [16, 16, 3]\n    layers:\n"
                  "      - Conv2D: {filters: 4, kernel_size: {min: 1, max: 5}}\n"
                  "      - Conv2D: {filters: 4, kernel_size: {choices: [[1, 3], [3, 1]]}}\n"
                  "      - Conv2D: {filters: 4, kernel_size: [{min: 1, max: 2}, 3]}\n")
    assert result.bank is not None, messages(result)
    card = result.bank.cards[0]
    for draw in range(20):
        model = card_question(result.bank, card, draw=draw).model
        assert model is not None
        square, choice, mixed = (layer.kernel_size for layer in model.layers)  # type: ignore[attr-defined]
        assert square[0] == square[1] and 1 <= square[0] <= 5
        assert choice in ((1, 3), (3, 1))
        assert mixed[1] == 3 and mixed[0] in (1, 2)


def test_impossible_template_is_an_error() -> None:
    result = load("  - id: t\n    type: template\n    input_shape: [4, 4, 1]\n    layers:\n"
                  "      - Conv2D: {filters: 2, kernel_size: {min: 5, max: 9}}\n")
    assert len(result.errors) == 1
    assert "none of 50 draws gives a possible model" in result.errors[0].message


def test_text_cards() -> None:
    result = load("  - id: t\n    question: Buffers of BatchNorm2d(64)?\n"
                  "    answers: [129, one hundred twenty-nine]\n    explanation: 64 + 64 + 1.\n"
                  "  - id: yes\n    type: text\n    question: Is it?\n    answer: yes\n")
    assert result.bank is not None, messages(result)
    first, second = bank_questions(result.bank)
    assert first.kind == "text" and first.answer == "129"
    assert first.accepted == ("one hundred twenty-nine",)
    assert "64 + 64 + 1." in first.solution
    assert second.answer == "yes"
    assert grade(first, "129").correct and not grade(first, "128").correct


def test_find_card_by_question_id(shipped: dict[str, BankResult]) -> None:
    banks = [r.bank for r in shipped.values() if r.bank is not None]
    found = find_card(banks, "seed-examples/ffnn-3-5-2")
    assert found is not None and found[1].id == "ffnn-3-5-2"
    assert find_card(banks, "seed-examples/nope") is None
    assert find_card(banks, "nope/ffnn-3-5-2") is None


def test_starter_bank_validates_and_teaches_each_kind() -> None:
    result = load_bank_bytes(starter_bank("my-course").encode(), "starter.yaml",
                             check_code=True)
    assert result.bank is not None, messages(result)
    assert result.bank.id == "my-course"
    assert {card.type for card in result.bank.cards} == {"model", "template", "text"}


# -- finding banks ---------------------------------------------------------------------------


def test_user_and_extra_banks_and_one_bad_bank(quizzer_home: Path, tmp_path: Path) -> None:
    folder = quizzer_home / "banks"
    folder.mkdir()
    (folder / "mine.yaml").write_bytes(bank_text("  - id: a\n    question: Q?\n    answer: A\n",
                                                 "id: mine\ntitle: Mine\n"))
    (folder / "broken.yml").write_bytes(b"id: broken\ntitle: [unclosed\n")
    (folder / "notes.txt").write_text("not a bank")
    extra = tmp_path / "extra.yaml"
    extra.write_bytes(bank_text("  - id: a\n    question: Q?\n    answer: A\n",
                                "id: extra\ntitle: Extra\n"))
    results = load_all_banks([extra, folder / "mine.yaml"])
    by_name = {r.name: r for r in results}
    assert set(by_name) == {*SHIPPED, "mine", "broken", "extra"}
    assert by_name["mine"].origin == "user" and by_name["extra"].origin == "path"
    assert by_name["broken"].bank is None and len(by_name["broken"].errors) == 1
    assert ERROR_LINE.match(str(by_name["broken"].errors[0]))


def test_a_taken_bank_id_is_an_error(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(bank_text("  - id: a\n    question: Q?\n    answer: A\n",
                               "id: seed-examples\ntitle: Mine\n"))
    result = {r.path: r for r in load_all_banks([copy])}[str(copy)]
    assert result.bank is None
    assert "the bank id 'seed-examples' is already used by" in result.errors[0].message
    assert (result.errors[0].line, result.errors[0].column) == (1, 5)


def test_shipped_banks_are_found_without_installing() -> None:
    names = [f.name for f in shipped_bank_files()]
    assert names == [f"{name}.yaml" for name in SHIPPED]


def test_load_bank_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(bank_text("  - id: a\n    input_shape: [0]\n    layers: [Dense: -1]\n"))
    with pytest.raises(BankInvalid) as raised:
        load_bank(path)
    assert len(raised.value.errors) == 2
    assert "(and 1 more)" in str(raised.value)


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes(bank_text("  - id: a\n    input_shape: [3]\n    layers: [Dense: 5]\n"))
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(bank_text("  - id: a\n    input_shape: [3]\n    layers: [Dens: 5]\n"
                              "    answer: 7\n  - id: a\n    question: Q\n    answer: A\n",
                              "id: other\ntitle: Bad\n"))
    assert main(["bank", "validate", str(good)]) == 0
    assert "good.yaml: ok, 1 card (test)" in capsys.readouterr().out
    assert main(["bank", "validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    errors = [line for line in out if ERROR_LINE.match(line)]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{bad}:6:14", f"{bad}:8:9"]
    assert out[-1] == "2 banks checked: 1 invalid, 2 errors"
    assert main(["bank", "validate", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["bank", "validate", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["bank", "validate", str(empty)]) == 2
    assert main(["bank"]) == 2


def test_cli_validate_shipped_folder(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(__file__).resolve().parents[1] / "question_banks"
    assert main(["bank", "validate", str(folder)]) == 0
    assert capsys.readouterr().out.endswith("3 banks checked: all valid\n")


def test_cli_new_and_list(quizzer_home: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "new", "my-course"]) == 0
    path = quizzer_home / "banks" / "my-course.yaml"
    text = path.read_text()
    assert text.startswith("# A quizzer question bank") and "id: my-course" in text
    assert main(["bank", "new", "my-course"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == text
    assert main(["bank", "new", "other", "--path", str(tmp_path)]) == 0
    assert (tmp_path / "other.yaml").exists()
    assert main(["bank", "new", "bad name"]) == 2
    (quizzer_home / "banks" / "broken.yaml").write_text("id: broken\n")
    capsys.readouterr()
    assert main(["bank", "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"seed-examples\s+4 cards\s+shipped", out)
    assert re.search(r"my-course\s+4 cards\s+user", out)
    assert re.search(r"broken\s+invalid, 2 errors\s+user", out)
    assert "broken.yaml:1:1: the bank has no 'title'" in out
