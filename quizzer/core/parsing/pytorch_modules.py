"""PyTorch `nn` module calls -> catalogue layers, with the input size each one declares.

PyTorch modules state their input size (`nn.Linear(3, 5)`), so they also carry it as
`Entry.in_size`, checked against the shape flowing in. A few modules map to more than one
layer (`nn.LSTM(num_layers=2)`), or to none (`nn.Identity`), or combine with a neighbour
(`nn.AdaptiveAvgPool2d(1)` + `nn.Flatten()` is one global pooling layer): see `Piece.role`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

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
    Dropout,
    Embedding,
    Flatten,
    Layer,
    LayerNormalization,
    MultiHeadAttention,
    Recurrent,
    Reshape,
    SimpleRNN,
)
from quizzer.core.layers.conv import Conv
from quizzer.core.layers.dense import TORCH_ACTIVATIONS
from quizzer.core.layers.pooling import GlobalPooling, Pooling
from quizzer.core.parsing.arguments import Args, Signature
from quizzer.core.parsing.entries import Entry
from quizzer.core.parsing.values import Value, show

Role = Literal["layer", "adaptive", "flatten", "unflatten", "reshape"]

DEVICE = frozenset({"device", "dtype"})

def _activation_modules() -> dict[str, str]:
    modules: dict[str, str] = {}
    for function, code in TORCH_ACTIVATIONS.items():
        modules.setdefault(code.removeprefix("nn.").split("(")[0], function)
    return modules


ACTIVATION_MODULES = _activation_modules()
"""PyTorch activation modules (`ReLU`, `Softmax`, `Identity`...) -> the activation's name."""
_ACTIVATION_OPTIONS = {
    "ReLU": ("inplace",), "ReLU6": ("inplace",), "Softmax": ("dim",), "LogSoftmax": ("dim",),
    "GELU": ("approximate",), "LeakyReLU": ("negative_slope", "inplace"),
    "ELU": ("alpha", "inplace"), "SELU": ("inplace",), "SiLU": ("inplace",),
    "Softplus": ("beta", "threshold"), "Mish": ("inplace",), "Hardsigmoid": ("inplace",),
    "Hardswish": ("inplace",),
}


@dataclass(frozen=True)
class Piece:
    """One layer read from a module, and how it combines with its neighbours."""

    entry: Entry
    role: Role = "layer"


@dataclass(frozen=True)
class TorchModuleType:
    signature: Signature
    build: Callable[[Args], list[Piece]]


def piece(args: Args, layer: Layer, in_size: int | None = None, in_what: str = "features",
          ranks: tuple[int, ...] | None = None, role: Role = "layer") -> Piece:
    return Piece(Entry(layer, args.line, args.title, in_size, in_what, ranks), role)


def _opt(values: tuple[int, ...]) -> tuple[int, ...] | None:
    return None if all(v == 1 for v in values) else values


def _padding_values(args: Args, name: str, rank: int) -> int:
    """An explicit padding, the same on every axis (PyTorch allows a tuple)."""
    value: Value = args.value(name, 0)
    values = value if isinstance(value, tuple) else (value,)
    if len(values) not in (1, rank) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values
    ):
        raise args.error(f"{name} must be a whole number >= 0 per axis, got {show(value)}", name)
    if len(set(values)) != 1:
        raise args.error(f"{name}={show(value)} differs between axes, which is not supported",
                         name)
    first = values[0]
    assert isinstance(first, int)
    return first


def _linear(args: Args) -> list[Piece]:
    features = args.size("in_features")
    layer = Dense(args.size("out_features"), use_bias=args.flag("bias", True),
                  in_features=features)
    return [piece(args, layer, features)]


