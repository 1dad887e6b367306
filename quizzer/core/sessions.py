"""Practice sessions and timed drills as plain objects (no Textual): the question sequence, the
answers, hints, timing, score, per-skill results and the summary.

Both front ends (the Textual app and the plain line mode) drive a session the same way:
`advance()` shows the next question, then `submit(text)` or `skip()`, with `hint()` and
`similar()` along the way, and `finish()` at the end. Every graded answer is handed to
`Hooks.on_record` the moment it is graded. Thinking time runs from `advance()` to the submit, so
the time spent reading feedback is never counted.
"""

from __future__ import annotations

import os
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from quizzer.core.clock import Clock, monotonic
from quizzer.core.counting import analyze
from quizzer.core.errors import QuizzerError
from quizzer.core.model import format_shape
from quizzer.core.questions import Question
from quizzer.core.rendering.summary import input_shapes

if TYPE_CHECKING:
    from quizzer.core.drill import DrillLimit
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.grading import Grade
    from quizzer.core.records import AnswerRecord, Mode
    from quizzer.core.store import Store

Phase = Literal["idle", "asking", "answered", "finished"]
"""idle: no question yet; asking: a question awaits an answer; answered: graded or skipped, the
learner reads feedback; finished: the session is over."""

WEAKEST_COUNT = 3
"""How many weakest skills a summary names."""


Settings = Mapping[str, str | int | None]
"""What a session practises, e.g. {"framework": "keras", "difficulty": 1, "minutes": 1}."""


def settings_key(settings: Settings) -> str:
    """`difficulty=1 family=mixed framework=keras minutes=1`: sorted, None values left out
    (the same form as the store's drill settings keys, so personal bests match)."""
    return " ".join(f"{k}={v}" for k, v in sorted(settings.items()) if v is not None)


def options_settings(options: GeneratorOptions) -> dict[str, str | int | None]:
    """The settings of a generated-question session."""
    return {
        "framework": options.framework, "difficulty": options.difficulty,
        "family": options.family, "kind": options.kind,
    }


class SessionError(QuizzerError):
    """A session was asked to do something its phase does not allow."""


class TimeUp(SessionError):
    """The drill's time ran out before the answer came; the answer is not counted."""


@dataclass(frozen=True)
class Hooks:
    """Where the rest of quizzer plugs into sessions (the progress store, personal bests)."""

    on_record: Callable[[AnswerRecord], None] | None = None
    """Called with each graded (or skipped) answer, the moment it is graded."""
    on_finish: Callable[[Summary], None] | None = None
    """Called once when a session finishes, with its summary."""
    personal_best: Callable[[Summary], str | None] | None = None
    """A line such as `Personal best: 14 correct (2 May)` for the summary's settings, or None."""
    store: Store | None = None
    """The progress store behind these hooks (review and statistics read it); None when
    progress is not kept."""
    notices: tuple[str, ...] = ()
    """One-line messages for the learner about the store (e.g. a damaged database moved
    aside); front ends show them once, at the start."""


class SessionOptions(TypedDict, total=False):
    """The keyword arguments every session takes (`Session`, `Drill`, `Review`); all optional."""

    clock: Clock
    """Thinking and drill time (default: the monotonic clock)."""
    wall: Callable[[], float]
    """Unix time for the records' timestamps (default: `time.time`)."""
    hooks: Hooks | None
    """Where answers and the summary go (default: nowhere)."""
    session_id: str | None
    """Default: a random one."""
    seed: int | None
    """Seeds the `similar` questions (default: a random one; the question source has its own
    seed)."""
    settings: Settings | None
    """What is practised, for the summary and personal bests."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one question: its grade (None when skipped), time and hints."""

    question: Question
    grade: Grade | None
    thinking_seconds: float
    hints_used: int
    at: float
    """The clock reading when it was graded or skipped."""

    @property
    def skipped(self) -> bool:
        return self.grade is None

    @property
    def correct(self) -> bool:
        return self.grade is not None and self.grade.correct


