"""The store plugged into sessions: `progress_hooks(store)` gives the `Hooks` a session needs to
record every answer, keep drill results, and show the personal best on a drill's summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.core.records import AnswerRecord
    from quizzer.core.sessions import Hooks, Summary
    from quizzer.core.store.store import Store


def best_line(store: Store, summary: Summary) -> str | None:
    """`New personal best: 9 correct (previous 7, 02 Mar 2025)`, `Personal best: 9 correct
    (02 Mar 2025)`, or a first-drill line, for the summary's drill settings; None for practice."""
    if summary.mode != "drill":
        return None
    previous = store.personal_best(summary.settings, excluding_session=summary.session_id)
    if previous is None:
        return "Personal best: this is your first drill with these settings"
    when = datetime.fromtimestamp(previous.timestamp).strftime("%d %b %Y")
    if summary.score > previous.score:
        return f"New personal best: {summary.score} correct (previous {previous.score}, {when})"
    return f"Personal best: {previous.score} correct ({when})"


def warn_on_stderr(message: str) -> None:
    """Print a one-line warning (to the current `sys.stderr`: the TUI shows what it catches)."""
    print(message, file=sys.stderr, flush=True)


def progress_hooks(store: Store, wall: Callable[[], float] = time.time,
                   warn: Callable[[str], None] = warn_on_stderr) -> Hooks:
    """Hooks for sessions: `on_record` commits each answer at once (review answers also update
    the schedules), `on_finish` keeps a finished drill's result, `personal_best` gives the
    summary's personal-best line; `store` and its opening `notices` go along. A write that
    fails (disk full, say) is reported with `warn` in one line and the session goes on."""
    from quizzer.core.sessions import Hooks
    from quizzer.core.store.store import StoreError

    def on_record(record: AnswerRecord) -> None:
        try:
            store.record(record)
        except StoreError as error:
            warn(f"quizzer: this answer was not saved: {error}")

    def on_finish(summary: Summary) -> None:
        if summary.mode == "drill" and summary.attempts:
            try:
                store.record_drill(
                    summary.settings, summary.score, summary.accuracy or 0.0,
                    summary.questions_per_minute, questions=summary.attempts,
                    median_seconds=summary.median_seconds, session_id=summary.session_id,
                    timestamp=wall(),
                )
            except StoreError as error:
                warn(f"quizzer: this drill's result was not saved: {error}")

    def personal_best(summary: Summary) -> str | None:
        try:
            return best_line(store, summary)
        except StoreError as error:
            warn(f"quizzer: could not read the personal best: {error}")
            return None

    return Hooks(
        on_record=on_record, on_finish=on_finish, personal_best=personal_best,
        store=store, notices=tuple(store.notices),
    )
