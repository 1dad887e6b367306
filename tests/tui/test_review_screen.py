"""The Review screen and review sessions, played with Pilot on an injected clock and wall time
over a real store: items are served only once due, the answers rate their schedules, and
ctrl+z / F6 undo the last rating."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static

from quizzer.core.clock import ManualClock
from quizzer.core.generator import GeneratorOptions
from quizzer.core.questions import format_answer
from quizzer.core.records import AnswerRecord
from quizzer.core.review import ItemKey
from quizzer.core.sessions import Hooks
from quizzer.core.store import Store, progress_hooks
from quizzer.launching import Launch
from quizzer.tui.app import QuizzerApp, create_app
from quizzer.tui.preferences import Preferences
from quizzer.tui.screens.drill_summary import SummaryScreen
from quizzer.tui.screens.review import ReviewQuestionScreen, ReviewScreen

SIZE = (80, 24)
T0 = 1_741_597_200.0  # 10 Mar 2025, 09:00 UTC
DENSE = ("dense.weights", "dense.bias")
CONV = ("conv2d.kernel", "conv.bias")


class Wall:
    """A wall clock the test moves."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


def answered(store: Store, skills: tuple[str, ...], when: float, mode: str = "practice",
             **extra: Any) -> None:
    store.record(AnswerRecord(
        question_id=f"q-{len(store.answers())}", kind="total", framework="keras", skills=skills,
        given="1", correct=True, diagnosis=(), thinking_seconds=30.0, hints_used=0,
        mode=mode, session_id="earlier", timestamp=when, **extra,  # type: ignore[arg-type]
    ))


def make_app(store: Store | None, wall: Wall, launch: Launch | None = None,
             clock: ManualClock | None = None) -> QuizzerApp:
    hooks = Hooks() if store is None else progress_hooks(store, wall=wall)
    return create_app(launch or Launch(), hooks, clock=clock or ManualClock(), wall=wall,
                      preferences=Preferences(), seeds=lambda: 7, save_preferences=False)


def text(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def local(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp).astimezone()


async def answer_current(app: App[Any], pilot: Any, clock: ManualClock, right: bool = True
                         ) -> str:
    """Answer the question on screen; returns its id."""
    screen = app.screen
    assert isinstance(screen, ReviewQuestionScreen)
    question = screen.session.current
    assert question is not None
    clock.advance(8)
    await pilot.press(*(format_answer(question.answer) if right else "1"), "enter")
    await pilot.pause()
    return question.id


async def test_a_skill_is_served_only_once_it_is_due(store: Store) -> None:
    answered(store, DENSE, T0, mode="review")  # both skills now scheduled (rated Good)
    due_at = store.next_due(local(T0))
    assert due_at is not None and due_at.timestamp() > T0
    wall, clock = Wall(T0 + 1), ManualClock()
    app = make_app(store, wall, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("review")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        status = text(app, "#review-status")
        assert status.startswith("Nothing is due for review now. The next item falls due ")
        assert f"{due_at.astimezone():%a %d %b at %H:%M}" in status
        assert text(app, "#review-list") == ""
        await pilot.press("enter")  # nothing to start
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)

        wall.now = due_at.timestamp() - 1  # a second early: still nothing
        review = app.screen
        assert isinstance(review, ReviewScreen)
        review.show_due()
        assert text(app, "#review-status").startswith("Nothing is due")

        wall.now = due_at.timestamp()
        await pilot.press("escape")
        await pilot.pause()
        app.open("review")
        await pilot.pause()
        assert text(app, "#review-status") == (
            "2 due: 2 skills, 0 cards, 0 new · Enter starts the review"
        )
        lines = text(app, "#review-list").splitlines()
        assert [line.split()[:2] for line in lines] == [
            ["skill", "dense.weights"], ["skill", "dense.bias"],
        ]
        assert all(line.endswith("due now (learning)") for line in lines)

        before = {key: store.schedule(key) for key in map(ItemKey.skill, DENSE)}
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewQuestionScreen)
        assert text(app, "#status").startswith("Review · 2 due · seed 7 · Keras")
        current = screen.session.current
        assert current is not None and set(DENSE) <= set(current.skills)
        await answer_current(app, pilot, clock)
        assert screen.state == "feedback"
        # one question exercised both due skills: both were rated, so the session is over
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    last = store.answers()[-1]
    assert (last.mode, last.correct, last.timestamp) == ("review", True, due_at.timestamp())
    assert all(store.schedule(key) != before[key] for key in before)
    assert {entry.key.name for entry in store.reviews()[-2:]} == set(DENSE)
    assert store.due_items(local(due_at.timestamp())) == []


