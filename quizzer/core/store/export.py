"""The whole history as JSON or CSV, and reading those files back (lossless round trip).

JSON: one object `{"format": "quizzer-history", "version": 1, "answers": [...],
"drills": [...], "reviews": [...]}`; each answer is `AnswerRecord.to_dict()` plus `id`.
CSV (RFC 4180, CRLF rows): one row per answer with the AnswerRecord fields as columns
(`skills` and `diagnosis` as JSON lists, `correct`/`skipped` as 0/1) plus `answered_at`
(ISO time, UTC) for people.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any, TextIO

from quizzer.core.errors import ParseError
from quizzer.core.records import AnswerRecord
from quizzer.core.store.rows import ANSWER_COLUMNS, DrillResult
from quizzer.core.store.store import Store

FORMAT = "quizzer-history"
CSV_COLUMNS = (*ANSWER_COLUMNS, "answered_at")


def history(store: Store) -> dict[str, Any]:
    """The JSON export object."""
    return {
        "format": FORMAT,
        "version": 1,
        "answers": [
            {"id": number, **record.to_dict()} for number, record in store.numbered_answers()
        ],
        "drills": [result.to_dict() for result in store.drills()],
        "reviews": [
            {"answer_id": entry.answer_id, "item_kind": entry.key.kind, "bank": entry.key.bank,
             "name": entry.key.name, "rating": entry.rating, "reviewed_at": entry.reviewed_at,
             "due_after": entry.due_after}
            for entry in store.reviews()
        ],
    }


def write_json(store: Store, out: TextIO) -> int:
    """Write the JSON export; returns the number of answers."""
    data = history(store)
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(data["answers"])


def csv_row(record: AnswerRecord) -> list[str]:
    data = record.to_dict()
    row = []
    for column in ANSWER_COLUMNS:
        value = data[column]
        if column in ("skills", "diagnosis"):
            row.append(json.dumps(value, ensure_ascii=False))
        elif isinstance(value, bool):
            row.append(str(int(value)))
        elif value is None:
            row.append("")
        else:
            row.append(repr(value) if isinstance(value, float) else str(value))
    when = datetime.fromtimestamp(record.timestamp, UTC).isoformat(timespec="seconds")
    return [*row, when]


def write_csv(records: list[AnswerRecord], out: TextIO) -> int:
    """Write the answers as CSV; returns how many."""
    writer = csv.writer(out)  # RFC 4180: CRLF rows; fields with CR or LF are quoted
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_row(record))
    return len(records)


def read_csv(text: str, source: str = "<csv>") -> list[AnswerRecord]:
    """Answers from a CSV export; ParseError (with the line) on anything else."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ANSWER_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ParseError(f"{source}: not a quizzer CSV export (no column {missing[0]})", 1)
    records = []
    for row in reader:
        try:
            records.append(AnswerRecord(
                question_id=row["question_id"], kind=row["kind"], framework=row["framework"],
                skills=tuple(json.loads(row["skills"])), given=row["given"],
                correct=row["correct"] == "1", diagnosis=tuple(json.loads(row["diagnosis"])),
                thinking_seconds=float(row["thinking_seconds"]),
                hints_used=int(row["hints_used"]), mode=row["mode"],  # type: ignore[arg-type]
                session_id=row["session_id"], timestamp=float(row["timestamp"]),
                bank=row["bank"] or None, card=row["card"] or None,
                skipped=row["skipped"] == "1",
            ))
        except (ValueError, TypeError) as error:
            raise ParseError(f"{source}: {error}", reader.line_num) from error
    return records


def read_json(text: str, source: str = "<json>") -> tuple[list[AnswerRecord], list[DrillResult]]:
    """Answers and drills from a JSON export; ParseError on anything else."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"{source}: not JSON ({error.msg})", error.lineno) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ParseError(f"{source}: not a quizzer history export", 1)
    try:
        answers = [
            AnswerRecord.from_dict({k: v for k, v in item.items() if k != "id"})
            for item in data["answers"]
        ]
        drills = [DrillResult(**item) for item in data["drills"]]
    except (KeyError, TypeError) as error:
        raise ParseError(f"{source}: malformed export ({error})") from error
    return answers, drills
