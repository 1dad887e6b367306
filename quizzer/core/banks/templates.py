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


Spec = Fixed | Range | Choice | Repeat | Each | LayerTemplate


@dataclass(frozen=True)
class ModelTemplate:
    """An input shape and layers whose sizes may vary."""

    input_shape: Each
    layers: tuple[LayerTemplate, ...]


def draw(spec: Spec, rng: random.Random) -> Any:
    """One concrete value for the spec."""
    if isinstance(spec, Fixed):
        return spec.value
    if isinstance(spec, Range):
        return rng.randrange(spec.low, spec.high + 1, spec.step)
    if isinstance(spec, Choice):
        return rng.choice(spec.options)
    if isinstance(spec, Repeat):
        return (draw(spec.inner, rng),) * spec.times
    if isinstance(spec, Each):
        return tuple(draw(item, rng) for item in spec.items)
    return spec.cls(**{name: draw(value, rng) for name, value in spec.fields})


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
