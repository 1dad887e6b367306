"""The feedback screen: ✓ Correct or ✗ Wrong in words, your answer and the right one, the
diagnosis, and the worked solution (a per-layer table and the seed-style line).

Dismissed with "next" (Enter), "similar" (s: same skills, new numbers) or "end" (Esc).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizzer.core.counting import ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.grading import Grade
from quizzer.core.questions import Question, format_answer
from quizzer.core.sessions import Outcome
from quizzer.core.solutions import seed_line

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp


def layer_table(report: ModelReport) -> Table:
    """One row per layer: formula, numbers put in, parameters."""
    split = report.non_trainable > 0
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Layer")
    table.add_column("Formula")
    table.add_column("Numbers")
    table.add_column("Params", justify="right")
    if split:
        table.add_column("Non-trainable", justify="right")
    for r in report.layers:
        row = [f"{r.name} ({r.layer.kind})", r.formula.symbols, r.formula.numbers,
               f"{r.params:,}"]
        if split:
            row.append(f"{r.non_trainable:,}")
        table.add_row(*row)
    total = ["Total", "", "", f"{report.total:,}"] + ([f"{report.non_trainable:,}"] if split
                                                      else [])
    table.add_row(*total, style="bold")
    return table


class FeedbackScreen(Screen[str]):
    """What the answer was worth, and how to get it right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next question"),
        Binding("s", "similar", "Similar question"),
        Binding("escape", "end", "End"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, question: Question, grade: Grade | None, outcome: Outcome) -> None:
        super().__init__()
        self.question = question
        self.grade = grade
        """None when the question was skipped."""
        self.outcome = outcome

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        grade, question = self.grade, self.question
        if grade is None:
            verdict, kind = "↷ Skipped", "skipped"
            answers = f"The answer is {format_answer(question.answer)}."
        elif grade.correct:
            verdict, kind = "✓ Correct", "correct"
            answers = f"Your answer: {grade.given.strip()}  ·  correct: {grade.expected}"
        else:
            verdict, kind = "✗ Wrong", "wrong"
            answers = f"Your answer: {grade.given.strip()}  ·  correct answer: {grade.expected}"
        hints = self.outcome.hints_used
        timing = f"{self.outcome.thinking_seconds:.1f} s" + (
            f" · {hints} hint{'s' if hints != 1 else ''}" if hints else ""
        )
        yield Static(f"{verdict}   {timing}", id="verdict", classes=kind)
        with VerticalScroll(id="feedback-body"):
            yield Static(answers, id="answers")
            if grade is not None and grade.diagnosis:
                yield Static(
                    "\n".join(f"Diagnosis: {line}" for line in grade.diagnosis), id="diagnosis"
                )
            yield from self.solution()
        yield Footer(compact=True, show_command_palette=False)

    def solution(self) -> ComposeResult:
        question = self.question
        report = None
        if question.model is not None:
            try:
                report = analyze(question.model, question.framework)
            except QuizzerError:
                report = None
        solution = question.solution if self.grade is None else self.grade.solution
        yield Static("Worked solution", classes="heading")
        if report is None:
            yield Static(solution.rstrip("\n"), id="solution")
            return
        yield Static(layer_table(report), id="layer-table")
        if question.kind not in ("total", "trainable"):
            yield Static(solution.rstrip("\n"), id="solution")
            return
        notes = list(dict.fromkeys(n for r in report.layers for n in r.formula.notes))
        if report.buffers:
            notes.append(f"Plus {report.buffers:,} buffer values (running statistics), "
                         "which are not parameters.")
        if notes:
            yield Static("\n".join(f"• {note}" for note in notes), id="notes")
        line = seed_line(report)
        if line:
            yield Static(f"In one line: {line}", id="seed-line")

    def on_mount(self) -> None:
        self.call_after_refresh(self._shown)

    def _shown(self) -> None:
        started = self.quizzer.feedback_started
        if started is not None:
            self.quizzer.feedback_latency = time.perf_counter() - started
            self.quizzer.feedback_started = None

    def action_next(self) -> None:
        self.dismiss("next")

    def action_similar(self) -> None:
        self.dismiss("similar")

    def action_end(self) -> None:
        self.dismiss("end")
