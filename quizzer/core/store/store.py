"""The history store: every graded answer, drill results, and the review schedules.

`Store.record` is the `on_record` hook of sessions: it commits each answer in its own
transaction the moment it is graded (and, for review mode, the new schedules in the same
transaction), so a crash never loses a graded answer and never half-applies one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any

from quizzer.core.errors import QuizzerError
from quizzer.core.records import AnswerRecord
from quizzer.core.review import (
    DueItem,
    ItemKey,
    card_state,
    items_of,
    rating_for,
    review,
    utc,
)
from quizzer.core.store.connection import Connection
from quizzer.core.store.opening import open_database
from quizzer.core.store.rows import (
    ANSWER_COLUMNS,
    BEST_ORDER,
    DRILL_COLUMNS,
    DrillResult,
    clean,
    insert_answer,
    record_from_row,
)


class StoreError(QuizzerError):
    """The store could not read or write (names the file and the reason)."""


@dataclass(frozen=True)
class UndoneRating:
    """What `Store.undo_last_rating` took back."""

    answer_id: int
    rating: int
    items: tuple[ItemKey, ...]


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the review log: a rating applied to one schedule."""

    answer_id: int
    key: ItemKey
    rating: int
    reviewed_at: float
    due_after: float


def _now() -> datetime:
    return datetime.now().astimezone()


def _key(kind: str, bank: str, name: str) -> ItemKey:
    return ItemKey("skill" if kind == "skill" else "card", bank, name)


def _due_of(card_json: str) -> float:
    return datetime.fromisoformat(json.loads(card_json)["due"]).timestamp()


