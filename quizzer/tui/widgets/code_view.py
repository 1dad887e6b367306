"""The model's code, syntax-highlighted in the app theme's colours."""

from __future__ import annotations

from textual.highlight import highlight
from textual.widgets import Static


class CodeView(Static):
    """Read-only Python code; `show` replaces it."""

    def show(self, code: str) -> None:
        self.update(highlight(code.rstrip("\n"), language="python"))
