"""Counting: every layer's shapes, weights, formula and counts, and the model's totals."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

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
    framework: Framework
    trainable: int
    """Trainable parameters (buffers are never parameters)."""
    non_trainable: int
    buffers: int
    """Values a PyTorch module keeps that are not parameters (BatchNorm's running statistics)."""

    @cached_property
    def formula(self) -> Formula:
        """The count as symbols, numbers and value (worked out when first asked for: a third
        of an analysis' time, and bank validation needs only the counts)."""
        return self.layer.formula(self.input_shape, self.framework)

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


class LayerFailure(Exception):
    """The layer at `index` (0-based), named `name`, rejects its input; `error` says why (a
    QuizzerError, or an engine bug)."""

    def __init__(self, index: int, name: str, error: Exception) -> None:
        super().__init__(f"layer {index + 1} ({name}), {error}")
        self.index = index
        self.name = name
        self.error = error


CACHE_SIZE = 4096
"""Analyses remembered: small models repeat often (a generator draws the same ones again, a
bank asks several questions about one model); models and reports are immutable."""


@lru_cache(maxsize=CACHE_SIZE)
def analysis(model: Model, framework: Framework) -> ModelReport:
    """`analyze`, raising LayerFailure (the layer's index and its original error) when a layer
    fails, whatever the error; a model without layers is a ShapeError. Failures are not
    remembered."""
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
            weights = layer.weights(shape, framework)
        except Exception as error:  # a QuizzerError, or an engine bug: the caller decides
            raise LayerFailure(index, name, error) from None
        reports.append(LayerReport(index, name, layer, shape, out, weights, framework,
                                   *_split(weights)))
        shape = out
    return ModelReport(framework, model, tuple(reports))


def _split(weights: tuple[Weight, ...]) -> tuple[int, int, int]:
    """Trainable, non-trainable and buffer values of a layer's weights, in one pass."""
    trainable = non_trainable = buffers = 0
    for weight in weights:
        if weight.buffer:
            buffers += weight.size
        elif weight.trainable:
            trainable += weight.size
        else:
            non_trainable += weight.size
    return trainable, non_trainable, buffers


def analyze(model: Model, framework: Framework) -> ModelReport:
    """Shapes, weights and formulas of every layer (remembered, see `analysis`).

    A ShapeError or UnsupportedError names the failing layer by position and name.
    """
    try:
        return analysis(model, framework)
    except LayerFailure as failure:
        error = failure.error
        if isinstance(error, (ShapeError, UnsupportedError)):
            raise type(error)(str(failure)) from None
        raise error from None
