"""Reading Keras code: `Sequential([...])` (modern or Keras 2 style), `model.add(...)`, and the
functional form quizzer renders (`x = layers.Dense(5)(x)`, `keras.Model(inputs, x)`)."""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field

from quizzer.core.errors import ParseError
from quizzer.core.layers import MultiHeadAttention
from quizzer.core.model import Model, Shape
from quizzer.core.parsing.arguments import Args, Signature, check_inert
from quizzer.core.parsing.entries import Entry, checked_report
from quizzer.core.parsing.keras_layers import KERAS_LAYERS, bidirectional
from quizzer.core.parsing.names import Names, is_keras, split
from quizzer.core.parsing.program import ParsedModel, check_count, read_program, select
from quizzer.core.parsing.values import Value, construct, dotted, line_of

_INPUT = Signature(
    ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "tensor",
     "optional"),
    ("input_shape", "batch_input_shape"),
    frozenset({"batch_size", "dtype", "name"}),
)
_INPUT_LAYER = Signature(
    ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "input_tensor",
     "optional", "name"),
    ("input_shape", "batch_input_shape"),
    frozenset({"batch_size", "dtype", "name"}),
)
_SEQUENTIAL = Signature(("layers", "trainable", "name"), (), frozenset({"name"}))
_MODEL = Signature(("inputs", "outputs", "name", "trainable"), (), frozenset({"name"}))
_CALL_OPTIONS = frozenset({"training", "mask", "use_causal_mask", "attention_mask",
                           "return_attention_scores"})
_TORCH_HINTS = frozenset({"Linear", "Conv1d", "Conv2d", "Conv3d", "BatchNorm1d", "BatchNorm2d",
                          "LayerNorm", "MultiheadAttention", "MaxPool2d", "AvgPool2d"})


@dataclass
class Chain:
    """A Keras model (or functional tensor) being read."""

    line: int
    input_shape: Shape | None = None
    entries: list[Entry] = field(default_factory=list)
    source: str | None = None
    """Functional form: the `keras.Input` variable this tensor comes from."""


