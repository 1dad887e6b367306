"""The Banks screen: every question bank with its card count and errors (the banks issue fills
it in)."""

from __future__ import annotations

from quizzer.tui.screens.placeholder import ComingSoon


class BanksScreen(ComingSoon):
    def __init__(self) -> None:
        super().__init__("Banks", "Question banks in YAML: practise or drill from one.")
