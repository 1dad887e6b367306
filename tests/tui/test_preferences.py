"""Settings are kept in the data dir; a missing, broken or odd file gives the defaults."""

from __future__ import annotations

from pathlib import Path

from quizzer.tui import preferences
from quizzer.tui.preferences import Preferences


def test_saved_and_loaded_from_the_data_dir(quizzer_home: Path) -> None:
    assert preferences.load() == Preferences()
    chosen = Preferences(framework="pytorch", difficulty=4, family="rnn", theme="light")
    preferences.save(chosen)
    assert (quizzer_home / "settings.json").is_file()
    assert preferences.load() == chosen


def test_a_broken_file_gives_the_defaults(quizzer_home: Path) -> None:
    path = quizzer_home / "settings.json"
    for text in ("{not json", "[1, 2]", "\x00\xff", ""):
        path.write_text(text, encoding="latin-1")
        assert preferences.load() == Preferences()


def test_unknown_or_wrongly_typed_values_keep_their_defaults(quizzer_home: Path) -> None:
    (quizzer_home / "settings.json").write_text(
        '{"framework": "jax", "difficulty": 9, "family": "gan", "theme": 3, "extra": 1}',
        encoding="utf-8",
    )
    assert preferences.load() == Preferences()
    (quizzer_home / "settings.json").write_text(
        '{"difficulty": true, "family": "cnn"}', encoding="utf-8"
    )
    assert preferences.load() == Preferences(family="cnn")
