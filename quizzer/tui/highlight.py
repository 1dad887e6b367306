"""Syntax highlighting of the model code with the standard library's tokenizer.

The styles are those of Textual's default highlight theme (theme variables, so light and dark
themes both work). Textual's own `highlight` loads Pygments and builds its Python lexer on
first use, about 25 ms of start-up; the code shown here is plain Python that `tokenize` reads
in well under a millisecond.
"""

from __future__ import annotations

import builtins
import io
import keyword
import tokenize

from textual.content import Content, Span

KEYWORD = "$text-accent"
NAMESPACE = "$text-error"
CONSTANT = "bold $text-success 80%"
NUMBER = "$text-warning"
STRING = "$text-success 90%"
COMMENT = "$text 60%"
NAME = "$text-primary"
BUILTIN = "$text-accent"
PSEUDO = "italic"
FUNCTION = "$text-warning underline"
CLASS = "$text-warning bold"
OPERATOR = "bold"

CONSTANTS = frozenset({"None", "True", "False"})
NAMESPACES = frozenset({"import", "from", "as"})
BUILTINS = frozenset(dir(builtins))
PUNCTUATION = frozenset("()[]{},:.;")


def _style(token: tokenize.TokenInfo, previous: str) -> str | None:
    kind, text = token.type, token.string
    if kind == tokenize.NAME:
        if text in CONSTANTS:
            return CONSTANT
        if text in NAMESPACES:
            return NAMESPACE
        if keyword.iskeyword(text):
            return KEYWORD
        if previous == "def":
            return FUNCTION
        if previous == "class":
            return CLASS
        if text == "self":
            return PSEUDO
        if text in BUILTINS and previous != ".":
            return BUILTIN
        return NAME
    if kind == tokenize.NUMBER:
        return NUMBER
    if kind == tokenize.STRING:
        return STRING
    if kind == tokenize.COMMENT:
        return COMMENT
    if kind == tokenize.OP and text not in PUNCTUATION:
        return OPERATOR
    return None


def highlight_python(code: str) -> Content:
    """`code` as Content with highlighting spans (plain when it does not tokenize)."""
    code = "\n".join(code.splitlines())
    starts = [0]
    for line in code.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    spans: list[Span] = []
    previous = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            style = _style(token, previous)
            if style:
                (row, col), (end_row, end_col) = token.start, token.end
                spans.append(Span(starts[row - 1] + col, starts[end_row - 1] + end_col, style))
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = token.string
    except (tokenize.TokenError, SyntaxError):
        spans = []
    return Content(code, spans=spans).stylize_before("$text")
