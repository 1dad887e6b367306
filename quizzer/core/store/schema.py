"""The database schema: numbered migrations, applied in order, tracked by `PRAGMA user_version`.

Each migration is a list of SQL statements run in one transaction with the version bump, so a
crash mid-migration leaves the previous version intact. Never edit a released step: append one.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x51555A52
"""`PRAGMA application_id` of a quizzer database ("QUZR"); anything else is a foreign file."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            framework TEXT NOT NULL,
            skills TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            diagnosis TEXT NOT NULL,
            thinking_seconds REAL NOT NULL,
            hints_used INTEGER NOT NULL,
            mode TEXT NOT NULL,
            session_id TEXT NOT NULL,
            timestamp REAL NOT NULL,
            bank TEXT,
            card TEXT,
            skipped INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX answers_by_time ON answers(timestamp)",
        "CREATE INDEX answers_by_card ON answers(bank, card)",
        """CREATE TABLE answer_skills (
            answer_id INTEGER NOT NULL REFERENCES answers(id),
            skill TEXT NOT NULL
        )""",
        "CREATE INDEX answer_skills_by_skill ON answer_skills(skill)",
        """CREATE TABLE schedules (
            kind TEXT NOT NULL,
            bank TEXT NOT NULL,
            name TEXT NOT NULL,
            card TEXT NOT NULL,
            due REAL NOT NULL,
            PRIMARY KEY (kind, bank, name)
        )""",
        "CREATE INDEX schedules_by_due ON schedules(due)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id),
            kind TEXT NOT NULL,
            bank TEXT NOT NULL,
            name TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at REAL NOT NULL,
            before TEXT,
            after TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_by_answer ON reviews(answer_id)",
        """CREATE TABLE drills (
            id INTEGER PRIMARY KEY,
            settings_key TEXT NOT NULL,
            score INTEGER NOT NULL,
            questions INTEGER NOT NULL,
            accuracy REAL NOT NULL,
            qpm REAL NOT NULL,
            median_seconds REAL,
            session_id TEXT NOT NULL,
            timestamp REAL NOT NULL
        )""",
        "CREATE INDEX drills_by_key ON drills(settings_key)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to `SCHEMA_VERSION`; returns the version it had. The caller holds
    no transaction; each step commits on its own."""
    start = schema_version(conn)
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) != version:  # another process migrated meanwhile
                conn.rollback()
                continue
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return start
