"""Crashes and concurrency: answers survive SIGKILL, two processes lose nothing."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.core.store import Store

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "helpers" / "record_answers.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def start(*args: str, stdin: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(HELPER), *args], env=env, text=True, stdout=subprocess.PIPE,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
    )


def read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def stats_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check"])
    return status, capsys.readouterr().out


def test_sigkill_mid_session_keeps_exactly_the_answers_graded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    graded = 7
    process = start("killed", "--wait", "--mode", "review", stdin=True)
    assert read_line(process) == "ready"
    assert process.stdin is not None
    for index in range(1, graded + 1):
        process.stdin.write("submit\n")
        process.stdin.flush()
        assert read_line(process) == f"recorded {index}"
    process.send_signal(signal.SIGKILL)  # waiting for the 8th answer, store still open
    assert process.wait(timeout=10) == -signal.SIGKILL
    data = stats_json(capsys)
    assert data["answers_total"] == graded
    assert data["correct_total"] == sum(1 for i in range(graded) if i % 4 != 0)
    status, out = check(capsys)
    assert status == 0, out
    assert "integrity check: ok" in out and f"answers: {graded} (0 of them skipped)" in out


def test_sigkill_while_writing_loses_no_committed_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    process = start("flood", "--mode", "review")
    assert read_line(process) == "ready"
    printed = 0
    while printed < 150:
        printed = int(read_line(process).split()[1])
    process.send_signal(signal.SIGKILL)
    assert process.stdout is not None
    printed += sum(1 for line in process.stdout.read().splitlines() if line.startswith("recorded"))
    process.wait(timeout=10)
    total = stats_json(capsys)["answers_total"]
    assert isinstance(total, int)
    # every printed answer was committed before it was printed; one more may have committed
    # in the instant between its commit and its print
    assert printed <= total <= printed + 1
    assert check(capsys)[0] == 0


def test_two_processes_answering_at_once_store_every_answer() -> None:
    count = 200
    processes = [start(name, "--count", str(count), "--mode", mode, "--go", "--pause", "0.001",
                       stdin=True)
                 for name, mode in (("first", "review"), ("second", "practice"))]
    assert [read_line(process) for process in processes] == ["ready", "ready"]
    for process in processes:  # both start writing at the same instant
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert all(output.splitlines()[-1] == f"recorded {count}" for output in outputs)
    with Store.open() as store:
        answers = store.answers()
        reviews = store.reviews()
    assert len(answers) == 2 * count
    switches = sum(1 for a, b in itertools.pairwise(answers) if a.session_id != b.session_id)
    assert switches > 10  # the writes really were interleaved
    for session in ("first", "second"):
        ids = {a.question_id for a in answers if a.session_id == session}
        assert ids == {f"{session}-{i}" for i in range(count)}
    # each review answer rated its 2 skills; practice answers rated nothing
    assert len(reviews) == 2 * count
