"""A question as every part of quizzer sees it: generator, banks, grading, sessions, store.

Questions round-trip to plain dicts (`to_dict`) for JSON Lines output and the history store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from quizzer.core.model import Framework, Model, Shape, format_shape

QuestionKind = Literal["total", "layer", "trainable", "output_shape", "solve", "compare", "text"]
QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "total", "layer", "trainable", "output_shape", "solve", "compare", "text",
)

Answer = int | Shape | str
"""A count (int), an output shape (batchless tuple), or free text (text cards)."""


def format_answer(answer: Answer) -> str:
    """How an expected answer is shown to the learner: `10,451`, `(None, 13, 13, 32)`."""
    if isinstance(answer, bool):
        return str(answer)
    if isinstance(answer, int):
        return f"{answer:,}"
    if isinstance(answer, tuple):
        return format_shape(answer)
    return answer


@dataclass(frozen=True)
class Question:
    """One question: what is asked, the code shown, the answer and the worked solution."""

    id: str
    """Stable: derived from the seed and position, or the bank and card id."""
    kind: QuestionKind
    framework: Framework
    prompt: str
    code: str
    """Runnable code defining `model` (and `other_model` for a comparison); empty for text."""
    answer: Answer
    solution: str
    """The worked solution as text."""
    skills: tuple[str, ...] = ()
    model: Model | None = None
    other_model: Model | None = None
    layer_index: int | None = None
    """0-based index of the layer asked about (kinds `layer` and `output_shape`)."""
    difficulty: int = 1
    family: str = "mlp"
    bank: str | None = None
    card: str | None = None
    accepted: tuple[str, ...] = ()
    """Further accepted answers (text cards)."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Kind-specific data (e.g. the misconception table the grader uses)."""
