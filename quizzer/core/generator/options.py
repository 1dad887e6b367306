"""What to generate: framework, difficulty, family and kind, with their allowed values."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.errors import QuizzerError
from quizzer.core.model import FRAMEWORKS, Framework
from quizzer.core.questions import QuestionKind

FAMILIES = ("mlp", "cnn", "rnn", "norm", "attention", "mixed")
"""Architecture families; `mixed` draws from all of them (and hybrids at difficulty 5)."""
DIFFICULTIES = (1, 2, 3, 4, 5)
GENERATED_KINDS: tuple[QuestionKind, ...] = (
    "total", "layer", "trainable", "output_shape", "solve", "compare",
)
"""The kinds the generator makes (`text` questions come only from banks)."""


@dataclass(frozen=True)
class GeneratorOptions:
    """What to generate; the same seed and options always give the same questions."""

    framework: Framework = "keras"
    difficulty: int = 1
    family: str = "mixed"
    kind: QuestionKind | None = None
    """None: any kind, chosen per question."""

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise QuizzerError(f"unknown framework {self.framework!r}: use keras or pytorch")
        if self.difficulty not in DIFFICULTIES:
            raise QuizzerError(f"difficulty must be 1 to 5, not {self.difficulty!r}")
        if self.family not in FAMILIES:
            raise QuizzerError(
                f"unknown family {self.family!r}: use one of {', '.join(FAMILIES)}"
            )
        if self.kind is not None and self.kind not in GENERATED_KINDS:
            raise QuizzerError(
                f"cannot generate {self.kind!r} questions: use one of "
                f"{', '.join(GENERATED_KINDS)}"
            )

    @property
    def key(self) -> str:
        """A stable text form, used to seed the random generator and to build ids."""
        return f"{self.framework}:{self.difficulty}:{self.family}:{self.kind or 'any'}"
