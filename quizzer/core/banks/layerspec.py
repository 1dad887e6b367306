"""Layers written in a bank (`- Dense: {units: 5}`) read into layer templates.

A field holds a fixed value, or, in template cards only, a range `{min: 8, max: 64}` (with an
optional `step`), a list of choices `[16, 32, 64]` or `{choices: [...]}`. Tuple fields such as
`kernel_size` take one number (a square kernel), a list of numbers, or a range (drawn once and
repeated).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizzer.core.banks.reader import STR, Invalid, Reader, describe, fast_int, is_null, suggestion
from quizzer.core.banks.templates import (
    Choice,
    Each,
    Fixed,
    LayerTemplate,
    Range,
    Repeat,
    Spec,
    layer_template,
)
from quizzer.core.layers import LAYER_TYPES, Recurrent
from quizzer.core.layers.base import Layer
from quizzer.core.layers.dense import TORCH_ACTIVATIONS

ACTIVATIONS = (*TORCH_ACTIVATIONS, "linear")
PADDINGS = ("valid", "same")
MAX_RANK = 8
FIELD_ALIASES = {"dilation_rate": "dilation"}
ACTIVATION_ALIASES = {"activation": "function"}
PYTORCH_NAMES = {
    "Linear": "Dense", "Conv1d": "Conv1D", "Conv2d": "Conv2D", "Conv3d": "Conv3D",
    "ConvTranspose2d": "Conv2DTranspose", "BatchNorm1d": "BatchNormalization",
    "BatchNorm2d": "BatchNormalization", "BatchNorm3d": "BatchNormalization",
    "LayerNorm": "LayerNormalization", "RNN": "SimpleRNN", "MultiheadAttention":
    "MultiHeadAttention", "MaxPool1d": "MaxPooling1D", "MaxPool2d": "MaxPooling2D",
    "MaxPool3d": "MaxPooling3D", "AvgPool1d": "AveragePooling1D", "AvgPool2d":
    "AveragePooling2D", "AvgPool3d": "AveragePooling3D", "ReLU": "Activation",
}
RANGE_KEYS = ("min", "max", "step")
VARY_KEYS = frozenset((*RANGE_KEYS, "choices"))


_FIELD_TYPES: dict[type[Layer], dict[str, tuple[str, bool]]] = {}


def field_types(cls: type[Layer]) -> dict[str, tuple[str, bool]]:
    """Each field's annotation and whether it is required, in declaration order."""
    types = _FIELD_TYPES.get(cls)
    if types is None:
        types = _FIELD_TYPES[cls] = {
            f.name: (str(f.type), f.default is dataclasses.MISSING)
            for f in dataclasses.fields(cls)
        }
    return types


