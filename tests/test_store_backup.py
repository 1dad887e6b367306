"""Automatic backups: at most one a day, complete and readable, thinned by age."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quizzer.core.backup import backup_name, list_backups, to_keep
from quizzer.core.records import AnswerRecord
from quizzer.core.store import Store

START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


def answer(when: datetime) -> AnswerRecord:
    return AnswerRecord("q", "total", "keras", ("dense.bias",), "1", True, (), 1.0, 0,
                        "practice", "s", when.timestamp())


def test_a_backup_is_made_once_a_day_and_only_with_answers(quizzer_home: Path) -> None:
    backups = quizzer_home / "backups"
    Store.open(now=START).close()
    assert list_backups(backups) == []  # nothing worth keeping yet
    with Store.open(now=START) as store:
        store.record(answer(START))
    Store.open(now=START + timedelta(hours=1)).close()
    Store.open(now=START + timedelta(hours=2)).close()
    [(_when, path)] = list_backups(backups)
    assert path.name == backup_name(START + timedelta(hours=1)) == "quizzer-20250101-090000.db"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM answers").fetchone() == (1,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    Store.open(now=START + timedelta(days=1)).close()
    assert len(list_backups(backups)) == 2
    assert not list(backups.glob("*.partial"))


def test_thinning_keeps_days_weeks_and_months(quizzer_home: Path) -> None:
    with Store.open(now=START) as store:
        store.record(answer(START))
    for day in range(75):  # a backup every day for two and a half months
        Store.open(now=START + timedelta(days=day)).close()
    kept = [when for when, _ in list_backups(quizzer_home / "backups")]
    assert [when.date() for when in kept] == [
        date(2025, 3, 16), date(2025, 3, 15), date(2025, 3, 14),  # the last 3 days
        date(2025, 3, 9),  # the newest of the week before (the week of 16 March is kept)
        date(2025, 2, 28),  # the newest of the month before (March's is kept)
    ]


def test_to_keep_picks_the_newest_of_each_period() -> None:
    times = [datetime(2025, 3, 31, 9), datetime(2025, 3, 30, 9), datetime(2025, 3, 30, 8),
             datetime(2025, 3, 29, 9), datetime(2025, 3, 20, 9), datetime(2025, 3, 10, 9),
             datetime(2025, 2, 10, 9), datetime(2025, 1, 10, 9)]
    assert to_keep(times) == {
        datetime(2025, 3, 31, 9), datetime(2025, 3, 30, 9), datetime(2025, 3, 29, 9),  # days
        # weeks: 31 March (its own week) and the week of 24-30 March: both already kept
        datetime(2025, 2, 10, 9),  # months: March (kept) and February
    }
    assert to_keep([]) == set()
