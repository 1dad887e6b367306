"""Template cards: layer sizes given as ranges or choices, drawn anew with a seeded Random."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from quizzer.core.layers.base import Layer
from quizzer.core.model import Model


@dataclass(frozen=True)
class Fixed:
    """A value that never changes."""

    value: Any


@dataclass(frozen=True)
class Range:
    """A whole number from `low` to `high` inclusive, in steps of `step`."""

    low: int
    high: int
    step: int = 1


@dataclass(frozen=True)
class Choice:
    """One of the options, each equally likely."""

    options: tuple[Any, ...]


@dataclass(frozen=True)
class Repeat:
    """One draw repeated `times` times, as a tuple: a square kernel `(k, k)`."""

    inner: Spec
    times: int


@dataclass(frozen=True)
class Each:
    """A tuple drawn element by element."""

    items: tuple[Spec, ...]


@dataclass(frozen=True)
class LayerTemplate:
    """A layer type and a spec for each field written in the bank."""

    cls: type[Layer]
    fields: tuple[tuple[str, Spec], ...]
    fixed: Layer | None = None
    """The layer itself, when no field varies (see `layer_template`)."""


def layer_template(cls: type[Layer], fields: tuple[tuple[str, Spec], ...]) -> LayerTemplate:
    """A layer template, with its layer built once when nothing in it varies."""
    template = LayerTemplate(cls, fields)
    for _, spec in fields:
        if not (isinstance(spec, Fixed) or (isinstance(spec, LayerTemplate)
                                            and spec.fixed is not None)):
            return template
    return LayerTemplate(cls, fields, draw(template, _UNUSED))


Spec = Fixed | Range | Choice | Repeat | Each | LayerTemplate


@dataclass(frozen=True)
class ModelTemplate:
    """An input shape and layers whose sizes may vary."""

    input_shape: Each | Fixed
    layers: tuple[LayerTemplate, ...]


def draw(spec: Spec, rng: random.Random) -> Any:
    """One concrete value for the spec."""
    if isinstance(spec, Fixed):
        return spec.value
    if isinstance(spec, LayerTemplate) and spec.fixed is not None:
        return spec.fixed
    if isinstance(spec, Range):
        return rng.randrange(spec.low, spec.high + 1, spec.step)
    if isinstance(spec, Choice):
        return rng.choice(spec.options)
    if isinstance(spec, Repeat):
        return (draw(spec.inner, rng),) * spec.times
    if isinstance(spec, Each):
        return tuple(draw(item, rng) for item in spec.items)
    return build_layer(spec.cls, tuple((name, draw(value, rng)) for name, value in spec.fields))


_UNUSED = random.Random(0)
"""For drawing what does not vary."""
_LAYERS: dict[tuple[type[Layer], tuple[tuple[str, Any], ...]], Layer] = {}
_MAX_SHARED = 50_000


def build_layer(cls: type[Layer], fields: tuple[tuple[str, Any], ...]) -> Layer:
    """The layer with these fields. Layers are immutable, so equal ones are shared: banks
    repeat the same layers (Dense(10), Flatten(), BatchNormalization()) card after card, and a
    shared layer's label and checks are worked out once."""
    key = (cls, fields)
    layer = _LAYERS.get(key)
    if layer is None:
        if len(_LAYERS) >= _MAX_SHARED:
            _LAYERS.clear()
        layer = _LAYERS[key] = cls(**dict(fields))
    return layer


def varies(spec: Spec) -> bool:
    """True when drawing can give different values."""
    if isinstance(spec, Fixed):
        return False
    if isinstance(spec, Range):
        return spec.high > spec.low
    if isinstance(spec, Choice):
        return len(set(map(repr, spec.options))) > 1
    if isinstance(spec, Repeat):
        return varies(spec.inner)
    if isinstance(spec, Each):
        return any(varies(item) for item in spec.items)
    return any(varies(value) for _, value in spec.fields)


def draw_model(template: ModelTemplate, rng: random.Random) -> Model:
    """A concrete model (it may still be impossible: the caller analyses it)."""
    shape = draw(template.input_shape, rng)
    return Model(shape, tuple(draw(layer, rng) for layer in template.layers))


def template_varies(template: ModelTemplate) -> bool:
    return varies(template.input_shape) or any(varies(layer) for layer in template.layers)