def _conv(cls: type[Conv], rank: int) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        channels = args.size("in_channels")
        filters = args.size("out_channels")
        groups = args.size("groups", 1)
        if channels % groups or filters % groups:
            raise args.error(
                f"in_channels ({channels}) and out_channels ({filters}) must both be "
                f"divisible by groups ({groups})", "groups"
            )
        padding: str | int
        raw = args.value("padding", 0)
        if isinstance(raw, str):
            padding = args.choice("padding", ("valid", "same"), "valid")
        else:
            explicit = _padding_values(args, "padding", rank)
            padding = explicit if explicit else "valid"
        args.choice("padding_mode", ("zeros", "reflect", "replicate", "circular"), "zeros")
        layer = cls(
            filters,
            args.sizes("kernel_size", rank),
            strides=_opt(args.sizes("stride", rank, 1)),
            padding=padding,
            dilation=_opt(args.sizes("dilation", rank, 1)),
            groups=groups,
            use_bias=args.flag("bias", True),
        )
        return [piece(args, layer, channels, "channels", (rank + 1,))]

    return build


def _conv_transpose(args: Args) -> list[Piece]:
    channels = args.size("in_channels")
    args.only("groups", 1, why="grouped transposed convolutions are not in the catalogue")
    if _opt(args.sizes("dilation", 2, 1)) is not None:
        raise args.error("dilation is not supported on this layer", "dilation")
    args.choice("padding_mode", ("zeros",), "zeros")
    kernel = args.sizes("kernel_size", 2)
    strides = args.sizes("stride", 2, 1)
    wanted = (_padding_values(args, "padding", 2), _padding_values(args, "output_padding", 2))
    for padding in ("valid", "same"):
        layer = Conv2DTranspose(
            args.size("out_channels"), (kernel[0], kernel[1]), (strides[0], strides[1]),
            padding, use_bias=args.flag("bias", True),
        )
        if layer.torch_padding() == wanted:
            return [piece(args, layer, channels, "channels", (3,))]
    raise args.error(
        f"padding={wanted[0]}, output_padding={wanted[1]} gives an output size quizzer does "
        "not model (it reads the sizes Keras's 'valid' and 'same' give)"
    )


def _batchnorm(ranks: tuple[int, ...]) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        args.only("affine", True, why="weight and bias are always counted")
        args.only("track_running_stats", True, why="running statistics are always kept")
        args.only("bias", True, why="the bias is always counted")
        channels = args.size("num_features")
        return [piece(args, BatchNormalization(), channels, "channels", ranks)]

    return build


def _layernorm(args: Args) -> list[Piece]:
    args.only("elementwise_affine", True, why="weight and bias are always counted")
    args.only("bias", True, why="the bias is always counted")
    value = args.required("normalized_shape")
    if isinstance(value, tuple):
        if len(value) != 1:
            raise args.error("normalizing over several axes is not supported",
                             "normalized_shape")
        value = value[0]
    size = args.positive("normalized_shape", value)
    return [piece(args, LayerNormalization(), size)]


def _embedding(args: Args) -> list[Piece]:
    args.only("_weight", None, why="initial weights are not read")
    return [piece(args, Embedding(args.size("num_embeddings"), args.size("embedding_dim")))]


def _recurrent(cls: type[Recurrent]) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        if cls is SimpleRNN:
            args.choice("nonlinearity", ("tanh", "relu"), "tanh")
        if cls is LSTM:
            args.only("proj_size", 0, why="LSTM projections are not in the catalogue")
        args.flag("batch_first", False)
        features = args.size("input_size")
        units = args.size("hidden_size")
        use_bias = args.flag("bias", True)
        both = args.flag("bidirectional", False)
        depth = args.size("num_layers", 1)
        if depth > 100:
            raise args.error(f"num_layers={depth} is too many", "num_layers")
        pieces = []
        for number in range(depth):
            layer: Layer = cls(units, return_sequences=True, use_bias=use_bias)
            if both:
                assert isinstance(layer, Recurrent)
                layer = Bidirectional(layer)
            size = features if number == 0 else units * (2 if both else 1)
            pieces.append(piece(args, layer, size, ranks=(2,)))
        return pieces

    return build


