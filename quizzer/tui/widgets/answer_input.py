"""The answer box: an Input whose Enter (submit) is shown in the footer.

Enter stays the Input's own binding rather than a priority binding on the screen: keys reach
the Input in order, so a fast `32⏎` (or a paste) is never submitted before its digits.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class AnswerInput(Input):
    """Type the answer; Enter submits (posts `Input.Submitted`)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Submit")]
