"""The store plugged into real sessions: every answer recorded, drills kept for personal bests,
review sessions (only) updating schedules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

from quizzer.core.clock import ManualClock
from quizzer.core.counting import analyze
from quizzer.core.drill import DrillLimit
from quizzer.core.layers import Dense
from quizzer.core.model import Model
from quizzer.core.questions import Question
from quizzer.core.rendering import render_code
from quizzer.core.review import ItemKey
from quizzer.core.sessions import Drill, Session
from quizzer.core.solutions import solve
from quizzer.core.store import Store, progress_hooks

WALL = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


def questions() -> Iterator[Question]:
    model = Model((3,), (Dense(5), Dense(2)))  # 32 parameters
    report = analyze(model, "keras")
    base = Question(
        id="q", kind="total", framework="keras", prompt="Total?",
        code=render_code(model, "keras"), answer=report.total, solution=solve(report).text(),
        skills=("dense.weights", "dense.bias"), model=model,
    )
    return (replace(base, id=f"q{n}") for n in range(1000))


class ReviewSession(Session):
    mode = "review"


def play(session: Session, clock: ManualClock, answers: list[str]) -> None:
    for answer in answers:
        assert session.advance() is not None
        clock.advance(8.0)
        if answer == "skip":
            session.skip()
        else:
            session.submit(answer)


def test_a_practice_session_records_every_answer_at_once() -> None:
    clock = ManualClock()
    with Store.open() as store:
        session = Session(questions(), clock=clock, wall=lambda: WALL, session_id="p1",
                          hooks=progress_hooks(store))
        play(session, clock, ["32", "25"])
        assert store.answer_count() == 2  # before the session is finished
        play(session, clock, ["skip"])
        session.finish()
        records = store.answers()
        assert store.drills() == []  # practice is no drill
    assert [(r.question_id, r.given, r.correct, r.skipped) for r in records] == [
        ("q0", "32", True, False), ("q1", "25", False, False), ("q2", "", False, True),
    ]
    assert all(r.mode == "practice" and r.session_id == "p1" and r.thinking_seconds == 8.0
               for r in records)


def test_drills_are_kept_and_give_the_personal_best_line() -> None:
    with Store.open() as store:
        lines = []
        for number, answers in enumerate((["32", "1"], ["32", "32", "32"], ["32"])):
            clock = ManualClock()
            drill = Drill(questions(), DrillLimit(questions=len(answers)), clock=clock,
                          session_id=f"d{number}", settings={"framework": "keras"},
                          hooks=progress_hooks(store, wall=lambda: WALL))
            play(drill, clock, answers)
            summary = drill.finish()
            assert drill.hooks.personal_best is not None
            lines.append(drill.hooks.personal_best(summary))
        assert [d.score for d in store.drills()] == [1, 3, 1]
        best = store.personal_best("framework=keras questions=1")
        assert best is not None and best.session_id == "d2"
        # the settings include the limit: 2, 3 and 1 questions are three different settings
        assert lines == ["Personal best: this is your first drill with these settings"] * 3
        clock = ManualClock()
        drill = Drill(questions(), DrillLimit(questions=3), clock=clock, session_id="d3",
                      settings={"framework": "keras"}, hooks=progress_hooks(store))
        play(drill, clock, ["32", "32", "1"])
        assert drill.hooks.personal_best is not None
        assert drill.hooks.personal_best(drill.finish()) == "Personal best: 3 correct (10 Mar 2025)"
        drill = Drill(questions(), DrillLimit(questions=2), clock=clock, session_id="d4",
                      settings={"framework": "keras"}, hooks=progress_hooks(store))
        play(drill, clock, ["32", "32"])
        assert drill.hooks.personal_best is not None
        line = drill.hooks.personal_best(drill.finish())
        assert line == "New personal best: 2 correct (previous 1, 10 Mar 2025)"


def test_only_a_review_session_changes_the_schedule() -> None:
    clock = ManualClock()
    with Store.open() as store:
        for kind in (Session, Drill):
            session = (Drill(questions(), DrillLimit(questions=2), clock=clock,
                             hooks=progress_hooks(store))
                       if kind is Drill else Session(questions(), clock=clock,
                                                     hooks=progress_hooks(store)))
            play(session, clock, ["32", "1"])
        assert store.schedule(ItemKey.skill("dense.bias")) is None
        review = ReviewSession(questions(), clock=clock, wall=lambda: WALL,
                               hooks=progress_hooks(store))
        play(review, clock, ["32"])
        assert store.schedule(ItemKey.skill("dense.bias")) is not None
        assert len(store.reviews()) == 2  # both skills of the question
