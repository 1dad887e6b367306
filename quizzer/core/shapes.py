"""Shape arithmetic shared by convolution and pooling layers."""

from __future__ import annotations

from quizzer.core.errors import ShapeError
from quizzer.core.model import Dim, Shape

Padding = str | int
"""`"valid"`, `"same"`, or an explicit symmetric zero padding (PyTorch style)."""


def conv_length(n: Dim, kernel: int, stride: int, padding: Padding, dilation: int) -> Dim:
    """Output length of a convolution or pooling window along one axis (None stays None)."""
    if n is None:
        return None
    span = dilation * (kernel - 1) + 1
    if padding == "same":
        return -(-n // stride)
    pad = 0 if padding == "valid" else int(padding)
    return (n + 2 * pad - span) // stride + 1


def transpose_length(n: Dim, kernel: int, stride: int, padding: Padding) -> Dim:
    """Output length of a transposed convolution along one axis, as Keras computes it."""
    if n is None:
        return None
    if padding == "same":
        return n * stride
    return n * stride + max(kernel - stride, 0)


def spatial_output(
    layer_name: str,
    spatial: Shape,
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    padding: Padding,
    dilation: tuple[int, ...],
) -> Shape:
    """Spatial output of a sliding window; a window that does not fit is a ShapeError."""
    out: list[Dim] = []
    for n, k, s, d in zip(spatial, kernel, strides, dilation, strict=True):
        length = conv_length(n, k, s, padding, d)
        if length is not None and length < 1:
            window = "×".join(str(x) for x in kernel)
            size = "×".join("?" if x is None else str(x) for x in spatial)
            raise ShapeError(f"{layer_name}: a {window} window does not fit a {size} input")
        out.append(length)
    return tuple(out)


def known(dim: Dim, layer_name: str, what: str) -> int:
    """The dimension as an int, or a ShapeError saying the layer needs it known."""
    if dim is None:
        raise ShapeError(f"{layer_name}: the {what} must be known to count its parameters")
    return dim


def expect_rank(shape: Shape, ranks: tuple[int, ...], layer_name: str, what: str) -> None:
    """Raise a ShapeError unless the (batchless) shape has one of the given ranks."""
    if len(shape) not in ranks:
        want = " or ".join(str(r + 1) for r in ranks)
        raise ShapeError(
            f"{layer_name}: expects a {want}-D input ({what}), got {len(shape) + 1}-D"
        )