class Store:
    """An open history database. Safe to share between threads; several processes may have the
    same database open and write at once."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        self._db = Connection(conn)
        self.path = path
        self.notices = notices
        """One-line messages for the user about what happened on opening (a file moved aside)."""

    @classmethod
    def open(cls, path: Path | None = None, *, now: datetime | None = None,
             backup: bool = True) -> Store:
        """Open the database (default: `locations.database_path()`), moving an unusable file
        aside, migrating, and making the day's backup when one is due (`backup`)."""
        if path is None:
            from quizzer.core.locations import database_path

            path = database_path()
        now = now or _now()
        try:
            conn, notices = open_database(path, now, backup=backup)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"cannot open the database at {path}: {error}") from error
        store = cls(conn, path, notices)
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def record(self, record: AnswerRecord) -> None:
        """Commit one graded answer now; in review mode also rate its skills and bank card, in
        the same transaction. This is the sessions' `on_record` hook."""
        try:
            with self._db.write() as conn:
                answer_id = insert_answer(conn, record)
                if record.mode == "review":
                    self._rate(conn, answer_id, record)
        except sqlite3.Error as error:
            raise StoreError(f"could not save the answer in {self.path}: {error}") from error

    def _rate(self, conn: sqlite3.Connection, answer_id: int, record: AnswerRecord) -> None:
        rating = rating_for(record)
        when = utc(record.timestamp)
        for raw in items_of(record):
            key = ItemKey(raw.kind, clean(raw.bank), clean(raw.name))
            found = conn.execute(
                "SELECT card FROM schedules WHERE kind = ? AND bank = ? AND name = ?", key
            ).fetchone()
            before = None if found is None else str(found[0])
            after, due = review(key, before, rating, when, record.thinking_seconds)
            conn.execute(
                "INSERT INTO schedules (kind, bank, name, card, due) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, bank, name) DO UPDATE SET card = excluded.card, "
                "due = excluded.due",
                (*key, after, due),
            )
            conn.execute(
                "INSERT INTO reviews (answer_id, kind, bank, name, rating, reviewed_at, before, "
                "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, *key, rating, record.timestamp, before, after),
            )

    def undo_last_rating(self, session_id: str | None = None) -> UndoneRating | None:
        """Take back the most recent review rating (of `session_id`, when given): every schedule
        it changed returns to its previous state and its review-log lines are removed. The
        answer itself stays in the history. None when there is nothing to undo."""
        query = "SELECT max(answer_id) FROM reviews"
        params: tuple[str, ...] = ()
        if session_id is not None:
            query += " WHERE answer_id IN (SELECT id FROM answers WHERE session_id = ?)"
            params = (session_id,)
        try:
            with self._db.write() as conn:
                found = conn.execute(query, params).fetchone()[0]
                if found is None:
                    return None
                answer_id = int(found)
                rows = conn.execute(
                    "SELECT kind, bank, name, rating, before FROM reviews WHERE answer_id = ? "
                    "ORDER BY id DESC", (answer_id,),
                ).fetchall()
                keys = []
                for kind, bank, name, _rating, before in rows:
                    key = _key(kind, bank, name)
                    keys.append(key)
                    if before is None:
                        conn.execute(
                            "DELETE FROM schedules WHERE kind = ? AND bank = ? AND name = ?", key
                        )
                    else:
                        conn.execute(
                            "UPDATE schedules SET card = ?, due = ? "
                            "WHERE kind = ? AND bank = ? AND name = ?",
                            (before, _due_of(before), *key),
                        )
                conn.execute("DELETE FROM reviews WHERE answer_id = ?", (answer_id,))
                return UndoneRating(answer_id, int(rows[0][3]), tuple(reversed(keys)))
        except sqlite3.Error as error:
            raise StoreError(f"could not undo in {self.path}: {error}") from error

    def record_drill(
        self, settings_key: str, score: int, accuracy: float, qpm: float, *, questions: int,
        median_seconds: float | None = None, session_id: str = "",
        timestamp: float | None = None,
    ) -> DrillResult:
        """Keep a finished drill's result (for personal bests)."""
        result = DrillResult(
            settings_key, int(score), int(questions), float(accuracy), float(qpm),
            median_seconds, session_id,
            _now().timestamp() if timestamp is None else float(timestamp),
        )
        try:
            with self._db.write() as conn:
                conn.execute(
                    f"INSERT INTO drills ({', '.join(DRILL_COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in DRILL_COLUMNS)})",
                    tuple(result.to_dict()[column] for column in DRILL_COLUMNS),
                )
        except sqlite3.Error as error:
            raise StoreError(f"could not save the drill in {self.path}: {error}") from error
        return result

    # -- reading -------------------------------------------------------------------------------

    def _select(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._db.read() as conn:
                return [tuple(row) for row in conn.execute(query, params)]
        except sqlite3.Error as error:
            raise StoreError(f"could not read the database at {self.path}: {error}") from error

    def answers(self) -> list[AnswerRecord]:
        """The whole history, oldest first."""
        rows = self._select(f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers ORDER BY id")
        return [record_from_row(row) for row in rows]

    def numbered_answers(self) -> list[tuple[int, AnswerRecord]]:
        """The whole history with each answer's id (the `answer_id` of the review log)."""
        rows = self._select(f"SELECT id, {', '.join(ANSWER_COLUMNS)} FROM answers ORDER BY id")
        return [(int(row[0]), record_from_row(row[1:])) for row in rows]

    def answer_count(self) -> int:
        return int(self._select("SELECT count(*) FROM answers")[0][0])

    def drills(self) -> list[DrillResult]:
        rows = self._select(f"SELECT {', '.join(DRILL_COLUMNS)} FROM drills ORDER BY id")
        return [DrillResult(*row) for row in rows]

    def personal_best(self, settings_key: str, *, before: float | None = None,
                      excluding_session: str | None = None) -> DrillResult | None:
        """The best drill with these settings; only those finished before `before`, or not in
        session `excluding_session`, when given (the best to beat, for a drill's summary)."""
        query = f"SELECT {', '.join(DRILL_COLUMNS)} FROM drills WHERE settings_key = ?"
        params: list[object] = [settings_key]
        if before is not None:
            query += " AND timestamp < ?"
            params.append(before)
        if excluding_session is not None:
            query += " AND session_id != ?"
            params.append(excluding_session)
        rows = self._select(f"{query} ORDER BY {BEST_ORDER} LIMIT 1", tuple(params))
        return DrillResult(*rows[0]) if rows else None

    def personal_bests(self) -> dict[str, DrillResult]:
        """The best drill of every settings key."""
        bests: dict[str, DrillResult] = {}
        rows = self._select(f"SELECT {', '.join(DRILL_COLUMNS)} FROM drills ORDER BY {BEST_ORDER}")
        for row in rows:
            result = DrillResult(*row)
            bests.setdefault(result.settings_key, result)
        return dict(sorted(bests.items()))

    def reviews(self) -> list[ReviewEntry]:
        """The review log, oldest first."""
        rows = self._select(
            "SELECT answer_id, kind, bank, name, rating, reviewed_at, after FROM reviews "
            "ORDER BY id"
        )
        return [
            ReviewEntry(int(a), _key(k, b, n), int(r), float(t), _due_of(c))
            for a, k, b, n, r, t, c in rows
        ]

    def schedule(self, key: ItemKey) -> str | None:
        """The FSRS card (JSON) of an item, or None when it was never reviewed."""
        rows = self._select(
            "SELECT card FROM schedules WHERE kind = ? AND bank = ? AND name = ?", tuple(key)
        )
        return str(rows[0][0]) if rows else None

    def _new_items(self, extra: Iterable[ItemKey]) -> list[ItemKey]:
        """Items seen in any answer (then `extra`) that have no schedule yet, first seen first."""
        skills = self._select(
            "SELECT skill, min(answer_id) FROM answer_skills WHERE NOT EXISTS (SELECT 1 FROM "
            "schedules s WHERE s.kind = 'skill' AND s.bank = '' AND s.name = answer_skills.skill) "
            "GROUP BY skill"
        )
        cards = self._select(
            "SELECT bank, card, min(id) FROM answers WHERE bank IS NOT NULL AND card IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM schedules s WHERE s.kind = 'card' "
            "AND s.bank = answers.bank AND s.name = answers.card) GROUP BY bank, card"
        )
        seen = sorted(
            [(first, 0, ItemKey.skill(skill)) for skill, first in skills]
            + [(first, 1, ItemKey.card(bank, card)) for bank, card, first in cards]
        )
        keys = [key for _first, _order, key in seen]
        extra = list(extra)
        if extra:
            rows = self._select("SELECT kind, bank, name FROM schedules")
            scheduled = {_key(*row) for row in rows}
            keys += [key for key in extra if key not in scheduled]
        return list(dict.fromkeys(keys))

    def due_items(self, now: datetime | None = None, *, extra: Iterable[ItemKey] = ()
                  ) -> list[DueItem]:
        """What review mode serves at `now`: scheduled items that are due, most overdue first,
        then new items (seen in the history, or listed in `extra`, never reviewed)."""
        when = (now or _now()).timestamp()
        rows = self._select(
            "SELECT kind, bank, name, card, due FROM schedules WHERE due <= ? ORDER BY due, rowid",
            (when,),
        )
        due = [
            DueItem(_key(k, b, n), utc(float(d)), card_state(c))
            for k, b, n, c, d in rows
        ]
        return due + [DueItem(key, None, "new") for key in self._new_items(extra)]

    def next_due(self, now: datetime | None = None) -> datetime | None:
        """When the next scheduled item falls due after `now` (UTC), or None when none will."""
        when = (now or _now()).timestamp()
        rows = self._select("SELECT min(due) FROM schedules WHERE due > ?", (when,))
        found = rows[0][0] if rows else None
        return None if found is None else utc(float(found))

    def forecast(self, now: datetime | None = None, days: int = 7, tz: tzinfo | None = None
                 ) -> list[tuple[date, int]]:
        """How many items fall due on each of the `days` local days from today; today's count
        includes everything already due and every new item."""
        now = now or _now()
        today = now.astimezone(tz).date()
        counts = [0] * days
        for (due,) in self._select("SELECT due FROM schedules"):
            offset = (datetime.fromtimestamp(due, tz).date() - today).days
            if offset < days:
                counts[max(0, offset)] += 1
        if days:
            counts[0] += len(self._new_items(()))
        return [(date.fromordinal(today.toordinal() + i), counts[i]) for i in range(days)]
