"""The worked solution of an output-shape question: the shape arithmetic layer by layer.

Layer classes are looked up on `quizzer.core.layers` when needed, Dense and convolutions
first, so a Dense or Conv2D model's steps import no other layer module.
"""

from __future__ import annotations

import math

from quizzer.core import layers
from quizzer.core.counting import LayerReport, ModelReport
from quizzer.core.model import Dim, Framework, Shape, format_shape
from quizzer.core.shapes import Padding


def axis_rule(n: Dim, kernel: int, stride: int, padding: Padding, dilation: int = 1) -> str:
    """One spatial axis of a sliding window, e.g. `⌊(32 − 3)/1⌋ + 1 = 30`."""
    if n is None:
        return "unknown (the input size is unknown)"
    span = dilation * (kernel - 1) + 1
    if padding == "same":
        return f"⌈{n}/{stride}⌉ = {-(-n // stride)} (padding='same')"
    if padding in ("valid", 0):
        window = f"{span}" if dilation == 1 else f"{dilation}×({kernel} − 1) + 1"
        return f"⌊({n} − {window})/{stride}⌋ + 1 = {(n - span) // stride + 1}"
    pad = int(padding)
    return f"⌊({n} + 2×{pad} − {span})/{stride}⌋ + 1 = {(n + 2 * pad - span) // stride + 1}"


def _window(report: LayerReport) -> str | None:
    layer, shape = report.layer, report.input_shape
    if isinstance(layer, layers.Conv):
        kernel, strides, padding = layer.kernel_size, layer.stride_tuple, layer.padding
        dilation = layer.dilation_tuple
    elif isinstance(layer, layers.DepthwiseConv2D | layers.SeparableConv2D):
        kernel, strides, padding, dilation = (
            layer.kernel_size, layer.strides, layer.padding, (1,) * len(layer.kernel_size))
    elif isinstance(layer, layers.Pooling):
        kernel, strides, padding = layer.pool_size, layer.stride_tuple, layer.padding
        dilation = (1,) * len(kernel)
    else:
        return None
    rules = [axis_rule(n, k, s, padding, d)
             for n, k, s, d in zip(shape[:-1], kernel, strides, dilation, strict=True)]
    if len(set(rules)) == 1:
        return f"each spatial axis: {rules[0]}"
    return "; ".join(f"axis {i + 1}: {rule}" for i, rule in enumerate(rules))


def _reason(report: LayerReport) -> str | None:
    layer, shape, out = report.layer, report.input_shape, report.output_shape
    if isinstance(layer, layers.Dense):
        return _last_axis(shape, out)
    window = _window(report)
    if window is not None:
        if isinstance(layer, layers.Conv):
            return f"{window}; channels: the {out[-1]} filters"
        if isinstance(layer, layers.Pooling):
            return f"{window}; the {shape[-1]} channels stay"
        if isinstance(layer, layers.DepthwiseConv2D):
            return f"{window}; channels: {shape[-1]} × {layer.depth_multiplier} = {out[-1]}"
        return f"{window}; channels: the {out[-1]} filters"
    if isinstance(layer, layers.Conv2DTranspose):
        rules = []
        for n, k, s in zip(shape[:-1], layer.kernel_size, layer.strides, strict=True):
            if n is None:
                rules.append("unknown")
            elif layer.padding == "same":
                rules.append(f"{n}×{s} = {n * s}")
            else:
                rules.append(f"{n}×{s} + max({k} − {s}, 0) = {n * s + max(k - s, 0)}")
        return f"each spatial axis grows: {'; '.join(rules)}; channels: the {out[-1]} filters"
    if isinstance(layer, layers.Flatten):
        if any(d is None for d in shape):
            return "an unknown axis makes the flattened length unknown"
        return f"{' × '.join(str(d) for d in shape)} = {math.prod(d or 1 for d in shape)}"
    if isinstance(layer, layers.Reshape):
        return f"the same {math.prod(d or 1 for d in out)} values rearranged"
    if isinstance(layer, layers.GlobalPooling):
        return f"every position pooled away: one value for each of the {out[-1]} channels"
    if isinstance(layer, layers.Recurrent | layers.Bidirectional):
        width = out[-1]
        wide = " (2 directions × units)" if isinstance(layer, layers.Bidirectional) else ""
        if layer.return_sequences:
            return f"return_sequences=True keeps all {shape[0]} steps, each {width} wide{wide}"
        return f"only the last step's {width} values{wide} (return_sequences=False)"
    if isinstance(layer, layers.Embedding):
        return f"each token id becomes a vector of {layer.output_dim}"
    return _last_axis(shape, out)


def _last_axis(shape: Shape, out: Shape) -> str | None:
    if out != shape and len(out) == len(shape) and out[:-1] == shape[:-1]:
        return f"only the last axis changes: {shape[-1]} → {out[-1]}"
    return None


def shape_lines(report: ModelReport, upto: int) -> list[str]:
    """Each layer from the first to `upto` (0-based): input → output, and why."""
    lines = [f"Input: {format_shape(report.model.input_shape)}"]
    for layer_report in report.layers[: upto + 1]:
        head = (f"{layer_report.index + 1}. {layer_report.name} ({layer_report.layer.kind}): "
                f"{format_shape(layer_report.input_shape)} → "
                f"{format_shape(layer_report.output_shape)}")
        lines.append(head)
        reason = _reason(layer_report)
        if reason:
            lines.append(f"   {reason}")
    return lines


def torch_note(keras_shape: Shape, torch_shape: Shape, framework: Framework) -> list[str]:
    """PyTorch holds images channels first: say so when the layouts differ."""
    if framework != "pytorch" or keras_shape == torch_shape:
        return []
    return [
        f"PyTorch holds this tensor channels first: {format_shape(torch_shape)} "
        f"(Keras would print {format_shape(keras_shape)})."
    ]
