"""Runnable Keras 3 code: `keras.Sequential`, or a functional model where attention needs it.

Layers are told apart by `kind`, so rendering a Dense model imports no attention code.
"""

from __future__ import annotations

from quizzer.core.counting import analyze
from quizzer.core.model import Model, Shape

HEADER = "import keras\nfrom keras import layers\n"


def keras_input(shape: Shape, token_ids: bool) -> str:
    dims = ", ".join("None" if d is None else str(d) for d in shape)
    dims = f"({dims},)" if len(shape) == 1 else f"({dims})"
    dtype = ', dtype="int32"' if token_ids else ""
    return f"keras.Input(shape={dims}{dtype})"


def render_keras(model: Model, var: str = "model", header: bool = True) -> str:
    """Keras code defining `var`; raises UnsupportedError for what Keras cannot express."""
    analyze(model, "keras")
    head = HEADER + "\n" if header else ""
    inputs = keras_input(model.input_shape, model.takes_token_ids)
    if any(layer.kind == "MultiHeadAttention" for layer in model.layers):
        return head + _functional(model, var, inputs)
    lines = [f"{var} = keras.Sequential([", f"    {inputs},"]
    lines += [f"    {layer.keras_code()}," for layer in model.layers]
    lines.append("])")
    return head + "\n".join(lines) + "\n"


def _functional(model: Model, var: str, inputs: str) -> str:
    prefix = "" if var == "model" else f"{var}_"
    lines = [f"{prefix}inputs = {inputs}"]
    source = f"{prefix}inputs"
    for layer in model.layers:
        args = f"{source}, {source}" if layer.kind == "MultiHeadAttention" else source
        lines.append(f"{prefix}x = {layer.keras_code()}({args})")
        source = f"{prefix}x"
    lines.append(f"{var} = keras.Model({prefix}inputs, {prefix}x)")
    return "\n".join(lines) + "\n"