async def test_undo_takes_the_rating_back_and_asks_again(store: Store) -> None:
    answered(store, DENSE, T0)  # practice: new (due at once), never scheduled
    answered(store, CONV, T0)
    wall, clock = Wall(T0 + 60), ManualClock()
    app = make_app(store, wall, Launch(mode="review", options=GeneratorOptions(), seed=3),
                   clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen  # `quizzer review` starts at once when something is due
        assert isinstance(screen, ReviewQuestionScreen)
        assert text(app, "#status").startswith("Review · 4 due · seed 3")
        assert not screen.review.can_undo
        first = screen.review.current
        assert first is not None
        keys = [ItemKey.skill(skill) for skill in first.skills]
        assert await answer_current(app, pilot, clock, right=False) == first.id
        assert {entry.key for entry in store.reviews()} == set(keys)
        assert all(store.schedule(key) is not None for key in keys)
        assert "Undo rating" in key_bar(app)

        await pilot.press("ctrl+z")  # in the feedback: take it back, ask again at once
        await pilot.pause()
        assert store.reviews() == []
        assert all(store.schedule(key) is None for key in keys)  # never reviewed again
        assert screen.state == "ask" and screen.review.current == first
        assert text(app, "#message") == "Rating taken back: answer this question again."
        assert not screen.review.can_undo

        assert await answer_current(app, pilot, clock) == first.id
        rated = {key: store.schedule(key) for key in keys}
        await pilot.press("enter")
        await pilot.pause()
        second = screen.review.current
        assert second is not None and second.id != first.id
        await pilot.press("f6")  # while the next question is asked: it comes again later
        await pilot.pause()
        assert text(app, "#message") == (
            "Rating taken back: that question comes again after this one."
        )
        assert all(store.schedule(key) is None for key in keys)
        assert screen.review.current == second
        assert await answer_current(app, pilot, clock) == second.id
        await pilot.press("enter")
        await pilot.pause()
        assert screen.review.current == first
        assert await answer_current(app, pilot, clock) == first.id
        # rated anew: the same rating at the same wall time gives the same schedule
        assert {key: store.schedule(key) for key in keys} == rated

    answers = store.answers()
    assert [a.mode for a in answers] == ["practice"] * 2 + ["review"] * 4
    assert [a.question_id for a in answers[2:]] == [first.id, first.id, second.id, first.id]
    assert [a.correct for a in answers[2:]] == [False, True, True, True]
    # the undone ratings left no trace in the review log; the three others did
    logged = [entry.answer_id for entry in store.reviews()]
    assert sorted(set(logged)) == [5, 6]


def key_bar(app: App[Any]) -> str:
    from quizzer.tui.widgets.key_bar import KeyBar

    return str(app.screen.query_one(KeyBar).render())


async def test_review_with_nothing_seen_yet_says_so(store: Store) -> None:
    app = make_app(store, Wall(T0), Launch(mode="review", options=GeneratorOptions(), seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # nothing to start
        assert text(app, "#review-status").startswith("Nothing to review yet.")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_due_bank_card_is_served_as_itself(store: Store) -> None:
    answered(store, (), T0, bank="seed-examples", card="ffnn-3-5-2")
    wall, clock = Wall(T0 + 60), ManualClock()
    app = make_app(store, wall, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("review")
        await pilot.pause()
        assert text(app, "#review-status").startswith("1 due: 0 skills, 0 cards, 1 new")
        assert text(app, "#review-list").split()[:2] == ["card", "seed-examples/ffnn-3-5-2"]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewQuestionScreen)
        current = screen.review.current
        assert current is not None
        assert (current.bank, current.card, current.answer) == ("seed-examples", "ffnn-3-5-2",
                                                               32)
        await answer_current(app, pilot, clock)
    key = ItemKey.card("seed-examples", "ffnn-3-5-2")
    assert store.schedule(key) is not None
    assert key in {entry.key for entry in store.reviews()}


async def test_without_a_store_there_is_nothing_to_review() -> None:
    app = make_app(None, Wall(T0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open("review")
        await pilot.pause()
        assert text(app, "#review-status").startswith("Progress is not kept in this session")


async def test_r_on_the_home_screen_opens_review(store: Store) -> None:
    app = make_app(store, Wall(T0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "r Review" in key_bar(app)
