"""Where quizzer keeps its data: `$QUIZZER_HOME`, else the platform's user data dir.

Resolved on each call, never at import time, so tests can point `QUIZZER_HOME` anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "QUIZZER_HOME"


def data_dir() -> Path:
    """The data dir (created on first use)."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("quizzer", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    """The history and schedule database."""
    return data_dir() / "quizzer.db"


def user_banks_dir() -> Path:
    """The folder of the user's own question banks."""
    return data_dir() / "banks"
