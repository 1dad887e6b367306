"""The Stats screen: history, accuracy per skill, streak, personal bests (the progress issue
fills it in)."""

from __future__ import annotations

from quizzer.tui.screens.placeholder import ComingSoon


class StatsScreen(ComingSoon):
    def __init__(self) -> None:
        super().__init__(
            "Stats", "Answers and accuracy per skill, daily activity, streak and personal bests."
        )
