"""Keras layer calls -> catalogue layers: each layer's real Keras 3 signature and checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from quizzer.core.layers import (
    GRU,
    LAYER_TYPES,
    LSTM,
    Activation,
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
    Layer,
    LayerNormalization,
    MultiHeadAttention,
    Recurrent,
    Reshape,
    SeparableConv2D,
    SimpleRNN,
)
from quizzer.core.layers.conv import Conv
from quizzer.core.layers.dense import TORCH_ACTIVATIONS
from quizzer.core.layers.pooling import GlobalPooling, Pooling
from quizzer.core.parsing.arguments import Args, Signature
from quizzer.core.parsing.values import dotted

KERAS_ACTIVATIONS = frozenset({
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold",
})
"""The names `keras.activations` knows."""

_KEPT_ACTIVATIONS = frozenset(TORCH_ACTIVATIONS) | {"linear"}
"""Activations kept on a Dense/Conv layer (others are dropped: they never change counts)."""

INPUT_KEYWORDS = ("input_shape", "input_dim", "batch_input_shape")
"""Keras 2 ways to give the input shape on a layer."""
COMMON = frozenset({"name", "dtype", "autocast", "batch_size"})
WEIGHT_OPTIONS = frozenset({
    "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "bias_constraint",
})
SPLIT_OPTIONS = frozenset({
    "depthwise_initializer", "pointwise_initializer", "bias_initializer",
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint",
})
RNN_OPTIONS = frozenset({
    "activation", "recurrent_activation", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed", "go_backwards", "stateful",
    "unroll", "use_cudnn",
})
NORM_OPTIONS = frozenset({
    "momentum", "epsilon", "beta_initializer", "gamma_initializer", "moving_mean_initializer",
    "moving_variance_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
    "gamma_constraint", "renorm_clipping", "renorm_momentum", "synchronized",
})


@dataclass(frozen=True)
class KerasLayerType:
    """How to read one Keras layer class."""

    signature: Signature
    build: Callable[[Args], Layer] | None
    """None for Bidirectional, which wraps another layer call (see `bidirectional`)."""


def activation(args: Args, name: str = "activation") -> str | None:
    """The activation's name (`"relu"`, `tf.nn.relu`, `keras.activations.relu`) or None."""
    node = args.nodes.get(name)
    if node is None:
        return None
    path = dotted(node)
    value = path.rsplit(".", 1)[-1] if path is not None else args.value(name)
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in KERAS_ACTIVATIONS:
        raise args.error(f"unknown activation {value!r}", name)
    return value.lower()


def _kept(args: Args) -> str | None:
    name = activation(args)
    return name if name in _KEPT_ACTIVATIONS else None


def _channels_last(args: Args) -> None:
    args.only("data_format", None, "channels_last",
              why="quizzer reads channels-last Keras models")


def _opt(values: tuple[int, ...]) -> tuple[int, ...] | None:
    return None if all(v == 1 for v in values) else values


def _dense(args: Args) -> Layer:
    args.only("lora_rank", None, why="LoRA adds weights quizzer does not count")
    return Dense(args.size("units"), use_bias=args.flag("use_bias", True), activation=_kept(args))


def _conv(cls: type[Conv], rank: int) -> Callable[[Args], Layer]:
    def build(args: Args) -> Layer:
        _channels_last(args)
        written = args.value("padding", "valid")
        if isinstance(written, str) and written.lower() == "causal":
            raise args.error(
                "padding='causal' is not supported (quizzer reads 'valid' and 'same')",
                "padding")
        padding = args.choice("padding", ("valid", "same"), "valid")
        return cls(
            args.size("filters"),
            args.sizes("kernel_size", rank),
            strides=_opt(args.sizes("strides", rank, 1)),
            padding=padding,
            dilation=_opt(args.sizes("dilation_rate", rank, 1)),
            groups=args.size("groups", 1),
            use_bias=args.flag("use_bias", True),
            activation=_kept(args),
        )

    return build


