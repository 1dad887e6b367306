"""`quizzer check`: integrity check and figures; exit 0 when sound, 1 when not; changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.core.records import AnswerRecord
from quizzer.core.store import Store

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["check"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_sound_database_passes_with_figures(capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(now=NOW) as store:
        for index in range(3):
            store.record(AnswerRecord(f"q{index}", "total", "keras", ("dense.bias",), "1",
                                      True, (), 5.0, 0, "review", "s", NOW.timestamp(),
                                      skipped=index == 2))
    status, out, _ = run(capsys)
    assert status == 0
    assert "integrity check: ok" in out
    assert "answers: 3 (1 of them skipped)" in out
    assert "schedules: 1 skill, 0 cards" in out and "3 ratings" in out
    assert out.rstrip().endswith("check: ok")


def test_no_database_yet_is_fine(capsys: pytest.CaptureFixture[str], quizzer_home: Path) -> None:
    status, out, _ = run(capsys)
    assert status == 0 and "no database yet" in out
    assert not (quizzer_home / "quizzer.db").exists()  # checking creates nothing


def test_random_bytes_fail_the_check_and_stay_where_they_are(
    capsys: pytest.CaptureFixture[str], quizzer_home: Path,
) -> None:
    junk = b"\x00\xffjunk" * 500
    (quizzer_home / "quizzer.db").write_bytes(junk)
    status, _, err = run(capsys)
    assert status == 1
    assert "not an SQLite database" in err and "FAILED" in err and err.count("\n") == 1
    assert (quizzer_home / "quizzer.db").read_bytes() == junk


def test_a_foreign_database_fails_unchanged(capsys: pytest.CaptureFixture[str],
                                            quizzer_home: Path) -> None:
    path = quizzer_home / "quizzer.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    status, _, err = run(capsys)
    assert status == 1 and "not a quizzer database" in err
    assert path.read_bytes() == before


def damage(quizzer_home: Path) -> bytes:
    """A database with answers over many pages, then one page in the middle scribbled over."""
    with Store.open(now=NOW, backup=False) as store:
        for index in range(40):
            store.record(AnswerRecord(f"q{index}", "total", "keras", ("dense.bias",),
                                      "x" * 2000, True, (), 5.0, 0, "practice", "s",
                                      NOW.timestamp()))
    path = quizzer_home / "quizzer.db"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[5 * page: 5 * page + 200] = b"\xa5" * 200
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_page_fails_the_integrity_check(capsys: pytest.CaptureFixture[str],
                                                  quizzer_home: Path) -> None:
    damaged = damage(quizzer_home)
    status, out, err = run(capsys)
    assert status == 1, out
    assert err.startswith("quizzer check: FAILED:") and err.count("\n") == 1
    assert "damaged" in err or "integrity check" in err
    assert (quizzer_home / "quizzer.db").read_bytes() == damaged


def test_the_daily_backup_finds_a_damaged_page_and_moves_the_file_aside(
    quizzer_home: Path,
) -> None:
    damaged = damage(quizzer_home)
    with Store.open(now=NOW) as store:  # the day's backup reads every page
        assert "was unusable" in store.notices[0] and "damaged" in store.notices[0]
        assert store.answer_count() == 0
    assert next(quizzer_home.glob("quizzer.db.corrupt-*")).read_bytes() == damaged
    assert not list((quizzer_home / "backups").glob("*.db"))  # no damaged backup kept


def test_files_moved_aside_and_backups_are_listed(capsys: pytest.CaptureFixture[str],
                                                  quizzer_home: Path) -> None:
    (quizzer_home / "quizzer.db").write_bytes(b"junk" * 100)
    with Store.open(now=NOW) as store:
        store.record(AnswerRecord("q", "total", "keras", (), "1", True, (), 1.0, 0, "practice",
                                  "s", NOW.timestamp()))
    Store.open(now=NOW).close()  # the day's backup, now that there is an answer
    status, out, _ = run(capsys)
    assert status == 0
    assert "quizzer.db.corrupt-20250310T120000" in out
    assert "backups: 1, newest" in out and "quizzer-20250310-120000.db" in out
