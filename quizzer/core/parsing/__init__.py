"""The code reader: Keras and PyTorch model code -> a quizzer `Model`, parsed with `ast` and
never executed.

`parse_model(text)` reads `keras.Sequential([...])` (modern or Keras 2 style, or built with
`model.add`), the Keras functional form, `nn.Sequential(...)` and `nn.Module` classes: every
form quizzer renders reads back to the same counts. Anything outside that subset is a
`ParseError` whose message starts with the line, e.g. `line 3: unknown layer 'Dense2D'`.
"""

from __future__ import annotations

import ast

from quizzer.core.errors import ParseError
from quizzer.core.layers.base import framework_title
from quizzer.core.model import Framework
from quizzer.core.parsing.names import Names
from quizzer.core.parsing.program import ParsedModel, first_line, learn_imports
from quizzer.core.parsing.source import MAX_BYTES, MAX_LAYERS, check_text, decode, parse_tree


def parse_model(
    source: str | bytes, framework: Framework | None = None, var: str | None = None
) -> ParsedModel:
    """Read the model the code defines (the one named `var`, else the only one, else `model`).

    The framework is detected unless given. Raises ParseError (a QuizzerError) for anything
    quizzer cannot read, with the line at fault; shapes are checked too, so an impossible model
    is a ParseError at the line of the layer that fails. When a given framework cannot read
    code that clearly belongs to the other one, the error says so instead.
    """
    text = decode(source) if isinstance(source, bytes) else check_text(source)
    tree = parse_tree(text)
    names = learn_imports(tree)
    if framework is None:
        from quizzer.core.parsing.detection import detect_framework

        return _read(tree, names, text, detect_framework(tree, names), var)
    try:
        return _read(tree, names, text, framework, var)
    except ParseError as error:
        from quizzer.core.parsing.detection import looks_like

        other = looks_like(tree, names)
        if other is None or other == framework:
            raise
        line = error.line if error.line is not None else first_line(tree)
        raise ParseError(f"this looks like {framework_title(other)} code, not "
                         f"{framework_title(framework)} code", line) from None


def _read(tree: ast.Module, names: Names, text: str, framework: Framework,
          var: str | None) -> ParsedModel:
    if framework == "keras":
        from quizzer.core.parsing.keras import read_keras

        return read_keras(tree, names, var)
    from quizzer.core.parsing.pytorch import read_pytorch

    return read_pytorch(tree, names, text, var)


def detect(source: str | bytes) -> Framework:
    """The framework the code is written for (a ParseError when it cannot tell)."""
    from quizzer.core.parsing.detection import detect_framework

    text = decode(source) if isinstance(source, bytes) else check_text(source)
    tree: ast.Module = parse_tree(text)
    return detect_framework(tree, learn_imports(tree))


__all__ = ["MAX_BYTES", "MAX_LAYERS", "ParsedModel", "detect", "parse_model"]
