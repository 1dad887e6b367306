"""Counting: every layer's shapes, weights, formula and counts, and the model's totals."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from quizzer.core.errors import ShapeError, UnsupportedError
from quizzer.core.layers.base import Layer
from quizzer.core.model import Formula, Framework, Model, Shape, Weight


@dataclass(frozen=True)
class LayerReport:
    """One layer of a model, analysed under one framework."""

    index: int
    name: str
    layer: Layer
    input_shape: Shape
    output_shape: Shape
    weights: tuple[Weight, ...]
    formula: Formula

    @property
    def trainable(self) -> int:
        return sum(w.size for w in self.weights if w.trainable and not w.buffer)

    @property
    def non_trainable(self) -> int:
        return sum(w.size for w in self.weights if not w.trainable and not w.buffer)

    @property
    def buffers(self) -> int:
        return sum(w.size for w in self.weights if w.buffer)

    @property
    def params(self) -> int:
        """Trainable plus non-trainable parameters (never buffers)."""
        return self.trainable + self.non_trainable

    def type_name(self, framework: Framework) -> str:
        """The layer's type as the framework names it: the Keras class (`Conv2D`) for Keras;
        for PyTorch the module class it renders as (`Conv2d`, `Linear`, `LSTM`), joined with
        `+` when it renders as several (`Conv2d+ReLU`, `Conv2d+Conv2d`)."""
        if framework == "keras":
            return self.layer.kind
        return torch_type_name(self.layer, self.input_shape)


@dataclass(frozen=True)
class ModelReport:
    """A model analysed under one framework: per-layer reports and totals."""

    framework: Framework
    model: Model
    layers: tuple[LayerReport, ...]

    @property
    def total(self) -> int:
        return sum(r.params for r in self.layers)

    @property
    def trainable(self) -> int:
        return sum(r.trainable for r in self.layers)

    @property
    def non_trainable(self) -> int:
        return sum(r.non_trainable for r in self.layers)

    @property
    def buffers(self) -> int:
        return sum(r.buffers for r in self.layers)

    @property
    def output_shape(self) -> Shape:
        return self.layers[-1].output_shape if self.layers else self.model.input_shape


_TORCH_CLASS = re.compile(r"nn\.(\w+)\(")


def torch_type_name(layer: Layer, shape: Shape) -> str:
    """The PyTorch module class(es) of `layer.torch_code(shape)`, e.g. `BatchNorm2d` or
    `AdaptiveAvgPool2d+Flatten`."""
    classes = [m.group(1) for code in layer.torch_code(shape) if (m := _TORCH_CLASS.match(code))]
    return "+".join(classes) or layer.kind


def layer_names(layers: tuple[Layer, ...]) -> tuple[str, ...]:
    """Keras-style names: `dense`, `dense_1`, `conv2d`, ... in order."""
    seen: Counter[str] = Counter()
    names = []
    for layer in layers:
        base = snake(layer.kind)
        names.append(base if seen[base] == 0 else f"{base}_{seen[base]}")
        seen[base] += 1
    return tuple(names)


@cache
def snake(kind: str) -> str:
    """`MaxPooling2D` -> `max_pooling2d`, as Keras names its layers (cached: a few dozen
    kinds, asked for by every analysis)."""
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", kind)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def analyze(model: Model, framework: Framework) -> ModelReport:
    """Shapes, weights and formulas of every layer.

    A ShapeError or UnsupportedError names the failing layer by position and name.
    """
    if not model.layers:
        raise ShapeError("the model has no layers")
    reports = []
    shape = model.input_shape
    for index, (name, layer) in enumerate(
        zip(layer_names(model.layers), model.layers, strict=True)
    ):
        try:
            out = layer.output_shape(shape)
            layer.check(shape, framework)
            report = LayerReport(
                index, name, layer, shape, out, layer.weights(shape, framework),
                layer.formula(shape, framework),
            )
        except (ShapeError, UnsupportedError) as error:
            raise type(error)(f"layer {index + 1} ({name}), {error}") from None
        reports.append(report)
        shape = out
    return ModelReport(framework, model, tuple(reports))