@dataclass(frozen=True)
class SkillResult:
    """How one skill went: questions exercising it, and how many were right."""

    skill: str
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class Summary:
    """The end of a session: score, accuracy, pace, skills and the questions missed.

    Skipped questions count as attempts that were not correct, in the accuracy and per skill.
    """

    mode: Mode
    settings: str
    """What was practised, as `settings_key` writes it, e.g.
    `difficulty=1 family=mixed framework=keras minutes=1`."""
    session_id: str
    answered: int
    """Questions graded (skips excluded)."""
    correct: int
    skipped: int
    hints_used: int
    duration_seconds: float
    """A drill's length (its time limit once it ran out); for practice, from the start to the
    last answer."""
    median_seconds: float | None
    """Median thinking time of the graded answers."""
    skills: tuple[SkillResult, ...]
    """Per skill, in order of first appearance."""
    missed: tuple[Question, ...]
    """Questions answered wrong or skipped, in order, each once."""

    @property
    def score(self) -> int:
        return self.correct

    @property
    def attempts(self) -> int:
        return self.answered + self.skipped

    @property
    def accuracy(self) -> float | None:
        """Correct over attempts (graded plus skipped); None before any."""
        return self.correct / self.attempts if self.attempts else None

    @property
    def questions_per_minute(self) -> float:
        """Graded answers per minute of the session."""
        if self.duration_seconds <= 0:
            return 0.0
        return self.answered / (self.duration_seconds / 60)

    @property
    def weakest(self) -> tuple[SkillResult, ...]:
        """Skills not fully right, lowest accuracy first (more attempts first on ties)."""
        weak = [s for s in self.skills if s.correct < s.attempts]
        weak.sort(key=lambda s: (s.accuracy, -s.attempts, s.skill))
        return tuple(weak[:WEAKEST_COUNT])

    def weakest_text(self) -> str:
        """`lstm.gates, dense.bias`, or why there are none."""
        if not self.skills:
            return "none yet (no answers)"
        weakest = ", ".join(s.skill for s in self.weakest)
        return weakest or "none, every skill was right"

    def lines(self) -> list[str]:
        """The summary as plain text lines."""
        accuracy = "-" if self.accuracy is None else f"{self.accuracy:.0%}"
        median = "-" if self.median_seconds is None else f"{self.median_seconds:.1f} s"
        lines = [
            f"Score: {self.correct} correct",
            f"Accuracy: {accuracy} ({self.correct} of {self.attempts}: "
            f"{self.answered} answered, {self.skipped} skipped)",
            f"Questions per minute: {self.questions_per_minute:.1f}",
            f"Median time per question: {median}",
            f"Hints used: {self.hints_used}",
        ]
        if self.skills:
            lines.append("Per skill:")
            lines += [
                f"  {s.skill}: {s.correct}/{s.attempts} ({s.accuracy:.0%})" for s in self.skills
            ]
        lines.append(f"Weakest skills: {self.weakest_text()}")
        lines.append(f"Missed questions: {len(self.missed)}")
        return lines


def hints_for(question: Question) -> tuple[str, ...]:
    """The hints a question offers, one layer's formula each, in the order they are revealed.

    Symbols only for `solve` questions (the numbers would give the unknown away); the asked
    layer only for `layer`; its input shape for `output_shape`; nothing for text cards.
    """
    if question.model is None or question.kind == "text":
        return ()
    report = analyze(question.model, question.framework)
    framework = question.framework
    if question.kind == "output_shape" and question.layer_index is not None:
        layer = report.layers[question.layer_index]
        received = input_shapes(report)[question.layer_index]
        return (f"{layer.name} ({layer.type_name(framework)}) receives "
                f"{format_shape(received)}",)
    layers = report.layers
    if question.kind == "layer" and question.layer_index is not None:
        layers = (layers[question.layer_index],)
    prefix = "model: " if question.kind == "compare" else ""
    hints = [_layer_hint(prefix, r.name, r.type_name(framework), r.formula.symbols,
                         r.formula.numbers, question.kind == "solve") for r in layers]
    if question.kind == "compare" and question.other_model is not None:
        other = analyze(question.other_model, question.framework)
        hints += [_layer_hint("other_model: ", r.name, r.type_name(framework),
                              r.formula.symbols, r.formula.numbers, False) for r in other.layers]
    return tuple(hints)


def _layer_hint(
    prefix: str, name: str, kind: str, symbols: str, numbers: str, symbols_only: bool
) -> str:
    if symbols == "0":
        return f"{prefix}{name} ({kind}): no weights, 0 parameters"
    if symbols_only:
        return f"{prefix}{name} ({kind}): {symbols}"
    return f"{prefix}{name} ({kind}): {symbols} = {numbers}"


