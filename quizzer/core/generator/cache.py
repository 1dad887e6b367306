"""Per-model caches: small models repeat often (1,380 distinct in 10,000 difficulty-1
questions), so each is rendered and solved once (`analyze` remembers its own analyses).
Models are frozen, hence hashable.
"""

from __future__ import annotations

from functools import lru_cache

from quizzer.core.counting import analyze
from quizzer.core.model import Framework, Model
from quizzer.core.rendering import render_code
from quizzer.core.solutions import solve

SIZE = 4096


@lru_cache(maxsize=SIZE)
def rendered(model: Model, framework: Framework) -> str:
    """`render_code`, once per model."""
    return render_code(model, framework)


@lru_cache(maxsize=SIZE)
def solution_text(model: Model, framework: Framework) -> str:
    """The worked solution's text, once per model."""
    return solve(analyze(model, framework)).text()
