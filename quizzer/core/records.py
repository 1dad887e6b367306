"""What is kept of every graded answer: written to the store the moment it is graded."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Mode = Literal["practice", "drill", "review"]


@dataclass(frozen=True)
class AnswerRecord:
    """One graded answer, as the history store keeps it."""

    question_id: str
    kind: str
    framework: str
    skills: tuple[str, ...]
    given: str
    correct: bool
    diagnosis: tuple[str, ...]
    thinking_seconds: float
    """From the question appearing to the submit; time spent reading feedback is not counted."""
    hints_used: int
    mode: Mode
    session_id: str
    timestamp: float
    """Unix time of grading."""
    bank: str | None = None
    card: str | None = None
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skills"] = list(self.skills)
        data["diagnosis"] = list(self.diagnosis)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnswerRecord:
        return cls(
            **{**data, "skills": tuple(data["skills"]), "diagnosis": tuple(data["diagnosis"])}
        )
