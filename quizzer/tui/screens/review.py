"""The Review screen: what is due (skills and bank cards, scheduled with FSRS), and the review
session that serves it. Only review answers change the schedules; ctrl+z (or F6) takes the
last rating back and asks that question again."""

from __future__ import annotations

from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizzer.core.review import DueItem, due_counts, due_line, due_questions, nothing_due_text
from quizzer.core.sessions import Review, options_settings
from quizzer.launching import describe
from quizzer.tui.screens.question import QuestionScreen
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.core.generator import GeneratorOptions
    from quizzer.tui.app import QuizzerApp

SHOWN_ITEMS = 60
"""Due items listed on the screen (the rest are counted)."""
NO_STORE = ("Progress is not kept in this session (the database could not be opened), so there "
            "is nothing to review.")


def now_of(app: QuizzerApp) -> datetime:
    """The app's wall clock as a local time (tests inject the clock)."""
    return datetime.fromtimestamp(app.wall()).astimezone()


class ReviewQuestionScreen(QuestionScreen):
    """The question screen of a review session, with a key to undo the last rating."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z,f6", "undo", "Undo rating"),
    ]

    @property
    def review(self) -> Review:
        return cast(Review, self.session)

    def update_status(self) -> None:
        super().update_status()
        self.query_one("#status", Static).update(f"Review · {self.description}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":  # shown dimmed while there is nothing to undo
            return True if self.review.can_undo else None
        return super().check_action(action, parameters)

    def action_undo(self) -> None:
        question = self.review.undo()
        if question is None:
            self.say("There is no rating to undo.", "warning")
            return
        if self.state == "feedback":
            self.next_question()
            self.say("Rating taken back: answer this question again.", "warning")
        else:
            self.say("Rating taken back: that question comes again after this one.", "warning")
        self.refresh_bindings()


class ReviewScreen(Screen[None]):
    """What is due now, or when the next item is; Enter starts reviewing."""

    DEFAULT_CSS = """
    ReviewScreen #review-status { height: auto; padding: 1 1 0 1; text-style: bold; }
    ReviewScreen #review-body { height: 1fr; margin: 1 0 0 0; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start review"),
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, options: GeneratorOptions, seed: int | None = None, *,
                 start: bool = False) -> None:
        """`options` shape the generated questions; `start` begins at once when something
        is due (as `quizzer review` does)."""
        super().__init__()
        self.options = options
        self.seed = seed
        self.start_at_once = start
        self.due: list[DueItem] = []

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("Review", id="title")
        yield Static(id="review-status")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-list")
        yield Static(
            "Each due skill comes as a fresh question that exercises it; each due bank card as "
            "itself. Your answers rate the schedules (wrong: again soon; right and quick: "
            "later). Practice and drills never change them. In a question, ctrl+z or F6 undoes "
            "the last rating.",
            classes="about",
        )
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.show_due()
        if self.start_at_once:
            self.start_at_once = False
            if self.due:
                self.call_later(self.action_start)

    def show_due(self) -> None:
        """Read what is due now from the store and show it."""
        status = self.query_one("#review-status", Static)
        listing = self.query_one("#review-list", Static)
        store = self.quizzer.hooks.store
        if store is None:
            self.due = []
            status.update(NO_STORE)
            listing.update("")
        else:
            now = now_of(self.quizzer)
            self.due = store.due_items(now)
            if self.due:
                status.update(f"{due_counts(self.due)} · Enter starts the review")
                lines = [due_line(item, now) for item in self.due[:SHOWN_ITEMS]]
                if len(self.due) > SHOWN_ITEMS:
                    lines.append(f"… and {len(self.due) - SHOWN_ITEMS} more")
                listing.update("\n".join(lines))
            else:
                status.update(nothing_due_text(store.next_due(now), now))
                listing.update("")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return bool(self.due)
        return True

    def action_back(self) -> None:
        self.quizzer.go_home()

    def action_start(self) -> None:
        """Start a review session over what is due (in place of this screen)."""
        if not self.due:
            return
        app = self.quizzer
        seed = self.seed if self.seed is not None else app.seeds()
        questions = due_questions(self.due, seed, self.options)
        first = next(questions, None)
        if first is None:
            self.query_one("#review-status", Static).update(
                "None of the due skills can be made into a question with your settings; "
                "practise them, or change Settings."
            )
            return
        session = Review(
            chain((first,), questions), clock=app.clock, wall=app.wall, hooks=app.hooks,
            seed=seed, settings=options_settings(self.options),
        )
        description = f"{len(self.due)} due · {describe(self.options, seed)}"
        app.switch_screen(ReviewQuestionScreen(session, description))
