"""Progress that is never lost: the SQLite history store (answers, drills, review schedules)."""

from quizzer.core.store.hooks import progress_hooks
from quizzer.core.store.rows import DrillResult, drill_settings_key
from quizzer.core.store.store import ReviewEntry, Store, StoreError, UndoneRating

__all__ = ["DrillResult", "ReviewEntry", "Store", "StoreError", "UndoneRating",
           "drill_settings_key", "open_store", "progress_hooks"]


def open_store() -> Store:
    """The user's store at `locations.database_path()` (moves an unusable file aside)."""
    return Store.open()
