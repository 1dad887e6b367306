"""The layer catalogue: one module per family, each with its shape rule and formulas."""

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

LAYER_TYPES: dict[str, type[Layer]] = {
    cls.kind: cls
    for cls in (
        Dense, Conv1D, Conv2D, Conv3D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose,
        BatchNormalization, LayerNormalization, Embedding, SimpleRNN, LSTM, GRU, Bidirectional,
        MultiHeadAttention, Flatten, Reshape, MaxPooling1D, MaxPooling2D, MaxPooling3D,
        AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalMaxPooling1D,
        GlobalMaxPooling2D, GlobalMaxPooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D,
        GlobalAveragePooling3D, Dropout, Activation,
    )
}
"""Every layer type by its Keras class name."""

__all__ = [
    "GRU", "LAYER_TYPES", "LSTM", "Activation", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "BatchNormalization", "Bidirectional", "Conv", "Conv1D", "Conv2D",
    "Conv2DTranspose", "Conv3D", "Dense", "DepthwiseConv2D", "Dropout", "Embedding", "Flatten",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalPooling", "Layer",
    "LayerNormalization", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "MultiHeadAttention",
    "Pooling", "Recurrent", "Reshape", "SeparableConv2D", "SimpleRNN",
]
