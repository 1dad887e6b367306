"""A layer call's arguments bound to their names (positional or keyword) and read as checked
values: positive sizes, flags, choices. Every problem is a ParseError naming the line."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from quizzer.core.errors import ParseError
from quizzer.core.parsing.values import (
    MAX_DEPTH,
    Value,
    dotted,
    line_of,
    literal,
    not_model_code,
    show,
)

INERT_ROOTS = frozenset({
    "keras", "tf", "tensorflow", "torch", "nn", "layers", "initializers", "regularizers",
    "constraints", "activations",
})
"""Calls allowed (never run) in arguments that do not change counts, e.g. initializers."""


@dataclass(frozen=True)
class Signature:
    """The arguments a layer takes: positional order, keyword-only ones, ignored ones."""

    positional: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()
    """Accepted but irrelevant to counts and shapes (initializers, names, dtypes...)."""


def same(a: Value, b: Value) -> bool:
    """Equality that keeps True apart from 1."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


class Args:
    """The bound arguments of one call, with typed readers."""

    def __init__(
        self, title: str, call: ast.Call, signature: Signature, env: Mapping[str, Value]
    ) -> None:
        self.title = title
        self.call = call
        self.env = env
        self.nodes: dict[str, ast.expr] = {}
        accepted = signature.positional + signature.keywords
        if len(call.args) > len(signature.positional):
            raise self.error(
                f"takes at most {len(signature.positional)} positional arguments, "
                f"got {len(call.args)}"
            )
        for name, node in zip(signature.positional, call.args, strict=False):
            if isinstance(node, ast.Starred):
                raise not_model_code(node)
            self.nodes[name] = node
        for keyword in call.keywords:
            if keyword.arg is None:
                raise ParseError("**keyword unpacking is not model code", line_of(keyword.value))
            name = keyword.arg
            if name in self.nodes:
                raise self.error(f"{name} is given twice", keyword.value)
            if name not in accepted and name not in signature.ignored:
                known = [*accepted, *sorted(signature.ignored)]
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise self.error(f"unknown argument '{name}'{hint}", keyword.value)
            self.nodes[name] = keyword.value
        for name, node in self.nodes.items():
            if name in signature.ignored:
                check_inert(node)

    @property
    def line(self) -> int:
        return line_of(self.call)

    def error(self, message: str, at: ast.AST | str | None = None) -> ParseError:
        """`Dense: message` at the line of the argument (or of the call)."""
        if isinstance(at, str):
            node: ast.AST = self.nodes.get(at, self.call)
        else:
            node = at if at is not None else self.call
        return ParseError(f"{self.title}: {message}", line_of(node))

    def has(self, name: str) -> bool:
        return name in self.nodes

    def value(self, name: str, default: Value = None) -> Value:
        node = self.nodes.get(name)
        return default if node is None else literal(node, self.env)

    def required(self, name: str) -> Value:
        if name not in self.nodes:
            raise self.error(f"needs {name}")
        return self.value(name)

    def size(self, name: str, default: int | None = None) -> int:
        """A positive whole number (not a bool, not 2.5, not 0)."""
        value = self.required(name) if default is None else self.value(name, default)
        return self.positive(name, value)

    def positive(self, name: str, value: Value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(f"{name} must be a positive whole number, got {show(value)}", name)
        return value

    def whole(self, name: str, default: int = 0) -> int:
        """A whole number >= 0 (paddings)."""
        value = self.value(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(f"{name} must be a whole number >= 0, got {show(value)}", name)
        return value

    def sizes(self, name: str, rank: int, default: int | None = None) -> tuple[int, ...]:
        """A positive size per axis: one number for all axes, or a tuple of `rank` numbers."""
        value = self.required(name) if default is None else self.value(name, default)
        return self.per_axis(name, value, rank)

    def per_axis(self, name: str, value: Value, rank: int) -> tuple[int, ...]:
        if isinstance(value, tuple):
            if len(value) != rank:
                raise self.error(
                    f"{name} needs {rank} value{'s' if rank > 1 else ''}, got {show(value)}", name
                )
            return tuple(self.positive(name, v) for v in value)
        return (self.positive(name, value),) * rank

    def shape(self, name: str) -> tuple[int | None, ...]:
        """An input shape: a tuple of positive sizes or None (unknown)."""
        value = self.value(name)
        if not isinstance(value, tuple) or not value:
            raise self.error(f"{name} must be a tuple of sizes, got {show(value)}", name)
        for dim in value:
            if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
                raise self.error(
                    f"{name} sizes must be positive whole numbers or None, got {show(value)}", name
                )
        return tuple(d if isinstance(d, int) else None for d in value)

    def flag(self, name: str, default: bool) -> bool:
        value = self.value(name, default)
        if not isinstance(value, bool):
            raise self.error(f"{name} must be True or False, got {show(value)}", name)
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.value(name, default)
        if isinstance(value, str) and value.lower() in options:
            return value.lower()
        wanted = ", ".join(repr(o) for o in options)
        raise self.error(f"{name} must be one of {wanted}, got {show(value)}", name)

    def rate(self, name: str, default: float | None = None) -> float:
        """A probability such as a dropout rate, 0 <= rate <= 1."""
        value = self.required(name) if default is None else self.value(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.error(f"{name} must be a number from 0 to 1, got {show(value)}", name)
        return float(value)

    def only(self, name: str, *allowed: Value, why: str = "") -> None:
        """Refuse a value quizzer cannot count (e.g. `return_state=True`)."""
        if name not in self.nodes:
            return
        value = self.value(name)
        if not any(same(value, a) for a in allowed):
            reason = f" ({why})" if why else ""
            raise self.error(f"{name}={show(value)} is not supported{reason}", name)


def check_inert(node: ast.expr, depth: int = 0) -> None:
    """Arguments that do not change counts must still be plain values (never run)."""
    if depth > MAX_DEPTH:
        raise ParseError("the expression is nested too deeply", line_of(node))
    if isinstance(node, ast.Constant) or dotted(node) is not None:
        return
    children: list[ast.expr]
    if isinstance(node, ast.Tuple | ast.List):
        children = list(node.elts)
    elif isinstance(node, ast.Dict):
        children = [k for k in node.keys if k is not None] + list(node.values)
    elif isinstance(node, ast.UnaryOp):
        children = [node.operand]
    elif isinstance(node, ast.BinOp):
        children = [node.left, node.right]
    elif isinstance(node, ast.Call) and (dotted(node.func) or "").split(".")[0] in INERT_ROOTS:
        children = [*node.args, *(k.value for k in node.keywords)]
        if any(k.arg is None for k in node.keywords):
            raise ParseError("**keyword unpacking is not model code", line_of(node))
    else:
        raise not_model_code(node)
    for child in children:
        if isinstance(child, ast.Starred):
            raise not_model_code(child)
        check_inert(child, depth + 1)
