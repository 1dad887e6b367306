"""The Review screen: spaced review of due skills and cards (the progress issue fills it in)."""

from __future__ import annotations

from quizzer.tui.screens.placeholder import ComingSoon


class ReviewScreen(ComingSoon):
    def __init__(self) -> None:
        super().__init__("Review", "Due skills and bank cards, scheduled with FSRS.")
