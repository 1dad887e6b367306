"""The Textual app: home, practice, timed drills, summaries and settings.

`create_app` builds it (tests inject a clock, seeds and preferences); `run_app` runs it. The
session logic lives in `quizzer.core.sessions`; the screens only show it and take keys.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Print
from textual.screen import Screen

from quizzer.core.clock import Clock, monotonic
from quizzer.core.drill import DrillLimit
from quizzer.core.generator import GeneratorOptions, generate
from quizzer.core.model import Framework
from quizzer.core.questions import Question
from quizzer.core.sessions import Drill, Hooks, Session, Settings, options_settings
from quizzer.launching import Launch, describe, random_seed
from quizzer.tui import preferences as saved
from quizzer.tui.preferences import THEMES, Preferences
from quizzer.tui.screens.question import QuestionScreen


class QuizzerApp(App[int]):
    """The trainer. Quit with ctrl+q or F10 at any time (or Esc, then q); nothing is asked."""

    CSS_PATH = "quizzer.tcss"
    TITLE = "quizzer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f10", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        launch: Launch | None = None,
        hooks: Hooks | None = None,
        *,
        clock: Clock = monotonic,
        wall: Callable[[], float] = time.time,
        preferences: Preferences | None = None,
        seeds: Callable[[], int] = random_seed,
        save_preferences: bool = True,
    ) -> None:
        super().__init__()
        self.launch = launch or Launch()
        self.hooks = hooks or Hooks()
        self.clock = clock
        self.wall = wall
        self.preferences = preferences if preferences is not None else saved.load()
        self.seeds = seeds
        self.save_preferences = save_preferences
        self.feedback_latency: float | None = None
        """Seconds from the last submit to its feedback painted on screen."""
        self._launched = False
        self.theme = THEMES[self.preferences.theme]

    def get_default_screen(self) -> Screen[None]:
        """Home; or, when launched straight into practice or a drill, an empty base (home is
        built only when it is first wanted, which keeps start-up fast)."""
        if self.launch.mode != "home":
            return Screen()
        from quizzer.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_ready(self) -> None:
        """The first screen is painted. What exists now (Textual, the engine, the screens)
        lives as long as the app: `gc.freeze` keeps the garbage collector from walking it
        again, which took ~25 ms per full collection and could delay feedback that long.
        `settle` also ends the start-up's held collector (see `quizzer.startup`)."""
        from quizzer.startup import settle

        settle()

    def on_unmount(self) -> None:
        gc.unfreeze()

    def on_mount(self) -> None:
        for notice in self.hooks.notices:
            self.notify(notice, severity="warning", timeout=30, markup=False)
        self.begin_capture_print(self, stdout=False, stderr=True)
        if self.launch.mode == "practice":
            self.start_practice()
        elif self.launch.mode == "drill":
            self.start_drill(self.launch.limit or DrillLimit(minutes=1))
        elif self.launch.mode == "review":
            self.open("review")

    def on_print(self, event: Print) -> None:
        """What is written to stderr while the TUI runs (e.g. an answer that could not be
        saved) would be lost behind the screen: it is shown as a notification instead."""
        if event.stderr and event.text.strip():
            self.notify(event.text.strip(), severity="warning", timeout=15, markup=False)

    def go_home(self) -> None:
        """Back to the home screen: the one underneath, or a new one in place of this."""
        from quizzer.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack[:-1]):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    # -- starting sessions -----------------------------------------------------------------

    def questions(self) -> tuple[Iterable[Question], Settings, int, str]:
        """The next session's questions, their settings (for personal bests), seed and
        description: the launch's the first time, then from Settings."""
        launch, first = self.launch, not self._launched
        self._launched = True
        if first and launch.mode != "home":
            options = launch.options or self.preference_options()
            seed = launch.seed if launch.seed is not None else self.seeds()
            if launch.source is not None:
                title = launch.title or "your questions"
                return launch.source, {"source": title}, seed, title
        else:
            options, seed = self.preference_options(), self.seeds()
        return generate(seed, options), options_settings(options), seed, describe(options, seed)

    def preference_options(self) -> GeneratorOptions:
        prefs = self.preferences
        framework: Framework = "pytorch" if prefs.framework == "pytorch" else "keras"
        return GeneratorOptions(framework=framework, difficulty=prefs.difficulty,
                                family=prefs.family)

    def practice(self) -> tuple[Session, str]:
        """A new practice session and its description."""
        questions, settings, seed, description = self.questions()
        session = Session(questions, clock=self.clock, wall=self.wall, hooks=self.hooks,
                          seed=seed, settings=settings)
        return session, description

    def drill(self, limit: DrillLimit) -> tuple[Session, str]:
        """A new drill and its description."""
        questions, settings, seed, description = self.questions()
        drill = Drill(questions, limit, clock=self.clock, wall=self.wall, hooks=self.hooks,
                      seed=seed, settings=settings)
        return drill, f"{limit.label} · {description}"

    def start_practice(self) -> None:
        self.start_session(*self.practice())

    def start_drill(self, limit: DrillLimit, replace: bool = False) -> None:
        self.start_session(*self.drill(limit), replace=replace)

    def start_session(self, session: Session, description: str, replace: bool = False) -> None:
        """Show the session's questions (replacing the current screen, or on top of it)."""
        screen = QuestionScreen(session, description)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_summary(self, session: Session, description: str) -> None:
        from quizzer.tui.screens.drill_summary import SummaryScreen

        self.switch_screen(SummaryScreen(session, description))

    # -- home menu and settings ------------------------------------------------------------

    def open(self, choice: str) -> None:
        """Open a home-screen choice."""
        if choice == "practice":
            self.start_practice()
            return
        screen: Screen[None]
        if choice == "drill":
            from quizzer.tui.screens.drill_setup import DrillSetupScreen

            screen = DrillSetupScreen()
        elif choice == "settings":
            from quizzer.tui.screens.settings import SettingsScreen

            screen = SettingsScreen()
        elif choice == "review":
            from quizzer.tui.screens.review import ReviewScreen

            first = self.launch.mode == "review" and not self._launched
            self._launched = True
            options = (self.launch.options if first else None) or self.preference_options()
            seed = self.launch.seed if first and self.launch.seed is not None else None
            screen = ReviewScreen(options, seed, start=first)
        elif choice == "stats":
            from quizzer.tui.screens.stats import StatsScreen

            screen = StatsScreen()
        else:
            from quizzer.tui.screens.banks import BanksScreen

            screen = BanksScreen(self.launch.banks)
        self.push_screen(screen)

    def set_preferences(self, preferences: Preferences) -> None:
        """Apply (the theme at once) and save."""
        self.preferences = preferences
        self.theme = THEMES[preferences.theme]
        if self.save_preferences:
            saved.save(preferences)


create_app = QuizzerApp
"""The app factory: tests and scripts inject a clock, seeds and preferences as keywords."""


def run_app(launch: Launch, hooks: Hooks) -> int:
    """Run the TUI until the learner quits; the exit status."""
    app = QuizzerApp(launch, hooks)
    result = app.run()
    return result if isinstance(result, int) else 0