def _no_dilation(args: Args, rank: int) -> None:
    if _opt(args.sizes("dilation_rate", rank, 1)) is not None:
        raise args.error("dilation_rate is not supported on this layer", "dilation_rate")


class _Window2D(TypedDict):
    kernel_size: tuple[int, int]
    strides: tuple[int, int]
    padding: str
    use_bias: bool


def _window_2d(args: Args) -> _Window2D:
    """The options the 2-D depthwise, separable and transposed convolutions share."""
    _channels_last(args)
    _no_dilation(args, 2)
    kernel = args.sizes("kernel_size", 2)
    strides = args.sizes("strides", 2, 1)
    return {
        "kernel_size": (kernel[0], kernel[1]),
        "strides": (strides[0], strides[1]),
        "padding": args.choice("padding", ("valid", "same"), "valid"),
        "use_bias": args.flag("use_bias", True),
    }


def _depthwise(args: Args) -> Layer:
    window = _window_2d(args)
    return DepthwiseConv2D(depth_multiplier=args.size("depth_multiplier", 1), **window)


def _separable(args: Args) -> Layer:
    window = _window_2d(args)
    return SeparableConv2D(
        args.size("filters"), depth_multiplier=args.size("depth_multiplier", 1), **window
    )


def _transpose(args: Args) -> Layer:
    args.only("output_padding", None, why="only the default output size is supported")
    return Conv2DTranspose(args.size("filters"), **_window_2d(args))


def _batchnorm(args: Args) -> Layer:
    args.only("axis", -1, why="quizzer normalizes the last (channel) axis")
    args.only("center", True, why="beta is always counted")
    args.only("scale", True, why="gamma is always counted")
    args.only("renorm", False, why="renormalization adds weights quizzer does not count")
    return BatchNormalization()


def _layernorm(args: Args) -> Layer:
    args.only("axis", -1, (-1,), why="quizzer normalizes the last axis")
    args.only("center", True, why="beta is always counted")
    args.only("scale", True, why="gamma is always counted")
    args.only("rms_scaling", False, why="RMS scaling drops beta")
    return LayerNormalization()


def _embedding(args: Args) -> Layer:
    args.only("lora_rank", None, why="LoRA adds weights quizzer does not count")
    args.only("weights", None, why="initial weights are not read")
    return Embedding(args.size("input_dim"), args.size("output_dim"))


def _recurrent(cls: type[Recurrent]) -> Callable[[Args], Layer]:
    def build(args: Args) -> Layer:
        args.only("return_state", False, why="the model must return one tensor")
        units = args.size("units")
        sequences = args.flag("return_sequences", False)
        use_bias = args.flag("use_bias", True)
        if cls is GRU:
            return GRU(units, sequences, use_bias, reset_after=args.flag("reset_after", True))
        return cls(units, sequences, use_bias)

    return build


def bidirectional(args: Args, inner: Layer) -> Layer:
    """`Bidirectional(LSTM(...))`: the wrapped layer is read by the caller."""
    args.only("merge_mode", "concat", why="only concatenated outputs are supported")
    args.only("backward_layer", None, why="the backward layer mirrors the forward one")
    if not isinstance(inner, Recurrent):
        raise args.error(
            f"wraps a recurrent layer (SimpleRNN, LSTM, GRU), not {inner.kind}", "layer"
        )
    return Bidirectional(inner)


def _attention(args: Args) -> Layer:
    key_dim = args.size("key_dim")
    if args.value("value_dim") is not None and args.size("value_dim") != key_dim:
        raise args.error("value_dim different from key_dim is not supported", "value_dim")
    args.only("output_shape", None, why="the output keeps the query's width")
    args.only("attention_axes", None, why="attention runs over the sequence axis")
    args.only("use_gate", False, why="gating adds weights quizzer does not count")
    return MultiHeadAttention(
        args.size("num_heads"), key_dim, use_bias=args.flag("use_bias", True)
    )