class LayerReader:
    """Reads layer entries and input shapes; `template` allows ranges and choices."""

    def __init__(self, reader: Reader, template: bool) -> None:
        self.reader = reader
        self.template = template

    # -- shapes ---------------------------------------------------------------------------

    def input_shape(self, node: Node) -> Each | Fixed:
        items = self.reader.sequence(node, "input_shape")
        if not 1 <= len(items) <= MAX_RANK:
            self.reader.fail(node, f"input_shape has {len(items)} axes",
                             f"1 to {MAX_RANK} sizes (without the batch axis)")
        specs: list[Spec] = []
        for item in items:
            if is_null(item):
                specs.append(Fixed(None))
            else:
                specs.append(self.integer(item, "an input_shape size", 1))
        if all(isinstance(spec, Fixed) for spec in specs):
            return Fixed(tuple(spec.value for spec in specs if isinstance(spec, Fixed)))
        return Each(tuple(specs))

    # -- layers ---------------------------------------------------------------------------

    def layers(self, node: Node) -> tuple[LayerTemplate, ...]:
        entries = self.reader.sequence(node, "layers")
        if not entries:
            self.reader.fail(node, "layers is empty", "at least one layer")
        result: list[LayerTemplate] = []
        failed = False
        for entry in entries:
            try:
                result.append(self.layer(entry))
            except Invalid:
                failed = True
        if failed:
            raise Invalid
        return tuple(result)

    def layer(self, node: Node, recurrent_only: bool = False) -> LayerTemplate:
        reader = self.reader
        reader.tag_ok(node)
        value: Node | None = None
        kind_node: Node = node
        if (isinstance(node, MappingNode) and len(node.value) == 1
                and node.value[0][0].tag == STR and isinstance(node.value[0][0], ScalarNode)):
            kind_node, value = node.value[0]  # the usual `- Dense: {...}`
            name = kind_node.value
        elif isinstance(node, ScalarNode):
            name = reader.text(node, "a layer", "a layer such as Dense: {units: 5}")
        elif isinstance(node, MappingNode):
            pairs = reader.mapping(node, "a layer")
            if len(pairs) != 1:
                keys = ", ".join(key for key, _, _ in pairs) or "nothing"
                reader.fail(node, f"a layer entry has {keys}",
                            "one layer type as key, e.g. - Dense: {units: 5}")
            name, kind_node, value = pairs[0]
        else:
            reader.fail(node, f"a layer is {describe(node)}", "a layer such as Dense: {units: 5}")
        cls = self.layer_class(name, kind_node)
        if recurrent_only and not issubclass(cls, Recurrent):
            reader.fail(kind_node, f"Bidirectional wraps {name}", "SimpleRNN, LSTM or GRU")
        return layer_template(cls, self.layer_fields(cls, name, node, value))

    def layer_class(self, name: str, node: Node) -> type[Layer]:
        cls = LAYER_TYPES.get(name)
        if cls is None:
            hint = (f"; PyTorch's {name} is written {PYTORCH_NAMES[name]}"
                    if name in PYTORCH_NAMES else suggestion(name, LAYER_TYPES))
            self.reader.fail(node, f"unknown layer '{name}'",
                             f"a Keras layer name such as Dense, Conv2D or LSTM{hint}")
        return cls

    def layer_fields(self, cls: type[Layer], name: str, entry: Node,
                     value: Node | None) -> tuple[tuple[str, Spec], ...]:
        reader = self.reader
        types = field_types(cls)
        written: dict[str, tuple[Node, Node]] = {}
        failed = False
        if value is None or is_null(value):
            pass
        elif cls.kind == "Bidirectional" and isinstance(value, MappingNode) and not any(
            isinstance(k, ScalarNode) and k.value == "layer" for k, _ in value.value
        ):
            written["layer"] = (value, value)
        elif isinstance(value, MappingNode) and not self.is_vary_mapping(value):
            aliases = ACTIVATION_ALIASES if cls.kind == "Activation" else FIELD_ALIASES
            for key, key_node, field_node in reader.mapping(value, name):
                key = aliases.get(key, key)
                if key not in types:
                    names = ", ".join(types) or "none"
                    reader.error(key_node, f"{name} has no field '{key}'",
                                 f"one of: {names}{suggestion(key, types)}")
                    failed = True
                    continue
                written[key] = (key_node, field_node)
        elif types:
            written[next(iter(types))] = (value, value)
        else:
            reader.fail(value, f"{name} takes no options but has {describe(value)}",
                        f"just - {name}")
        specs: list[tuple[str, Spec]] = []
        for field_name, (annotation, required) in types.items():
            if field_name not in written:
                if required:
                    reader.error(entry, f"{name} needs '{field_name}'",
                                 f"{name}: {{{field_name}: ...}}")
                    failed = True
                continue
            try:
                specs.append((field_name, self.field(cls, field_name, annotation,
                                                     written[field_name][1])))
            except Invalid:
                failed = True
        if failed:
            raise Invalid
        return tuple(specs)

    def field(self, cls: type[Layer], name: str, annotation: str, node: Node) -> Spec:
        if annotation == "int":
            number = fast_int(node)
            if number is not None and number >= 1:
                return Fixed(number)
        optional = annotation.endswith("| None")
        if optional and is_null(node):
            return Fixed(None)
        base = annotation.removesuffix(" | None")
        if base == "Recurrent":
            return self.layer(node, recurrent_only=True)
        if base.startswith("tuple["):
            return self.tuple_field(cls, name, base, node)
        if base == "int":
            return self.integer(node, name, 1)
        return self.value(node, name, lambda n: self.scalar_field(cls, name, base, n))

    def scalar_field(self, cls: type[Layer], name: str, base: str, node: Node) -> Any:
        reader = self.reader
        if base == "int":
            return reader.integer(node, name, 1)
        if base == "bool":
            return reader.boolean(node, name)
        if base == "float":
            rate = reader.number(node, name, "a number of at least 0 and below 1")
            if not 0 <= rate < 1:
                reader.fail(node, f"{name} is {rate}", "a number of at least 0 and below 1")
            return rate
        if base == "Padding":
            if isinstance(node, ScalarNode) and node.tag.endswith(":int"):
                return reader.integer(node, name, 0)
            return reader.choice(node, name, PADDINGS)
        if name == "padding":
            return reader.choice(node, name, PADDINGS)
        if name in ("activation", "function"):
            if is_null(node) and name == "activation":
                return None
            return reader.choice(node, name, ACTIVATIONS if name == "activation"
                                 else tuple(TORCH_ACTIVATIONS))
        return reader.text(node, name)

    def tuple_field(self, cls: type[Layer], name: str, base: str, node: Node) -> Spec:
        rank = 2 if base == "tuple[int, int]" else int(getattr(cls, "rank", 0))
        minimum = -1 if name == "target_shape" else 1
        what = f"{name} ({rank} numbers)" if rank else name

        if isinstance(node, SequenceNode) and not self.is_vary_list(node, rank):
            items = self.reader.sequence(node, name)
            if (rank and len(items) != rank) or not 1 <= len(items) <= MAX_RANK:
                count = _numbers(rank) if rank else f"1 to {MAX_RANK} numbers"
                self.reader.fail(node, f"{name} has {_numbers(len(items))}", count)
            specs = tuple(self.integer(item, name, minimum) for item in items)
            if all(isinstance(s, Fixed) for s in specs):
                return Fixed(tuple(s.value for s in specs if isinstance(s, Fixed)))
            return Each(specs)
        if not rank:
            self.reader.fail(node, f"{name} is {describe(node)}", "a list of numbers")
        if self.is_choices(node):
            return self.choices(node, name, lambda n: self.tuple_option(n, name, rank, what))
        spec = self.integer(node, what, minimum)
        if isinstance(spec, Fixed):
            return Fixed((spec.value,) * rank)
        return Repeat(spec, rank)

    def tuple_option(self, node: Node, name: str, rank: int, what: str) -> tuple[int, ...]:
        if isinstance(node, SequenceNode):
            items = self.reader.sequence(node, name)
            if len(items) != rank:
                self.reader.fail(node, f"{name} has {_numbers(len(items))}", _numbers(rank))
            return tuple(self.reader.integer(item, name, 1) for item in items)
        return (self.reader.integer(node, what, 1),) * rank

    # -- fixed values, ranges and choices -------------------------------------------------

    def integer(self, node: Node, what: str, minimum: int) -> Spec:
        """A whole number, or (templates) a range or choices of whole numbers."""
        value = fast_int(node)
        if value is not None and value >= minimum:
            return Fixed(value)
        if isinstance(node, MappingNode) and self.is_range(node):
            return self.range(node, what, minimum)
        return self.value(node, what, lambda n: self.reader.integer(n, what, minimum))

    def value(self, node: Node, what: str, read: Any) -> Spec:
        if self.is_choices(node):
            return self.choices(node, what, read)
        if isinstance(node, MappingNode) and self.is_range(node):
            self.reader.fail(node, f"{what} is a range", "one value (ranges are for whole "
                             "numbers)")
        return Fixed(read(node))

    def is_vary_mapping(self, node: MappingNode) -> bool:
        first = node.value[0][0] if node.value else None
        if not isinstance(first, ScalarNode) or first.value not in VARY_KEYS:
            return False
        keys = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
        return bool(keys) and (keys <= set(RANGE_KEYS) or keys == {"choices"})

    def is_vary_list(self, node: SequenceNode, rank: int) -> bool:
        """A list of lists for a tuple field means choices."""
        return bool(node.value) and all(isinstance(item, SequenceNode) for item in node.value)

    def is_choices(self, node: Node) -> bool:
        if isinstance(node, SequenceNode):
            return True
        return isinstance(node, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value == "choices" for k, _ in node.value
        )

    def is_range(self, node: MappingNode) -> bool:
        return any(isinstance(k, ScalarNode) and k.value in ("min", "max") for k, _ in node.value)

    def not_template(self, node: Node, what: str) -> None:
        if not self.template:
            self.reader.fail(node, f"{what} varies (a range or choices)",
                             "one value; ranges and choices are for cards of type: template")

    def choices(self, node: Node, what: str, read: Any) -> Spec:
        self.not_template(node, what)
        reader = self.reader
        if isinstance(node, MappingNode):
            fields = reader.fields(node, f"the choices of {what}", ("choices",), ("choices",))
            if "choices" not in fields:
                raise Invalid
            node = fields["choices"]
        items = reader.sequence(node, f"the choices of {what}")
        if not items:
            reader.fail(node, f"the choices of {what} are empty", "at least one choice")
        options = []
        failed = False
        for item in items:
            try:
                options.append(read(item))
            except Invalid:
                failed = True
        if failed:
            raise Invalid
        return Choice(tuple(options))

    def range(self, node: MappingNode, what: str, minimum: int) -> Spec:
        self.not_template(node, what)
        reader = self.reader
        fields = reader.fields(node, f"the range of {what}", RANGE_KEYS, ("min", "max"))
        if "min" not in fields or "max" not in fields:
            raise Invalid
        low = reader.integer(fields["min"], f"the minimum of {what}", minimum)
        high = reader.integer(fields["max"], f"the maximum of {what}", minimum)
        step = reader.integer(fields["step"], f"the step of {what}", 1) if "step" in fields \
            else 1
        if high < low:
            reader.fail(fields["max"], f"the maximum of {what} ({high}) is below its minimum "
                        f"({low})", f"max of at least {low}")
        return Range(low, high, step)



def _numbers(count: int) -> str:
    return f"{count} number" if count == 1 else f"{count} numbers"