class KerasReader:
    """Reads the Keras statements of a file."""

    def __init__(self, names: Names, env: dict[str, Value]) -> None:
        self.names = names
        self.env = env
        self.models: dict[str, Chain] = {}
        self.tensors: dict[str, Chain] = {}
        self.count = 0

    def kind(self, func: ast.expr) -> str | None:
        """The Keras class a call refers to (`Dense`, `Sequential`, `Input`), else None."""
        full = self.names.resolve(func)
        if full is None or not is_keras(full):
            return None
        _, name = split(full)
        return name

    def statement(self, statement: ast.stmt) -> bool:
        if isinstance(statement, ast.ClassDef):
            raise ParseError(
                "subclassed models are not supported: use keras.Sequential([...]) or the "
                "functional form", line_of(statement))
        if isinstance(statement, ast.Assign):
            return self._assign(statement)
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            return self._call(statement.value)
        return False

    def _assign(self, statement: ast.Assign) -> bool:
        target = statement.targets[0] if len(statement.targets) == 1 else None
        value = statement.value
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            return False
        var = target.id
        if isinstance(value.func, ast.Call):
            self.tensors[var] = self._apply(value)
            self.models.pop(var, None)
            return True
        kind = self.kind(value.func)
        if kind == "Sequential":
            self.models[var] = self._sequential(value)
        elif kind == "Input":
            self.tensors[var] = Chain(line_of(value), self._input(value, _INPUT), source=var)
        elif kind in ("Model", "Functional"):
            self.models[var] = self._functional(value)
        elif kind in KERAS_LAYERS or kind == "InputLayer":
            raise ParseError(
                f"a {kind} layer kept in a variable is not supported: write it inside "
                "Sequential([...]) or call it on a tensor, x = layers.Dense(5)(x)",
                line_of(value),
            )
        else:
            return False
        if kind == "Input":
            self.models.pop(var, None)
        else:
            self.tensors.pop(var, None)
        return True

    def _call(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
            func.value.id in self.models
        ):
            chain = self.models[func.value.id]
            if func.attr == "add":
                if len(call.args) != 1 or call.keywords:
                    raise ParseError("model.add takes one layer", line_of(call))
                self._add(chain, call.args[0])
                return True
            if func.attr == "build":
                args = Args("model.build", call, Signature(("input_shape",)), self.env)
                shape = args.shape("input_shape")
                if len(shape) < 2:
                    raise args.error("input_shape includes the batch axis, e.g. (None, 3)")
                self._set_input(chain, shape[1:], line_of(call))
                return True
            if func.attr in ("summary", "compile"):
                for node in [*call.args, *(k.value for k in call.keywords)]:
                    check_inert(node)
                return True
            return False
        if self.kind(func) == "Sequential":
            self.models[""] = self._sequential(call)
            return True
        return False

    def _sequential(self, call: ast.Call) -> Chain:
        args = Args("Sequential", call, _SEQUENTIAL, self.env)
        args.only("trainable", True, why="frozen models are not modelled")
        chain = Chain(line_of(call))
        node = args.nodes.get("layers")
        if node is None or (isinstance(node, ast.Constant) and node.value is None):
            return chain
        if not isinstance(node, ast.List | ast.Tuple):
            raise ParseError(
                f"Sequential takes a list of layers, not {construct(node)}", line_of(node)
            )
        for item in node.elts:
            self._add(chain, item)
        return chain

    def _add(self, chain: Chain, node: ast.expr) -> None:
        if not isinstance(node, ast.Call):
            raise ParseError(
                f"expected a layer such as layers.Dense(5), got {construct(node)}", line_of(node)
            )
        kind = self.kind(node.func)
        if kind in ("Input", "InputLayer"):
            if chain.entries or chain.input_shape is not None:
                raise ParseError(f"{kind} must come first, once", line_of(node))
            chain.input_shape = self._input(node, _INPUT if kind == "Input" else _INPUT_LAYER)
            return
        entry, shape = self.layer(node)
        if isinstance(entry.layer, MultiHeadAttention):
            raise ParseError(
                "MultiHeadAttention takes two inputs, which Sequential cannot give: use the "
                "functional form, x = layers.MultiHeadAttention(...)(x, x)", entry.line)
        if shape is not None:
            if chain.entries:
                raise ParseError(
                    f"{entry.title}: only the first layer may give the input shape", entry.line
                )
            self._set_input(chain, shape, entry.line)
        chain.entries.append(entry)
        self.count += 1
        check_count(self.count, entry.line)

    def _set_input(self, chain: Chain, shape: Shape, line: int) -> None:
        if chain.input_shape is not None:
            raise ParseError("the input shape is given twice", line)
        chain.input_shape = shape

    def _input(self, call: ast.Call, signature: Signature) -> Shape:
        name = "InputLayer" if signature is _INPUT_LAYER else "Input"
        args = Args(name, call, signature, self.env)
        for option in ("sparse", "ragged"):
            args.only(option, None, False, why="dense tensors only")
        args.only("optional", False, why="the input is required")
        for option in ("tensor", "input_tensor"):
            args.only(option, None, why="give the shape instead")
        given = [k for k in ("shape", "input_shape", "batch_shape", "batch_input_shape")
                 if args.has(k)]
        if len(given) != 1:
            raise args.error("needs one shape, e.g. keras.Input(shape=(28, 28, 1))")
        shape = args.shape(given[0])
        if given[0].startswith("batch"):
            if len(shape) < 2:
                raise args.error(f"{given[0]} includes the batch axis, e.g. (None, 3)", given[0])
            return shape[1:]
        return shape

    def layer(self, call: ast.Call, nested: bool = False) -> tuple[Entry, Shape | None]:
        """One layer call: the entry and the input shape it gives (Keras 2 style), if any."""
        kind = self.kind(call.func)
        if kind is None or kind not in KERAS_LAYERS:
            raise unknown_layer(call, kind)
        spec = KERAS_LAYERS[kind]
        args = Args(kind, call, spec.signature, self.env)
        args.only("trainable", True, why="frozen layers are not modelled")
        shape = _layer_input(args, kind)
        if spec.build is None:
            inner_node = args.nodes.get("layer")
            if nested or not isinstance(inner_node, ast.Call):
                raise args.error("needs a recurrent layer, e.g. Bidirectional(LSTM(32))")
            inner, inner_shape = self.layer(inner_node, nested=True)
            if shape is None:
                shape = inner_shape
            layer = bidirectional(args, inner.layer)
        else:
            layer = spec.build(args)
        return Entry(layer, line_of(call), kind), shape

    def _apply(self, value: ast.Call) -> Chain:
        """`x = layers.Dense(5)(x)`: a layer called on a tensor of the functional form."""
        assert isinstance(value.func, ast.Call)
        entry, shape = self.layer(value.func)
        if shape is not None:
            raise ParseError(
                f"{entry.title}: give the input shape with keras.Input in the functional form",
                entry.line,
            )
        sources = list(value.args)
        for keyword in value.keywords:
            if keyword.arg in ("query", "value", "key"):
                sources.append(keyword.value)
            elif keyword.arg in _CALL_OPTIONS:
                check_inert(keyword.value)
            else:
                raise ParseError(f"{entry.title}: unknown call argument '{keyword.arg}'",
                                 entry.line)
        attention = isinstance(entry.layer, MultiHeadAttention)
        if (attention and len(sources) not in (2, 3)) or (not attention and len(sources) != 1):
            wanted = "(x, x) for self-attention" if attention else "one tensor, e.g. (x)"
            raise ParseError(f"{entry.title} must be called on {wanted}", entry.line)
        names = {s.id if isinstance(s, ast.Name) else None for s in sources}
        if len(names) != 1 or None in names:
            raise ParseError(
                f"{entry.title} must be called on one tensor variable"
                + (" (self-attention only)" if attention else ""),
                entry.line,
            )
        source = names.pop()
        assert source is not None
        chain = self.tensors.get(source)
        if chain is None:
            raise ParseError(f"unknown tensor '{source}'", entry.line)
        self.count += 1
        check_count(self.count, entry.line)
        return Chain(entry.line, chain.input_shape, [*chain.entries, entry], chain.source)

    def _functional(self, call: ast.Call) -> Chain:
        args = Args("keras.Model", call, _MODEL, self.env)
        args.only("trainable", True, why="frozen models are not modelled")
        ends: list[str] = []
        for key in ("inputs", "outputs"):
            node = args.nodes.get(key)
            if isinstance(node, ast.List | ast.Tuple) and len(node.elts) == 1:
                node = node.elts[0]
            if not isinstance(node, ast.Name) or node.id not in self.tensors:
                raise args.error(f"{key} must be one tensor variable of the functional form",
                                 key)
            ends.append(node.id)
        inputs, outputs = (self.tensors[name] for name in ends)
        if inputs.entries or outputs.source != ends[0]:
            raise args.error("the outputs must come from the inputs through a chain of layers")
        return Chain(line_of(call), outputs.input_shape, outputs.entries)


