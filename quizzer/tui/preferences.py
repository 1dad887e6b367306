"""The Settings screen's choices, kept in `settings.json` in the data dir.

A missing or unreadable file gives the defaults (the same as `quizzer generate`'s), never an
error: settings are a convenience, the history is what must not be lost.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from quizzer.core.locations import data_dir

THEMES = {"dark": "textual-dark", "light": "textual-light"}
"""Theme choice -> Textual theme name."""
FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Preferences:
    """What the home screen's sessions use, and the look."""

    framework: str = "keras"
    difficulty: int = 1
    family: str = "mixed"
    theme: str = "dark"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preferences:
        """Known keys with values of the right type; anything else keeps its default."""
        default = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = data.get(field.name)
            if isinstance(value, type(getattr(default, field.name))) and not isinstance(
                value, bool
            ):
                values[field.name] = value
        prefs = cls(**values)
        if prefs.framework not in ("keras", "pytorch"):
            prefs = cls(**{**asdict(prefs), "framework": default.framework})
        if not 1 <= prefs.difficulty <= 5:
            prefs = cls(**{**asdict(prefs), "difficulty": default.difficulty})
        from quizzer.core.generator import FAMILIES

        if prefs.family not in FAMILIES:
            prefs = cls(**{**asdict(prefs), "family": default.family})
        if prefs.theme not in THEMES:
            prefs = cls(**{**asdict(prefs), "theme": default.theme})
        return prefs


def settings_path() -> Path:
    return data_dir() / FILE_NAME


def load() -> Preferences:
    """The saved preferences, or the defaults."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    return Preferences.from_dict(data) if isinstance(data, dict) else Preferences()


def save(preferences: Preferences) -> None:
    """Write atomically (a temporary file renamed over the old one)."""
    path = settings_path()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(preferences), indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
