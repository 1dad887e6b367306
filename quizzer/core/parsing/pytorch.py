"""Reading PyTorch code: `nn.Sequential(...)` (nested, or with an OrderedDict) and
`nn.Module` classes as quizzer renders them (see `pytorch_class`), into a checked model (see
`pytorch_events`)."""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass

from quizzer.core.errors import ParseError
from quizzer.core.model import Shape
from quizzer.core.parsing.arguments import Args
from quizzer.core.parsing.keras_layers import KERAS_LAYERS
from quizzer.core.parsing.names import Names, is_torch, split
from quizzer.core.parsing.program import ParsedModel, read_program, select
from quizzer.core.parsing.pytorch_class import MAX_NESTING, ClassReader
from quizzer.core.parsing.pytorch_events import Event, build
from quizzer.core.parsing.pytorch_modules import TORCH_MODULES, Piece
from quizzer.core.parsing.source import input_comments
from quizzer.core.parsing.values import Value, construct, dotted, line_of, literal


@dataclass(frozen=True)
class Candidate:
    line: int
    events: tuple[Event, ...]


class TorchReader:
    """Reads the PyTorch statements of a file."""

    def __init__(self, names: Names, env: dict[str, Value]) -> None:
        self.names = names
        self.env = env
        self.models: dict[str, Candidate] = {}
        self.classes: dict[str, tuple[Event, ...]] = {}

    # -- module level -------------------------------------------------------------------

    def statement(self, statement: ast.stmt) -> bool:
        if isinstance(statement, ast.ClassDef):
            self.classes[statement.name] = ClassReader(self, statement).read()
            return True
        if isinstance(statement, ast.Assign):
            target = statement.targets[0] if len(statement.targets) == 1 else None
            if isinstance(target, ast.Name) and isinstance(statement.value, ast.Call):
                found = self._model(statement.value, target.id)
                if found is not None:
                    self.models[target.id] = found
                    return True
            return False
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            found = self._model(statement.value, "")
            if found is not None:
                self.models[""] = found
                return True
        return False

    def _model(self, call: ast.Call, var: str) -> Candidate | None:
        func = call.func
        if isinstance(func, ast.Name) and func.id in self.classes:
            if call.args or call.keywords:
                raise ParseError(
                    f"{func.id}(...) with arguments is not supported: give the __init__ "
                    "parameters default values instead", line_of(call))
            return Candidate(line_of(call), self.classes[func.id])
        full = self.names.resolve(func)
        if full is None or not is_torch(full):
            return None
        name = split(full)[1]
        if name == "Sequential":
            return Candidate(line_of(call), tuple(self.sequential(call, self.env)))
        if name in TORCH_MODULES:
            raise ParseError(
                f"an nn.{name} kept in a variable is not a model: put the layers in "
                "nn.Sequential(...)", line_of(call))
        return None

    # -- modules ------------------------------------------------------------------------

    def module(self, call: ast.expr, env: dict[str, Value], depth: int = 0) -> list[Piece]:
        """The layers of one module expression (nested `nn.Sequential` flattened)."""
        if not isinstance(call, ast.Call):
            raise ParseError(
                f"expected a module such as nn.Linear(3, 5), got {construct(call)}",
                line_of(call))
        full = self.names.resolve(call.func)
        name = split(full)[1] if full is not None and is_torch(full) else None
        if name == "Sequential":
            return self.sequential(call, env, depth + 1)
        if name is None or name not in TORCH_MODULES:
            raise unknown_module(call)
        spec = TORCH_MODULES[name]
        return spec.build(Args(f"nn.{name}", call, spec.signature, env))

    def sequential(self, call: ast.Call, env: dict[str, Value], depth: int = 0) -> list[Piece]:
        """The layers of `nn.Sequential(...)` (also with an OrderedDict of named modules)."""
        if depth > MAX_NESTING:
            raise ParseError("nn.Sequential is nested too deeply", line_of(call))
        if call.keywords:
            raise ParseError("nn.Sequential takes modules, not keyword arguments",
                             line_of(call))
        items = list(call.args)
        if len(items) == 1 and isinstance(items[0], ast.Call) and (
            (dotted(items[0].func) or "").rsplit(".", 1)[-1] == "OrderedDict"
        ):
            items = self._ordered(items[0])
        pieces: list[Piece] = []
        for item in items:
            if isinstance(item, ast.List):
                raise ParseError("nn.Sequential takes modules, not a list (is this Keras code?)",
                                 line_of(item))
            if isinstance(item, ast.Starred):
                raise ParseError("nn.Sequential(*...) is not model code: list the modules",
                                 line_of(item))
            pieces.extend(self.module(item, env, depth))
        return _merge_reshapes(pieces) if depth > 0 else pieces

    def _ordered(self, call: ast.Call) -> list[ast.expr]:
        if len(call.args) != 1 or call.keywords or not isinstance(
            call.args[0], ast.List | ast.Tuple
        ):
            raise ParseError("OrderedDict takes a list of (name, module) pairs", line_of(call))
        items = []
        for pair in call.args[0].elts:
            if not isinstance(pair, ast.Tuple) or len(pair.elts) != 2 or not isinstance(
                literal(pair.elts[0], self.env), str
            ):
                raise ParseError("OrderedDict takes a list of (name, module) pairs",
                                 line_of(pair))
            items.append(pair.elts[1])
        return items


def _merge_reshapes(pieces: list[Piece]) -> list[Piece]:
    """`nn.Flatten()` then `nn.Unflatten(1, ...)` in one block is one Reshape (as rendered)."""
    merged: list[Piece] = []
    for current in pieces:
        if current.role == "unflatten" and merged and merged[-1].role == "flatten":
            merged[-1] = Piece(current.entry, "reshape")
        else:
            merged.append(current)
    return merged


def unknown_module(call: ast.Call) -> ParseError:
    """`unknown layer 'nn.Linearr' (did you mean Linear?)`, or a hint that it is Keras."""
    name = dotted(call.func)
    if name is None:
        return ParseError(f"expected a module, got {construct(call)}", line_of(call))
    last = name.rsplit(".", 1)[-1]
    if last in KERAS_LAYERS and last not in TORCH_MODULES:
        hint = " (this looks like Keras code)"
    else:
        close = difflib.get_close_matches(last, list(TORCH_MODULES), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
    return ParseError(f"unknown layer '{name}'{hint}", line_of(call))


def _comment_for(candidate: Candidate, others: list[int],
                 comments: list[tuple[int, Shape, str]]) -> Shape | None:
    """The `# input:` comment above the model (and below any earlier model)."""
    floor = max((line for line in others if line < candidate.line), default=0)
    found = [shape for line, shape, _ in comments if floor < line < candidate.line]
    return found[-1] if found else None



def read_pytorch(tree: ast.Module, names: Names, text: str, var: str | None) -> ParsedModel:
    """The PyTorch model defined by the code (see `parse_model`)."""
    env: dict[str, Value] = {}
    reader = TorchReader(names, env)
    read_program(tree, reader, env)
    models = dict(reader.models)
    if not models and len(reader.classes) == 1:
        (class_name, events), = reader.classes.items()
        class_line = next(line_of(s) for s in tree.body
                          if isinstance(s, ast.ClassDef) and s.name == class_name)
        models[""] = Candidate(class_line, events)
    lines = {key: candidate.line for key, candidate in models.items()}
    name, candidate = select(models, lines, var, tree)
    comment = _comment_for(candidate, [c.line for c in models.values()],
                           [(line, shape, raw) for line, shape, raw in input_comments(text)])
    return build(candidate.events, candidate.line, comment, name)

