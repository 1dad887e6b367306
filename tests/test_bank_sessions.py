"""Sessions from question banks: `--bank PATH_OR_ID` on `practice` and `drill`, in plain mode
and as the TUI's launch, and the endless shuffled stream of a bank's cards."""

from __future__ import annotations

import io
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.cli import main
from quizzer.core.banks import load_all_banks, load_bank
from quizzer.core.banks.selection import choose_banks, session_questions
from quizzer.core.questions import format_answer
from quizzer.launching import Launch

MINE = """\
id: mine
title: My course
cards:
  - id: mlp
    input_shape: [4]
    layers:
      - Dense: 3
      - Dense: 2
    answer: 23
  - id: conv
    input_shape: [8, 8, 2]
    layers:
      - Conv2D: {filters: 4, kernel_size: 3}
    answer: 76
  - id: buffers
    type: text
    question: Does model.parameters() include BatchNorm's running_mean?
    answers: ["no", "no, it is a buffer"]
"""
ANSWERS = {"mine/mlp": "23", "mine/conv": "76", "mine/buffers": "no"}
DRILLS = """\
id: drills
title: Dense drills
cards:
  - id: dense
    type: template
    input_shape: [{min: 2, max: 500}]
    layers:
      - Dense: {units: {min: 1, max: 500}}
"""
BROKEN = """\
id: broken
title: Broken
cards:
  - id: a
    input_shape: [4]
    layers:
      - Dense: {units: -3}
"""


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(MINE, encoding="utf-8")
    return path


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_plain(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              args: list[str], lines: list[str]) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- plain mode ------------------------------------------------------------------------------

