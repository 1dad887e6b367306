"""Skill tags: the named ideas a question exercises, each with a one-line description.

Tags are derived from the analysed model (`layer_skills`, `model_skills`) and, for shapes,
from the layer asked about (`shape_skills`). Progress tracking and drills group answers by tag.
Layer classes are looked up on `quizzer.core.layers` as they are needed, Dense and
convolutions first, so tagging a small Dense model does not import the other layer modules.
"""

from __future__ import annotations

from quizzer.core import layers
from quizzer.core.counting import LayerReport, ModelReport
from quizzer.core.model import Framework

SKILLS: dict[str, str] = {
    "dense.weights": "A Dense/Linear layer has i×o weights: every input meets every unit.",
    "dense.bias": "A Dense/Linear layer has one bias per output unit (o), not per weight.",
    "dense.no_bias": "use_bias=False / bias=False leaves only the i×o weights.",
    "dense.last_axis": "Dense on an N-D input acts on the last axis only; nothing is flattened.",
    "conv2d.kernel": "A Conv2D kernel has f×f weights per input channel and filter.",
    "conv2d.input_channels": "Each filter spans every input channel: i × (f×f) × o weights.",
    "conv.bias": "A convolution has one bias per filter (o).",
    "conv.no_bias": "A bias-free convolution (often before BatchNorm) has only its kernel.",
    "conv.groups": "With groups g each filter sees i/g channels: (i/g) × (f×f) × o weights.",
    "conv1d.kernel": "A Conv1D kernel spans f steps of all input channels: i × f × o + o.",
    "conv3d.kernel": "A Conv3D kernel is f×f×f per input channel and filter.",
    "conv_transpose.weights": "Conv2DTranspose has the same i × (f×f) × o + o as a Conv2D.",
    "depthwise.no_cross_channel": "DepthwiseConv2D filters each channel alone: i × (f×f) × dm.",
    "depthwise.multiplier": "The depth multiplier dm gives each channel dm filters.",
    "separable.single_bias": "SeparableConv2D = depthwise + 1×1 pointwise; only one bias (o).",
    "bn.keras_non_trainable": "Keras BatchNorm: 2C trainable + 2C non-trainable (moving stats).",
    "bn.pytorch_buffers": "PyTorch BatchNorm: 2C parameters; running stats are buffers.",
    "layernorm.affine": "LayerNormalization has a scale and a shift per feature: 2×d.",
    "embedding.table": "An Embedding is a V×D table; no bias, sequence length irrelevant.",
    "rnn.simple": "SimpleRNN: u×(i+u) + u (input kernel, recurrent kernel, bias).",
    "lstm.gates": "LSTM has 4 gates: 4 × [u×(i+u) + u] in Keras.",
    "gru.gates": "GRU has 3 gates: 3 × [u×(i+u) + biases].",
    "gru.reset_after": "Keras GRU's reset_after=True (default) keeps two biases per gate.",
    "pytorch.rnn_double_bias": "PyTorch recurrent layers keep two biases per gate (ih and hh).",
    "rnn.bidirectional": "Bidirectional doubles the wrapped layer's parameters.",
    "attention.heads": "Attention: Keras key_dim is per head; PyTorch splits E across heads.",
    "pooling.no_params": "Pooling layers (max, average, global) have no parameters.",
    "flatten.no_params": "Flatten and Reshape have no parameters; they only move values.",
    "activation.no_params": "Dropout and activation layers have no parameters.",
    "shape.conv_output": "Conv output length: (n − f) / s + 1 with valid padding.",
    "shape.same_padding": "padding='same' keeps n / s (rounded up) positions.",
    "shape.pool_output": "Pooling divides the spatial size by the pool size (stride).",
    "shape.flatten": "Flatten multiplies all axes after the batch axis together.",
    "shape.last_axis": "Dense changes only the last axis of its input.",
    "shape.return_sequences": "return_sequences=True keeps the time axis; False keeps the last.",
    "shape.channels_first": "PyTorch holds images as (C, H, W), channels first.",
    "shape.global_pool": "Global pooling leaves one value per channel.",
    "shape.embedding": "An Embedding adds a D-wide axis to the token ids' shape.",
    "params.trainable_split": "Trainable versus non-trainable parameters (frozen statistics).",
    "algebra.solve_unknown": "Write the count as a formula in the unknown and solve for it.",
    "compare.difference": "Compare two models' totals and subtract.",
}
"""Every tag with its one-line description."""


