"""Practice sessions in the core: grading, recording, hints, skips, timing and the summary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.core.answers import AnswerParseError
from quizzer.core.clock import ManualClock
from quizzer.core.counting import analyze
from quizzer.core.generator import GeneratorOptions, generate
from quizzer.core.layers import Conv2D, Dense, Flatten
from quizzer.core.model import Model
from quizzer.core.questions import Question
from quizzer.core.records import AnswerRecord
from quizzer.core.rendering import render_code
from quizzer.core.sessions import Hooks, Session, SessionError, Summary, hints_for
from quizzer.core.solutions import solve


def total_question(model: Model, qid: str, skills: tuple[str, ...] = ("dense.bias",)) -> Question:
    report = analyze(model, "keras")
    return Question(
        id=qid, kind="total", framework="keras",
        prompt="How many parameters does this model have in total?",
        code=render_code(model, "keras"), answer=report.total, solution=solve(report).text(),
        skills=skills, model=model,
    )


def dense(i: int, h: int, o: int, qid: str = "q", skills: tuple[str, ...] = ("dense.bias",)
          ) -> Question:
    return total_question(Model((i,), (Dense(h), Dense(o))), qid, skills)


SEED_MLP = dense(3, 5, 2, "seed-1")  # 32 parameters


def make(questions: list[Question], clock: ManualClock | None = None,
         records: list[AnswerRecord] | None = None) -> Session:
    hooks = Hooks(on_record=records.append if records is not None else None)
    return Session(questions, clock=clock or ManualClock(), wall=lambda: 1000.0, hooks=hooks,
                   session_id="s1", seed=7)


def test_a_right_and_a_wrong_answer_are_graded_and_recorded_at_once() -> None:
    records: list[AnswerRecord] = []
    clock = ManualClock()
    session = make([SEED_MLP, dense(2, 3, 1, "q2")], clock, records)
    assert session.advance() == SEED_MLP
    clock.advance(4.0)
    grade = session.submit("32")
    assert grade.correct
    assert len(records) == 1  # recorded the moment it was graded
    assert records[0] == AnswerRecord(
        question_id="seed-1", kind="total", framework="keras", skills=("dense.bias",),
        given="32", correct=True, diagnosis=(), thinking_seconds=4.0, hints_used=0,
        mode="practice", session_id="s1", timestamp=1000.0,
    )
    clock.advance(30.0)  # reading the feedback: not thinking time
    session.advance()
    clock.advance(2.5)
    wrong = session.submit("7")
    assert not wrong.correct and wrong.expected == "13"
    assert records[1].thinking_seconds == 2.5
    assert records[1].correct is False
    assert session.score == 1


def test_an_unreadable_answer_is_not_recorded_and_the_question_stays() -> None:
    records: list[AnswerRecord] = []
    clock = ManualClock()
    session = make([SEED_MLP], clock, records)
    session.advance()
    clock.advance(3)
    with pytest.raises(AnswerParseError):
        session.submit("thirty-two?")
    assert records == [] and session.phase == "asking"
    clock.advance(2)
    assert session.submit("32").correct
    assert records[0].thinking_seconds == 5  # the clock kept running through the retry


def test_hints_reveal_one_layer_at_a_time_and_are_recorded() -> None:
    records: list[AnswerRecord] = []
    session = make([SEED_MLP], records=records)
    session.advance()
    assert session.hints_left == 2
    assert session.hint() == "dense (Dense): i×o + o = 3×5 + 5"
    assert session.hint() == "dense_1 (Dense): i×o + o = 5×2 + 2"
    assert session.hint() is None
    assert session.hints_left == 0
    session.submit("32")
    assert records[0].hints_used == 2
    assert session.summary().hints_used == 2


def test_hints_of_solve_questions_give_symbols_only() -> None:
    question = total_question(Model((4,), (Dense(8), Flatten())), "solve")
    solve_question = Question(**{**question.__dict__, "kind": "solve"})
    assert hints_for(solve_question) == (
        "dense (Dense): i×o + o", "flatten (Flatten): no weights, 0 parameters",
    )
    conv = total_question(Model((8, 8, 3), (Conv2D(4, (3, 3)), Dense(2))), "layer")
    layer_question = Question(**{**conv.__dict__, "kind": "layer", "layer_index": 0})
    assert hints_for(layer_question) == ("conv2d (Conv2D): [i × (f×f) × o] + o = "
                                         "[3 × (3×3) × 4] + 4",)


def test_skip_is_recorded_as_skipped_and_counts_as_missed() -> None:
    records: list[AnswerRecord] = []
    session = make([SEED_MLP, dense(2, 3, 1, "q2")], records=records)
    session.advance()
    session.skip()
    assert records[0].skipped and not records[0].correct and records[0].given == ""
    session.advance()
    session.submit("13")
    summary = session.finish()
    assert (summary.answered, summary.correct, summary.skipped) == (1, 1, 1)
    assert summary.accuracy == 0.5
    assert [q.id for q in summary.missed] == ["seed-1"]


def test_hooks_get_each_record_and_the_finish() -> None:
    records: list[AnswerRecord] = []
    finished: list[Summary] = []
    session = Session([SEED_MLP], clock=ManualClock(),
                      hooks=Hooks(on_record=records.append, on_finish=finished.append))
    session.advance()
    session.submit("32")
    session.finish()
    assert [r.correct for r in records] == [True] and len(finished) == 1


def test_a_finite_source_finishes_the_session_and_calls_on_finish_once() -> None:
    finished: list[Summary] = []
    session = Session([SEED_MLP], clock=ManualClock(), hooks=Hooks(on_finish=finished.append))
    session.advance()
    session.submit("32")
    assert session.advance() is None
    assert session.finished
    session.finish()
    assert len(finished) == 1 and finished[0].correct == 1


def test_phases_are_enforced() -> None:
    session = make([SEED_MLP, SEED_MLP])
    with pytest.raises(SessionError):
        session.submit("32")
    session.advance()
    with pytest.raises(SessionError):
        session.advance()
    session.submit("32")
    with pytest.raises(SessionError):
        session.submit("32")
    with pytest.raises(SessionError):
        session.hint()


def test_similar_is_served_next_and_keeps_the_skills() -> None:
    questions = generate(3, GeneratorOptions())
    session = Session(questions, clock=ManualClock(), seed=11)
    first = session.advance()
    assert first is not None
    session.submit("0")
    twin = session.similar()
    assert session.advance() == twin
    assert twin.skills == first.skills
    again = Session(generate(3, GeneratorOptions()), clock=ManualClock(), seed=11)
    again.advance()
    again.submit("0")
    assert again.similar() == twin  # the session's seed makes similar questions reproducible


def test_practising_the_missed_questions_again() -> None:
    q2, q3 = dense(2, 3, 1, "q2"), dense(4, 4, 4, "q3")
    session = make([SEED_MLP, q2, q3])
    session.advance()
    session.submit("31")
    session.advance()
    session.skip()
    session.advance()
    session.submit("40")
    retry = session.retry_missed()
    assert retry.mode == "practice" and retry.session_id != session.session_id
    served = []
    while (question := retry.advance()) is not None:
        served.append(question.id)
        retry.skip()
    assert served == ["seed-1", "q2"]


def test_summary_pace_median_and_weakest_skills() -> None:
    clock = ManualClock()
    a, b, c = (dense(3, 5, 2, "a", ("dense.bias", "dense.weights")),
               dense(2, 3, 1, "b", ("dense.bias",)),
               dense(1, 1, 1, "c", ("dense.weights",)))
    session = make([a, b, c], clock)
    for question, answer, seconds in ((a, "32", 10), (b, "12", 20), (c, "4", 60)):
        assert session.advance() == question
        clock.advance(seconds)
        session.submit(answer)
        clock.advance(5)  # feedback
    summary = session.finish()
    assert summary.correct == 2 and summary.answered == 3
    assert summary.median_seconds == 20
    assert summary.duration_seconds == 100  # start to the last answer, feedback included
    assert summary.questions_per_minute == pytest.approx(3 / (100 / 60))
    assert [(s.skill, s.attempts, s.correct) for s in summary.skills] == [
        ("dense.bias", 2, 1), ("dense.weights", 2, 2),
    ]
    assert [s.skill for s in summary.weakest] == ["dense.bias"]
    text = "\n".join(summary.lines())
    assert "Accuracy: 67% (2 of 3: 3 answered, 0 skipped)" in text
    assert "Weakest skills: dense.bias" in text


Action = tuple[str, float]
ACTIONS = st.lists(
    st.tuples(st.sampled_from(["right", "wrong", "unreadable", "skip", "hint", "feedback"]),
              st.floats(min_value=0, max_value=120, allow_nan=False)),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(ACTIONS)
def test_random_sessions_keep_their_books_straight(actions: list[Action]) -> None:
    """Whatever the learner does, every graded answer is recorded once with the right thinking
    time, and the summary agrees with the records."""
    clock = ManualClock()
    records: list[AnswerRecord] = []
    session = make([SEED_MLP] * 1000, clock, records)
    session.advance()
    thinking = 0.0
    expected_times: list[float] = []
    for action, seconds in actions:
        clock.advance(seconds)
        if action == "feedback":  # time passes while feedback is read, then the next question
            if session.phase == "answered":
                session.advance()
                thinking = 0.0
            else:
                thinking += seconds
            continue
        if session.phase != "asking":
            continue  # reading feedback: the clock runs, thinking time does not
        thinking += seconds
        if action == "hint":
            session.hint()
        elif action == "unreadable":
            with pytest.raises(AnswerParseError):
                session.submit("??")
        elif action == "skip":
            session.skip()
            expected_times.append(thinking)
        else:
            grade = session.submit("32" if action == "right" else "33")
            assert grade.correct == (action == "right")
            expected_times.append(thinking)
    summary = session.finish()
    assert [r.thinking_seconds for r in records] == pytest.approx(expected_times)
    assert summary.attempts == len(records)
    assert summary.correct == sum(r.correct for r in records)
    assert summary.skipped == sum(r.skipped for r in records)
    assert summary.hints_used == sum(r.hints_used for r in records)
    assert all(r.hints_used <= 2 for r in records)
    assert len(summary.missed) == (1 if summary.correct < summary.attempts else 0)
