"""The real command in a subprocess: `quizzer practice --plain` killed with SIGKILL after N
graded answers keeps exactly those N (each was on disk the moment it was graded), and a
database file of random bytes is moved aside, byte for byte, with a message saying where."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.core.generator import GeneratorOptions, generate
from quizzer.core.questions import format_answer
from quizzer.core.store import Store

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def quizzer(home: Path, *args: str, output: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QUIZZER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    with output.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "quizzer", *args], env=env, text=True,
            stdin=subprocess.PIPE, stdout=out, stderr=subprocess.PIPE,
        )


def answer_count(database: Path) -> int:
    if not database.exists():
        return 0
    with Store.open(database, backup=False) as store:
        return store.answer_count()


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def stats(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check"])
    return status, capsys.readouterr().out


def test_sigkill_mid_session_keeps_exactly_the_answers_graded(
    quizzer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = list(islice(generate(7, GeneratorOptions()), 4))
    given = [format_answer(questions[0].answer), "1", "skip", format_answer(questions[3].answer)]
    database = quizzer_home / "quizzer.db"
    process = quizzer(quizzer_home, "practice", "--plain", "--seed", "7",
                      output=tmp_path / "out.txt")
    assert process.stdin is not None
    for number, line in enumerate(given, start=1):
        process.stdin.write(line + "\n")
        process.stdin.flush()
        # committed once graded: visible to another connection before the next answer
        wait_for(lambda number=number: answer_count(database) == number)  # type: ignore[misc]
    wait_for(lambda: (tmp_path / "out.txt").read_text().count("Question 5 ") == 1)
    process.send_signal(signal.SIGKILL)  # the 5th question waits for its answer
    assert process.wait(timeout=10) == -signal.SIGKILL

    data = stats(capsys)
    assert (data["answers_total"], data["correct_total"], data["skipped_total"]) == (4, 2, 1)
    assert data["per_mode"] == {"practice": {"count": 4, "correct": 2, "accuracy": 0.5}}
    status, out = check(capsys)
    assert status == 0, out
    assert "integrity check: ok" in out and "answers: 4 (1 of them skipped)" in out


def test_random_bytes_are_moved_aside_intact_and_a_fresh_store_starts(
    quizzer_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = quizzer_home / "quizzer.db"
    garbage = os.urandom(4096)
    database.write_bytes(garbage)
    process = quizzer(quizzer_home, "practice", "--plain", "--seed", "7",
                      output=tmp_path / "out.txt")
    _out, err = process.communicate("skip\n", timeout=60)
    assert process.returncode == 0
    found = re.fullmatch(
        rf"quizzer: the database at {re.escape(str(database))} was unusable \(it is not an "
        rf"SQLite database\); it was moved to (\S+) and a fresh one started\n", err,
    )
    assert found is not None, err
    moved = Path(found.group(1))
    assert moved.parent == quizzer_home and moved.name.startswith("quizzer.db.corrupt-")
    assert moved.read_bytes() == garbage
    assert "Question 1 " in (tmp_path / "out.txt").read_text()
    assert stats(capsys)["answers_total"] == 1  # the skip, in the fresh store
    status, out = check(capsys)
    assert status == 0 and f"files moved aside earlier: {moved.name}" in out
