"""The question screen: prompt, code (Keras or PyTorch view), picture, answer box, hints;
and, in practice, the feedback after each answer in place of the question.

A drill goes straight on instead, with the verdict of the last answer in one line and the
countdown bar on top. While a question is asked the keys are ctrl/function keys, because
printable keys go into the answer box; the feedback takes plain keys (Enter, s, q).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static

from quizzer.core.errors import QuizzerError
from quizzer.core.model import Framework
from quizzer.core.questions import Question, format_answer
from quizzer.core.sessions import Drill, Session, TimeUp
from quizzer.tui.widgets.answer_input import AnswerInput
from quizzer.tui.widgets.code_view import CodeView
from quizzer.tui.widgets.countdown import Countdown
from quizzer.tui.widgets.key_bar import KeyBar
from quizzer.tui.widgets.network import NetworkPicture

if TYPE_CHECKING:
    from quizzer.core.grading import Grade
    from quizzer.tui.app import QuizzerApp
    from quizzer.tui.widgets.feedback import FeedbackView

READY_FILE_ENV = "QUIZZER_READY_FILE"
"""Benchmark hook: when set, the Unix time the first question is painted is written to this
file and the app exits (see benchmarks/bench_startup.py)."""
MAX_HINT_LINES = 4
TICK_SECONDS = 0.2
State = Literal["ask", "feedback"]
ASK_ACTIONS = frozenset({"hint", "skip", "switch_view"})
FEEDBACK_ACTIONS = frozenset({"next", "similar", "quit_plain"})
"""How often a drill's countdown reads the clock."""


def title(framework: Framework) -> str:
    return "Keras" if framework == "keras" else "PyTorch"


def other(framework: Framework) -> Framework:
    return "pytorch" if framework == "keras" else "keras"


def code_for(question: Question, framework: Framework) -> str:
    """The question's code, or its model rendered in the other framework."""
    if framework == question.framework or question.model is None:
        return question.code
    from quizzer.core.rendering import render_code
    from quizzer.core.rendering.keras import render_keras
    from quizzer.core.rendering.pytorch import render_pytorch

    try:
        code = render_code(question.model, framework)
        if question.other_model is not None:
            second = render_keras if framework == "keras" else render_pytorch
            code += "\n" + second(question.other_model, "other_model", header=False)
    except QuizzerError as error:
        return f"# This model cannot be written in {title(framework)}:\n# {error}\n"
    return code


