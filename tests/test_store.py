"""The history store: every field kept, schema and migrations, unusable files moved aside."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.core.locations import database_path
from quizzer.core.records import AnswerRecord
from quizzer.core.store import Store, StoreError
from quizzer.core.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def record(index: int = 0, **changes: object) -> AnswerRecord:
    fields: dict[str, object] = dict(
        question_id=f"g1-{index}", kind="total", framework="keras",
        skills=("dense.weights", "dense.bias"), given="32", correct=True, diagnosis=(),
        thinking_seconds=12.5, hints_used=0, mode="practice", session_id="s1",
        timestamp=NOW.timestamp() + index,
    )
    fields.update(changes)
    return AnswerRecord(**fields)  # type: ignore[arg-type]


def open_store(**kwargs: object) -> Store:
    return Store.open(now=NOW, **kwargs)  # type: ignore[arg-type]


def test_the_store_lives_in_quizzer_home(quizzer_home: Path) -> None:
    with open_store() as store:
        assert store.path == quizzer_home / "quizzer.db"
        assert store.notices == []
    assert (quizzer_home / "quizzer.db").is_file()


def test_a_new_database_has_the_schema_version_application_id_and_wal() -> None:
    open_store().close()
    conn = sqlite3.connect(database_path())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_field_of_an_answer_is_kept() -> None:
    answer = record(
        7, kind="layer", framework="pytorch", given="3*5 + 5", correct=False,
        diagnosis=("25 is the count without the 7 biases", "second"), hints_used=2,
        mode="review", session_id="abc", bank="seed", card="c-12", skipped=False,
    )
    with open_store() as store:
        store.record(answer)
    with open_store() as store:
        assert store.answers() == [answer]
        assert store.answer_count() == 1


def test_each_answer_is_committed_when_recorded() -> None:
    store = open_store()
    store.record(record(0))
    store.record(record(1, correct=False))
    # another connection (another process) sees both before the store is closed
    conn = sqlite3.connect(database_path())
    assert conn.execute("SELECT count(*), sum(correct) FROM answers").fetchone() == (2, 1)
    store.close()


text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
records = st.builds(
    AnswerRecord,
    question_id=text, kind=st.sampled_from(["total", "layer", "output_shape", "text"]),
    framework=st.sampled_from(["keras", "pytorch"]),
    skills=st.lists(text, max_size=4, unique=True).map(tuple), given=text,
    correct=st.booleans(), diagnosis=st.lists(text, max_size=3).map(tuple),
    thinking_seconds=st.floats(0, 1e6, allow_nan=False),
    hints_used=st.integers(0, 50), mode=st.sampled_from(["practice", "drill", "review"]),
    session_id=text, timestamp=st.floats(0, 4e9, allow_nan=False),
    bank=st.none() | text, card=st.none() | text, skipped=st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(records, min_size=1, max_size=5))
def test_any_answers_round_trip_through_the_store(answers: list[AnswerRecord]) -> None:
    with open_store(backup=False) as store:
        before = store.answers()
        for answer in answers:
            store.record(answer)
        assert store.answers() == before + answers


def test_undecodable_terminal_text_is_stored_with_a_replacement_character() -> None:
    with open_store() as store:
        store.record(record(given="12\udcff3"))
        assert store.answers()[0].given == "12\ufffd3"


def test_random_bytes_are_moved_aside_intact_and_a_fresh_store_starts(
    quizzer_home: Path,
) -> None:
    junk = bytes(range(256)) * 40
    (quizzer_home / "quizzer.db").write_bytes(junk)
    with open_store() as store:
        moved = quizzer_home / "quizzer.db.corrupt-20250310T120000"
        assert moved.read_bytes() == junk
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert str(quizzer_home / "quizzer.db") in notice
        assert str(moved) in notice and "fresh" in notice
        store.record(record())
        assert store.answer_count() == 1


def test_a_damaged_sqlite_file_is_moved_aside_intact(quizzer_home: Path) -> None:
    with open_store() as store:
        store.record(record())
    path = quizzer_home / "quizzer.db"
    damaged = path.read_bytes()[:100] + bytes(range(256)) * 16
    path.write_bytes(damaged)
    with open_store() as store:
        assert "damaged" in store.notices[0] or "not" in store.notices[0]
        assert store.answer_count() == 0
    assert next(quizzer_home.glob("quizzer.db.corrupt-*")).read_bytes() == damaged


def test_another_apps_sqlite_database_is_moved_aside(quizzer_home: Path) -> None:
    path = quizzer_home / "quizzer.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('keep me')")
    other.commit()
    other.close()
    original = path.read_bytes()
    with open_store() as store:
        assert "not a quizzer database" in store.notices[0]
        assert store.answer_count() == 0
    moved = next(quizzer_home.glob("quizzer.db.corrupt-*"))
    assert moved.read_bytes() == original


def test_a_database_from_a_newer_quizzer_is_moved_aside(quizzer_home: Path) -> None:
    open_store().close()
    conn = sqlite3.connect(quizzer_home / "quizzer.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with open_store() as store:
        assert "newer quizzer" in store.notices[0]
    assert len(list(quizzer_home.glob("quizzer.db.corrupt-*"))) == 1


def test_moving_aside_twice_in_the_same_second_keeps_both_files(quizzer_home: Path) -> None:
    for junk in (b"first junk" * 10, b"second junk" * 10):
        (quizzer_home / "quizzer.db").write_bytes(junk)
        open_store().close()
    kept = sorted(path.read_bytes() for path in quizzer_home.glob("quizzer.db.corrupt-*"))
    assert kept == sorted([b"first junk" * 10, b"second junk" * 10])


def test_an_empty_file_becomes_a_fresh_database(quizzer_home: Path) -> None:
    (quizzer_home / "quizzer.db").write_bytes(b"")
    with open_store() as store:
        assert store.notices == []
        store.record(record())
    assert not list(quizzer_home.glob("*.corrupt-*"))


def test_a_database_at_an_older_schema_is_migrated_in_place(
    monkeypatch: pytest.MonkeyPatch, quizzer_home: Path,
) -> None:
    from quizzer.core.store import schema

    extra = ("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",)
    with open_store() as store:
        store.record(record())
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, extra))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("quizzer.core.store.opening.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with open_store() as store:
        assert store.notices == []
        assert store.answer_count() == 1
    conn = sqlite3.connect(quizzer_home / "quizzer.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


def test_an_unwritable_data_dir_is_a_one_line_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open(blocker / "quizzer.db", now=NOW)
