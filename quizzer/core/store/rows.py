"""Answer records and drill results as database rows, and back."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from quizzer.core.records import AnswerRecord

ANSWER_COLUMNS = (
    "question_id", "kind", "framework", "skills", "given", "correct", "diagnosis",
    "thinking_seconds", "hints_used", "mode", "session_id", "timestamp", "bank", "card", "skipped",
)


SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text SQLite can store: each lone surrogate (an undecodable terminal byte) becomes U+FFFD."""
    return SURROGATE.sub("\ufffd", text)


def answer_row(record: AnswerRecord) -> tuple[Any, ...]:
    return (
        clean(record.question_id), clean(record.kind), clean(record.framework),
        json.dumps([clean(skill) for skill in record.skills]), clean(record.given),
        int(record.correct), json.dumps([clean(line) for line in record.diagnosis]),
        float(record.thinking_seconds), int(record.hints_used), record.mode,
        clean(record.session_id), float(record.timestamp),
        None if record.bank is None else clean(record.bank),
        None if record.card is None else clean(record.card), int(record.skipped),
    )


def insert_answer(conn: sqlite3.Connection, record: AnswerRecord) -> int:
    """Insert one answer and its skill index rows; returns the answer id."""
    row = answer_row(record)
    cursor = conn.execute(
        f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in ANSWER_COLUMNS)})",
        row,
    )
    answer_id = cursor.lastrowid
    assert answer_id is not None
    skills = dict.fromkeys(json.loads(row[3]))
    conn.executemany(
        "INSERT INTO answer_skills (answer_id, skill) VALUES (?, ?)",
        [(answer_id, skill) for skill in skills],
    )
    return answer_id


def _strings(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))


def record_from_row(row: sqlite3.Row | tuple[Any, ...]) -> AnswerRecord:
    """An AnswerRecord from a row selected as `ANSWER_COLUMNS`."""
    values = dict(zip(ANSWER_COLUMNS, tuple(row), strict=True))
    values["skills"] = _strings(values["skills"])
    values["diagnosis"] = _strings(values["diagnosis"])
    values["correct"] = bool(values["correct"])
    values["skipped"] = bool(values["skipped"])
    return AnswerRecord(**values)


@dataclass(frozen=True)
class DrillResult:
    """One finished timed drill, for personal bests."""

    settings_key: str
    """The drill's settings (see `drill_settings_key`): bests are per key."""
    score: int
    questions: int
    accuracy: float
    """0-1."""
    qpm: float
    """Questions per minute."""
    median_seconds: float | None
    session_id: str
    timestamp: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings_key": self.settings_key, "score": self.score,
            "questions": self.questions, "accuracy": self.accuracy, "qpm": self.qpm,
            "median_seconds": self.median_seconds, "session_id": self.session_id,
            "timestamp": self.timestamp,
        }


DRILL_COLUMNS = (
    "settings_key", "score", "questions", "accuracy", "qpm", "median_seconds", "session_id",
    "timestamp",
)

BEST_ORDER = "score DESC, accuracy DESC, qpm DESC, timestamp ASC"
"""The best drill: highest score, then accuracy, then speed; the earliest among equals."""


def drill_settings_key(**settings: object) -> str:
    """A stable key for drill settings: `drill_settings_key(minutes=1, difficulty=2)` →
    `"difficulty=2 minutes=1"` (sorted, None values left out)."""
    return " ".join(f"{name}={value}" for name, value in sorted(settings.items())
                    if value is not None)
