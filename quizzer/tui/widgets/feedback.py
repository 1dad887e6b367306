"""The feedback after an answer: ✓ Correct or ✗ Wrong in words, your answer and the right one,
the diagnosis, and the worked solution (a per-layer table and the seed-style line).

It lives inside the question screen, built once and filled in for each answer, so feedback
appears within a frame or two of the Enter (no new screen is built).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizzer.core.counting import ModelReport, analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.questions import Question, format_answer
from quizzer.core.sessions import Outcome
from quizzer.core.solutions import seed_line

if TYPE_CHECKING:
    from rich.table import Table

    from quizzer.core.grading import Grade


def layer_table(report: ModelReport) -> Table:
    """One row per layer: formula, numbers put in, parameters; the total underneath."""
    from rich.table import Table
    from rich.text import Text

    split = report.non_trainable > 0
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Layer")
    table.add_column("Formula")
    table.add_column("Numbers")
    table.add_column("Params", justify="right")
    if split:
        table.add_column("Non-trainable", justify="right")
    for r in report.layers:
        # Text, not markup: `[i × (f×f) × o] + o` would lose its brackets as a markup tag
        label = f"{r.name} ({r.type_name(report.framework)})"
        row: list[str | Text] = [label, Text(r.formula.symbols), Text(r.formula.numbers),
                                 f"{r.params:,}"]
        if split:
            row.append(f"{r.non_trainable:,}")
        table.add_row(*row)
    total = ["Total", "", "", f"{report.total:,}"]
    table.add_row(*total, *([f"{report.non_trainable:,}"] if split else []), style="bold")
    return table


def verdict(grade: Grade | None, outcome: Outcome) -> tuple[str, str]:
    """The verdict line and its style class: words first, colour only repeats them."""
    if grade is None:
        word, kind = "↷ Skipped", "skipped"
    elif grade.correct:
        word, kind = "✓ Correct", "correct"
    else:
        word, kind = "✗ Wrong", "wrong"
    hints = outcome.hints_used
    timing = f"{outcome.thinking_seconds:.1f} s" + (
        f" · {hints} hint{'s' if hints != 1 else ''}" if hints else ""
    )
    return f"{word}   {timing}", kind


class FeedbackView(VerticalScroll):
    """Scrollable feedback; `show` fills it in for one answer (or skip)."""

    def compose(self) -> ComposeResult:
        # Answers, prompts and explanations (from banks too) are text, never markup.
        yield Static(id="verdict", markup=False)
        yield Static(id="answers", markup=False)
        yield Static(id="diagnosis", markup=False)
        yield Static("Worked solution", classes="heading")
        yield Static(id="layer-table")
        yield Static(id="notes", markup=False)
        yield Static(id="seed-line", markup=False)
        yield Static(id="solution", markup=False)

    def put(self, selector: str, content: object) -> None:
        """Show `content` in a part, or hide the part when there is nothing to show."""
        part = self.query_one(selector, Static)
        if content:
            part.update(content)  # type: ignore[arg-type]
        part.display = bool(content)

    def show(self, question: Question, grade: Grade | None, outcome: Outcome) -> None:
        line, kind = verdict(grade, outcome)
        self.query_one("#verdict", Static).set_classes(kind)
        self.put("#verdict", line)
        if grade is None:
            answers = f"The answer is {format_answer(question.answer)}."
        elif grade.correct:
            answers = f"Your answer: {grade.given.strip()}  ·  correct: {grade.expected}"
        else:
            answers = f"Your answer: {grade.given.strip()}  ·  correct answer: {grade.expected}"
        self.put("#answers", answers)
        diagnosis = () if grade is None else grade.diagnosis
        self.put("#diagnosis", "\n".join(f"Diagnosis: {line}" for line in diagnosis))
        self.show_solution(question, question.solution if grade is None else grade.solution)
        self.scroll_home(animate=False)

    def show_solution(self, question: Question, solution: str) -> None:
        report = None
        if question.model is not None:
            try:
                report = analyze(question.model, question.framework)
            except QuizzerError:
                report = None
        self.put("#layer-table", layer_table(report) if report is not None else None)
        by_layer = report is not None and question.kind in ("total", "trainable")
        notes: list[str] = []
        line = None
        if report is not None and by_layer:
            notes = list(dict.fromkeys(n for r in report.layers for n in r.formula.notes))
            if report.buffers:
                notes.append(f"Plus {report.buffers:,} buffer values (running statistics), "
                             "which are not parameters.")
            line = seed_line(report)
        self.put("#notes", "\n".join(f"• {note}" for note in notes))
        self.put("#seed-line", f"In one line: {line}" if line else "")
        self.put("#solution", "" if by_layer else solution.rstrip("\n"))
