"""The question's picture: neurons and connections, a filter block, or the layer stack
(drawn by `quizzer.tui.pictures` to fit the widget's width)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from quizzer.core.questions import Question
from quizzer.tui.pictures import picture_lines


class NetworkPicture(Static):
    """Draws `question` to fit its width; redrawn when the question or the size changes."""

    question: reactive[Question | None] = reactive(None, layout=True)
    """The question whose model is drawn (None draws nothing)."""

    def render(self) -> Content:
        if self.question is None:
            return Content("")
        width = self.content_size.width or 30
        pane = self.parent
        height = pane.content_size.height if isinstance(pane, Widget) else 0
        return Content("\n".join(picture_lines(self.question, width, height)))