def _reshape(args: Args) -> Layer:
    value = args.required("target_shape")
    if not isinstance(value, tuple) or not value or not all(
        isinstance(d, int) and not isinstance(d, bool) and (d > 0 or d == -1) for d in value
    ):
        raise args.error("target_shape must be a tuple of positive sizes (one may be -1)",
                         "target_shape")
    if sum(1 for d in value if d == -1) > 1:
        raise args.error("target_shape may have only one -1", "target_shape")
    return Reshape(tuple(d for d in value if isinstance(d, int)))


def _pooling(cls: type[Pooling], rank: int, default: int | None) -> Callable[[Args], Layer]:
    def build(args: Args) -> Layer:
        _channels_last(args)
        size = args.sizes("pool_size", rank, default)
        strides = None if args.value("strides") is None else args.sizes("strides", rank)
        padding = args.choice("padding", ("valid", "same"), "valid")
        return cls(size, strides=None if strides == size else strides, padding=padding)

    return build


def _global(cls: type[GlobalPooling]) -> Callable[[Args], Layer]:
    def build(args: Args) -> Layer:
        _channels_last(args)
        args.only("keepdims", False, why="the output has one value per channel")
        return cls()

    return build


def _dropout(args: Args) -> Layer:
    return Dropout(args.rate("rate"))


def _activation_layer(args: Args) -> Layer:
    if not args.has("activation"):
        raise args.error("needs an activation, e.g. Activation('relu')")
    name = activation(args)
    return Activation(name or "linear")


def _fixed(function: str) -> Callable[[Args], Layer]:
    def build(args: Args) -> Layer:
        return Activation(function)

    return build


def _sig(positional: tuple[str, ...], ignored: frozenset[str] = frozenset(),
         keywords: tuple[str, ...] = ()) -> Signature:
    return Signature(positional, (*keywords, "trainable", *INPUT_KEYWORDS), ignored | COMMON)


_CONV_POSITIONAL = ("filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate", "groups", "activation", "use_bias")
_RNN_POSITIONAL = ("units", "activation", "use_bias")
_RNN_KEYWORDS = ("return_sequences", "return_state")


