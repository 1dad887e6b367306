"""Timed drills: the drill timer, time and question limits, late answers and the summary."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.clock import ManualClock
from quizzer.core.counting import analyze
from quizzer.core.drill import DRILL_LIMITS, DrillLimit, DrillTimer
from quizzer.core.layers import Dense
from quizzer.core.model import Model
from quizzer.core.questions import Question
from quizzer.core.records import AnswerRecord
from quizzer.core.rendering import render_code
from quizzer.core.sessions import Drill, Hooks, TimeUp
from quizzer.core.solutions import solve


def question(n: int) -> Question:
    model = Model((3,), (Dense(5), Dense(2)))
    report = analyze(model, "keras")
    return Question(
        id=f"d{n}", kind="total", framework="keras", prompt="Total?",
        code=render_code(model, "keras"), answer=report.total, solution=solve(report).text(),
        skills=("dense.bias",), model=model,
    )


BASE = question(0)


def endless() -> Iterator[Question]:
    return (replace(BASE, id=f"d{n}") for n in range(1000))


def test_the_offered_limits() -> None:
    assert [limit.label for limit in DRILL_LIMITS] == [
        "1 minute", "2 minutes", "5 minutes", "10 questions", "20 questions",
    ]
    assert DrillLimit(minutes=2).seconds == 120
    with pytest.raises(ValueError):
        DrillLimit()
    with pytest.raises(ValueError):
        DrillLimit(minutes=1, questions=10)
    with pytest.raises(ValueError):
        DrillLimit(questions=0)


def test_the_timer_counts_down_on_the_injected_clock() -> None:
    clock = ManualClock(100.0)
    timer = DrillTimer(DrillLimit(minutes=1), clock)
    assert timer.time_left() == 60 and timer.fraction_left(0) == 1.0
    clock.advance(15)
    assert timer.time_left() == 45 and timer.fraction_left(3) == 0.75
    assert not timer.expired(3)
    clock.advance(50)
    assert timer.time_left() == 0 and timer.expired(3)
    assert timer.duration(3) == 60
    counted = DrillTimer(DrillLimit(questions=10), clock)
    assert counted.time_left() is None and counted.questions_left(4) == 6
    assert counted.fraction_left(4) == 0.6 and counted.expired(10)


def test_a_one_minute_drill_runs_to_its_summary() -> None:
    clock = ManualClock()
    records: list[AnswerRecord] = []
    drill = Drill(endless(), DrillLimit(minutes=1), clock=clock, settings={"framework": "keras"},
                  hooks=Hooks(on_record=records.append))
    answers = ["32", "31", "32", "32"]
    for answer in answers:
        assert drill.advance() is not None
        clock.advance(10)
        drill.submit(answer)
    drill.advance()
    clock.advance(25)  # 65 s in: the time ran out during the fifth question
    with pytest.raises(TimeUp):
        drill.submit("32")
    assert drill.finished and drill.advance() is None
    summary = drill.finish()
    assert len(records) == 4 and all(r.mode == "drill" for r in records)
    assert (summary.correct, summary.answered, summary.duration_seconds) == (3, 4, 60)
    assert summary.questions_per_minute == 4
    assert summary.median_seconds == 10
    assert summary.settings == "framework=keras minutes=1"
    assert [q.id for q in summary.missed] == ["d1"]


def test_check_time_ends_the_drill_without_an_answer() -> None:
    clock = ManualClock()
    drill = Drill(endless(), DrillLimit(minutes=2), clock=clock)
    drill.advance()
    clock.advance(119.9)
    assert not drill.check_time()
    clock.advance(0.1)
    assert drill.check_time() and drill.finished
    assert drill.finish().attempts == 0


def test_a_question_drill_serves_exactly_its_questions() -> None:
    drill = Drill(endless(), DrillLimit(questions=10), clock=ManualClock())
    served = 0
    while drill.advance() is not None:
        served += 1
        drill.skip() if served % 3 == 0 else drill.submit("32")
    summary = drill.finish()
    assert served == 10 and summary.attempts == 10 and summary.skipped == 3


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=40, allow_nan=False), max_size=30),
       st.sampled_from([1, 2, 5]))
def test_no_answer_counts_after_the_time_limit(gaps: list[float], minutes: int) -> None:
    clock = ManualClock()
    drill = Drill(endless(), DrillLimit(minutes=minutes), clock=clock)
    counted = 0
    for gap in gaps:
        if drill.advance() is None:
            break
        clock.advance(gap)
        try:
            drill.submit("32")
        except TimeUp:
            break
        counted += 1
    summary = drill.finish()
    assert summary.answered == counted
    assert all(o.at <= minutes * 60 for o in drill.outcomes)
    assert summary.duration_seconds <= minutes * 60
