"""Hand-written models: every layer type at least once per framework, and the tricky layouts."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core.layers import (
    GRU,
    LSTM,
    Activation,
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    BatchNormalization,
    Bidirectional,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Dense,
    DepthwiseConv2D,
    Dropout,
    Embedding,
    Flatten,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    Layer,
    LayerNormalization,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    MultiHeadAttention,
    Reshape,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.model import FRAMEWORKS, Framework, Model


def vgg16() -> Model:
    """VGG16 as in Keras applications (include_top): 138,357,544 parameters."""
    layers: list[Layer] = []
    for filters, repeat in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        layers += [Conv2D(filters, (3, 3), padding="same", activation="relu")] * repeat
        layers.append(MaxPooling2D((2, 2)))
    layers += [Flatten(), Dense(4096, activation="relu"), Dense(4096, activation="relu"),
               Dense(1000, activation="softmax")]
    return Model((224, 224, 3), tuple(layers))


@dataclass(frozen=True)
class Case:
    id: str
    model: Model
    frameworks: tuple[Framework, ...] = FRAMEWORKS


def case(id: str, input_shape: tuple[int | None, ...], *layers: object,
         only: Framework | None = None) -> Case:
    model = Model(input_shape, tuple(layers))  # type: ignore[arg-type]
    return Case(id, model, FRAMEWORKS if only is None else (only,))


CASES: tuple[Case, ...] = (
    # The seed's four examples.
    case("seed-dense-32", (3,), Dense(5), Dense(2)),
    case("seed-dense-10451", (50,), Dense(100), Dense(1), Dense(100), Dense(50)),
    case("seed-conv-15", (None, None, 1), Conv2D(3, (2, 2)), only="keras"),
    case("seed-conv-13", (None, None, 3), Conv2D(1, (2, 2)), only="keras"),
    case("seed-conv-15-known", (5, 5, 1), Conv2D(3, (2, 2))),
    case("seed-conv-13-known", (5, 4, 3), Conv2D(1, (2, 2))),
    # Dense.
    case("dense-no-bias-activations", (7,), Dense(4, use_bias=False, activation="relu"),
         Dense(3, activation="softmax"), Dense(2, activation="linear")),
    case("dense-on-sequence", (5, 6), Dense(4), Dense(3, activation="softmax")),
    case("dense-after-conv-no-flatten", (9, 8, 3), Conv2D(4, (3, 3)), Dense(5),
         Dense(2, activation="softmax")),
    case("dense-after-conv3d", (5, 6, 7, 2), Conv3D(3, (2, 2, 2)), Dense(4)),
    # Convolutions.
    case("conv1d-options", (20, 4), Conv1D(8, (3,), strides=(2,), activation="relu"),
         Conv1D(8, (3,), padding="same", dilation=(2,), groups=4, use_bias=False),
         Conv1D(2, (5,), padding=2)),
    case("conv2d-options", (17, 15, 6), Conv2D(6, (3, 5), strides=(2, 1)),
         Conv2D(4, (3, 3), dilation=(2, 2), groups=2, activation="softmax"),
         Conv2D(5, (2, 2), padding="same", use_bias=False)),
    case("conv2d-explicit-padding-as-same", (8, 8, 2), Conv2D(3, (3, 3), padding=1)),
    case("conv2d-explicit-padding", (8, 8, 2), Conv2D(3, (3, 3), strides=(2, 2), padding=2),
         only="pytorch"),
    case("conv2d-dilation-and-strides", (16, 16, 2),
         Conv2D(3, (3, 3), strides=(2, 2), dilation=(2, 2)), only="pytorch"),
    case("conv2d-same-strided", (9, 9, 2), Conv2D(3, (3, 3), strides=(2, 2), padding="same"),
         only="keras"),
    case("conv3d-options", (6, 7, 8, 4), Conv3D(4, (3, 3, 3), padding="same", groups=2),
         Conv3D(2, (2, 3, 2), strides=(2, 1, 2))),
    case("depthwise", (12, 10, 3), DepthwiseConv2D((3, 3), depth_multiplier=2,
                                                   strides=(2, 2)),
         DepthwiseConv2D((2, 2), padding="same", use_bias=False)),
    case("separable", (12, 10, 3), SeparableConv2D(8, (3, 3), depth_multiplier=2),
         SeparableConv2D(4, (3, 3), strides=(2, 2), use_bias=False)),
    case("separable-same", (12, 10, 3), SeparableConv2D(5, (3, 3), padding="same")),
    case("transpose", (5, 6, 4), Conv2DTranspose(3, (3, 3), strides=(2, 2)),
         Conv2DTranspose(2, (2, 2), strides=(2, 2), padding="same", use_bias=False),
         Conv2DTranspose(2, (2, 2), strides=(3, 3))),
    case("transpose-same-odd", (5, 6, 4), Conv2DTranspose(3, (3, 3), padding="same")),
    case("transpose-same-even", (5, 6, 4), Conv2DTranspose(3, (2, 2), padding="same"),
         only="keras"),
    # Normalization.
    case("batchnorm-vector", (6,), Dense(4), BatchNormalization()),
    case("batchnorm-image", (8, 8, 3), Conv2D(4, (3, 3)), BatchNormalization(),
         Activation("relu")),
    case("batchnorm-sequence", (7, 5), BatchNormalization(), LSTM(3)),
    case("batchnorm-volume", (4, 5, 6, 2), BatchNormalization(), Conv3D(2, (2, 2, 2))),
    case("layernorm-image", (6, 7, 3), Conv2D(4, (3, 3)), LayerNormalization(),
         Flatten(), Dense(2)),
    case("layernorm-sequence", (5, 8), LayerNormalization(), GRU(4)),
    # Embedding and recurrent layers.
    case("embedding-conv1d", (10,), Embedding(50, 8), Conv1D(4, (3,)),
         GlobalMaxPooling1D(), Dense(1, activation="sigmoid")),
    case("embedding-flatten", (6,), Embedding(30, 4), Flatten(), Dense(3)),
    case("simple-rnn", (9,), Embedding(20, 5), SimpleRNN(6, return_sequences=True),
         SimpleRNN(3, use_bias=False)),
    case("lstm", (8, 4), LSTM(5, return_sequences=True), LSTM(3), Dense(2)),
    case("gru-reset-after", (8, 4), GRU(5, return_sequences=True), GRU(3, use_bias=False)),
    case("gru-reset-before", (8, 4), GRU(5, reset_after=False), only="keras"),
    case("bidirectional", (8, 4), Bidirectional(LSTM(5, return_sequences=True)),
         Bidirectional(GRU(3)), Dense(2)),
    case("bidirectional-simple-rnn", (6, 3), Bidirectional(SimpleRNN(4, use_bias=False))),
    case("bidirectional-gru-reset-before", (6, 3), Bidirectional(GRU(4, reset_after=False)),
         only="keras"),
    case("conv-then-lstm", (16, 3), Conv1D(6, (3,), activation="relu"), MaxPooling1D((2,)),
         LSTM(4)),
    # Attention.
    case("attention-global-pool", (6, 8), MultiHeadAttention(2, 4),
         GlobalAveragePooling1D(), Dense(3)),
    case("attention-no-bias", (5, 6), MultiHeadAttention(3, 5, use_bias=False),
         LayerNormalization()),
    case("attention-after-embedding", (7,), Embedding(40, 8), MultiHeadAttention(4, 2),
         Dense(8), GlobalMaxPooling1D()),
    case("attention-after-conv1d", (12, 3), Conv1D(6, (3,)), MultiHeadAttention(2, 3),
         Conv1D(2, (2,))),
    # Zero-parameter layers.
    case("pooling-1d", (20, 3), MaxPooling1D((3,)), AveragePooling1D((2,), strides=(1,)),
         GlobalAveragePooling1D()),
    case("pooling-2d", (15, 14, 2), MaxPooling2D((2, 2)),
         AveragePooling2D((3, 2), strides=(2, 1)), GlobalMaxPooling2D()),
    case("pooling-3d", (8, 9, 10, 2), MaxPooling3D((2, 2, 2)),
         AveragePooling3D((2, 1, 2), strides=(1, 1, 2)), GlobalAveragePooling3D()),
    case("pooling-same", (9, 8, 2), MaxPooling2D((2, 2), padding="same"),
         AveragePooling2D((3, 3), strides=(2, 2), padding="same"), only="keras"),
    case("pooling-1d-same", (9, 2), MaxPooling1D((2,), padding="same"),
         AveragePooling1D((3,), padding="same"), only="keras"),
    case("global-max-3d", (4, 5, 6, 3), GlobalMaxPooling3D()),
    case("global-max-1d", (4, 5), GlobalMaxPooling1D()),
    case("global-avg-2d", (4, 5, 6), GlobalAveragePooling2D()),
    case("flatten-reshape", (4, 6, 2), Flatten(), Reshape((6, 8)), Conv1D(3, (2,)),
         Reshape((-1, 3)), Dense(2)),
    case("reshape-to-image", (12,), Reshape((2, 3, 2)), Conv2D(2, (2, 2))),
    case("reshape-after-conv", (6, 6, 2), Conv2D(4, (3, 3)), Reshape((4, 16)), LSTM(2)),
    case("reshape-unknown", (None, 6), Reshape((-1, 3)), Dense(2), only="keras"),
    case("dropout-activation", (5,), Dropout(0.3), Activation("tanh"), Dense(2),
         Activation("softmax"), Activation("linear")),
    case("activation-in-conv-layout", (6, 6, 3), Conv2D(4, (3, 3)), Activation("softmax"),
         Dropout(0.5), MaxPooling2D((2, 2))),
    # Unknown dimensions carried through (Keras only: PyTorch runs a concrete input).
    case("unknown-image", (None, None, 3), Conv2D(4, (3, 3), strides=(2, 2)),
         DepthwiseConv2D((3, 3)), SeparableConv2D(2, (3, 3)),
         Conv2DTranspose(2, (2, 2), strides=(2, 2)), MaxPooling2D((2, 2)),
         GlobalAveragePooling2D(), Dense(2), only="keras"),
    case("unknown-sequence", (None, 5), Conv1D(4, (3,)), LSTM(3, return_sequences=True),
         MultiHeadAttention(2, 2), Flatten(), only="keras"),
    case("unknown-tokens", (None,), Embedding(30, 4), Bidirectional(GRU(3)), only="keras"),
    # A small VGG-like network.
    case("vgg-like", (32, 32, 3), Conv2D(8, (3, 3), padding="same", activation="relu"),
         Conv2D(8, (3, 3), padding="same", activation="relu"), MaxPooling2D((2, 2)),
         Conv2D(16, (3, 3), padding="same", activation="relu"), MaxPooling2D((2, 2)),
         Flatten(), Dense(32, activation="relu"), Dropout(0.5),
         Dense(10, activation="softmax")),
)
