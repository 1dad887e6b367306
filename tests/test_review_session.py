"""Review sessions in the core: what `due_questions` serves for the due items, the `Review`
session's undo, `Store.next_due`, and the texts review shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import islice

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzer.core.banks import Bank
from quizzer.core.clock import ManualClock
from quizzer.core.generator import GeneratorOptions
from quizzer.core.records import AnswerRecord
from quizzer.core.review import (
    DueItem,
    ItemKey,
    due_counts,
    due_line,
    due_questions,
    nothing_due_text,
    question_items,
    relative,
    valid_banks,
)
from quizzer.core.sessions import Hooks, Review
from quizzer.core.store import Store, progress_hooks

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def new(key: ItemKey) -> DueItem:
    return DueItem(key, None, "new")


def skill(name: str) -> DueItem:
    return new(ItemKey.skill(name))


def no_banks() -> list[Bank]:
    raise AssertionError("banks are loaded only when a card is due")


def test_one_question_covers_every_due_skill_it_exercises() -> None:
    items = [skill("dense.bias"), skill("dense.weights"), skill("conv2d.kernel")]
    questions = list(due_questions(items, 1, GeneratorOptions(), banks=no_banks))
    assert "dense.bias" in questions[0].skills
    exercised = [set(q.skills) for q in questions]
    assert len(questions) == (2 if "dense.weights" in exercised[0] else 3)
    assert all(s in set().union(*exercised) for s in ("dense.bias", "dense.weights",
                                                       "conv2d.kernel"))
    assert any("conv2d.kernel" in found for found in exercised)


def test_the_same_items_and_seed_give_the_same_questions() -> None:
    items = [skill("lstm.gates"), skill("bn.keras_non_trainable"), skill("conv.bias")]
    first = [q.id for q in due_questions(items, 4, banks=no_banks)]
    assert first == [q.id for q in due_questions(items, 4, banks=no_banks)]
    assert first != [q.id for q in due_questions(items, 5, banks=no_banks)]


def test_skills_the_generator_cannot_produce_are_skipped() -> None:
    items = [skill("no.such_skill"), skill("dense.bias")]
    questions = list(due_questions(items, 1, banks=no_banks))
    assert len(questions) == 1 and "dense.bias" in questions[0].skills


def test_due_cards_are_served_from_their_bank_and_missing_ones_skipped() -> None:
    loads: list[int] = []

    def banks() -> list[Bank]:
        loads.append(1)
        return valid_banks()

    items = [
        new(ItemKey.card("seed-examples", "conv-1-channel-2x2-3-filters")),
        new(ItemKey.card("seed-examples", "no-such-card")),
        new(ItemKey.card("gone-bank", "ffnn-3-5-2")),
        new(ItemKey.card("seed-examples", "ffnn-3-5-2")),
    ]
    questions = list(due_questions(items, 2, banks=banks))
    assert loads == [1]
    assert [(q.bank, q.card, q.answer) for q in questions] == [
        ("seed-examples", "conv-1-channel-2x2-3-filters", 15),
        ("seed-examples", "ffnn-3-5-2", 32),
    ]
    assert question_items(questions[1])[-1] == ItemKey.card("seed-examples", "ffnn-3-5-2")


def test_questions_are_made_only_when_asked_for() -> None:
    items = [skill("dense.bias"), skill("no.such_skill")]
    first = next(iter(due_questions(items, 1, banks=no_banks)))  # the slow skill never tried
    assert "dense.bias" in first.skills


def record(when: datetime, skills: tuple[str, ...], mode: str = "practice") -> AnswerRecord:
    return AnswerRecord(
        question_id="q", kind="total", framework="keras", skills=skills, given="1",
        correct=True, diagnosis=(), thinking_seconds=30.0, hints_used=0,
        mode=mode, session_id="old", timestamp=when.timestamp(),  # type: ignore[arg-type]
    )


def test_review_undo_needs_a_store_and_a_rating() -> None:
    items = [skill("dense.bias")]
    session = Review(due_questions(items, 1, banks=no_banks), hooks=Hooks())
    assert session.advance() is not None
    session.submit("1")
    assert not session.can_undo and session.undo() is None
    assert session.summary().mode == "review"
    assert session.settings == "review=due"


def test_review_session_answers_rate_and_undo_restores() -> None:
    with Store.open(now=T0) as store:
        store.record(record(T0, ("dense.bias", "dense.weights")))
        due = store.due_items(T0 + timedelta(minutes=1))
        assert [item.key.name for item in due] == ["dense.bias", "dense.weights"]
        clock = ManualClock()
        session = Review(due_questions(due, 3, banks=no_banks), clock=clock,
                         wall=lambda: (T0 + timedelta(minutes=1)).timestamp(),
                         hooks=progress_hooks(store))
        question = session.advance()
        assert question is not None
        clock.advance(5)
        session.submit("0")
        assert session.can_undo
        assert {entry.key.name for entry in store.reviews()} >= {"dense.bias", "dense.weights"}
        assert store.due_items(T0 + timedelta(minutes=1)) == []  # rated Again: due in minutes
        assert session.undo() == question
        assert store.reviews() == []
        # every skill of the question is due again (never reviewed, so new)
        again = store.due_items(T0 + timedelta(minutes=1))
        assert all(item.state == "new" for item in again)
        assert {i.key for i in again} == {i.key for i in due} | set(question_items(question))
        assert session.advance() == question  # asked again
        assert session.undo() is None  # that answer was undone already; nothing else rated


def test_next_due_is_the_earliest_schedule_after_now() -> None:
    with Store.open(now=T0) as store:
        assert store.next_due(T0) is None
        store.record(record(T0, ("dense.bias",), mode="review"))
        store.record(record(T0 + timedelta(hours=1), ("lstm.gates",), mode="review"))
        due = sorted(datetime.fromisoformat(json.loads(card)["due"])
                     for card in (store.schedule(ItemKey.skill("dense.bias")),
                                  store.schedule(ItemKey.skill("lstm.gates")))
                     if card is not None)
        assert store.next_due(T0) == due[0]
        assert store.next_due(due[0]) == due[1]
        assert store.next_due(due[1]) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "now"), (59, "now"), (-59, "now"), (60, "in 1 minute"), (-150, "2 minutes ago"),
     (3600, "in 1 hour"), (7199, "in 1 hour"), (-86400 * 3 - 5, "3 days ago"),
     (86400 * 400, "in 400 days")],
)
def test_relative_times(seconds: float, text: str) -> None:
    assert relative(T0 + timedelta(seconds=seconds), T0) == text


@given(st.floats(min_value=-1e8, max_value=1e8))
def test_relative_times_read_the_right_way(seconds: float) -> None:
    text = relative(T0 + timedelta(seconds=seconds), T0)
    if abs(seconds) < 60:
        assert text == "now"
    else:
        assert text.startswith("in ") if seconds > 0 else text.endswith(" ago")
        count = int(text.removeprefix("in ").split()[0])
        unit = {"minute": 60, "hour": 3600, "day": 86400}[text.split()[-2 if seconds < 0
                                                                       else -1].rstrip("s")]
        assert count * unit <= abs(seconds) < (count + 1) * unit


def test_what_review_says() -> None:
    items = [skill("dense.bias"), DueItem(ItemKey.card("b", "c"), T0, "review"),
             DueItem(ItemKey.skill("lstm.gates"), T0 - timedelta(days=2), "relearning")]
    assert due_counts(items) == "3 due: 1 skill, 1 card, 1 new"
    assert due_counts([]) == "0 due: 0 skills, 0 cards, 0 new"
    lines = [due_line(item, T0) for item in items]
    assert lines[0].split() == ["skill", "dense.bias", "new"]
    assert lines[1].split() == ["card", "b/c", "due", "now", "(review)"]
    assert lines[2].split() == ["skill", "lstm.gates", "due", "2", "days", "ago", "(relearning)"]
    assert nothing_due_text(None, T0).startswith("Nothing to review yet.")
    later = nothing_due_text(T0 + timedelta(hours=5), T0, UTC)
    assert later == ("Nothing is due for review now. The next item falls due Mon 10 Mar at "
                     "14:00 (in 5 hours).")


def test_the_sequence_of_review_items_is_lazy_and_finite() -> None:
    items = [skill("dense.bias")] * 3  # the same item three times: served once
    assert len(list(islice(due_questions(items, 1, banks=no_banks), 5))) == 1


def test_has_next_looks_ahead_without_skipping_a_question() -> None:
    items = [skill("dense.bias"), skill("conv2d.kernel")]
    expected = [q.id for q in due_questions(items, 6, banks=no_banks)]
    session = Review(due_questions(items, 6, banks=no_banks), hooks=Hooks())
    served = []
    while session.has_next():
        question = session.advance()
        assert question is not None
        served.append(question.id)
        session.skip()
    assert served == expected and session.advance() is None and session.finished
