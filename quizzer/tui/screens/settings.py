"""Settings: framework, difficulty, family and theme, for the sessions started from home.

Saved at once in `settings.json` in the data dir. `quizzer practice` and `quizzer drill`
options override them for the session they start.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import RadioButton, RadioSet, Static

from quizzer.core.generator import FAMILIES
from quizzer.tui.preferences import THEMES
from quizzer.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

CHOICES: dict[str, tuple[str, ...]] = {
    "framework": ("keras", "pytorch"),
    "difficulty": ("1", "2", "3", "4", "5"),
    "family": FAMILIES,
    "theme": tuple(THEMES),
}
LABELS = {"keras": "Keras", "pytorch": "PyTorch"}


class SettingsScreen(Screen[None]):
    """Four choices; arrows and Enter (or a click) choose, Tab moves on, Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        prefs = self.quizzer.preferences
        current = {"framework": prefs.framework, "difficulty": str(prefs.difficulty),
                   "family": prefs.family, "theme": prefs.theme}
        yield Static("Settings", id="title")
        with Horizontal(id="settings-grid"):
            for name, values in CHOICES.items():
                radio = RadioSet(
                    *(RadioButton(LABELS.get(v, v), value=v == current[name]) for v in values),
                    id=name,
                )
                radio.border_title = name.capitalize()
                yield radio
        yield Static(
            "Used by Practice, Timed drill and Review from the home screen. "
            "`quizzer practice` and `quizzer drill` options override them for one session.",
            classes="about",
        )
        yield KeyBar()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        name = event.radio_set.id
        if name not in CHOICES:
            return
        value = CHOICES[name][event.index]
        prefs = self.quizzer.preferences
        if name == "difficulty":
            prefs = replace(prefs, difficulty=int(value))
        elif name == "framework":
            prefs = replace(prefs, framework=value)
        elif name == "family":
            prefs = replace(prefs, family=value)
        else:
            prefs = replace(prefs, theme=value)
        self.quizzer.set_preferences(prefs)
