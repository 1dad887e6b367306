"""`nn.Module` classes: the modules assigned in `__init__`, in the order `forward` uses them.

`forward` is read as a chain of calls on one running tensor: `x = self.fc(x)`,
`x, _ = self.lstm(x)`, `x = x[:, -1, :]`, `x = x.movedim(-1, 1)`, and the usual functional
forms (`F.relu(x)`, `torch.flatten(x, 1)`, `F.max_pool2d(x, 2)`). Nothing is ever run.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import TYPE_CHECKING, Literal

from quizzer.core.errors import ParseError
from quizzer.core.layers import (
    Activation,
    Bidirectional,
    Dropout,
    Flatten,
    GlobalPooling,
    MultiHeadAttention,
    Pooling,
    Recurrent,
    Reshape,
)
from quizzer.core.parsing.arguments import Args, Signature, check_inert
from quizzer.core.parsing.entries import Entry
from quizzer.core.parsing.names import is_torch_functional, split
from quizzer.core.parsing.pytorch_events import Event, LastStep, Move
from quizzer.core.parsing.pytorch_modules import TORCH_MODULES, Piece, Role
from quizzer.core.parsing.values import Value, construct, dotted, line_of, literal

if TYPE_CHECKING:
    from quizzer.core.parsing.pytorch import TorchReader

MAX_NESTING = 30

_ZERO_PARAMETER = (Pooling, GlobalPooling, Flatten, Reshape, Dropout, Activation)

_FUNCTIONAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "relu": ("ReLU", ("inplace",)),
    "relu6": ("ReLU6", ("inplace",)),
    "sigmoid": ("Sigmoid", ()),
    "tanh": ("Tanh", ()),
    "softmax": ("Softmax", ("dim", "_stacklevel", "dtype")),
    "log_softmax": ("LogSoftmax", ("dim", "_stacklevel", "dtype")),
    "gelu": ("GELU", ("approximate",)),
    "leaky_relu": ("LeakyReLU", ("negative_slope", "inplace")),
    "elu": ("ELU", ("alpha", "inplace")),
    "selu": ("SELU", ("inplace",)),
    "silu": ("SiLU", ("inplace",)),
    "softplus": ("Softplus", ("beta", "threshold")),
    "softsign": ("Softsign", ()),
    "mish": ("Mish", ("inplace",)),
    "hardsigmoid": ("Hardsigmoid", ("inplace",)),
    "hardswish": ("Hardswish", ("inplace",)),
    "dropout": ("Dropout", ("p", "training", "inplace")),
}
"""`F.relu(x)` and friends: the module they stand for and their arguments after the input."""
for _rank in (1, 2, 3):
    _FUNCTIONAL[f"max_pool{_rank}d"] = (
        f"MaxPool{_rank}d",
        ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"),
    )
    _FUNCTIONAL[f"avg_pool{_rank}d"] = (
        f"AvgPool{_rank}d",
        ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
         "divisor_override"),
    )
    _FUNCTIONAL[f"adaptive_avg_pool{_rank}d"] = (f"AdaptiveAvgPool{_rank}d", ("output_size",))
    _FUNCTIONAL[f"adaptive_max_pool{_rank}d"] = (
        f"AdaptiveMaxPool{_rank}d", ("output_size", "return_indices")
    )
_TENSOR_ACTIVATIONS = frozenset({"relu", "sigmoid", "tanh", "softmax"})



class ClassReader:
    """An `nn.Module` subclass: modules from `__init__`, their order from `forward`."""

    def __init__(self, reader: TorchReader, node: ast.ClassDef) -> None:
        self.reader = reader
        self.node = node
        self.env = dict(reader.env)
        self.modules: dict[str, tuple[list[Piece], int]] = {}
        self.uses: Counter[str] = Counter()

    def read(self) -> tuple[Event, ...]:
        node = self.node
        bases = [self.reader.names.resolve(b) for b in node.bases]
        if len(bases) != 1 or bases[0] not in ("torch.nn.Module", "Module") or node.keywords:
            raise ParseError(f"class {node.name} must subclass nn.Module", line_of(node))
        if node.decorator_list:
            raise ParseError("decorators are not model code", line_of(node.decorator_list[0]))
        methods: dict[str, ast.FunctionDef] = {}
        for statement in node.body:
            if _docstring(statement):
                continue
            if isinstance(statement, ast.FunctionDef) and statement.name in (
                "__init__", "forward"
            ):
                methods[statement.name] = statement
                continue
            what = f"the method {statement.name}" if isinstance(
                statement, ast.FunctionDef) else construct(statement)
            raise ParseError(f"{what} is not read: a model class has __init__ and forward",
                             line_of(statement))
        for name in ("__init__", "forward"):
            if name not in methods:
                raise ParseError(f"class {node.name} has no {name} method", line_of(node))
        self._init(methods["__init__"])
        events = self._forward(methods["forward"])
        for name, (pieces, line) in self.modules.items():
            if not self.uses[name]:
                raise ParseError(
                    f"self.{name} is never used in forward (PyTorch would still count it)",
                    line)
            if self.uses[name] > 1 and any(
                not isinstance(p.entry.layer, _ZERO_PARAMETER) for p in pieces
            ):
                raise ParseError(
                    f"self.{name} is used {self.uses[name]} times: its weights are shared, "
                    "which quizzer does not model", line)
        return tuple(events)

    def _init(self, method: ast.FunctionDef) -> None:
        args = method.args
        if args.vararg or args.kwarg or args.posonlyargs or not args.args:
            raise ParseError("__init__ takes self and parameters with default values",
                             line_of(method))
        params = args.args[1:]
        if len(args.defaults) != len(params) or any(d is None for d in args.kw_defaults):
            raise ParseError("__init__ parameters need default values", line_of(method))
        for param, default in zip(
            [*params, *args.kwonlyargs], [*args.defaults, *args.kw_defaults], strict=True
        ):
            assert default is not None
            self.env[param.arg] = literal(default, self.env)
        for statement in method.body:
            if _docstring(statement) or _super_init(statement):
                continue
            target = statement.targets[0] if isinstance(statement, ast.Assign) and len(
                statement.targets) == 1 else None
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                and isinstance(statement, ast.Assign)
            ):
                if target.attr in self.modules:
                    raise ParseError(f"self.{target.attr} is assigned twice", line_of(target))
                pieces = self.reader.module(statement.value, self.env)
                self.modules[target.attr] = (pieces, line_of(statement))
                continue
            raise ParseError(
                f"{construct(statement)} is not read in __init__: assign modules such as "
                "self.fc = nn.Linear(3, 5)", line_of(statement))

    def _forward(self, method: ast.FunctionDef) -> list[Event]:
        args = method.args
        if (args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs
                or len(args.args) != 2 or args.defaults):
            raise ParseError("forward takes self and one input tensor, e.g. forward(self, x)",
                             line_of(method))
        var = args.args[1].arg
        events: list[Event] = []
        body = [s for s in method.body if not _docstring(s)]
        for index, statement in enumerate(body):
            if isinstance(statement, ast.Return) and statement.value is not None:
                if index != len(body) - 1:
                    raise ParseError("code after return is not read", line_of(body[index + 1]))
                events += self._expr(statement.value, var)
                return events
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    events += self._expr(statement.value, var)
                    var = target.id
                    continue
                if isinstance(target, ast.Tuple) and target.elts and isinstance(
                    target.elts[0], ast.Name
                ):
                    events += self._expr(statement.value, var, unpacked=True)
                    var = target.elts[0].id
                    continue
            raise ParseError(
                f"{construct(statement)} is not read in forward: write x = self.layer(x)",
                line_of(statement))
        raise ParseError("forward must end with return x", line_of(method))

    def _expr(self, node: ast.expr, var: str, unpacked: bool = False,
              depth: int = 0) -> list[Event]:
        """The events of an expression on the running tensor `var`, innermost first."""
        if depth > MAX_NESTING:
            raise ParseError("the expression is nested too deeply", line_of(node))
        line = line_of(node)
        if isinstance(node, ast.Name):
            if node.id != var:
                raise ParseError(f"'{node.id}' is not the running tensor '{var}'", line)
            if unpacked:
                raise ParseError("only recurrent layers and attention return tuples", line)
            return []
        if isinstance(node, ast.Subscript):
            if not _last_step(node.slice):
                raise ParseError("only x[:, -1, :] (the last time step) is read", line)
            return [*self._expr(node.value, var, depth=depth + 1), LastStep(line)]
        if not isinstance(node, ast.Call):
            raise ParseError(f"{construct(node)} is not read in forward", line)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
            func.value.id == "self"
        ):
            return self._submodule(node, func.attr, var, unpacked, depth)
        if unpacked:
            raise ParseError("only recurrent layers and attention return tuples", line)
        if (isinstance(func, ast.Attribute) and dotted(func) is None) or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == var
        ):
            return self._method(node, func, var, depth)
        full = self.reader.names.resolve(func)
        if full is not None and is_torch_functional(full):
            return self._functional(node, split(full)[1], var, depth)
        raise ParseError(f"{construct(node)} is not read in forward", line)

    def _submodule(self, node: ast.Call, attr: str, var: str, unpacked: bool,
                   depth: int) -> list[Event]:
        line = line_of(node)
        if attr not in self.modules:
            raise ParseError(f"self.{attr} is not a module assigned in __init__", line)
        pieces = self.modules[attr][0]
        self.uses[attr] += 1
        last = pieces[-1].entry.layer if pieces else None
        tuples = isinstance(last, Recurrent | Bidirectional | MultiHeadAttention)
        if tuples and not unpacked:
            raise ParseError(
                f"self.{attr} returns a tuple (output, state): write x, _ = self.{attr}(x)",
                line)
        if unpacked and not tuples:
            raise ParseError(f"self.{attr} returns one tensor: write x = self.{attr}(x)", line)
        inputs = list(node.args)
        for keyword in node.keywords:
            if keyword.arg in ("query", "key", "value"):
                inputs.append(keyword.value)
            elif keyword.arg in ("need_weights", "average_attn_weights", "is_causal"):
                check_inert(keyword.value)
            else:
                raise ParseError(f"self.{attr}: unknown call argument '{keyword.arg}'", line)
        if isinstance(last, MultiHeadAttention):
            if len(inputs) != 3 or not all(
                isinstance(i, ast.Name) and i.id == var for i in inputs
            ):
                raise ParseError(
                    f"self.{attr} must be called as ({var}, {var}, {var}): self-attention",
                    line)
            return list(pieces)
        if len(inputs) != 1:
            raise ParseError(f"self.{attr} must be called on one tensor", line)
        return [*self._expr(inputs[0], var, depth=depth + 1), *pieces]

    def _method(self, node: ast.Call, func: ast.Attribute, var: str,
                depth: int) -> list[Event]:
        """Tensor methods: movedim, permute, transpose, flatten, view, relu, ..."""
        line = line_of(node)
        inner = self._expr(func.value, var, depth=depth + 1)
        name = func.attr
        values = [literal(a, self.env) for a in node.args] if name in (
            "movedim", "permute", "transpose", "flatten") else []
        if node.keywords and name in ("movedim", "permute", "transpose"):
            raise ParseError(f"{name} is read with positional arguments only", line)
        if name == "movedim" and values in ([-1, 1], [1, -1]):
            to: Literal["channels_first", "channels_last"] = (
                "channels_first" if values == [-1, 1] else "channels_last")
            return [*inner, Move(to, line)]
        if name == "permute" and len(values) >= 3 and values[0] == 0:
            n = len(values)
            if values == [0, 2, 1]:
                return [*inner, Move("swap", line)]
            if values == [0, n - 1, *range(1, n - 1)]:
                return [*inner, Move("channels_first", line)]
            if values == [0, *range(2, n), 1]:
                return [*inner, Move("channels_last", line)]
        if name == "transpose" and sorted(values, key=str) in ([1, 2], [-1, -2], [-1, 1]):
            return [*inner, Move("swap", line)]
        if name == "flatten":
            keywords = {k.arg: literal(k.value, self.env) for k in node.keywords}
            if (values == [1] and not keywords) or (not values and keywords == {"start_dim": 1}):
                return [*inner, _functional_piece(Flatten(), line, "Tensor.flatten", "flatten")]
            raise ParseError("only x.flatten(1) is read (it keeps the batch axis)", line)
        if name in ("view", "reshape") and _flat_view(node, var, self.env):
            return [*inner, _functional_piece(Flatten(), line, f"Tensor.{name}", "flatten")]
        if name == "contiguous" and not node.args and not node.keywords:
            return inner
        if name in _TENSOR_ACTIVATIONS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                check_inert(argument)
            return [*inner, _functional_piece(Activation(name), line, f"Tensor.{name}")]
        raise ParseError(f"{var}.{name}(...) is not read in forward", line)

    def _functional(self, node: ast.Call, name: str, var: str, depth: int) -> list[Event]:
        """`F.relu(x)`, `torch.flatten(x, 1)`, `F.max_pool2d(x, 2)`, `torch.movedim(x, -1, 1)`."""
        line = line_of(node)
        if name == "flatten":
            args = Args("torch.flatten", node, Signature(("input", "start_dim", "end_dim")),
                        self.env)
            if args.value("start_dim", 0) != 1:
                raise args.error("write torch.flatten(x, 1): start_dim=0 flattens the batch axis")
            args.only("end_dim", -1)
            inner = self._expr(args.nodes["input"], var, depth=depth + 1)
            return [*inner, _functional_piece(Flatten(), line, "torch.flatten", "flatten")]
        if name == "cat":
            units = _final_states(node, var, self.env)
            if units is None:
                raise ParseError(
                    "torch.cat is only read as torch.cat((x[:, -1, :u], x[:, 0, u:]), dim=-1), "
                    "the final states of a bidirectional layer", line)
            return [LastStep(line, units)]
        if name == "movedim" and len(node.args) == 3 and not node.keywords:
            values = [literal(a, self.env) for a in node.args[1:]]
            if values in ([-1, 1], [1, -1]):
                inner = self._expr(node.args[0], var, depth=depth + 1)
                return [*inner, Move("channels_first" if values == [-1, 1] else
                                     "channels_last", line)]
        if name not in _FUNCTIONAL:
            raise ParseError(f"calls such as {dotted(node.func)}(...) are not read in forward",
                             line)
        module, rest = _FUNCTIONAL[name]
        spec = TORCH_MODULES[module]
        options = {"training", "_stacklevel", "dtype", "inplace", "dim", "approximate",
                   "negative_slope", "alpha", "beta", "threshold"} & set(rest)
        signature = Signature(("input", *rest), (), spec.signature.ignored | options)
        args = Args(f"F.{name}", node, signature, self.env)
        if "input" not in args.nodes:
            raise args.error("needs the input tensor")
        inner = self._expr(args.nodes["input"], var, depth=depth + 1)
        return [*inner, *spec.build(args)]


def _functional_piece(layer: Flatten | Activation, line: int, title: str,
                      role: Role = "layer") -> Piece:
    return Piece(Entry(layer, line, title), role)


def _docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and (
        isinstance(statement.value.value, str))


def _super_init(statement: ast.stmt) -> bool:
    """`super().__init__()`, `super(Net, self).__init__()` or `nn.Module.__init__(self)`."""
    if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Call):
        return False
    call = statement.value
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "__init__" or call.keywords:
        return False
    if isinstance(func.value, ast.Call) and dotted(func.value.func) == "super":
        return not call.args
    return dotted(func.value) in ("nn.Module", "torch.nn.Module", "Module") and len(
        call.args) == 1


def _last_step(node: ast.expr) -> bool:
    """`[:, -1, :]` or `[:, -1]`."""
    if not isinstance(node, ast.Tuple) or len(node.elts) not in (2, 3):
        return False
    first, index, *rest = node.elts
    empty = all(_whole(s) for s in [first, *rest])
    negative = isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub) and isinstance(
        index.operand, ast.Constant) and index.operand.value == 1
    return empty and negative


def _final_states(node: ast.Call, var: str, env: dict[str, Value]) -> int | None:
    """u in `torch.cat((x[:, -1, :u], x[:, 0, u:]), dim=-1)`, else None."""
    dims = [literal(k.value, env) for k in node.keywords if k.arg == "dim"]
    if len(node.args) == 2:
        dims.append(literal(node.args[1], env))
    if len(node.args) not in (1, 2) or len(node.keywords) != len(
        [k for k in node.keywords if k.arg == "dim"]
    ) or dims not in ([-1], [2]):
        return None
    pair = node.args[0]
    if not isinstance(pair, ast.Tuple | ast.List) or len(pair.elts) != 2:
        return None
    cuts = []
    for element, step in zip(pair.elts, (-1, 0), strict=True):
        if not isinstance(element, ast.Subscript) or dotted(element.value) != var:
            return None
        index = element.slice
        if not isinstance(index, ast.Tuple) or len(index.elts) != 3:
            return None
        batch, time, features = index.elts
        if not _whole(batch) or not isinstance(features, ast.Slice) or features.step:
            return None
        if isinstance(time, ast.Slice) or literal(time, env) != step:
            return None
        bound = features.upper if step == -1 else features.lower
        other = features.lower if step == -1 else features.upper
        if bound is None or other is not None:
            return None
        cuts.append(literal(bound, env))
    units = cuts[0]
    if cuts[0] != cuts[1] or not isinstance(units, int) or isinstance(units, bool):
        return None
    return units


def _whole(node: ast.expr) -> bool:
    """`:` in a subscript."""
    return isinstance(node, ast.Slice) and node.lower is None and node.upper is None and (
        node.step is None)


def _flat_view(node: ast.Call, var: str, env: dict[str, Value]) -> bool:
    """`x.view(x.size(0), -1)`, `x.view(-1, 400)`, `x.reshape(x.shape[0], -1)`."""
    if node.keywords or len(node.args) != 2:
        return False
    first, second = node.args
    batch = (
        isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute)
        and first.func.attr == "size" and dotted(first.func.value) == var
        and len(first.args) == 1 and literal(first.args[0], env) == 0
    ) or (
        isinstance(first, ast.Subscript) and dotted(first.value) == f"{var}.shape"
        and literal(first.slice, env) == 0
    )
    if batch:
        return literal(second, env) == -1
    size = literal(second, env)
    return literal(first, env) == -1 and isinstance(size, int) and size > 0


# -- from events to a checked model ---------------------------------------------------------


