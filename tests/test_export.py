"""`quizzer export`: the whole history as JSON or CSV, read back unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.cli import main
from quizzer.core.errors import ParseError
from quizzer.core.records import AnswerRecord
from quizzer.core.store import Store
from quizzer.core.store.export import read_csv, read_json, write_csv

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def answers() -> list[AnswerRecord]:
    return [
        AnswerRecord("g1-0", "total", "keras", ("dense.weights", "dense.bias"), "32", True, (),
                     12.25, 0, "practice", "s1", NOW.timestamp()),
        AnswerRecord("seed/c1", "text", "pytorch", (), 'a "quoted", comma\nnew line', False,
                     ("25 is the count without the 7 biases", "ünïcode ✓"), 3.5, 2, "review",
                     "s2", NOW.timestamp() + 60.125, "seed", "c1"),
        AnswerRecord("g1-1", "layer", "keras", ("conv2d.kernel",), "", False, (), 0.0, 0,
                     "drill", "s3", NOW.timestamp() + 120, skipped=True),
    ]


def fill() -> list[AnswerRecord]:
    with Store.open(now=NOW) as store:
        for answer in answers():
            store.record(answer)
        store.record_drill("minutes=1", 4, 0.8, 4.0, questions=5, median_seconds=None,
                           session_id="s3", timestamp=NOW.timestamp())
    return answers()


def test_json_export_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    expected = fill()
    assert main(["export", "--format", "json"]) == 0
    text = capsys.readouterr().out
    records, drills = read_json(text)
    assert records == expected
    assert [(d.settings_key, d.score, d.median_seconds) for d in drills] == [("minutes=1", 4, None)]
    data = json.loads(text)
    assert [a["id"] for a in data["answers"]] == [1, 2, 3]
    assert [(r["name"], r["rating"]) for r in data["reviews"]] == [("c1", 1)]


def test_csv_export_round_trips_through_a_file(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    expected = fill()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "history.csv"
    assert main(["export", "--format", "csv", "--output", str(target)]) == 0
    assert f"wrote 3 answers to {target}" in capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("question_id,kind,framework,skills,given,correct")
    assert text.splitlines()[0].endswith(",answered_at")
    assert read_csv(text) == expected
    assert [p.name for p in target.parent.iterdir()] == ["history.csv"]  # no temporary left


def test_an_empty_history_exports_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 0
    assert read_json(capsys.readouterr().out) == ([], [])


def test_an_unwritable_output_is_a_one_line_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--output", str(tmp_path / "missing" / "out.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quizzer export: cannot write") and err.count("\n") == 1


def test_reading_something_else_names_the_problem() -> None:
    with pytest.raises(ParseError, match="not a quizzer CSV export"):
        read_csv("a,b\n1,2\n")
    with pytest.raises(ParseError, match="not a quizzer history export"):
        read_json('{"answers": []}')
    with pytest.raises(ParseError, match="line 1"):
        read_json("{nope")
    header = "question_id,kind,framework,skills,given,correct,diagnosis,thinking_seconds," \
             "hints_used,mode,session_id,timestamp,bank,card,skipped\n"
    with pytest.raises(ParseError, match="line 2"):
        read_csv(header + "q,total,keras,[],1,1,[],fast,0,practice,s,1.0,,,0\n")


text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
records = st.builds(
    AnswerRecord, question_id=text, kind=text, framework=text,
    skills=st.lists(text, max_size=3).map(tuple), given=text, correct=st.booleans(),
    diagnosis=st.lists(text, max_size=3).map(tuple),
    thinking_seconds=st.floats(0, 1e6, allow_nan=False), hints_used=st.integers(0, 99),
    mode=st.sampled_from(["practice", "drill", "review"]), session_id=text,
    timestamp=st.floats(0, 4e9, allow_nan=False),
    bank=st.none() | text.filter(bool), card=st.none() | text.filter(bool),
    skipped=st.booleans(),
)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records, max_size=4))
def test_any_records_round_trip_through_csv(rows: list[AnswerRecord]) -> None:
    import io

    out = io.StringIO()
    write_csv(rows, out)
    assert read_csv(out.getvalue()) == rows
