"""The layer catalogue: one module per family, each with its shape rule and formulas.

`from quizzer.core.layers import Dense` works as usual, but a layer module is imported only
when one of its names is first asked for (module `__getattr__`): a session of small Dense
models never pays for the recurrent or pooling layers. `LAYER_TYPES` imports them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.core.layers.activation import Activation, Dropout
    from quizzer.core.layers.attention import MultiHeadAttention
    from quizzer.core.layers.base import Layer
    from quizzer.core.layers.batchnorm import BatchNormalization
    from quizzer.core.layers.conv import Conv, Conv1D, Conv2D, Conv3D
    from quizzer.core.layers.dense import Dense
    from quizzer.core.layers.depthwise import DepthwiseConv2D
    from quizzer.core.layers.embedding import Embedding
    from quizzer.core.layers.layernorm import LayerNormalization
    from quizzer.core.layers.pooling import (
        AveragePooling1D,
        AveragePooling2D,
        AveragePooling3D,
        GlobalAveragePooling1D,
        GlobalAveragePooling2D,
        GlobalAveragePooling3D,
        GlobalMaxPooling1D,
        GlobalMaxPooling2D,
        GlobalMaxPooling3D,
        GlobalPooling,
        MaxPooling1D,
        MaxPooling2D,
        MaxPooling3D,
        Pooling,
    )
    from quizzer.core.layers.recurrent import GRU, LSTM, Bidirectional, Recurrent, SimpleRNN
    from quizzer.core.layers.reshaping import Flatten, Reshape
    from quizzer.core.layers.separable import SeparableConv2D
    from quizzer.core.layers.transpose import Conv2DTranspose

    LAYER_TYPES: dict[str, type[Layer]]

_MODULES: dict[str, tuple[str, ...]] = {
    "activation": ("Activation", "Dropout"),
    "attention": ("MultiHeadAttention",),
    "base": ("Layer",),
    "batchnorm": ("BatchNormalization",),
    "conv": ("Conv", "Conv1D", "Conv2D", "Conv3D"),
    "dense": ("Dense",),
    "depthwise": ("DepthwiseConv2D",),
    "embedding": ("Embedding",),
    "layernorm": ("LayerNormalization",),
    "pooling": (
        "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D",
        "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D",
        "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalPooling", "MaxPooling1D",
        "MaxPooling2D", "MaxPooling3D", "Pooling",
    ),
    "recurrent": ("GRU", "LSTM", "Bidirectional", "Recurrent", "SimpleRNN"),
    "reshaping": ("Flatten", "Reshape"),
    "separable": ("SeparableConv2D",),
    "transpose": ("Conv2DTranspose",),
}
"""Each layer module and the public names it defines."""
_HOME = {name: module for module, names in _MODULES.items() for name in names}

_CATALOGUE = (
    "Dense", "Conv1D", "Conv2D", "Conv3D", "DepthwiseConv2D", "SeparableConv2D",
    "Conv2DTranspose", "BatchNormalization", "LayerNormalization", "Embedding", "SimpleRNN",
    "LSTM", "GRU", "Bidirectional", "MultiHeadAttention", "Flatten", "Reshape", "MaxPooling1D",
    "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalAveragePooling3D", "Dropout", "Activation",
)
"""The concrete layer types, in the order `LAYER_TYPES` lists them."""


def __getattr__(name: str) -> object:
    """Import the module that defines `name` on first use, and keep the name here."""
    if name == "LAYER_TYPES":
        value: object = {cls.kind: cls for cls in map(_load, _CATALOGUE)}
    elif name in _HOME:
        value = _load(name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _load(name: str) -> type[Layer]:
    cls: type[Layer] = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    return cls


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "GRU", "LAYER_TYPES", "LSTM", "Activation", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "BatchNormalization", "Bidirectional", "Conv", "Conv1D", "Conv2D",
    "Conv2DTranspose", "Conv3D", "Dense", "DepthwiseConv2D", "Dropout", "Embedding", "Flatten",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalPooling", "Layer",
    "LayerNormalization", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "MultiHeadAttention",
    "Pooling", "Recurrent", "Reshape", "SeparableConv2D", "SimpleRNN",
]
