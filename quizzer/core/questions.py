"""A question as every part of quizzer sees it: generator, banks, grading, sessions, store.

Questions round-trip to plain dicts (`to_dict`) for JSON Lines output and the history store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from quizzer.core.model import Framework, Model, Shape, format_shape

if TYPE_CHECKING:
    from quizzer.core.counting import ModelReport

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
    """The code shown: runnable, defining `model` (and `other_model` for a comparison), except
    that a solve question writes its unknown as `h` (see `runnable_code`); empty for text."""
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
    """Kind-specific data: `counts` (model's counts, as in `to_dict`), `measure` (trainable
    questions: trainable, non_trainable or buffers), `unknown` (solve: layer_index and field),
    `changed_layer` and `change` (compare)."""
    runnable_code: str = ""
    """The code with every placeholder filled in, when `code` has one (solve questions)."""

    @property
    def runnable(self) -> str:
        """Code that runs as is: `runnable_code` when set, else `code`."""
        return self.runnable_code or self.code

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines record: the counts and buffers always describe `model`; `code` is
        runnable, and `shown_code` (solve questions) is what the learner sees."""
        counts = self.extra.get("counts") or _counts(self)
        data: dict[str, Any] = {
            "id": self.id,
            "framework": self.framework,
            "kind": self.kind,
            "difficulty": self.difficulty,
            "family": self.family,
            "prompt": self.prompt,
            "code": self.runnable,
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "total_params": counts.get("total_params"),
            "trainable_params": counts.get("trainable_params"),
            "non_trainable_params": counts.get("non_trainable_params"),
            "buffers": counts.get("buffers"),
            "skills": list(self.skills),
            "solution": self.solution,
        }
        if self.runnable_code and self.runnable_code != self.code:
            data["shown_code"] = self.code
        if self.bank is not None:
            data["bank"], data["card"] = self.bank, self.card
        return data


def _counts(question: Question) -> dict[str, int | None]:
    if question.model is None:
        return {}
    from quizzer.core.counting import analyze

    return report_counts(analyze(question.model, question.framework))


def report_counts(report: ModelReport) -> dict[str, int | None]:
    """The counts `to_dict` reports for an analysed model: total, trainable, non-trainable,
    and buffers (PyTorch only: Keras has none)."""
    return {
        "total_params": report.total,
        "trainable_params": report.trainable,
        "non_trainable_params": report.non_trainable,
        "buffers": report.buffers if report.framework == "pytorch" else None,
    }