def _layer_input(args: Args, kind: str) -> Shape | None:
    keys = ("input_shape", "batch_input_shape", "input_length") if kind == "Embedding" else (
        "input_shape", "batch_input_shape", "input_dim")
    given = [k for k in keys if args.has(k)]
    if not given:
        return None
    if len(given) > 1:
        raise args.error(f"give only one of {', '.join(given)}", given[1])
    key = given[0]
    if key == "input_dim":
        return (args.size("input_dim"),)
    if key == "input_length":
        return (args.size("input_length"),)
    shape = args.shape(key)
    if key == "batch_input_shape":
        if len(shape) < 2:
            raise args.error("batch_input_shape includes the batch axis, e.g. (None, 3)", key)
        return shape[1:]
    return shape


def unknown_layer(call: ast.Call, kind: str | None) -> ParseError:
    """`unknown layer 'Dense2D'` with a hint: a close name, Lambda, or PyTorch code."""
    name = dotted(call.func)
    if name is None:
        return ParseError(f"expected a layer, got {construct(call)}", line_of(call))
    last = name.rsplit(".", 1)[-1]
    if last == "Lambda":
        return ParseError("Lambda layers run arbitrary code and are not supported",
                          line_of(call))
    hint = ""
    close = difflib.get_close_matches(last, [*KERAS_LAYERS, "Input"], n=1)
    if last in _TORCH_HINTS or name.startswith(("nn.", "torch.")):
        hint = " (this looks like PyTorch code)"
    elif close:
        hint = f" (did you mean {close[0]}?)"
    return ParseError(f"unknown layer '{name}'{hint}", line_of(call))


def read_keras(tree: ast.Module, names: Names, var: str | None) -> ParsedModel:
    """The Keras model defined by the code (see `parse_model`)."""
    env: dict[str, Value] = {}
    reader = KerasReader(names, env)
    read_program(tree, reader, env)
    lines = {name: chain.line for name, chain in reader.models.items()}
    name, chain = select(reader.models, lines, var, tree)
    if not chain.entries:
        raise ParseError("the model has no layers", chain.line)
    if chain.input_shape is None:
        raise ParseError(
            "the Keras model has no input shape: start it with keras.Input(shape=...) "
            "or give input_shape=... to the first layer",
            chain.line,
        )
    model = Model(chain.input_shape, tuple(e.layer for e in chain.entries))
    report = checked_report("keras", model, chain.entries)
    return ParsedModel("keras", model, tuple(e.line for e in chain.entries), report, name)

