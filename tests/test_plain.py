"""The plain line mode: whole sessions driven through stdin, as screen readers, pipes and
scripts use it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.core.generator import GeneratorOptions, generate
from quizzer.core.questions import Answer, Question, format_answer

ROOT = Path(__file__).resolve().parents[1]


def wrong(answer: Answer) -> str:
    """A readable answer that is not the right one."""
    if isinstance(answer, int):
        return str(answer + 1)
    if isinstance(answer, tuple):
        return format_answer((*answer[:-1], (answer[-1] or 0) + 1))
    return "not it"


def run_plain(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              args: list[str], lines: list[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    status = main(args)
    return status, capsys.readouterr().out


def test_a_whole_plain_session_through_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = islice(generate(7, GeneratorOptions()), 3)
    lines = [
        "?",                              # a hint for question 1
        format_answer(first.answer),      # right
        "lots",                           # unreadable: a hint, asked again
        wrong(second.answer),             # wrong
        "skip",                           # question 3 skipped
    ]                                     # then the end of input
    status, out = run_plain(monkeypatch, capsys, ["practice", "--plain", "--seed", "7"], lines)
    assert status == 0
    assert out.startswith("quizzer practice · seed 7 · Keras · difficulty 1 · mixed\n")
    blocks = out.split("\nQuestion ")
    assert blocks[1].startswith(f"1 (Keras, {first.kind})\n{first.prompt}\n")
    assert first.code.strip() in blocks[1]
    assert "Hint: " in blocks[1]
    assert f"✓ Correct: {format_answer(first.answer)}" in blocks[1]
    assert "Worked solution:" in blocks[1]
    assert "Could not read 'lots': " in blocks[2] and "Try again." in blocks[2]
    assert (f"✗ Wrong: you answered {wrong(second.answer)}; the correct answer is "
            f"{format_answer(second.answer)}.") in blocks[2]
    assert f"↷ Skipped: the answer is {format_answer(third.answer)}." in blocks[3]
    assert blocks[4].startswith("4 ")  # question 4 was shown, then the input ended
    summary = out.split("\nSummary\n")[1]
    assert "Score: 1 correct" in summary
    assert "Accuracy: 33% (1 of 3: 2 answered, 1 skipped)" in summary
    assert "Hints used: 1" in summary
    assert f"  {second.id}: {format_answer(second.answer)}" in summary


def test_practice_serves_the_questions_of_generate_for_the_same_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    options = GeneratorOptions(framework="pytorch", difficulty=2, family="cnn")
    expected: list[Question] = list(islice(generate(11, options), 4))
    args = ["practice", "--plain", "--seed", "11", "--framework", "pytorch",
            "--difficulty", "2", "--family", "cnn"]
    status, out = run_plain(monkeypatch, capsys, args, ["skip"] * 4)
    assert status == 0
    prompts = [block.split("\n")[1] for block in out.split("\nQuestion ")[1:]]
    assert prompts[:4] == [q.prompt for q in expected]
    for question in expected:
        assert question.code.strip() in out


def test_practice_serves_what_quizzer_generate_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizzer practice --seed S` and `quizzer generate --seed S`: the same questions."""
    options = ["--seed", "11", "--framework", "pytorch", "--difficulty", "2", "--family", "cnn"]
    assert main(["generate", "--count", "3", *options, "--format", "jsonl"]) == 0
    generated = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    status, out = run_plain(monkeypatch, capsys, ["practice", "--plain", *options], ["skip"] * 3)
    assert status == 0
    blocks = out.split("\nQuestion ")[1:4]
    for block, question in zip(blocks, generated, strict=True):
        assert block.split("\n")[1] == question["prompt"]
        assert question["code"].strip() in block


def test_a_plain_drill_ends_at_its_question_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = list(islice(generate(3, GeneratorOptions()), 10))
    lines = [format_answer(q.answer) for q in questions] + ["these lines", "are never read"]
    status, out = run_plain(monkeypatch, capsys,
                            ["drill", "--plain", "--seed", "3", "--questions", "10"], lines)
    assert status == 0
    assert out.startswith("quizzer drill · 10 questions · seed 3")
    assert "Your answer (10 questions left): " in out
    assert out.count("✓ Correct") == 10
    assert "Worked solution:" not in out  # a drill goes straight on
    assert "Score: 10 correct" in out and "these lines" not in out


def test_quit_ends_cleanly_with_the_summary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run_plain(monkeypatch, capsys, ["drill", "--plain", "--seed", "1"], ["quit"])
    assert status == 0
    assert "Your answer (1:00 left): " in out
    assert "Accuracy: - (0 of 0: 0 answered, 0 skipped)" in out


def test_an_unknown_family_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practice", "--plain", "--family", "gan"]) == 2
    err = capsys.readouterr().err
    assert err == ("quizzer practice: error: unknown family 'gan' "
                   "(expected one of mlp, cnn, rnn, norm, attention, mixed)\n")


def test_piped_into_the_real_command() -> None:
    """`printf '...' | quizzer practice --plain --seed S`, as a shell runs it."""
    first = next(generate(5, GeneratorOptions()))
    result = subprocess.run(
        [sys.executable, "-m", "quizzer", "practice", "--plain", "--seed", "5"],
        input=f"{format_answer(first.answer)}\n", capture_output=True, text=True,
        cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"Your answer: {format_answer(first.answer)}\n✓ Correct" in result.stdout
    assert "Score: 1 correct" in result.stdout
