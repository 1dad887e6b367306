"""The module level of a code file: import lines, constants, and the statements a framework
reader understands; anything else is a ParseError naming the line and the construct."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from quizzer.core.counting import ModelReport
from quizzer.core.errors import ParseError
from quizzer.core.model import Framework, Model
from quizzer.core.parsing.names import Names
from quizzer.core.parsing.source import MAX_LAYERS
from quizzer.core.parsing.values import Value, line_of, literal, not_model_code


@dataclass(frozen=True)
class ParsedModel:
    """A model read from code: its framework, the model, and each layer's source line."""

    framework: Framework
    model: Model
    lines: tuple[int, ...]
    """The 1-based source line of each layer, in order."""
    report: ModelReport = field(compare=False, repr=False)
    """The model analysed under `framework` (parsing already checked every shape)."""
    name: str = "model"
    """The variable the code assigns the model to ("" for a bare expression)."""
    input_stated: bool = True
    """False when a PyTorch input shape was inferred (its unknown axes are None)."""


class Reader(Protocol):
    """A framework's reader of module-level statements."""

    def statement(self, statement: ast.stmt) -> bool:
        """Read the statement if it is one of the framework's; False to leave it."""
        ...


def learn_imports(tree: ast.Module) -> Names:
    names = Names()
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names.learn(statement)
    return names


def read_program(tree: ast.Module, reader: Reader, env: dict[str, Value]) -> None:
    """Feed each top-level statement to the reader; constants go into `env`."""
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom | ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and (
            isinstance(statement.value.value, str)
        ):
            continue
        if reader.statement(statement):
            continue
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            env[statement.targets[0].id] = literal(statement.value, env)
            continue
        raise not_model_code(statement)


T = TypeVar("T")


def select(models: Mapping[str, T], lines: Mapping[str, int], var: str | None,
           tree: ast.Module) -> tuple[str, T]:
    """The model to read: `var` if given, else the only one, else the one named `model`."""
    if var is not None:
        if var not in models:
            found = ", ".join(sorted(k for k in models if k)) or "none"
            raise ParseError(f"no model named '{var}' (found: {found})", first_line(tree))
        return var, models[var]
    if not models:
        raise ParseError(
            "no model found: expected keras.Sequential([...]), keras.Model(inputs, outputs), "
            "nn.Sequential(...) or an nn.Module class",
            first_line(tree),
        )
    if len(models) == 1:
        name = next(iter(models))
        return name, models[name]
    if "model" in models:
        return "model", models["model"]
    names = sorted(models, key=lambda k: lines[k])
    raise ParseError(
        f"several models ({', '.join(n or '(unnamed)' for n in names)}); name one `model`",
        lines[names[1]],
    )


def first_line(tree: ast.Module) -> int:
    return line_of(tree.body[0]) if tree.body else 1


def check_count(count: int, line: int) -> None:
    if count > MAX_LAYERS:
        raise ParseError(f"more than {MAX_LAYERS:,} layers", line)