def layer_skills(report: LayerReport, framework: Framework) -> tuple[str, ...]:
    """The tags a layer's parameter count exercises under the framework."""
    layer = report.layer
    if isinstance(layer, layers.Dense):
        tags = ["dense.weights", "dense.bias" if layer.use_bias else "dense.no_bias"]
        if len(report.input_shape) > 1:
            tags.append("dense.last_axis")
        return tuple(tags)
    if isinstance(layer, layers.Conv):
        kernels = {"Conv1D": "conv1d.kernel", "Conv3D": "conv3d.kernel"}
        tags = [kernels.get(layer.kind, "conv2d.kernel"), "conv2d.input_channels"]
        tags.append("conv.bias" if layer.use_bias else "conv.no_bias")
        return (*tags, "conv.groups") if layer.groups > 1 else tuple(tags)
    if isinstance(layer, layers.BatchNormalization):
        return ("bn.keras_non_trainable" if framework == "keras" else "bn.pytorch_buffers",)
    if isinstance(layer, layers.Bidirectional):
        return ("rnn.bidirectional", *_recurrent_skills(layer.layer, framework))
    if isinstance(layer, layers.Recurrent):
        return tuple(_recurrent_skills(layer, framework))
    if isinstance(layer, layers.Conv2DTranspose):
        bias = "conv.bias" if layer.use_bias else "conv.no_bias"
        return ("conv_transpose.weights", "conv2d.kernel", bias)
    if isinstance(layer, layers.DepthwiseConv2D | layers.SeparableConv2D):
        tags = ["depthwise.no_cross_channel"]
        if isinstance(layer, layers.SeparableConv2D):
            tags.insert(0, "separable.single_bias")
        return (*tags, "depthwise.multiplier") if layer.depth_multiplier > 1 else tuple(tags)
    simple: list[tuple[type | tuple[type, ...], str]] = [
        (layers.LayerNormalization, "layernorm.affine"),
        (layers.Embedding, "embedding.table"),
        (layers.MultiHeadAttention, "attention.heads"),
        ((layers.Pooling, layers.GlobalPooling), "pooling.no_params"),
        ((layers.Flatten, layers.Reshape), "flatten.no_params"),
        ((layers.Activation, layers.Dropout), "activation.no_params"),
    ]
    return tuple(tag for kinds, tag in simple if isinstance(layer, kinds))


def _recurrent_skills(layer: layers.Recurrent, framework: Framework) -> list[str]:
    tags = {"LSTM": ["lstm.gates"], "GRU": ["gru.gates"]}.get(layer.kind, ["rnn.simple"])
    if framework == "pytorch" and layer.use_bias:
        tags.append("pytorch.rnn_double_bias")
    elif isinstance(layer, layers.GRU) and layer.use_bias:
        tags.append("gru.reset_after")
    return tags


def model_skills(report: ModelReport, indexes: tuple[int, ...] | None = None) -> tuple[str, ...]:
    """The tags of the chosen layers (all by default), in first-seen order, no repeats."""
    chosen = report.layers if indexes is None else tuple(report.layers[i] for i in indexes)
    tags: dict[str, None] = {}
    for layer_report in chosen:
        for tag in layer_skills(layer_report, report.framework):
            tags[tag] = None
    return tuple(tags)


CONVOLUTIONS = frozenset(
    ("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose")
)
"""The sliding-window layers with weights, by kind."""


def shape_skills(report: LayerReport, framework: Framework) -> tuple[str, ...]:
    """The tags of an output-shape question about this layer."""
    layer = report.layer
    tags: list[str] = []
    if isinstance(layer, layers.Dense):
        tags.append("shape.last_axis")
    elif layer.kind in CONVOLUTIONS:
        tags.append("shape.conv_output")
        if getattr(layer, "padding", "valid") == "same":
            tags.append("shape.same_padding")
    elif isinstance(layer, layers.Pooling):
        tags.append("shape.pool_output")
        if layer.padding == "same":
            tags.append("shape.same_padding")
    elif isinstance(layer, layers.GlobalPooling):
        tags.append("shape.global_pool")
    elif isinstance(layer, layers.Flatten | layers.Reshape):
        tags.append("shape.flatten")
    elif isinstance(layer, layers.Recurrent | layers.Bidirectional):
        tags.append("shape.return_sequences")
    elif isinstance(layer, layers.Embedding):
        tags.append("shape.embedding")
    if framework == "pytorch" and len(report.output_shape) >= 2 and layer.torch_layout in (
        "channels_first",
    ):
        tags.append("shape.channels_first")
    return tuple(tags) or ("shape.last_axis",)