class Session:
    """A practice session over any sequence of questions (endless or finite)."""

    mode: Mode = "practice"

    def __init__(self, questions: Iterable[Question], **options: Unpack[SessionOptions]) -> None:
        self.clock = clock = options.get("clock", monotonic)
        self.wall = options.get("wall", time.time)
        """Unix time for the records' timestamps."""
        self.hooks = options.get("hooks") or Hooks()
        self.session_id = options.get("session_id") or os.urandom(16).hex()
        seed = options.get("seed")
        self.seed = random.randrange(2**31) if seed is None else seed
        """Seeds the `similar` questions (the question source has its own seed)."""
        self.settings = settings_key(options.get("settings") or {})
        self.outcomes: list[Outcome] = []
        self.current: Question | None = None
        self.phase: Phase = "idle"
        self.hints_shown: list[str] = []
        """The hints revealed for the current question."""
        self.started_at = clock()
        self._source = iter(questions)
        self._pending: deque[Question] = deque()
        self._rng = random.Random(self.seed)
        self._shown_at = self.started_at
        self._hints: tuple[str, ...] | None = None
        self._summary: Summary | None = None

    # -- the question sequence -------------------------------------------------------------

    def advance(self) -> Question | None:
        """Show the next question and start its thinking time; None (and finished) at the end."""
        if self.phase == "asking":
            raise SessionError("answer or skip the current question first")
        if self.phase == "finished":
            return None
        if self.limit_reached():
            self.finish()
            return None
        question = self._pending.popleft() if self._pending else next(self._source, None)
        if question is None:
            self.finish()
            return None
        self.current = question
        self.phase = "asking"
        self.hints_shown = []
        self._hints = None
        self._shown_at = self.clock()
        return question

    def limit_reached(self) -> bool:
        """True when no further question may be served (drills override this)."""
        return False

    def submit(self, text: str) -> Grade:
        """Grade the typed answer and record it at once.

        An unreadable answer raises AnswerParseError (its message is a hint) and is not recorded:
        the learner tries again, and the thinking time keeps running.
        """
        from quizzer.core.grading import grade  # not needed to show the first question

        question = self._asking()
        result = grade(question, text)
        self._record(question, result)
        return result

    def skip(self) -> None:
        """Give up the current question: recorded as skipped (an attempt that was not right)."""
        self._record(self._asking(), None)

    def hint(self) -> str | None:
        """Reveal the next hint (one layer's formula) and count it; None when none are left."""
        question = self._asking()
        if self._hints is None:
            self._hints = hints_for(question)
        if len(self.hints_shown) >= len(self._hints):
            return None
        revealed = self._hints[len(self.hints_shown)]
        self.hints_shown.append(revealed)
        return revealed

    @property
    def hints_left(self) -> int:
        """Hints still hidden for the current question."""
        if self.current is None or self.phase != "asking":
            return 0
        if self._hints is None:
            self._hints = hints_for(self.current)
        return len(self._hints) - len(self.hints_shown)

    def similar(self) -> Question:
        """Queue a question with the same skills and new numbers; `advance()` serves it next."""
        if self.current is None:
            raise SessionError("there is no question yet to make a similar one of")
        from quizzer.core.generator import similar

        question = similar(self.current, self._rng.randrange(2**31))
        self._pending.appendleft(question)
        return question

    def finish(self) -> Summary:
        """End the session (an unanswered question is dropped) and return its summary."""
        if self._summary is None:
            self.phase = "finished"
            self._summary = self.summary()
            if self.hooks.on_finish is not None:
                self.hooks.on_finish(self._summary)
        return self._summary

    @property
    def finished(self) -> bool:
        return self.phase == "finished"

    def retry_missed(self) -> Session:
        """A new practice session over the questions missed here (wrong or skipped)."""
        return Session(
            self.summary().missed,
            clock=self.clock,
            wall=self.wall,
            hooks=self.hooks,
            settings={"missed": "yes"},
        )

    # -- results ---------------------------------------------------------------------------

    @property
    def number(self) -> int:
        """The 1-based number of the current question."""
        return len(self.outcomes) + (1 if self.phase == "asking" else 0)

    @property
    def score(self) -> int:
        return sum(1 for o in self.outcomes if o.correct)

    @property
    def thinking_seconds(self) -> float:
        """Time on the current question so far (or the time it took, once answered)."""
        if self.phase == "asking":
            return max(0.0, self.clock() - self._shown_at)
        return self.outcomes[-1].thinking_seconds if self.outcomes else 0.0

    def duration(self) -> float:
        """The session's length for the summary."""
        if not self.outcomes:
            return 0.0
        return max(0.0, self.outcomes[-1].at - self.started_at)

    def summary(self) -> Summary:
        """The summary so far."""
        import statistics

        graded = [o for o in self.outcomes if not o.skipped]
        times = [o.thinking_seconds for o in graded]
        skills: dict[str, list[int]] = {}
        for outcome in self.outcomes:
            for skill in outcome.question.skills:
                counts = skills.setdefault(skill, [0, 0])
                counts[0] += 1
                counts[1] += int(outcome.correct)
        missed: dict[str, Question] = {}
        for outcome in self.outcomes:
            if not outcome.correct:
                missed.setdefault(outcome.question.id, outcome.question)
        return Summary(
            mode=self.mode,
            settings=self.settings,
            session_id=self.session_id,
            answered=len(graded),
            correct=sum(1 for o in graded if o.correct),
            skipped=len(self.outcomes) - len(graded),
            hints_used=sum(o.hints_used for o in self.outcomes),
            duration_seconds=self.duration(),
            median_seconds=statistics.median(times) if times else None,
            skills=tuple(SkillResult(s, c[0], c[1]) for s, c in skills.items()),
            missed=tuple(missed.values()),
        )

    # -- internals -------------------------------------------------------------------------

    def _asking(self) -> Question:
        if self.phase != "asking" or self.current is None:
            raise SessionError("there is no question waiting for an answer")
        return self.current

    def _record(self, question: Question, result: Grade | None) -> None:
        now = self.clock()
        outcome = Outcome(
            question, result, max(0.0, now - self._shown_at), len(self.hints_shown), now
        )
        self.outcomes.append(outcome)
        self.phase = "answered"
        if self.hooks.on_record is not None:
            from quizzer.core.records import AnswerRecord

            self.hooks.on_record(
                AnswerRecord(
                    question_id=question.id,
                    kind=question.kind,
                    framework=question.framework,
                    skills=question.skills,
                    given="" if result is None else result.given,
                    correct=outcome.correct,
                    diagnosis=() if result is None else result.diagnosis,
                    thinking_seconds=outcome.thinking_seconds,
                    hints_used=outcome.hints_used,
                    mode=self.mode,
                    session_id=self.session_id,
                    timestamp=self.wall(),
                    bank=question.bank,
                    card=question.card,
                    skipped=result is None,
                )
            )


