"""Literal values in model code, read from the syntax tree: nothing is ever run.

Numbers, strings, booleans, None, tuples and lists, names bound earlier to such values
(`num_classes = 10`), and integer arithmetic (`16 * 5 * 5`) are values; anything else, such as a
call, is reported as a ParseError naming the line and the construct.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from quizzer.core.errors import ParseError

Value = int | float | str | bool | None | tuple["Value", ...]

MAX_DEPTH = 40
"""How deeply a value may nest (brackets, operators) before it is refused."""
MAX_MAGNITUDE = 10**100
"""The largest number arithmetic may produce (keeps `10 ** 10 ** 10` from running away)."""

_STATEMENTS: dict[type[ast.AST], str] = {
    ast.For: "a for loop",
    ast.AsyncFor: "a for loop",
    ast.While: "a while loop",
    ast.If: "an if statement",
    ast.With: "a with statement",
    ast.AsyncWith: "a with statement",
    ast.Try: "a try statement",
    ast.FunctionDef: "a function definition",
    ast.AsyncFunctionDef: "a function definition",
    ast.ClassDef: "a class definition",
    ast.Delete: "a del statement",
    ast.Global: "a global statement",
    ast.Nonlocal: "a nonlocal statement",
    ast.AugAssign: "an augmented assignment",
    ast.AnnAssign: "an annotated assignment",
    ast.Raise: "a raise statement",
    ast.Assert: "an assert statement",
    ast.Return: "a return statement",
    ast.Match: "a match statement",
    ast.Lambda: "a lambda",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.JoinedStr: "an f-string",
    ast.Subscript: "a subscript",
    ast.Starred: "a starred expression",
    ast.IfExp: "a conditional expression",
    ast.BoolOp: "a boolean expression",
    ast.Compare: "a comparison",
    ast.Await: "an await expression",
    ast.Yield: "a yield expression",
    ast.YieldFrom: "a yield expression",
    ast.NamedExpr: "an assignment expression",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.BinOp: "an operator expression",
    ast.UnaryOp: "an operator expression",
}


def dotted(node: ast.expr) -> str | None:
    """`tf.keras.layers.Dense` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def construct(node: ast.AST) -> str:
    """A short noun phrase for an unsupported construct, e.g. `a for loop`."""
    if isinstance(node, ast.Call):
        func = node.func
        while dotted(func) is None and isinstance(func, ast.Attribute | ast.Call | ast.Subscript):
            func = func.func if isinstance(func, ast.Call) else func.value
        return f"calls such as {dotted(func) or '...'}(...)"
    for kind, phrase in _STATEMENTS.items():
        if isinstance(node, kind):
            return phrase
    if isinstance(node, ast.Expr):
        return construct(node.value)
    if isinstance(node, ast.Assign):
        return "this assignment"
    return f"a {type(node).__name__.lower()} expression"


def not_model_code(node: ast.AST) -> ParseError:
    """`calls such as os.system(...) are not model code`, at the node's line."""
    phrase = construct(node)
    verb = "are" if phrase.startswith("calls") else "is"
    return ParseError(f"{phrase} {verb} not model code", line_of(node))


def line_of(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 1) or 1)


def literal(node: ast.expr, env: Mapping[str, Value], depth: int = 0) -> Value:
    """The value of a literal expression; a ParseError for anything that is not one."""
    if depth > MAX_DEPTH:
        raise ParseError("the expression is nested too deeply", line_of(node))
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise ParseError(f"{type(value).__name__} values are not model code", line_of(node))
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(literal(item, env, depth + 1) for item in node.elts)
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        raise ParseError(f"unknown name '{node.id}'", line_of(node))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = literal(node.operand, env, depth + 1)
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise ParseError("a sign needs a number", line_of(node))
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        return _arithmetic(node, env, depth)
    if isinstance(node, ast.Attribute) and dotted(node):
        raise ParseError(f"unknown name '{dotted(node)}'", line_of(node))
    raise not_model_code(node)


def _arithmetic(node: ast.BinOp, env: Mapping[str, Value], depth: int) -> Value:
    left = literal(node.left, env, depth + 1)
    right = literal(node.right, env, depth + 1)
    line = line_of(node)
    if isinstance(left, bool) or isinstance(right, bool):
        raise ParseError("arithmetic on True/False is not model code", line)
    if not isinstance(left, int | float) or not isinstance(right, int | float):
        raise ParseError("arithmetic is only supported on numbers", line)
    op = node.op
    try:
        result: int | float
        if isinstance(op, ast.Add):
            result = left + right
        elif isinstance(op, ast.Sub):
            result = left - right
        elif isinstance(op, ast.Mult):
            result = left * right
        elif isinstance(op, ast.FloorDiv):
            result = left // right
        elif isinstance(op, ast.Div):
            result = left / right
        elif isinstance(op, ast.Mod):
            result = left % right
        elif isinstance(op, ast.Pow):
            if abs(right) > 400 or abs(left) > MAX_MAGNITUDE:
                raise ParseError("the number is too large", line)
            result = left**right
        else:
            raise ParseError(f"the operator {type(op).__name__} is not supported", line)
    except ZeroDivisionError:
        raise ParseError("division by zero", line) from None
    except OverflowError:
        raise ParseError("the number is too large", line) from None
    if isinstance(result, complex) or abs(result) > MAX_MAGNITUDE:
        raise ParseError("the number is too large", line)
    return result


def show(value: Value) -> str:
    """A value as the user wrote it, for error messages."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(show(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return str(value)
