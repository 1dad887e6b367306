"""Spaced review: what is due when (injected clock), drills and practice leave schedules
alone, undo restores, and skills map to generator options."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.core.records import AnswerRecord
from quizzer.core.review import (
    AGAIN,
    EASY,
    FAST_SECONDS,
    GOOD,
    HARD,
    SLOW_SECONDS,
    ItemKey,
    exercise_for,
    items_of,
    rating_for,
)
from quizzer.core.store import Store

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
BIAS = ItemKey.skill("dense.bias")


def answer(when: datetime, *, mode: str = "review", correct: bool = True, seconds: float = 30.0,
           hints: int = 0, skills: tuple[str, ...] = ("dense.bias",), session: str = "s1",
           bank: str | None = None, card: str | None = None, skipped: bool = False
           ) -> AnswerRecord:
    return AnswerRecord(
        question_id="q", kind="total", framework="keras", skills=skills, given="1",
        correct=correct, diagnosis=(), thinking_seconds=seconds, hints_used=hints,
        mode=mode, session_id=session, timestamp=when.timestamp(),  # type: ignore[arg-type]
        bank=bank, card=card, skipped=skipped,
    )


def due_keys(store: Store, when: datetime) -> list[ItemKey]:
    return [item.key for item in store.due_items(when)]


def due_of(store: Store, key: ItemKey) -> datetime:
    card = store.schedule(key)
    assert card is not None
    return datetime.fromisoformat(json.loads(card)["due"])


@pytest.fixture
def store() -> Store:
    return Store.open(now=T0)


@pytest.mark.parametrize(
    ("changes", "rating"),
    [
        ({"correct": False}, AGAIN),
        ({"skipped": True, "correct": False}, AGAIN),
        ({"hints": 1}, HARD),
        ({"seconds": SLOW_SECONDS + 1}, HARD),
        ({"seconds": FAST_SECONDS}, EASY),
        ({"seconds": FAST_SECONDS + 1}, GOOD),
        ({"seconds": SLOW_SECONDS}, GOOD),
    ],
)
def test_the_rating_rule(changes: dict[str, object], rating: int) -> None:
    assert rating_for(answer(T0, **changes)) == rating  # type: ignore[arg-type]


def test_a_question_rates_each_distinct_skill_and_its_bank_card() -> None:
    record = answer(T0, skills=("a", "b", "a"), bank="seed", card="c1")
    assert items_of(record) == [ItemKey.skill("a"), ItemKey.skill("b"), ItemKey.card("seed", "c1")]


def test_a_skill_seen_in_practice_is_new_and_due_at_once(store: Store) -> None:
    assert store.due_items(T0) == []
    store.record(answer(T0, mode="practice"))
    [item] = store.due_items(T0)
    assert (item.key, item.state, item.due, item.skill) == (BIAS, "new", None, "dense.bias")
    assert store.schedule(BIAS) is None  # practice never creates a schedule


def test_review_serves_a_skill_only_once_it_is_due(store: Store) -> None:
    store.record(answer(T0))  # right in 30 s: Good
    due = due_of(store, BIAS)
    assert due > T0
    assert BIAS not in due_keys(store, T0)
    assert BIAS not in due_keys(store, due - timedelta(seconds=1))
    [item] = store.due_items(due)
    assert (item.key, item.state, item.due) == (BIAS, "learning", due)
    # once learnt, the next interval is days, not minutes
    store.record(answer(due))
    later = due_of(store, BIAS)
    assert later - due >= timedelta(days=1)
    assert BIAS not in due_keys(store, later - timedelta(minutes=1))
    assert BIAS in due_keys(store, later)


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(store: Store) -> None:
    store.record(answer(T0, skills=("right",)))
    store.record(answer(T0, skills=("wrong",), correct=False))
    assert due_of(store, ItemKey.skill("wrong")) < due_of(store, ItemKey.skill("right"))


def test_drills_and_practice_leave_the_schedule_unchanged(store: Store) -> None:
    store.record(answer(T0, bank="seed", card="c1"))
    card = ItemKey.card("seed", "c1")
    before = (store.schedule(BIAS), store.schedule(card), store.reviews())
    for mode in ("drill", "practice"):
        for correct in (True, False):
            store.record(answer(T0 + timedelta(days=3), mode=mode, correct=correct,
                                bank="seed", card="c1"))
    assert (store.schedule(BIAS), store.schedule(card), store.reviews()) == before
    assert store.answer_count() == 5


def test_bank_cards_have_their_own_schedule(store: Store) -> None:
    store.record(answer(T0, mode="practice", skills=(), bank="seed", card="c1"))
    [item] = store.due_items(T0)
    assert (item.kind, item.bank, item.card, item.state) == ("card", "seed", "c1", "new")
    store.record(answer(T0, skills=(), bank="seed", card="c1"))
    assert store.due_items(T0) == []
    assert store.schedule(ItemKey.card("seed", "c1")) is not None


def test_items_known_to_the_caller_can_be_offered_as_new(store: Store) -> None:
    extra = [ItemKey.card("seed", "c2"), BIAS]
    assert [item.key for item in store.due_items(T0, extra=extra)] == extra
    store.record(answer(T0))
    assert [item.key for item in store.due_items(T0, extra=extra)] == [extra[0]]


def test_overdue_items_come_first_then_new_ones(store: Store) -> None:
    store.record(answer(T0, skills=("late",), correct=False))
    store.record(answer(T0 + timedelta(minutes=5), skills=("later",), correct=False))
    store.record(answer(T0, mode="practice", skills=("fresh",)))
    names = [item.key.name for item in store.due_items(T0 + timedelta(hours=1))]
    assert names == ["late", "later", "fresh"]


def test_undo_restores_the_previous_schedule_and_log(store: Store) -> None:
    store.record(answer(T0))
    first = (store.schedule(BIAS), store.reviews())
    store.record(answer(T0 + timedelta(minutes=11), correct=False))
    undone = store.undo_last_rating()
    assert undone is not None and undone.rating == AGAIN and undone.items == (BIAS,)
    assert (store.schedule(BIAS), store.reviews()) == first
    assert store.answer_count() == 2  # the answer stays in the history
    assert store.undo_last_rating() is not None
    assert store.schedule(BIAS) is None and store.reviews() == []
    assert [item.state for item in store.due_items(T0)] == ["new"]
    assert store.undo_last_rating() is None


def test_undo_can_be_limited_to_a_session(store: Store) -> None:
    store.record(answer(T0, session="mine", skills=("a",)))
    store.record(answer(T0, session="other", skills=("b",)))
    undone = store.undo_last_rating(session_id="mine")
    assert undone is not None and undone.items == (ItemKey.skill("a"),)
    assert store.schedule(ItemKey.skill("b")) is not None
    assert store.undo_last_rating(session_id="mine") is None


def test_the_same_answers_give_the_same_schedule(store: Store) -> None:
    times = [T0 + timedelta(days=d) for d in (0, 1, 4, 12, 40)]
    for when in times:
        store.record(answer(when, skills=("x",)))
    for when in times:
        store.record(answer(when, skills=("y",)))
    x, y = (json.loads(store.schedule(ItemKey.skill(name)) or "") for name in "xy")
    assert x.pop("card_id") != y.pop("card_id")
    assert x == y


def test_the_forecast_counts_items_per_day(store: Store) -> None:
    store.record(answer(T0, skills=("soon",), correct=False))  # due in minutes: today
    store.record(answer(T0, mode="practice", skills=("new",)))  # new: today
    store.record(answer(T0, skills=("good",)))  # Good: 10 minutes, today
    store.record(answer(T0 + timedelta(minutes=10), skills=("good",)))  # then days
    forecast = store.forecast(T0, 7, UTC)
    assert [day for day, _ in forecast] == [(T0 + timedelta(days=i)).date() for i in range(7)]
    good_day = (due_of(store, ItemKey.skill("good")).date() - T0.date()).days
    expected = [2, 0, 0, 0, 0, 0, 0]
    if good_day < 7:
        expected[good_day] += 1
    assert [count for _, count in forecast] == expected


ratings = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.booleans(), st.integers(0, 200)),
    min_size=1, max_size=8,
)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ratings)
def test_undoing_every_rating_walks_back_through_every_state(
    steps: list[tuple[str, bool, int]],
) -> None:
    with Store.open(now=T0, backup=False) as store:
        skills = [ItemKey.skill(name) for name in "abc"]
        history = [[store.schedule(key) for key in skills]]
        for number, (skill, correct, seconds) in enumerate(steps):
            store.record(answer(T0 + timedelta(hours=number), skills=(skill,), correct=correct,
                                seconds=seconds, session="hyp"))
            history.append([store.schedule(key) for key in skills])
        for expected in reversed(history[:-1]):
            assert store.undo_last_rating(session_id="hyp") is not None
            assert [store.schedule(key) for key in skills] == expected
        assert store.undo_last_rating(session_id="hyp") is None


@pytest.mark.parametrize(
    ("skill", "family", "framework", "kind"),
    [
        ("dense.bias", "mlp", None, None),
        ("conv2d.input_channels", "cnn", None, None),
        ("separable.single_bias", "cnn", None, None),
        ("lstm.gates", "rnn", None, None),
        ("pytorch.rnn_double_bias", "rnn", "pytorch", None),
        ("gru.reset_after", "rnn", "keras", None),
        ("bn.keras_non_trainable", "norm", "keras", "trainable"),
        ("attention.heads", "attention", None, None),
        ("shape.conv_output", "cnn", None, "output_shape"),
        ("shape.return_sequences", "rnn", None, "output_shape"),
        ("algebra.solve_unknown", None, None, "solve"),
        ("something.unknown", None, None, None),
    ],
)
def test_a_skill_maps_to_generator_options(skill: str, family: str | None,
                                           framework: str | None, kind: str | None) -> None:
    exercise = exercise_for(skill)
    assert (exercise.skill, exercise.family, exercise.framework, exercise.kind) == (
        skill, family, framework, kind)


def test_every_catalogued_skill_maps_to_a_family_or_a_kind() -> None:
    skills = pytest.importorskip("quizzer.core.skills")
    unmapped = [tag for tag in skills.SKILLS
                if exercise_for(tag).family is None and exercise_for(tag).kind is None]
    assert unmapped == []


@pytest.mark.parametrize("skill", ["dense.bias", "bn.keras_non_trainable", "lstm.gates",
                                   "shape.conv_output", "pytorch.rnn_double_bias"])
def test_a_due_skill_gets_a_fresh_question_that_exercises_it(skill: str) -> None:
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.review import question_for_skill

    keras = GeneratorOptions(framework="keras")
    question = question_for_skill(skill, seed=5, options=keras)
    assert question is not None and skill in question.skills
    assert question_for_skill(skill, seed=5, options=keras) == question
    other = question_for_skill(skill, seed=6, options=keras)
    assert other is not None and other.id != question.id


def test_a_skill_no_generated_question_exercises_gives_none() -> None:
    from quizzer.core.review import question_for_skill

    assert question_for_skill("no.such.skill", seed=1, tries=5) is None


def test_retrievability_fades_after_a_review(store: Store) -> None:
    from quizzer.core.review import retrievability

    store.record(answer(T0))
    store.record(answer(due_of(store, BIAS)))
    card = store.schedule(BIAS)
    assert card is not None
    week, month = (retrievability(card, T0 + timedelta(days=d)) for d in (7, 30))
    assert 1 >= week > month > 0