class Drill(Session):
    """A timed drill: a session that ends when its `DrillLimit` is reached (see core.drill).

    Answers go straight to the next question; an answer that comes after the time ran out is
    not counted (`submit` raises TimeUp and the drill finishes).
    """

    mode: Mode = "drill"

    def __init__(
        self, questions: Iterable[Question], limit: DrillLimit, **options: Unpack[SessionOptions]
    ) -> None:
        options["settings"] = {**(options.get("settings") or {}), "minutes": limit.minutes,
                               "questions": limit.questions}
        super().__init__(questions, **options)
        self.limit = limit
        from quizzer.core.drill import DrillTimer

        self.timer = DrillTimer(limit, self.clock)

    def limit_reached(self) -> bool:
        return self.timer.expired(len(self.outcomes))

    @property
    def time_left(self) -> float | None:
        """Seconds left, or None for a question limit."""
        return self.timer.time_left()

    @property
    def fraction_left(self) -> float:
        """What the countdown bar shows: 1.0 at the start, 0.0 at the end."""
        return self.timer.fraction_left(len(self.outcomes))

    def check_time(self) -> bool:
        """Finish the drill if its time ran out; True when it is over."""
        if not self.finished and self.limit.seconds is not None and self.limit_reached():
            self.finish()
        return self.finished

    def submit(self, text: str) -> Grade:
        self._time_left_or_finish()
        return super().submit(text)

    def skip(self) -> None:
        self._time_left_or_finish()
        super().skip()

    def duration(self) -> float:
        last = self.outcomes[-1].at if self.outcomes else None
        return self.timer.duration(len(self.outcomes), last)

    def _time_left_or_finish(self) -> None:
        if self.phase == "asking" and self.check_time():
            raise TimeUp("time is up: that answer came too late to count")


class Review(Session):
    """A review session over the due skills and bank cards (see
    `quizzer.core.review.due_questions`). Its answers are recorded in mode "review", so the
    store rates the schedules of their skills and card; practice and drills never do.

    `undo()` takes back the latest rating and asks that question again; the answer itself stays
    in the history (and in this session's score).
    """

    mode: Mode = "review"

    def __init__(self, questions: Iterable[Question], **options: Unpack[SessionOptions]) -> None:
        options["settings"] = {**(options.get("settings") or {}), "review": "due"}
        super().__init__(questions, **options)
        self._rated: list[Question] = []
        """Questions whose answers rated a schedule, latest last (what `undo` takes back)."""

    @property
    def can_undo(self) -> bool:
        """Whether a rating of this session can be taken back."""
        return bool(self._rated) and self.hooks.store is not None and not self.finished

    def has_next(self) -> bool:
        """Whether another question will come (the next one is made now if need be)."""
        if not self._pending:
            upcoming = next(self._source, None)
            if upcoming is None:
                return False
            self._pending.append(upcoming)
        return True

    def undo(self) -> Question | None:
        """Take back this session's latest rating: every schedule it changed returns to its
        state before. Its question is asked again next (after the one being asked, if any).
        The question, or None when there is nothing to undo."""
        store = self.hooks.store
        if store is None or not self._rated or self.finished:
            return None
        if store.undo_last_rating(self.session_id) is None:
            self._rated.clear()
            return None
        question = self._rated.pop()
        self._pending.appendleft(question)
        return question

    def _record(self, question: Question, result: Grade | None) -> None:
        super()._record(question, result)
        if question.skills or (question.bank is not None and question.card is not None):
            self._rated.append(question)
