"""How a session starts, shared by the command line and the TUI: what the app shows first
(`Launch`), the seed and its description, and the progress hooks of this process
(`session_hooks`).

Free of Textual (and of the store until `session_hooks` is called), so the command line can use
it before deciding whether to start the TUI.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from quizzer.core.drill import DrillLimit
    from quizzer.core.generator import GeneratorOptions
    from quizzer.core.questions import Question
    from quizzer.core.sessions import Hooks

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


_HOOKS: dict[str, Hooks] = {}
"""The hooks of each database opened by this process (one, except in tests)."""


def session_hooks() -> Hooks:
    """The hooks every session of this process gets: the progress store's (`on_record` commits
    each graded answer at once, `on_finish` and `personal_best` for drills). The store is
    opened once per process; what happened on opening (a damaged database moved aside) is
    printed to stderr here, and the TUI shows it again. Without a usable store: a one-line
    warning, and sessions run without keeping progress."""
    from quizzer.core.locations import database_path

    path = str(database_path())
    if path not in _HOOKS:
        from quizzer.core.sessions import Hooks
        from quizzer.core.store import Store, StoreError, progress_hooks

        try:
            store = Store.open()
        except StoreError as error:
            notice = f"quizzer: your answers will not be saved: {error}"
            print(notice, file=sys.stderr)
            _HOOKS[path] = Hooks(notices=(notice,))
        else:
            for notice in store.notices:
                print(notice, file=sys.stderr)
            _HOOKS[path] = progress_hooks(store)
    return _HOOKS[path]
