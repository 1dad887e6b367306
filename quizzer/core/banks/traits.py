"""A bank model's generator family and an estimated difficulty (skills come from
`quizzer.core.skills`)."""

from __future__ import annotations

from quizzer.core.model import Model

CONV_KINDS = ("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv2D", "SeparableConv2D",
              "Conv2DTranspose")


def model_family(model: Model) -> str:
    """The generator family closest to the model: mlp, cnn, rnn, norm, attention or mixed."""
    kinds = {layer.kind for layer in model.layers}
    groups = set()
    for kind in kinds:
        if kind in CONV_KINDS or "Pooling" in kind:
            groups.add("cnn")
        elif kind in ("SimpleRNN", "LSTM", "GRU", "Bidirectional", "Embedding"):
            groups.add("rnn")
        elif kind in ("BatchNormalization", "LayerNormalization"):
            groups.add("norm")
        elif kind == "MultiHeadAttention":
            groups.add("attention")
    if "attention" in groups:
        return "attention"
    if not groups:
        return "mlp"
    return groups.pop() if len(groups) == 1 else "mixed"


def estimate_difficulty(model: Model) -> int:
    """1 for the seed's examples, up to 5 for deep mixed models."""
    counted = sum(1 for layer in model.layers
                  if layer.kind not in ("Flatten", "Reshape", "Dropout", "Activation")
                  and "Pooling" not in layer.kind)
    for level, most in enumerate((2, 4, 7, 11), start=1):
        if counted <= most:
            return level
    return 5
