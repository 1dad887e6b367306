"""Automatic backups of the history database, at most one a day, thinned by age.

Taken with SQLite's online backup API (a consistent copy even while another process writes),
written under a temporary name, checked with `PRAGMA quick_check` and only then renamed into
place, so a backup on disk is always complete. Kept: the newest backup of each of the last
`KEEP_DAYS` days, `KEEP_WEEKS` weeks and `KEEP_MONTHS` months that have one (at most 7 files).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 3, 2, 2


class DamagedDatabase(Exception):
    """The copy failed its check: the database being backed up is damaged."""

NAME = re.compile(r"^quizzer-(\d{8}-\d{6})\.db$")


def backup_name(when: datetime) -> str:
    return f"quizzer-{when:%Y%m%d-%H%M%S}.db"


def list_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """Backups in `folder`, newest first (files not named like a backup are ignored)."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = NAME.match(path.name)
            if match:
                found.append((datetime.strptime(match[1], "%Y%m%d-%H%M%S"), path))
    return sorted(found, reverse=True)


def to_keep(times: Sequence[datetime]) -> set[datetime]:
    """Which backup times survive thinning: the newest of each of the `KEEP_DAYS` most recent
    days, `KEEP_WEEKS` most recent ISO weeks and `KEEP_MONTHS` most recent months."""
    keep: set[datetime] = set()
    for limit, bucket in (
        (KEEP_DAYS, lambda t: t.date()),
        (KEEP_WEEKS, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHS, lambda t: (t.year, t.month)),
    ):
        newest: dict[object, datetime] = {}
        for when in sorted(times, reverse=True):
            newest.setdefault(bucket(when), when)
        keep.update(list(newest.values())[:limit])
    return keep


def thin(folder: Path) -> list[Path]:
    """Delete the backups `to_keep` does not keep; returns the deleted paths."""
    backups = list_backups(folder)
    keep = to_keep([when for when, _ in backups])
    removed = []
    for when, path in backups:
        if when not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def make_backup(conn: sqlite3.Connection, folder: Path, now: datetime) -> Path:
    """Copy the database into `folder`. Raises DamagedDatabase (keeping nothing, and not
    thinning older backups) when the copy does not pass `PRAGMA quick_check`."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / backup_name(now)
    partial = final.with_name(final.name + ".partial")
    target = sqlite3.connect(partial)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        verdict = target.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    finally:
        target.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise DamagedDatabase(f"it is damaged ({verdict})")
    os.replace(partial, final)
    return final


def backup_if_due(conn: sqlite3.Connection, folder: Path, now: datetime) -> Path | None:
    """Back up once per calendar day of `now` (and only a database with answers in it), then
    thin the old ones. Returns the new backup, or None when none was due."""
    stamp = now.replace(tzinfo=None)
    if any(when.date() == stamp.date() for when, _ in list_backups(folder)):
        return None
    with contextlib.suppress(sqlite3.Error):
        if conn.execute("SELECT 1 FROM answers LIMIT 1").fetchone() is None:
            return None
    made = make_backup(conn, folder, stamp)
    thin(folder)
    return made