def test_plain_practice_from_a_user_bank_file(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = list(islice(session_questions([load_bank(mine)], 5), 4))
    assert sorted(q.id for q in questions[:3]) == sorted(ANSWERS)  # a round: each card once
    lines = [ANSWERS[questions[0].id], "12345", ANSWERS[questions[2].id]]
    status, out, err = run_plain(monkeypatch, capsys,
                                 ["practice", "--plain", "--bank", str(mine), "--seed", "5"], lines)
    assert (status, err) == (0, "")
    assert out.startswith("quizzer practice · My course · seed 5\n")
    blocks = out.split("\nQuestion ")[1:]
    assert len(blocks) == 4  # three answered, the fourth (the next round) met the end of input
    for block, question in zip(blocks, questions, strict=True):
        assert block.split("\n")[1] == question.prompt.split("\n")[0]
    assert f"✓ Correct: {format_answer(questions[0].answer)}" in blocks[0]
    assert (f"✗ Wrong: you answered 12345; the correct answer is "
            f"{format_answer(questions[1].answer)}.") in blocks[1]
    assert "✓ Correct" in blocks[2]
    summary = out.split("\nSummary\n")[1]
    assert "Score: 2 correct" in summary
    assert f"  {questions[1].id}: {format_answer(questions[1].answer)}" in summary


def test_plain_practice_from_a_shipped_bank_by_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--bank seed-examples`: the seed's four examples, all graded right with their answers."""
    seed_answers = {"seed-examples/ffnn-3-5-2": 32, "seed-examples/ffnn-50-100-1-100-50": 10451,
                    "seed-examples/conv-1-channel-2x2-3-filters": 15,
                    "seed-examples/conv-3-channels-2x2-1-filter": 13}
    choice = choose_banks(["seed-examples"])
    assert choice.ok and choice.paths == ()
    questions = list(islice(session_questions(choice.banks, 9), 4))
    assert {q.id for q in questions} == set(seed_answers)
    lines = [str(seed_answers[q.id]) for q in questions]
    status, out, _ = run_plain(monkeypatch, capsys,
                               ["practice", "--plain", "--bank", "seed-examples", "--seed", "9"],
                               lines)
    assert status == 0
    assert out.startswith("quizzer practice · The seed's four examples · seed 9\n")
    assert out.count("✓ Correct") == 4 and "✗" not in out
    assert "Score: 4 correct" in out


def test_plain_drill_from_a_bank_goes_round_to_its_question_limit(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = list(islice(session_questions([load_bank(mine)], 2), 10))
    lines = [ANSWERS[q.id] for q in questions] + ["never read"]
    status, out, _ = run_plain(
        monkeypatch, capsys,
        ["drill", "--plain", "--bank", str(mine), "--seed", "2", "--questions", "10"], lines,
    )
    assert status == 0
    assert out.startswith("quizzer drill · 10 questions · My course · seed 2\n")
    assert out.count("✓ Correct") == 10 and "Score: 10 correct" in out
    assert "Worked solution:" not in out
    counts = Counter(q.id for q in questions)  # three rounds and a bit
    assert set(counts) == set(ANSWERS) and sorted(counts.values()) == [3, 3, 4]


def test_a_broken_bank_path_is_exit_2_with_its_error_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, "broken.yaml", BROKEN)
    status, out, err = run_plain(monkeypatch, capsys,
                                 ["practice", "--plain", "--bank", str(broken)], ["32"])
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{broken}:7:24: units is -3 (expected a whole number of at least 1)",
        "quizzer practice: error: the bank above cannot be used "
        "(check with: quizzer bank validate PATH)",
    ]


def test_a_missing_path_or_unknown_id_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.yaml"
    status, _, err = run_plain(monkeypatch, capsys, ["drill", "--plain", "--bank", str(missing)],
                               [])
    assert status == 2
    assert err.startswith(f"{missing}:1:1: cannot read the file: No such file or directory")
    status, _, err = run_plain(monkeypatch, capsys, ["drill", "--plain", "--bank", "no-such"], [])
    assert status == 2
    assert err.splitlines()[0] == (
        "no-such: no such file or folder, and no shipped or user bank has this id (expected a "
        "bank file, a folder of them, or a bank id: classic-architectures, "
        "framework-conventions, seed-examples)"
    )
    status, _, err = run_plain(monkeypatch, capsys, ["drill", "--plain", "--bank", str(tmp_path)],
                               [])
    assert status == 2 and "no bank files (.yaml, .yml) in this folder" in err


def test_a_bank_with_generator_options_is_a_usage_error(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_plain(
        monkeypatch, capsys,
        ["practice", "--plain", "--bank", str(mine), "--framework", "pytorch", "--family", "cnn"],
        [],
    )
    assert (status, out) == (2, "")
    assert err == ("quizzer practice: error: --bank cannot be combined with --framework, "
                   "--family (a bank's cards fix their framework and sizes)\n")


# -- choosing banks ----------------------------------------------------------------------------

def test_user_bank_by_id_folders_and_each_file_once(
    quizzer_home: Path, mine: Path, tmp_path: Path
) -> None:
    write(quizzer_home / "banks", "drills.yaml", DRILLS)
    choice = choose_banks(["drills", str(mine), str(mine.parent), "seed-examples"])
    assert choice.errors == ()
    assert [bank.id for bank in choice.banks] == ["drills", "mine", "seed-examples"]
    assert choice.paths == (str(mine), str(mine.parent))
    assert choice.title == "Dense drills + My course + The seed's four examples"


def test_two_banks_with_one_id_are_an_error(mine: Path, tmp_path: Path) -> None:
    copy = write(tmp_path / "other", "copy.yaml", MINE)
    choice = choose_banks([str(mine), str(copy)])
    assert not choice.ok and choice.banks == ()
    assert choice.errors == (
        f"{copy}:1:5: the bank id 'mine' is already used by {mine} "
        "(expected an id no other bank uses)",
    )


def test_a_broken_user_bank_named_by_id_shows_its_errors(quizzer_home: Path) -> None:
    broken = write(quizzer_home / "banks", "broken.yaml", BROKEN)
    choice = choose_banks(["seed-examples", "broken"])
    assert not choice.ok
    assert choice.errors == (f"{broken}:7:24: units is -3 (expected a whole number of at "
                             "least 1)",)


# -- the question stream -----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), rounds=st.integers(1, 3))
def test_every_round_serves_every_card_once(seed: int, rounds: int) -> None:
    banks = choose_banks(["seed-examples", "framework-conventions"]).banks
    cards = sorted(f"{bank.id}/{card.id}" for bank in banks for card in bank.cards)
    served = [q.id for q in islice(session_questions(banks, seed), rounds * len(cards))]
    for start in range(0, len(served), len(cards)):
        assert sorted(served[start:start + len(cards)]) == cards
    again = [q.id for q in islice(session_questions(banks, seed), rounds * len(cards))]
    assert again == served  # the same seed, the same order


def test_shuffled_by_the_seed_and_templates_drawn_anew(quizzer_home: Path) -> None:
    write(quizzer_home / "banks", "drills.yaml", DRILLS)
    bank = choose_banks(["drills"]).banks[0]
    codes = [q.code for q in islice(session_questions([bank], 1), 6)]
    assert len(set(codes)) >= 5  # a new draw every time the card comes up
    other_seed = [q.code for q in islice(session_questions([bank], 2), 6)]
    assert other_seed != codes
    classic = choose_banks(["classic-architectures"]).banks
    orders = {tuple(q.id for q in islice(session_questions(classic, s), 5)) for s in range(4)}
    assert len(orders) == 4


# -- the TUI launch ----------------------------------------------------------------------------

def test_the_tui_launch_serves_the_bank(
    mine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launches: list[Launch] = []

    def run_app(launch: Launch, hooks: object) -> int:
        launches.append(launch)
        return 0

    monkeypatch.setattr("quizzer.tui.app.run_app", run_app)
    assert main(["drill", "--bank", str(mine), "--bank", "seed-examples", "--seed", "4",
                 "--minutes", "2"]) == 0
    (launch,) = launches
    assert (launch.mode, launch.seed, launch.limit and launch.limit.label) == (
        "drill", 4, "2 minutes")
    assert launch.title == "My course + The seed's four examples"
    assert launch.banks == (str(mine),)  # ids are not paths: the Banks screen finds those
    assert launch.source is not None
    served = [q.id for q in islice(launch.source, 7)]
    assert sorted(served) == sorted([*ANSWERS, "seed-examples/ffnn-3-5-2",
                                     "seed-examples/ffnn-50-100-1-100-50",
                                     "seed-examples/conv-1-channel-2x2-3-filters",
                                     "seed-examples/conv-3-channels-2x2-1-filter"])


def test_a_shipped_bank_given_as_a_path_is_listed_once() -> None:
    shipped = load_all_banks()
    seed_path = next(r.path for r in shipped if r.name == "seed-examples")
    again = load_all_banks([seed_path])
    assert [(r.name, r.origin, r.errors) for r in again] == [
        (r.name, "shipped", ()) for r in shipped
    ]
    assert choose_banks([seed_path]).ok  # and a session can still be served from it
