"""Test helper: a process that records answers through the Store, as a session would.

    python record_answers.py SESSION [--count N] [--wait] [--mode MODE] [--go]
                                      [--pause SECONDS]

Prints `recorded <i>` (flushed) after each answer is committed. With `--wait` it records one
answer per line read from stdin (a learner submitting), so a test can kill it at a known point;
otherwise it records `--count` answers as fast as it can (with `--go`: once a line arrives, so
that two processes start together). Uses `QUIZZER_HOME` like quizzer.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from quizzer.core.records import AnswerRecord
from quizzer.core.store import Store


def answer(session: str, index: int, mode: str) -> AnswerRecord:
    return AnswerRecord(
        question_id=f"{session}-{index}", kind="total", framework="keras",
        skills=("dense.weights", f"skill.{index % 3}"), given=str(index),
        correct=index % 4 != 0, diagnosis=("a diagnosis",) if index % 4 == 0 else (),
        thinking_seconds=5.0 + index % 7, hints_used=index % 2, mode=mode,  # type: ignore[arg-type]
        session_id=session, timestamp=time.time(),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("session")
    parser.add_argument("--count", type=int, default=10**9)
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--mode", default="practice")
    parser.add_argument("--go", action="store_true", help="wait for a line on stdin to start")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between answers")
    args = parser.parse_args()
    store = Store.open()
    print("ready", flush=True)
    if args.go:
        sys.stdin.readline()
    for index in range(args.count):
        if args.wait and not sys.stdin.readline():
            break
        store.record(answer(args.session, index, args.mode))
        print(f"recorded {index + 1}", flush=True)
        if args.pause:
            time.sleep(args.pause)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
