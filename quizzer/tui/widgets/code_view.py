"""The model's code, syntax-highlighted in the app theme's colours (see tui.highlight)."""

from __future__ import annotations

from textual.widgets import Static

from quizzer.tui.highlight import highlight_python


class CodeView(Static):
    """Read-only Python code; `show` replaces it."""

    def show(self, code: str) -> None:
        self.update(highlight_python(code.rstrip("\n")))
