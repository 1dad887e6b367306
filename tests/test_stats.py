"""Statistics with fixed times: accuracy, streaks across days, trend, weakest skills, personal
bests, the `quizzer stats` output and the text charts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzer.cli import main
from quizzer.core.charts import HEAT, heat_level, heatmap, sparkline
from quizzer.core.records import AnswerRecord
from quizzer.core.stats import Tally, build, daily, per_kind, per_skill, streak, weakest_skills
from quizzer.core.store import Store, drill_settings_key

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)  # a Wednesday
TODAY = NOW.date()


def at(when: datetime, correct: bool = True, skills: tuple[str, ...] = ("dense.bias",),
       kind: str = "total", skipped: bool = False, mode: str = "practice") -> AnswerRecord:
    return AnswerRecord(
        question_id="q", kind=kind, framework="keras", skills=skills, given="1",
        correct=correct, diagnosis=(), thinking_seconds=10.0, hints_used=0,
        mode=mode, session_id="s", timestamp=when.timestamp(), skipped=skipped,  # type: ignore[arg-type]
    )


def days_ago(days: int, hour: int = 12) -> datetime:
    return (NOW - timedelta(days=days)).replace(hour=hour)


@pytest.mark.parametrize(
    ("active", "expected"),
    [
        ((), 0),
        ((0,), 1),
        ((0, 1, 2), 3),
        ((1, 2, 3), 3),  # nothing yet today: the streak runs to yesterday
        ((2, 3, 4), 0),  # yesterday missed: broken
        ((0, 1, 3, 4, 5), 2),
    ],
)
def test_streak_counts_days_in_a_row_ending_today_or_yesterday(
    active: tuple[int, ...], expected: int,
) -> None:
    assert streak({TODAY - timedelta(days=d) for d in active}, TODAY) == expected


def test_streak_runs_across_month_and_year_ends() -> None:
    today = date(2025, 1, 1)
    days = {today - timedelta(days=d) for d in range(40)}
    assert streak(days, today) == 40


def test_days_are_calendar_days_in_the_given_time_zone() -> None:
    late = datetime(2025, 3, 11, 23, 30, tzinfo=UTC)
    early = datetime(2025, 3, 12, 0, 30, tzinfo=UTC)
    answers = [at(late), at(early)]
    assert list(daily(answers, UTC)) == [date(2025, 3, 11), date(2025, 3, 12)]
    plus_two = timezone(timedelta(hours=2))
    assert list(daily(answers, plus_two)) == [date(2025, 3, 12)]
    assert build(answers, NOW, UTC).streak_days == 2


def test_accuracy_per_skill_and_kind_counts_a_skip_as_not_right() -> None:
    answers = [
        at(NOW, True, ("a", "b")), at(NOW, False, ("a",), kind="layer"),
        at(NOW, True, ("a", "a")), at(NOW, False, ("b",), skipped=True),
    ]
    assert per_skill(answers) == {"a": Tally(3, 2), "b": Tally(2, 1)}
    assert per_kind(answers) == {"layer": Tally(1, 0), "total": Tally(3, 2)}
    stats = build(answers, NOW, UTC)
    assert (stats.answers, stats.skipped) == (Tally(4, 2), 1)
    assert Tally(3, 2).to_dict() == {"count": 3, "correct": 2, "accuracy": 0.6667}
    assert Tally().accuracy is None


def test_weekly_trend_has_twelve_weeks_from_monday() -> None:
    answers = [at(days_ago(0)), at(days_ago(2), False), at(days_ago(3)), at(days_ago(90))]
    weeks = build(answers, NOW, UTC).weeks
    assert len(weeks) == 12
    assert weeks[-1] == (date(2025, 3, 10), Tally(2, 1))  # Mon 10 to Wed 12 March
    assert weeks[-2] == (date(2025, 3, 3), Tally(1, 1))  # Sun 9 March
    assert all(start.weekday() == 0 for start, _ in weeks)
    assert sum(t.count for _, t in weeks) == 3  # 90 days ago is outside the window


def test_weakest_skills_use_recent_answers() -> None:
    answers = []
    for day in range(30):  # "old" was always wrong long ago, right lately
        answers.append(at(days_ago(60 - day), correct=day >= 10, skills=("old",)))
    answers += [at(days_ago(d), correct=d % 2 == 0, skills=("half",)) for d in range(6)]
    answers += [at(days_ago(d), correct=False, skills=("rare",)) for d in range(2)]
    answers += [at(days_ago(d), correct=True, skills=("solid",)) for d in range(5)]
    assert weakest_skills(answers) == [("half", Tally(6, 3))]
    assert weakest_skills(answers, window=30) == [("half", Tally(6, 3)), ("old", Tally(30, 20))]


@given(st.lists(st.tuples(st.integers(0, 60), st.booleans(), st.booleans(),
                          st.sampled_from(["total", "layer", "solve"])), max_size=40))
def test_totals_agree_whichever_way_they_are_cut(
    rows: list[tuple[int, bool, bool, str]],
) -> None:
    answers = [at(days_ago(d), c and not s, kind=k, skipped=s) for d, c, s, k in rows]
    stats = build(answers, NOW, UTC)
    assert stats.answers == Tally(len(answers), sum(a.correct for a in answers))
    assert sum(t.count for t in stats.kinds.values()) == stats.answers.count
    assert sum(t.count for t in stats.modes.values()) == stats.answers.count
    assert sum(t.correct for t in stats.days.values()) == stats.answers.correct
    assert stats.skipped == sum(a.skipped for a in answers)
    assert 0 <= stats.streak_days <= 61


def test_personal_bests_per_drill_setting() -> None:
    key = drill_settings_key(minutes=1, difficulty=2, family=None)
    assert key == "difficulty=2 minutes=1"
    with Store.open(now=NOW) as store:
        assert store.personal_best(key) is None
        store.record_drill(key, 8, 0.8, 8.0, questions=10, timestamp=100.0)
        store.record_drill(key, 9, 0.75, 9.0, questions=12, timestamp=200.0)
        store.record_drill(key, 9, 0.9, 9.0, questions=10, median_seconds=5.5, timestamp=300.0)
        store.record_drill("minutes=2", 20, 1.0, 10.0, questions=20, timestamp=400.0)
        best = store.personal_best(key)
        assert best is not None and (best.score, best.accuracy, best.timestamp) == (9, 0.9, 300.0)
        previous = store.personal_best(key, before=300.0)  # the best to beat, for a summary
        assert previous is not None and previous.timestamp == 200.0
        assert store.personal_best(key, before=100.0) is None
        assert list(store.personal_bests()) == [key, "minutes=2"]


def seed_store() -> None:
    """History relative to the real clock (the command reads it): three days in a row to now,
    a wrong review two minutes ago (due again after one minute), a skip and a drill."""
    now = datetime.now().astimezone()
    with Store.open(now=now) as store:
        for d in range(3):
            store.record(at(now - timedelta(days=d), skills=("dense.bias", "dense.weights")))
        two_minutes_ago = now - timedelta(minutes=2)
        store.record(at(two_minutes_ago, False, ("conv2d.kernel",), kind="layer", mode="review"))
        store.record(at(two_minutes_ago, False, ("conv2d.kernel",), skipped=True))
        store.record_drill("minutes=1", 5, 0.5, 5.0, questions=10, timestamp=now.timestamp())


def test_stats_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    seed_store()
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers_total"] == 5 and data["correct_total"] == 3
    assert data["skipped_total"] == 1 and data["accuracy"] == 0.6
    assert data["per_skill"]["dense.bias"] == {"count": 3, "correct": 3, "accuracy": 1.0}
    assert data["per_skill"]["conv2d.kernel"] == {"count": 2, "correct": 0, "accuracy": 0.0}
    assert data["per_kind"]["layer"]["count"] == 1
    assert data["streak_days"] == 3
    # two skills seen only in practice are new; conv2d.kernel was reviewed wrong: due again
    assert data["due_now"] == 3 and data["due_now_by_kind"] == {"skills": 1, "cards": 0, "new": 2}
    assert len(data["forecast"]) == 7 and data["forecast"][0]["due"] == 3
    assert data["personal_bests"]["minutes=1"]["score"] == 5
    assert sum(day["count"] for day in data["daily"].values()) == 5
    assert len(data["weekly"]) == 12
    documented = (ROOT / "docs" / "stats-json.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in documented for key in data)


def test_stats_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    seed_store()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "Answers: 5 (3 right, 60%), 1 skipped" in out
    assert "Streak: 3 days" in out
    assert "dense.bias" in out and "minutes=1: 5 right of 10" in out
    assert main(["stats", "--weeks", "60"]) == 2


def test_stats_on_an_empty_history(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["answers_total"], data["streak_days"], data["due_now"]) == (0, 0, 0)
    assert data["per_skill"] == {} and data["accuracy"] is None


def test_sparkline_scales_to_the_largest_value() -> None:
    assert sparkline([0, 0.5, 1.0, None]) == "▁▅█ "
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([0.5, 1.0], top=2) == "▃▅"
    assert sparkline([]) == ""


def test_heat_levels_split_the_busiest_day_into_four() -> None:
    assert [heat_level(n, 8) for n in (0, 1, 2, 3, 4, 6, 8)] == list("·░░▒▒▓█")


def test_heatmap_has_a_row_per_weekday_and_a_column_per_week() -> None:
    today = date(2025, 3, 12)  # Wednesday
    chart = heatmap({today: 4, date(2025, 3, 10): 1, date(2025, 1, 1): 9}, today, weeks=4)
    lines = chart.splitlines()
    assert len(lines) == 9  # month labels, 7 weekdays, legend
    rows = dict(line.split(" ", 1) for line in lines[1:8])
    assert rows["Mon"].split(" ") == ["·", "·", "·", HEAT[1]]
    assert rows["Wed"].split(" ") == ["·", "·", "·", HEAT[4]]
    assert rows["Thu"].split(" ") == ["·", "·", "·"]  # the days after today are blank
    assert "busiest day: 4" in lines[-1]  # 1 January is outside the 4 weeks
    assert lines[0].strip().startswith("Feb")
