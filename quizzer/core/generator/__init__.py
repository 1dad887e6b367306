"""The seeded question generator: endless, deterministic questions about generated models.

`generate(seed, options)` yields questions; `question_at(seed, position, options)` computes any
one of them directly; `similar(question, seed)` makes a fresh question on the same skills.
"""

from quizzer.core.generator.options import (
    DIFFICULTIES,
    FAMILIES,
    GENERATED_KINDS,
    GeneratorOptions,
)
from quizzer.core.generator.sequence import generate, question_at, question_id, similar

__all__ = [
    "DIFFICULTIES", "FAMILIES", "GENERATED_KINDS", "GeneratorOptions", "generate",
    "question_at", "question_id", "similar",
]
