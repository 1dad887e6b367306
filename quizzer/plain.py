"""The plain line mode (`--plain`): the same sessions as the TUI, as plain lines on stdin and
stdout, for screen readers, pipes and scripts.

Each question prints its prompt and code, then one answer line is read: a number (or shape) is
graded; `?` reveals a hint; `skip` skips; `quit` or the end of input ends the session. An
unreadable answer gets a short hint and is asked again. At the end the summary is printed.
"""

from __future__ import annotations

from typing import TextIO

from quizzer.core.answers import AnswerParseError
from quizzer.core.grading import Grade
from quizzer.core.questions import Question, format_answer
from quizzer.core.sessions import Drill, Session, TimeUp

HELP = (
    "Type your answer and press Enter. `?` shows a hint (one layer at a time), `skip` skips, "
    "`quit` (or end of input) ends the session."
)
HINT_WORDS = ("?", "hint")
SKIP_WORDS = ("skip",)
QUIT_WORDS = ("quit", "exit")


class PlainSession:
    """Runs one session on text streams."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO) -> None:
        self.session = session
        self.stdin = stdin
        self.out = stdout
        self.echo_newline = not _isatty(stdin)
        """Piped input is not echoed: end the prompt line ourselves."""

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def run(self, title: str) -> int:
        """Play the whole session; 0 when it ends (by finishing, `quit` or end of input)."""
        self.say(title)
        self.say(HELP)
        try:
            while (question := self.session.advance()) is not None:
                if not self.ask(question):
                    break
        except KeyboardInterrupt:
            self.say()
            self.end()
            return 130
        self.end()
        return 0

    def ask(self, question: Question) -> bool:
        """Ask until answered or skipped; False when the session should end."""
        self.say()
        self.say(f"Question {self.session.number} ({_framework(question)}, {question.kind})")
        self.say(question.prompt)
        if question.code:
            self.say()
            self.say(question.code.rstrip("\n"))
        while True:
            self.say()
            line = self.read(self.prompt())
            if line is None:
                return False
            text = line.strip()
            if text.lower() in QUIT_WORDS:
                return False
            if text.lower() in HINT_WORDS:
                hint = self.session.hint()
                self.say(f"Hint: {hint}" if hint else "No more hints for this question.")
                continue
            try:
                if text.lower() in SKIP_WORDS:
                    self.session.skip()
                    self.skipped(question)
                    return True
                grade = self.session.submit(text)
            except AnswerParseError as error:
                self.say(f"Could not read {text!r}: {error}. Try again.")
                continue
            except TimeUp as error:
                self.say(f"Time is up: {error}.")
                return False
            self.feedback(grade)
            return not (isinstance(self.session, Drill) and self.session.check_time())

    def prompt(self) -> str:
        if isinstance(self.session, Drill):
            left = self.session.time_left
            if left is not None:
                return f"Your answer ({_clock(left)} left): "
            remaining = self.session.timer.questions_left(len(self.session.outcomes))
            return f"Your answer ({remaining} questions left): "
        return "Your answer: "

    def read(self, prompt: str) -> str | None:
        """One line, or None at the end of input."""
        print(prompt, end="", file=self.out, flush=True)
        line = self.stdin.readline()
        if self.echo_newline or not line:
            self.say(line.rstrip("\n"))  # a transcript shows what was read
        return line or None

    def feedback(self, grade: Grade) -> None:
        if grade.correct:
            self.say(f"✓ Correct: {grade.expected}")
        else:
            self.say(f"✗ Wrong: you answered {grade.given.strip()}; "
                     f"the correct answer is {grade.expected}.")
        for line in grade.diagnosis:
            self.say(f"Diagnosis: {line}")
        if not isinstance(self.session, Drill):
            self.say()
            self.say("Worked solution:")
            self.say(grade.solution.rstrip("\n"))

    def skipped(self, question: Question) -> None:
        self.say(f"↷ Skipped: the answer is {format_answer(question.answer)}.")
        if not isinstance(self.session, Drill):
            self.say()
            self.say("Worked solution:")
            self.say(question.solution.rstrip("\n"))

    def end(self) -> None:
        summary = self.session.finish()
        self.say()
        self.say("Summary")
        for line in summary.lines():
            self.say(line)
        best = self.session.hooks.personal_best
        best_line = best(summary) if best is not None else None
        if best_line:
            self.say(best_line)
        if summary.missed:
            self.say("Missed:")
            for question in summary.missed:
                self.say(f"  {question.id}: {format_answer(question.answer)}")


def run_plain(session: Session, title: str, stdin: TextIO, stdout: TextIO) -> int:
    """Play `session` on text streams; the exit status (0, or 130 on Ctrl-C)."""
    return PlainSession(session, stdin, stdout).run(title)


def _framework(question: Question) -> str:
    return "Keras" if question.framework == "keras" else "PyTorch"


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