def _layer_types() -> dict[str, KerasLayerType]:
    types: dict[str, KerasLayerType] = {
        "Dense": KerasLayerType(
            _sig(("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                  "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                  "kernel_constraint", "bias_constraint"),
                 WEIGHT_OPTIONS | {"lora_alpha", "quantization_config"}, ("lora_rank",)),
            _dense,
        ),
        "DepthwiseConv2D": KerasLayerType(
            _sig(("kernel_size", "strides", "padding", "depth_multiplier", "data_format",
                  "dilation_rate", "activation", "use_bias"), SPLIT_OPTIONS | {"activation"}),
            _depthwise,
        ),
        "SeparableConv2D": KerasLayerType(
            _sig(("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                  "depth_multiplier", "activation", "use_bias"), SPLIT_OPTIONS | {"activation"}),
            _separable,
        ),
        "Conv2DTranspose": KerasLayerType(
            _sig(("filters", "kernel_size", "strides", "padding", "output_padding",
                  "data_format", "dilation_rate", "activation", "use_bias"),
                 WEIGHT_OPTIONS | {"activation"}),
            _transpose,
        ),
        "BatchNormalization": KerasLayerType(
            _sig(("axis", "momentum", "epsilon", "center", "scale"), NORM_OPTIONS,
                 ("renorm",)),
            _batchnorm,
        ),
        "LayerNormalization": KerasLayerType(
            _sig(("axis", "epsilon", "center", "scale"), NORM_OPTIONS, ("rms_scaling",)),
            _layernorm,
        ),
        "Embedding": KerasLayerType(
            _sig(("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                  "embeddings_constraint", "mask_zero", "weights"),
                 frozenset({"embeddings_initializer", "embeddings_regularizer",
                            "embeddings_constraint", "mask_zero", "lora_alpha",
                            "quantization_config"}), ("lora_rank", "input_length")),
            _embedding,
        ),
        "SimpleRNN": KerasLayerType(
            _sig(_RNN_POSITIONAL, RNN_OPTIONS, _RNN_KEYWORDS), _recurrent(SimpleRNN)
        ),
        "LSTM": KerasLayerType(
            _sig(("units", "activation", "recurrent_activation", "use_bias"), RNN_OPTIONS,
                 _RNN_KEYWORDS),
            _recurrent(LSTM),
        ),
        "GRU": KerasLayerType(
            _sig(("units", "activation", "recurrent_activation", "use_bias"), RNN_OPTIONS,
                 (*_RNN_KEYWORDS, "reset_after")),
            _recurrent(GRU),
        ),
        "Bidirectional": KerasLayerType(
            _sig(("layer", "merge_mode", "weights", "backward_layer"), frozenset({"weights"})),
            None,
        ),
        "MultiHeadAttention": KerasLayerType(
            _sig(("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape",
                  "attention_axes"),
                 WEIGHT_OPTIONS | {"dropout", "seed", "flash_attention", "sliding_window"},
                 ("use_gate",)),
            _attention,
        ),
        "Flatten": KerasLayerType(_sig(("data_format",)), _flatten),
        "Reshape": KerasLayerType(_sig(("target_shape",)), _reshape),
        "Dropout": KerasLayerType(
            _sig(("rate", "noise_shape", "seed"), frozenset({"noise_shape", "seed"})), _dropout
        ),
        "Activation": KerasLayerType(_sig(("activation",)), _activation_layer),
        "ReLU": KerasLayerType(
            _sig(("max_value", "negative_slope", "threshold"),
                 frozenset({"max_value", "negative_slope", "threshold"})),
            _fixed("relu"),
        ),
        "Softmax": KerasLayerType(_sig(("axis",), frozenset({"axis"})), _fixed("softmax")),
        "LeakyReLU": KerasLayerType(
            _sig(("negative_slope",), frozenset({"negative_slope", "alpha"})),
            _fixed("leaky_relu"),
        ),
        "ELU": KerasLayerType(_sig(("alpha",), frozenset({"alpha"})), _fixed("elu")),
    }
    for rank, cls in ((1, Conv1D), (2, Conv2D), (3, Conv3D)):
        entry = KerasLayerType(_sig(_CONV_POSITIONAL, WEIGHT_OPTIONS), _conv(cls, rank))
        types[f"Conv{rank}D"] = types[f"Convolution{rank}D"] = entry
        spatial = KerasLayerType(
            _sig(("rate", "data_format", "seed"), frozenset({"seed"})), _spatial_dropout
        )
        types[f"SpatialDropout{rank}D"] = spatial
        for mode, short in (("Max", "Max"), ("Average", "Avg")):
            pool = LAYER_TYPES[f"{mode}Pooling{rank}D"]
            assert issubclass(pool, Pooling)
            pooling = KerasLayerType(
                _sig(("pool_size", "strides", "padding", "data_format")),
                _pooling(pool, rank, 2 if mode == "Max" else None),
            )
            types[f"{mode}Pooling{rank}D"] = types[f"{short}Pool{rank}D"] = pooling
            glob = LAYER_TYPES[f"Global{mode}Pooling{rank}D"]
            assert issubclass(glob, GlobalPooling)
            global_type = KerasLayerType(_sig(("data_format", "keepdims")), _global(glob))
            types[f"Global{mode}Pooling{rank}D"] = types[f"Global{short}Pool{rank}D"] = global_type
    return types


def _flatten(args: Args) -> Layer:
    _channels_last(args)
    return Flatten()


def _spatial_dropout(args: Args) -> Layer:
    _channels_last(args)
    return Dropout(args.rate("rate"))


KERAS_LAYERS = _layer_types()
"""Every Keras layer class quizzer reads, by name (aliases such as MaxPool2D included)."""