def _attention(args: Args) -> list[Piece]:
    width = args.size("embed_dim")
    heads = args.size("num_heads")
    if width % heads:
        raise args.error(f"embed_dim ({width}) must be divisible by num_heads ({heads})",
                         "num_heads")
    args.only("add_bias_kv", False, why="extra key/value biases are not in the catalogue")
    for name in ("kdim", "vdim"):
        args.only(name, None, width, why="self-attention uses embed_dim for keys and values")
    args.flag("batch_first", False)
    layer = MultiHeadAttention(heads, width // heads, use_bias=args.flag("bias", True))
    return [piece(args, layer, width, ranks=(2,))]


def _pool(cls: type[Pooling], rank: int, mode: str) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        size = args.sizes("kernel_size", rank)
        strides = None if args.value("stride") is None else args.sizes("stride", rank)
        if _padding_values(args, "padding", rank):
            raise args.error("padding is not supported on pooling layers", "padding")
        args.only("ceil_mode", False, why="output sizes are rounded down")
        if mode == "Max":
            if _opt(args.sizes("dilation", rank, 1)) is not None:
                raise args.error("dilation is not supported on pooling layers", "dilation")
            args.only("return_indices", False, why="the model returns one tensor")
        layer = cls(size, strides=None if strides == size else strides)
        return [piece(args, layer, ranks=(rank + 1,))]

    return build


def _adaptive(cls: type[GlobalPooling], rank: int) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        value = args.required("output_size")
        if not any(value == ones for ones in (1, (1,) * rank)) or isinstance(value, bool):
            raise args.error(
                f"only output_size=1 (global pooling) is supported, got {show(value)}",
                "output_size",
            )
        args.only("return_indices", False, why="the model returns one tensor")
        return [piece(args, cls(), ranks=(rank + 1,), role="adaptive")]

    return build


def _flatten(args: Args) -> list[Piece]:
    args.only("start_dim", 1, why="the batch axis is kept")
    args.only("end_dim", -1, why="everything after the batch axis is flattened")
    return [piece(args, Flatten(), role="flatten")]


def _unflatten(args: Args) -> list[Piece]:
    args.only("dim", 1, -1, why="the flat axis after the batch axis is unflattened")
    value = args.required("unflattened_size")
    if not isinstance(value, tuple) or not value or not all(
        isinstance(d, int) and not isinstance(d, bool) and (d > 0 or d == -1) for d in value
    ) or sum(1 for d in value if d == -1) > 1:
        raise args.error(
            f"unflattened_size must be a tuple of positive sizes (one may be -1), got "
            f"{show(value)}", "unflattened_size"
        )
    target = tuple(d for d in value if isinstance(d, int))
    return [piece(args, Reshape(target), role="unflatten")]


def _dropout(args: Args) -> list[Piece]:
    return [piece(args, Dropout(args.rate("p", 0.5)))]


def _activation(function: str) -> Callable[[Args], list[Piece]]:
    def build(args: Args) -> list[Piece]:
        return [piece(args, Activation(function))]

    return build


def _sig(positional: tuple[str, ...], ignored: frozenset[str] = frozenset(),
         keywords: tuple[str, ...] = ()) -> Signature:
    return Signature(positional, keywords, ignored | DEVICE)


def _module_types() -> dict[str, TorchModuleType]:
    rnn_common = ("batch_first", "dropout", "bidirectional")
    types: dict[str, TorchModuleType] = {
        "Linear": TorchModuleType(
            _sig(("in_features", "out_features", "bias", "device", "dtype")), _linear
        ),
        "ConvTranspose2d": TorchModuleType(
            _sig(("in_channels", "out_channels", "kernel_size", "stride", "padding",
                  "output_padding", "groups", "bias", "dilation", "padding_mode", "device",
                  "dtype")),
            _conv_transpose,
        ),
        "LayerNorm": TorchModuleType(
            _sig(("normalized_shape", "eps", "elementwise_affine", "bias", "device", "dtype"),
                 frozenset({"eps"})),
            _layernorm,
        ),
        "Embedding": TorchModuleType(
            _sig(("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type",
                  "scale_grad_by_freq", "sparse", "_weight", "_freeze", "device", "dtype"),
                 frozenset({"padding_idx", "max_norm", "norm_type", "scale_grad_by_freq",
                            "sparse", "_freeze"})),
            _embedding,
        ),
        "RNN": TorchModuleType(
            _sig(("input_size", "hidden_size", "num_layers", "nonlinearity", "bias",
                  *rnn_common), frozenset({"dropout"})),
            _recurrent(SimpleRNN),
        ),
        "LSTM": TorchModuleType(
            _sig(("input_size", "hidden_size", "num_layers", "bias", *rnn_common, "proj_size"),
                 frozenset({"dropout"})),
            _recurrent(LSTM),
        ),
        "GRU": TorchModuleType(
            _sig(("input_size", "hidden_size", "num_layers", "bias", *rnn_common),
                 frozenset({"dropout"})),
            _recurrent(GRU),
        ),
        "MultiheadAttention": TorchModuleType(
            _sig(("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn",
                  "kdim", "vdim", "batch_first", "device", "dtype"),
                 frozenset({"dropout", "add_zero_attn"})),
            _attention,
        ),
        "Flatten": TorchModuleType(_sig(("start_dim", "end_dim")), _flatten),
        "Unflatten": TorchModuleType(_sig(("dim", "unflattened_size")), _unflatten),
    }
    for name in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                 "FeatureAlphaDropout"):
        types[name] = TorchModuleType(_sig(("p", "inplace"), frozenset({"inplace"})), _dropout)
    for name, function in ACTIVATION_MODULES.items():
        options = _ACTIVATION_OPTIONS.get(name, ())
        types[name] = TorchModuleType(_sig(options, frozenset(options)), _activation(function))
    conv_classes: dict[int, type[Conv]] = {1: Conv1D, 2: Conv2D, 3: Conv3D}
    for rank, conv in conv_classes.items():
        types[f"Conv{rank}d"] = TorchModuleType(
            _sig(("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
                  "groups", "bias", "padding_mode", "device", "dtype")),
            _conv(conv, rank),
        )
        types[f"BatchNorm{rank}d"] = TorchModuleType(
            _sig(("num_features", "eps", "momentum", "affine", "track_running_stats", "device",
                  "dtype"), frozenset({"eps", "momentum"}), ("bias",)),
            _batchnorm((1, 2) if rank == 1 else (rank + 1,)),
        )
        max_pool = LAYER_TYPES[f"MaxPooling{rank}D"]
        avg_pool = LAYER_TYPES[f"AveragePooling{rank}D"]
        assert issubclass(max_pool, Pooling) and issubclass(avg_pool, Pooling)
        types[f"MaxPool{rank}d"] = TorchModuleType(
            _sig(("kernel_size", "stride", "padding", "dilation", "return_indices",
                  "ceil_mode")),
            _pool(max_pool, rank, "Max"),
        )
        types[f"AvgPool{rank}d"] = TorchModuleType(
            _sig(("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                  "divisor_override"), frozenset({"count_include_pad", "divisor_override"})),
            _pool(avg_pool, rank, "Avg"),
        )
        for mode, keras_mode in (("Avg", "Average"), ("Max", "Max")):
            glob = LAYER_TYPES[f"Global{keras_mode}Pooling{rank}D"]
            assert issubclass(glob, GlobalPooling)
            types[f"Adaptive{mode}Pool{rank}d"] = TorchModuleType(
                _sig(("output_size", "return_indices")), _adaptive(glob, rank)
            )
    return types


TORCH_MODULES = _module_types()
"""Every `nn` module quizzer reads, by class name."""
