"""`quizzer check`: inspect the database without changing it (nothing is moved or migrated)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from quizzer.core.store.connection import is_corruption
from quizzer.core.store.opening import header_problem, problem_with
from quizzer.core.store.schema import SCHEMA_VERSION, schema_version


@dataclass
class Checkup:
    """The verdict (`ok`) and what was found, one line each."""

    path: Path
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, line: str) -> None:
        self.problems.append(line)
        self.lines.append(line)


def _count(conn: sqlite3.Connection, query: str, *params: object) -> int:
    return int(conn.execute(query, params).fetchone()[0])


def check_database(path: Path, now: datetime | None = None) -> Checkup:
    """Run `PRAGMA integrity_check` and the foreign-key check on the database at `path` and
    gather quick figures; `ok` is False when the file is damaged, foreign or too new."""
    report = Checkup(path)
    if not path.exists():
        report.lines.append(f"no database yet at {path} (it is created on first use)")
        return report
    problem = header_problem(path)
    if problem:
        report.fail(f"{path}: {problem}; quizzer will move it aside and start a fresh one")
        return report
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as error:
        report.fail(f"{path}: cannot open ({error})")
        return report
    try:
        _inspect(conn, report, now or datetime.now().astimezone())
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            report.fail(f"{path}: cannot read ({error})")
        else:
            report.fail(f"{path}: damaged ({error}); quizzer will move it aside and start a "
                        "fresh one")
    finally:
        conn.close()
    return report


def _inspect(conn: sqlite3.Connection, report: Checkup, now: datetime) -> None:
    problem = problem_with(conn)
    if problem:
        report.fail(f"{report.path}: {problem}; quizzer will move it aside and start a fresh one")
        return
    version = schema_version(conn)
    results = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    if results == ["ok"]:
        report.lines.append(f"integrity check: ok ({report.path})")
    else:
        for line in results[:20]:
            report.fail(f"integrity check: {line}")
    if version == 0:
        report.lines.append("empty database (no schema yet)")
        return
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        report.fail(f"foreign key check: {len(broken)} rows point at missing rows")
    if version < SCHEMA_VERSION:
        report.lines.append(f"schema {version}: upgraded to {SCHEMA_VERSION} on next use")
    else:
        report.lines.append(f"schema {version}")
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    wal = report.path.with_name(report.path.name + "-wal")
    size = report.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    report.lines.append(f"journal mode {journal}, {size:,} bytes")
    answers = _count(conn, "SELECT count(*) FROM answers")
    skipped = _count(conn, "SELECT count(*) FROM answers WHERE skipped")
    report.lines.append(f"answers: {answers:,} ({skipped:,} of them skipped)")
    skills = _count(conn, "SELECT count(*) FROM schedules WHERE kind = 'skill'")
    cards = _count(conn, "SELECT count(*) FROM schedules WHERE kind = 'card'")
    due = _count(conn, "SELECT count(*) FROM schedules WHERE due <= ?", now.timestamp())
    reviews = _count(conn, "SELECT count(*) FROM reviews")
    report.lines.append(
        f"schedules: {_plural(skills, 'skill')}, {_plural(cards, 'card')} ({due:,} due now); "
        f"{_plural(reviews, 'rating')}"
    )
    report.lines.append(f"drills: {_count(conn, 'SELECT count(*) FROM drills'):,}")


def _plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
