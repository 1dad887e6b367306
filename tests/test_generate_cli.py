"""`quizzer generate`: byte-identical output for a seed, every format, clear errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from quizzer.cli import main
from quizzer.core.generator import GeneratorOptions
from quizzer.core.generator.formats import write_questions

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["id", "framework", "kind", "difficulty", "family", "prompt", "code", "answer",
          "total_params", "trainable_params", "non_trainable_params", "buffers", "skills",
          "solution"]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "quizzer", "generate", *args], cwd=ROOT,
                          capture_output=True, timeout=120, check=False)


def test_same_seed_and_options_give_byte_identical_output() -> None:
    args = ("--count", "60", "--seed", "7", "--framework", "pytorch", "--difficulty", "4")
    first, second = run(*args), run(*args)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert len(first.stdout.splitlines()) == 60
    assert first.stderr == b""  # the seed is only announced when it was drawn
    other = run("--count", "60", "--seed", "8", "--framework", "pytorch", "--difficulty", "4")
    assert other.stdout != first.stdout


def test_jsonl_records() -> None:
    out = io.StringIO()
    write_questions(out, 3, GeneratorOptions("keras", 3, "mixed"), 40, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 40
    for record in records:
        assert list(record)[: len(FIELDS)] == FIELDS
        assert record["framework"] == "keras" and record["buffers"] is None
        assert "model = " in record["code"]
        assert record["total_params"] == record["trainable_params"] + record[
            "non_trainable_params"]
        if record["kind"] == "compare":
            assert "other_model = " in record["code"]
        if record["kind"] == "solve":
            assert "shown_code" in record
    assert len({r["id"] for r in records}) == 40


def test_pytorch_jsonl_reports_buffers() -> None:
    out = io.StringIO()
    write_questions(out, 3, GeneratorOptions("pytorch", 2, "norm", "total"), 20, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(isinstance(r["buffers"], int) for r in records)
    assert any(r["buffers"] > 0 for r in records)


def test_yaml_is_the_same_records() -> None:
    jsonl, text = io.StringIO(), io.StringIO()
    options = GeneratorOptions("pytorch", 3, "mixed")
    write_questions(jsonl, 5, options, 15, "jsonl")
    write_questions(text, 5, options, 15, "yaml")
    assert yaml.safe_load(text.getvalue()) == [json.loads(line)
                                               for line in jsonl.getvalue().splitlines()]
    assert "code: |" in text.getvalue()


def test_text_prints_each_question_then_its_solution() -> None:
    out = io.StringIO()
    write_questions(out, 2, GeneratorOptions("keras", 2, "mixed", "solve"), 3, "text")
    text = out.getvalue()
    assert text.count("Question ") == 3
    for block in text.split("Question ")[1:]:
        assert block.index("Find h.") < block.index("Answer:") < block.index("Worked solution:")
        assert "(h" in block  # the shown code writes the unknown as h


def test_random_seed_is_printed_so_the_run_can_be_repeated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["generate", "--count", "2"]) == 0
    captured = capsys.readouterr()
    seed = int(captured.err.split("--seed ")[1].rstrip(")\n"))
    assert main(["generate", "--count", "2", "--seed", str(seed)]) == 0
    assert capsys.readouterr().out == captured.out


def test_count_zero_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--count", "0", "--seed", "1"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "-1"], "argument --count: must be 0 or more, got -1"),
        (["--count", "many"], "argument --count: expected a whole number, got 'many'"),
        (["--difficulty", "9"], "argument --difficulty: must be 1, 2, 3, 4 or 5, got '9'"),
        (["--family", "transformer"], "argument --family: invalid choice: 'transformer'"),
        (["--kind", "text"], "argument --kind: invalid choice: 'text'"),
        (["--framework", "jax"], "argument --framework: invalid choice: 'jax'"),
        (["--format", "csv"], "argument --format: invalid choice: 'csv'"),
        (["--seed", "x"], "argument --seed: expected a whole number, got 'x'"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["generate", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_closed_pipe_is_not_an_error() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "quizzer", "generate", "--count", "5000", "--seed", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert b"Traceback" not in process.stderr.read()
