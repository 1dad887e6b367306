"""A second model for comparison questions: the first with one instructive change.

Each change is one a learner should be able to weigh: twice the units, no bias, a 5×5 kernel,
a separable instead of a standard convolution, GRU instead of LSTM, Flatten instead of global
pooling, a BatchNorm more, more attention heads (which changes nothing in PyTorch).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from quizzer.core.counting import ModelReport
from quizzer.core.layers import (
    GRU,
    LSTM,
    BatchNormalization,
    Conv2D,
    Dense,
    Flatten,
    GlobalAveragePooling2D,
    Layer,
    MultiHeadAttention,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.model import Framework, Model, Shape


@dataclass(frozen=True)
class Variation:
    """The other model and where it differs."""

    model: Model
    index: int
    """0-based index (in the other model) of the changed or inserted layer."""
    old: Layer | None
    """The layer it replaces; None when the layer was inserted."""


SMALL = 10
"""At difficulty 1 a changed width stays at most this (numbers to multiply in your head)."""


def _changes(layer: Layer, framework: Framework, seed_sized: bool) -> list[Layer]:
    """Instructive replacements for a layer (may be invalid: the caller checks). In
    seed-sized models (difficulty 1) a Dense or Conv2D keeps its kind and small numbers (a
    2×2 kernel becomes 3×3 and the other way round)."""
    if isinstance(layer, Dense):
        options: list[Layer] = [replace(layer, use_bias=not layer.use_bias)]
        if not seed_sized or layer.units * 2 <= SMALL:
            options.insert(0, replace(layer, units=layer.units * 2))
        if layer.units > 1:
            options.append(replace(layer, units=max(layer.units // 2, 1)))
        return options
    if isinstance(layer, Conv2D):
        kernel = layer.kernel_size[0]
        options = [replace(layer, use_bias=not layer.use_bias)]
        if not seed_sized or layer.filters * 2 <= SMALL:
            options.insert(0, replace(layer, filters=layer.filters * 2))
        if seed_sized:  # the seed's kernels: 2×2 and 3×3
            if kernel in (2, 3):
                options.append(replace(layer, kernel_size=(5 - kernel, 5 - kernel)))
            return options
        if kernel in (2, 3) and layer.padding in ("valid", "same"):
            options.append(replace(layer, kernel_size=(kernel + 2, kernel + 2)))
        if layer.groups == 1 and layer.dilation is None and layer.padding in ("valid", "same"):
            strides = layer.stride_tuple
            options.append(SeparableConv2D(layer.filters, (kernel, kernel),
                                           strides=(strides[0], strides[1]),
                                           padding=layer.padding, use_bias=layer.use_bias))
        return options
    if isinstance(layer, LSTM):
        return [GRU(layer.units, layer.return_sequences, layer.use_bias),
                SimpleRNN(layer.units, layer.return_sequences, layer.use_bias)]
    if isinstance(layer, GRU):
        options = [LSTM(layer.units, layer.return_sequences, layer.use_bias)]
        if framework == "keras" and layer.use_bias:
            options.append(replace(layer, reset_after=not layer.reset_after))
        return options
    if isinstance(layer, SimpleRNN):
        return [LSTM(layer.units, layer.return_sequences, layer.use_bias)]
    if isinstance(layer, Flatten):
        return [GlobalAveragePooling2D()]
    if isinstance(layer, GlobalAveragePooling2D):
        return [Flatten()]
    if isinstance(layer, MultiHeadAttention):
        return [replace(layer, num_heads=layer.num_heads * 2)]
    return []


def candidates(
    model: Model, framework: Framework, rng: random.Random, difficulty: int,
) -> list[Variation]:
    """Every single change of the model, in a random order (validity unchecked). At
    difficulty 1 no BatchNorm is added and a Conv2D never becomes separable, so a comparison
    of seed-sized Dense or Conv2D models stays one of Dense or Conv2D models."""
    seed_sized = difficulty == 1
    found: list[Variation] = []
    for index, layer in enumerate(model.layers):
        for new in _changes(layer, framework, seed_sized):
            layers = (*model.layers[:index], new, *model.layers[index + 1:])
            found.append(Variation(Model(model.input_shape, layers), index, layer))
        following = model.layers[index + 1] if index + 1 < len(model.layers) else None
        if seed_sized:
            continue
        if isinstance(layer, Dense | Conv2D) and not isinstance(following, BatchNormalization):
            layers = (*model.layers[: index + 1], BatchNormalization(),
                      *model.layers[index + 1:])
            found.append(Variation(Model(model.input_shape, layers), index + 1, None))
    order = list(range(len(found)))
    rng.shuffle(order)
    return [found[i] for i in order]


def _code(layer: Layer, shape: Shape, framework: Framework) -> str:
    return f"`{layer.keras_code() if framework == 'keras' else layer.torch_code(shape)[0]}`"


def describe(variation: Variation, model: ModelReport, other: ModelReport) -> str:
    """Where `other_model` differs from `model`, in the framework's code."""
    framework, index = other.framework, variation.index
    new = other.layers[index]
    code = _code(new.layer, new.input_shape, framework)
    if variation.old is None:
        return f"`other_model` has an extra {code} after layer {index}"
    old = _code(variation.old, model.layers[index].input_shape, framework)
    return f"layer {index + 1} is {code} in `other_model` but {old} in `model`"
