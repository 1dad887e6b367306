"""Opening the database safely: a damaged, foreign or too-new file is moved aside (never
deleted) and a fresh store starts; the caller gets a notice saying where the old file went."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from quizzer.core.store.connection import configure, connect, is_corruption
from quizzer.core.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm", "-journal")


class UnusableDatabase(Exception):
    """The file cannot be used as quizzer's database; the message says why."""


def problem_with(conn: sqlite3.Connection) -> str | None:
    """Why an open database is not one this quizzer can use, or None when it can."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = schema_version(conn)
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id == 0 and version == 0 and tables == 0:
        return None  # empty: a new database
    if app_id != APPLICATION_ID:
        return "it is not a quizzer database"
    if version > SCHEMA_VERSION:
        return (
            f"it was written by a newer quizzer (schema {version}; "
            f"this one knows {SCHEMA_VERSION})"
        )
    return None


def header_problem(path: Path) -> str | None:
    """Why the file cannot be SQLite at all (checked before SQLite touches it)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    if head and head != SQLITE_HEADER:
        return "it is not an SQLite database"
    return None


def open_checked(path: Path) -> sqlite3.Connection:
    """Connect and migrate; raises UnusableDatabase when the file is damaged or foreign."""
    problem = header_problem(path)
    if problem:
        raise UnusableDatabase(problem)
    try:
        conn = connect(path)
    except sqlite3.DatabaseError as error:
        if is_corruption(error):
            raise UnusableDatabase(f"it is damaged ({error})") from error
        raise
    try:
        problem = problem_with(conn)
        if problem:
            raise UnusableDatabase(problem)
        configure(conn)
        migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_corruption(error):
            raise UnusableDatabase(f"it is damaged ({error})") from error
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the file (and its WAL/SHM sidecars) to `<name>.corrupt-<timestamp>`; bytes kept."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + suffix))
    return target


@contextlib.contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """An exclusive lock (POSIX `flock`) while one process checks, moves aside or migrates, so
    two processes starting at once never move each other's fresh database aside."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_database(path: Path, now: datetime, *, backup: bool = True
                  ) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating if needed) the database at `path`, moving an unusable file aside, and
    make the day's backup when one is due (which reads and checks every page: a damaged file
    found then is moved aside too). Returns the connection and notices for the user."""
    from quizzer.core.backup import DamagedDatabase, backup_if_due, list_backups

    path.parent.mkdir(parents=True, exist_ok=True)
    backups = path.parent / "backups"
    notices: list[str] = []
    with opening_lock(path):
        try:
            conn = open_checked(path)
            if backup:
                try:
                    backup_if_due(conn, backups, now)
                except DamagedDatabase:
                    conn.close()
                    raise
                except (sqlite3.Error, OSError) as error:
                    if is_corruption(error):
                        conn.close()
                        raise DamagedDatabase(str(error)) from error
                    notices.append(f"quizzer: could not back up {path}: {error}")
            return conn, notices
        except (UnusableDatabase, DamagedDatabase) as error:
            moved = move_aside(path, now)
            latest = list_backups(backups)
            notices.append(
                f"quizzer: the database at {path} was unusable ({error}); "
                f"it was moved to {moved} and a fresh one started"
                + (f" (latest backup: {latest[0][1]})" if latest else "")
            )
        return open_checked(path), notices
