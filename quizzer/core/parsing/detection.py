"""Telling Keras code from PyTorch code: import lines, module prefixes and class names."""

from __future__ import annotations

import ast

from quizzer.core.errors import ParseError
from quizzer.core.model import Framework
from quizzer.core.parsing.keras_layers import KERAS_LAYERS
from quizzer.core.parsing.names import Names, split
from quizzer.core.parsing.program import first_line
from quizzer.core.parsing.pytorch_modules import TORCH_MODULES

TORCH_ONLY = frozenset(TORCH_MODULES) - frozenset(KERAS_LAYERS) | {"Module"}
KERAS_ONLY = frozenset(KERAS_LAYERS) - frozenset(TORCH_MODULES) | {"Input", "InputLayer"}
_KERAS_ROOTS = frozenset({"keras", "tensorflow", "tf_keras"})


def detect_framework(tree: ast.Module, names: Names) -> Framework:
    """"keras" or "pytorch", by the weight of the evidence; a ParseError when unclear."""
    torch, keras = evidence(tree, names)
    if torch > keras:
        return "pytorch"
    if keras > torch:
        return "keras"
    if torch == 0:
        return "keras"  # no evidence either way: the Keras reader names what it cannot read
    raise ParseError("cannot tell whether this is Keras or PyTorch code: name the framework",
                     first_line(tree))


def looks_like(tree: ast.Module, names: Names) -> Framework | None:
    """The framework the code clearly belongs to (more evidence for it than for the other),
    else None. Unlike `detect_framework`, code without any evidence is neither."""
    torch, keras = evidence(tree, names)
    if torch > keras:
        return "pytorch"
    if keras > torch:
        return "keras"
    return None


def evidence(tree: ast.Module, names: Names) -> tuple[int, int]:
    """(PyTorch, Keras) weights: import lines, module prefixes, framework-only class names."""
    torch = keras = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]
            for module in modules:
                root = module.split(".")[0]
                torch += root == "torch"
                keras += root in _KERAS_ROOTS
        elif isinstance(node, ast.Call | ast.ClassDef):
            callees = [node.func] if isinstance(node, ast.Call) else list(node.bases)
            for callee in callees:
                full = names.resolve(callee)
                if full is None:
                    continue
                words, last = split(full)
                torch += 2 * (words[:1] == ("torch",)) + 3 * (last in TORCH_ONLY)
                keras += 2 * (bool(words) and words[0] in _KERAS_ROOTS) + 3 * (
                    last in KERAS_ONLY)
    return torch, keras
