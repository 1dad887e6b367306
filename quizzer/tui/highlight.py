"""Syntax highlighting of the model code: one small regular expression, no lexer library.

The styles are those of Textual's default highlight theme (theme variables, so light and dark
themes both work). Textual's own `highlight` loads Pygments and builds its Python lexer on
first use (about 25 ms of start-up), and the standard library's `tokenize` compiles a large
pattern on first use (about 5 ms); the code quizzer shows is plain generated Python (names,
numbers, strings, comments, operators), which this pattern reads in well under a millisecond.
"""

from __future__ import annotations

import keyword
import re

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
BUILTINS = frozenset({"super", "print", "len", "range", "int", "float", "str", "tuple", "list"})

TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)
      | (?P<number>\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?\b)
      | (?P<name>[A-Za-z_]\w*)
      | (?P<op>[-+*/%=<>!&|^~@]+)
      | (?P<dot>\.)""",
    re.VERBOSE,
)


def _name_style(text: str, previous: str) -> str:
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


STYLES = {"comment": COMMENT, "string": STRING, "number": NUMBER, "op": OPERATOR}


def highlight_python(code: str) -> Content:
    """`code` as Content with highlighting spans."""
    code = "\n".join(code.splitlines())
    spans: list[Span] = []
    previous = ""
    for match in TOKEN.finditer(code):
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "name":
            spans.append(Span(match.start(), match.end(), _name_style(text, previous)))
        elif kind in STYLES:
            spans.append(Span(match.start(), match.end(), STYLES[kind]))
        previous = text
    return Content(code, spans=spans).stylize_before("$text")
