"""The drill timer: a timed drill ends after 1, 2 or 5 minutes, or after 10 or 20 questions.

`DrillLimit` is the setting the learner chooses; `DrillTimer` reads an injectable clock and says
how much is left. A time limit counts wall time from the drill's start (a drill does not pause
for feedback); a question limit counts the questions answered or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.clock import Clock

DRILL_MINUTES = (1, 2, 5)
"""Time limits offered, in minutes."""
DRILL_QUESTIONS = (10, 20)
"""Question limits offered."""


@dataclass(frozen=True)
class DrillLimit:
    """Either a number of minutes or a number of questions (exactly one is set)."""

    minutes: int | None = None
    questions: int | None = None

    def __post_init__(self) -> None:
        if (self.minutes is None) == (self.questions is None):
            raise ValueError("a drill has either a time limit or a question limit")
        value = self.minutes if self.minutes is not None else self.questions
        if value is None or value <= 0:
            raise ValueError("a drill limit must be positive")

    @property
    def seconds(self) -> float | None:
        """The time limit in seconds, or None for a question limit."""
        return None if self.minutes is None else self.minutes * 60.0

    @property
    def label(self) -> str:
        """`1 minute`, `5 minutes`, `10 questions`."""
        if self.minutes is not None:
            return f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        return f"{self.questions} question{'s' if self.questions != 1 else ''}"


DRILL_LIMITS: tuple[DrillLimit, ...] = tuple(
    [DrillLimit(minutes=m) for m in DRILL_MINUTES]
    + [DrillLimit(questions=q) for q in DRILL_QUESTIONS]
)
"""Every drill length offered, in menu order."""


class DrillTimer:
    """Time and questions left in a drill, read from `clock`."""

    def __init__(self, limit: DrillLimit, clock: Clock) -> None:
        self.limit = limit
        self.clock = clock
        self.started_at = clock()

    def elapsed(self) -> float:
        """Seconds since the drill started."""
        return max(0.0, self.clock() - self.started_at)

    def time_left(self) -> float | None:
        """Seconds left (never negative), or None for a question limit."""
        seconds = self.limit.seconds
        return None if seconds is None else max(0.0, seconds - self.elapsed())

    def questions_left(self, done: int) -> int | None:
        """Questions left after `done` answered or skipped, or None for a time limit."""
        total = self.limit.questions
        return None if total is None else max(0, total - done)

    def fraction_left(self, done: int) -> float:
        """From 1.0 at the start to 0.0 at the end: what the countdown bar shows."""
        seconds = self.limit.seconds
        if seconds is not None:
            left = self.time_left()
            return 0.0 if left is None else left / seconds
        total = self.limit.questions or 1
        return max(0, total - done) / total

    def expired(self, done: int) -> bool:
        """True once the time is up or `done` reaches the question limit."""
        if self.limit.seconds is not None:
            return self.elapsed() >= self.limit.seconds
        return done >= (self.limit.questions or 0)

    def duration(self, done: int, last_event: float | None = None) -> float:
        """The drill's length for the summary: the time limit once expired, else the time to
        `last_event` (a clock reading) or to now."""
        seconds = self.limit.seconds
        if seconds is not None and self.expired(done):
            return seconds
        end = self.clock() if last_event is None else last_event
        return max(0.0, end - self.started_at)
