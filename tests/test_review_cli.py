"""`quizzer review --plain`: the due skills of the real store, served as fresh questions, rated
only here (practice leaves the schedules alone), `undo` in plain mode, and what it says when
nothing is due."""

from __future__ import annotations

import io
import sys
from datetime import datetime

import pytest

from quizzer.cli import main
from quizzer.core.generator import GeneratorOptions
from quizzer.core.questions import Question, format_answer
from quizzer.core.review import due_questions, question_items
from quizzer.core.store import Store


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str], lines: list[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    capsys.readouterr()
    status = main(args)
    return status, capsys.readouterr().out


def practise(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Two practice answers (one wrong): their skills become new items, due at once."""
    status, _out = run(monkeypatch, capsys, ["practice", "--plain", "--seed", "7"], ["1", "2"])
    assert status == 0


def due_now(seed: int) -> list[Question]:
    """The questions `quizzer review --seed` serves now (the same items, seed and options)."""
    with Store.open(backup=False) as store:
        items = store.due_items(datetime.now().astimezone())
    return list(due_questions(items, seed, GeneratorOptions()))


def test_nothing_seen_yet(monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(monkeypatch, capsys, ["review", "--plain"], [])
    assert status == 0
    assert out.startswith("Nothing to review yet. Every skill (and bank card) you answer")


def test_review_serves_the_due_skills_and_rates_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practise(monkeypatch, capsys)
    with Store.open(backup=False) as store:
        assert store.reviews() == []  # practice rated nothing
        practised = {skill for answer in store.answers() for skill in answer.skills}
    questions = due_now(5)
    assert questions  # every practised skill is new, so due
    served = {key.name for q in questions for key in question_items(q)}
    assert practised <= served  # each due skill is exercised by a question

    lines = [format_answer(q.answer) for q in questions]
    status, out = run(monkeypatch, capsys, ["review", "--plain", "--seed", "5"], lines)
    assert status == 0
    assert out.splitlines()[0].startswith(f"quizzer review · {len(practised)} due: 0 skills, ")
    assert out.count("✓ Correct") == len(questions) and "✗" not in out
    with Store.open(backup=False) as store:
        reviewed = store.answers()[2:]
        assert [a.question_id for a in reviewed] == [q.id for q in questions]
        assert all(a.mode == "review" and a.correct for a in reviewed)
        rated = {entry.key.name for entry in store.reviews()}
    assert rated == served

    status, out = run(monkeypatch, capsys, ["review", "--plain"], [])
    assert status == 0
    assert out.startswith("Nothing is due for review now. The next item falls due ")


def test_undo_in_plain_mode_takes_back_the_last_rating(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practise(monkeypatch, capsys)
    questions = due_now(9)
    assert len(questions) >= 2
    first, second = questions[:2]
    lines = ["undo", "1", "undo", format_answer(second.answer), format_answer(first.answer)]
    status, out = run(monkeypatch, capsys, ["review", "--plain", "--seed", "9"], lines)
    assert status == 0
    assert "There is no rating to undo." in out
    assert "Rating taken back: that question comes again after this one." in out
    with Store.open(backup=False) as store:
        reviewed = store.answers()[2:]
        logged = {entry.answer_id for entry in store.reviews()}
    assert [(a.question_id, a.correct) for a in reviewed[:3]] == [
        (first.id, False), (second.id, True), (first.id, True),
    ]
    # the undone rating (answer 3, the wrong one) left no trace; the next two are logged
    assert 3 not in logged and {4, 5} <= logged


def test_the_last_rating_can_be_undone_before_the_session_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practise(monkeypatch, capsys)
    questions = due_now(11)
    *earlier, last = questions
    right = format_answer(last.answer)
    wrong = "0" if right != "0" else "1"
    lines = [format_answer(q.answer) for q in earlier] + [wrong, "undo", right, ""]
    status, out = run(monkeypatch, capsys, ["review", "--plain", "--seed", "11"], lines)
    assert status == 0
    prompt = "That was the last one: `undo` takes back its rating, Enter finishes: "
    assert out.count(prompt) == 2
    assert "Rating taken back: answer that question again." in out
    assert out.index("Rating taken back") < out.index("\nSummary\n")
    with Store.open(backup=False) as store:
        answers = store.numbered_answers()
        logged = {entry.answer_id for entry in store.reviews()}
    (wrong_id, wrong_answer), (right_id, right_answer) = answers[-2:]
    assert (wrong_answer.question_id, wrong_answer.correct) == (last.id, False)
    assert (right_answer.question_id, right_answer.correct) == (last.id, True)
    assert wrong_id not in logged and right_id in logged