class QuestionScreen(Screen[None]):
    """Asks the session's questions one after another until it finishes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t,f2", "hint", "Hint"),
        Binding("ctrl+n,f3", "skip", "Skip"),
        Binding("ctrl+o,f4", "switch_view", "Keras/PyTorch"),
        Binding("enter", "next", "Next question"),
        Binding("s", "similar", "Similar question"),
        Binding("escape", "end", "End"),
        Binding("q", "quit_plain", "Quit", show=False),
        Binding("pageup", "scroll_code(-1)", "Scroll code up", show=False),
        Binding("pagedown", "scroll_code(1)", "Scroll code down", show=False),
    ]

    view: reactive[Framework] = reactive[Framework]("keras", init=False)
    """The framework whose code is shown; the question itself keeps its own framework."""
    hints_used: reactive[int] = reactive(0, init=False)
    """Hints revealed for the current question."""
    time_left: reactive[float | None] = reactive[float | None](None, init=False)
    """Seconds left in a timed drill (None otherwise)."""
    state: reactive[State] = reactive[State]("ask", init=False, bindings=True)
    """`ask` while a question waits for its answer, `feedback` while its feedback is read."""

    def __init__(self, session: Session, description: str) -> None:
        super().__init__()
        self.session = session
        self.description = description
        """What is practised, e.g. `seed 42 · Keras · difficulty 1 · family mixed`."""
        self.drill = session if isinstance(session, Drill) else None
        self.ticker: Timer | None = None
        """A drill's interval timer that reads the clock (`tick`)."""
        self._first = True

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="status-bar"):
            yield Static(id="status", markup=False)  # titles and prompts (banks'
            yield Static(id="tally")
        if self.drill is not None:
            yield Countdown(id="countdown")
        with ContentSwitcher(initial="ask", id="panes"), Vertical(id="ask"):
            yield Static(id="prompt", markup=False)  # too) are text, not markup
            with Horizontal(id="body"):
                with VerticalScroll(id="code-pane"):
                    yield CodeView(id="code")
                with VerticalScroll(id="picture-pane"):
                    yield NetworkPicture(id="picture")
            yield Static(id="hints", markup=False)
            yield Static(id="message", markup=False)
            yield AnswerInput(
                placeholder="Your answer, e.g. 10451 or 3*5 + 5*2 + 7", id="answer"
            )
        yield KeyBar()

    def on_mount(self) -> None:
        for pane in self.query("#ask VerticalScroll"):
            pane.can_focus = False
        self.say("")
        if self.drill is not None:
            self.ticker = self.set_interval(TICK_SECONDS, self.tick)
            self.tick()
        self.next_question()

    # -- showing a question ----------------------------------------------------------------

    def next_question(self) -> None:
        """Show the session's next question, or its summary once it is over."""
        question = self.session.advance()
        if question is None:
            self.end_session()
            return
        self.query_one(ContentSwitcher).current = "ask"
        self.state = "ask"
        self.hints_used = 0
        self.watch_hints_used()
        self.query_one("#prompt", Static).update(question.prompt)
        picture = self.query_one(NetworkPicture)
        picture.question = question
        self.query_one("#picture-pane").display = question.model is not None
        self.set_reactive(QuestionScreen.view, question.framework)
        self.show_code(question)
        self.update_status()
        answer = self.query_one(Input)
        answer.value = ""
        answer.focus()
        if self._first:
            self._first = False
            self.call_after_refresh(self._after_first_paint)

    def show_code(self, question: Question) -> None:
        self.query_one(CodeView).show(code_for(question, self.view))
        pane = self.query_one("#code-pane")
        asked = title(question.framework)
        if self.view == question.framework:
            pane.border_title = f"{asked} code"
        else:
            pane.border_title = f"{title(self.view)} view (the question is about {asked})"
        pane.scroll_home(animate=False)

    def update_status(self) -> None:
        session = self.session
        mode = "Drill" if self.drill is not None else "Practice"
        self.query_one("#status", Static).update(f"{mode} · {self.description}")
        self.query_one("#tally", Static).update(f"Q{session.number} · {session.score} right")

    def watch_view(self) -> None:
        if self.session.current is not None:
            self.show_code(self.session.current)

    def watch_hints_used(self) -> None:
        shown = self.session.hints_shown
        first = max(0, len(shown) - MAX_HINT_LINES)  # the latest hints when there are many
        text = "\n".join(
            f"Hint {n}: {hint}" for n, hint in enumerate(shown[first:], start=first + 1)
        )
        hints = self.query_one("#hints", Static)
        hints.update(text)
        hints.display = bool(text)

    def watch_time_left(self) -> None:
        if self.drill is None:
            return
        bar = self.query_one(Countdown)
        bar.fraction = self.drill.fraction_left
        left = self.time_left
        if left is not None:
            whole = int(left + 0.999)
            bar.label = f"{whole // 60}:{whole % 60:02d} left"
        else:
            remaining = self.drill.timer.questions_left(len(self.drill.outcomes))
            bar.label = f"{remaining} of {self.drill.limit.questions} questions left"

    # -- actions ---------------------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_submit()

    async def action_submit(self) -> None:
        question = self.session.current
        if question is None or self.session.phase != "asking":
            return
        from quizzer.core.answers import AnswerParseError

        text = self.query_one(Input).value
        started = time.perf_counter()
        try:
            grade = self.session.submit(text)
        except AnswerParseError as error:
            self.say(f"Could not read {text.strip()!r}: {error}. Try again.", "warning")
            return
        except TimeUp:
            self.end_session()
            return
        if self.drill is not None:
            seconds = f"({self.session.outcomes[-1].thinking_seconds:.1f} s)"
            if grade.correct:
                self.say(f"✓ Correct: {grade.expected} {seconds}", "correct")
            else:
                self.say(f"✗ Wrong: you answered {text.strip()}; it was {grade.expected} "
                         f"{seconds}", "wrong")
            self.after_answer()
            return
        self.say("")
        await self.show_feedback(question, grade, started)

    def action_hint(self) -> None:
        if self.session.phase != "asking":
            return
        hint = self.session.hint()
        if hint is None:
            self.say("No more hints for this question.", "warning")
        else:
            self.hints_used = len(self.session.hints_shown)

    async def action_skip(self) -> None:
        question = self.session.current
        if question is None or self.session.phase != "asking":
            return
        try:
            self.session.skip()
        except TimeUp:
            self.end_session()
            return
        if self.drill is not None:
            self.say(f"↷ Skipped: it was {format_answer(question.answer)}", "warning")
            self.after_answer()
            return
        await self.show_feedback(question, None, time.perf_counter())

    def action_switch_view(self) -> None:
        self.view = other(self.view)

    def action_end(self) -> None:
        self.end_session()

    # -- flow ------------------------------------------------------------------------------

    async def show_feedback(
        self, question: Question, grade: Grade | None, started: float
    ) -> None:
        """The feedback in place of the question; `started` is when the answer came."""
        view = await self.feedback_view()
        view.show(question, grade, self.session.outcomes[-1])
        self.update_status()
        self.query_one(ContentSwitcher).current = "feedback"
        self.state = "feedback"
        view.focus()
        self.call_after_refresh(self._feedback_shown, started)

    def _feedback_shown(self, started: float) -> None:
        self.quizzer.feedback_latency = time.perf_counter() - started

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys of the question while asking, keys of the feedback while it is read."""
        if action in ASK_ACTIONS:
            return self.state == "ask"
        if action in FEEDBACK_ACTIONS:
            return self.state == "feedback"
        return True

    def action_next(self) -> None:
        self.next_question()

    def action_similar(self) -> None:
        self.session.similar()
        self.next_question()

    def action_scroll_code(self, direction: int) -> None:
        """PageUp/PageDown scroll the code (the answer box keeps the focus)."""
        pane = self.query_one("#code-pane", VerticalScroll)
        if direction < 0:
            pane.scroll_page_up()
        else:
            pane.scroll_page_down()

    def action_quit_plain(self) -> None:
        self.app.exit()

    def after_answer(self) -> None:
        if self.drill is not None and self.drill.check_time():
            self.end_session()
            return
        self.tick()
        self.next_question()

    def tick(self) -> None:
        """Read the clock: move the countdown bar and end the drill when time is up."""
        if self.drill is None or self.session.finished:
            return
        if self.drill.check_time():
            self.end_session()
            return
        self.time_left = self.drill.time_left
        self.watch_time_left()

    def end_session(self) -> None:
        if not self.is_current:
            return
        self.quizzer.show_summary(self.session, self.description)

    def say(self, text: str, kind: str = "") -> None:
        message = self.query_one("#message", Static)
        message.set_classes(kind)
        message.update(text)
        message.display = bool(text)

    def _after_first_paint(self) -> None:
        """Build the (hidden) feedback view once the first question is on screen."""
        path = os.environ.get(READY_FILE_ENV)
        if path:
            with open(path, "w", encoding="utf-8") as out:
                out.write(f"{time.time()}\n")
            self.app.exit()
            return
        if self.drill is None:
            self.run_worker(self.feedback_view(), exclusive=True, group="feedback")

    async def feedback_view(self) -> FeedbackView:
        """The feedback view, mounted (hidden) once the first question is painted, or when
        first needed."""
        from quizzer.tui.widgets.feedback import FeedbackView

        views = self.query(FeedbackView)
        if views:
            return views.first()
        view = FeedbackView(id="feedback")
        view.display = False
        await self.query_one(ContentSwitcher).mount(view)
        return view
