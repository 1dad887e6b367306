"""SQLite connections set up for safety: WAL, full sync on commit, a busy timeout, and write
transactions that wait for and retry around other processes instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 5.0
"""How long SQLite itself waits for another process's write lock."""
WRITE_ATTEMPTS = 6
"""Write transactions are retried this many times (each after a busy timeout) before failing."""

_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED


def is_corruption(error: BaseException) -> bool:
    """Whether a sqlite3 error means the file is damaged or not a database at all."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(error)
    return "not a database" in text or "malformed" in text


def is_busy(error: BaseException) -> bool:
    """Whether a sqlite3 error only means another connection holds a lock."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _BUSY_CODES
    return "locked" in str(error) or "busy" in str(error)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) that waits for locks. It
    changes nothing in the file: call `configure` once the file is known to be quizzer's."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    return conn


def configure(conn: sqlite3.Connection) -> None:
    """WAL journal (readers never block the writer), full sync on commit, foreign keys."""
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


class Connection:
    """One connection shared by the threads of a process; writes are serialised and retried."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.raw = conn
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (`BEGIN IMMEDIATE`): committed at the end of the block, rolled
        back if it raises. Waits for other writers; retries when they hold on too long."""
        with self._lock:
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    self.raw.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as error:
                    if not is_busy(error) or attempt == WRITE_ATTEMPTS - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
            try:
                yield self.raw
            except BaseException:
                self.raw.execute("ROLLBACK")
                raise
            self._commit()

    def _commit(self) -> None:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.raw.execute("COMMIT")
                return
            except sqlite3.OperationalError as error:
                if not is_busy(error) or attempt == WRITE_ATTEMPTS - 1:
                    self.raw.execute("ROLLBACK")
                    raise
                time.sleep(0.05 * (attempt + 1))

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        with self._lock:
            self.raw.execute("BEGIN")
            try:
                yield self.raw
            finally:
                self.raw.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self.raw.close()
