"""How the app starts: on the home screen, or straight into practice or a drill.

Kept free of Textual so the command line can build it before deciding to start the TUI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from quizzer.core.drill import DrillLimit
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.questions import Question

StartMode = Literal["home", "practice", "drill", "review"]


def random_seed() -> int:
    """A fresh seed, small enough to type back into `quizzer practice --seed`."""
    import random

    return random.SystemRandom().randrange(1_000_000)


def describe(options: GeneratorOptions, seed: int) -> str:
    """`seed 42 · Keras · difficulty 1 · mixed`: what a session practises."""
    framework = "Keras" if options.framework == "keras" else "PyTorch"
    return f"seed {seed} · {framework} · difficulty {options.difficulty} · {options.family}"


@dataclass(frozen=True)
class Launch:
    """The first thing the app shows, and with which questions."""

    mode: StartMode = "home"
    options: GeneratorOptions | None = None
    """Generator options; None means the saved Settings."""
    seed: int | None = None
    """The question sequence's seed; None picks a random one (shown on screen)."""
    limit: DrillLimit | None = None
    """A drill's length (mode `drill`); None means one minute. Mode `review` opens the Review
    screen and starts reviewing at once when something is due."""
    source: Iterable[Question] | None = None
    """Questions to serve instead of generated ones (e.g. a question bank)."""
    title: str | None = None
    """What the status line calls the question source, e.g. a bank's title."""
    banks: tuple[str, ...] = ()
    """Bank files and folders given with `--bank`: the Banks screen lists them too."""
