"""Runnable PyTorch code: `nn.Sequential`, or an `nn.Module` class where Sequential cannot.

PyTorch convolutions want channels first (N, C, H, W) while quizzer's shapes are channels
last, as in Keras. The plan below tracks the layout through the model; where a layer needs the
other layout, the class form moves the channel axis in `forward`.

Layers are told apart by `kind` where no attribute is read, so rendering a Dense or Conv2D
model imports no recurrent or attention code.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.core import layers
from quizzer.core.counting import analyze, layer_names
from quizzer.core.layers.base import Layer, Layout
from quizzer.core.model import Model, Shape

HEADER = "import torch\nfrom torch import nn\n"
LAYOUT_FREE = frozenset({"Dropout", "Activation"})
"""Layers that work in either layout."""
CLASS_ONLY = frozenset({"SimpleRNN", "LSTM", "GRU", "Bidirectional", "MultiHeadAttention"})
"""Layers `nn.Sequential` cannot call: recurrent outputs to unpack, attention's three inputs."""


@dataclass(frozen=True)
class TorchStep:
    """One layer as PyTorch modules, with the layout around it."""

    name: str
    layer: Layer
    modules: tuple[str, ...]
    move_in: str | None
    """`x.movedim(...)` to apply before the modules, when the layout changes."""
    layout: Layout
    """The layout of this step's output ("channels_last" also covers rank-1 tensors)."""
    output_shape: Shape
    """The output shape as PyTorch holds it (batch axis excluded)."""


def to_layout(shape: Shape, layout: Layout) -> Shape:
    """A channels-last shape as PyTorch holds it in the given layout."""
    if layout == "channels_first" and len(shape) >= 2:
        return (shape[-1], *shape[:-1])
    return shape


def input_layout(model: Model) -> Layout:
    """The layout the first layer that cares wants (Dropout and Activation do not care)."""
    if len(model.input_shape) < 2:
        return "channels_last"
    for layer in model.layers:
        if layer.torch_layout != "any":
            return layer.torch_layout
        if layer.kind not in LAYOUT_FREE:
            break
    return "channels_last"


def torch_input_shape(model: Model) -> Shape:
    """The dummy input's shape (batch excluded) for the rendered PyTorch model."""
    return to_layout(model.input_shape, input_layout(model))


def torch_plan(model: Model) -> tuple[TorchStep, ...]:
    """The model as PyTorch steps; raises UnsupportedError/ShapeError like `analyze`."""
    report = analyze(model, "pytorch")
    layout = input_layout(model)
    steps = []
    for name, layer_report in zip(layer_names(model.layers), report.layers, strict=True):
        layer, shape = layer_report.layer, layer_report.input_shape
        move_in = None
        want = layer.torch_layout
        if len(shape) >= 2 and want != "any" and want != layout:
            move_in = "x.movedim(-1, 1)" if want == "channels_first" else "x.movedim(1, -1)"
            layout = want
        out = layer_report.output_shape
        modules = layer.torch_modules(shape, layout)
        if len(out) < 2:
            layout = "channels_last"
        steps.append(TorchStep(name, layer, modules, move_in, layout, to_layout(out, layout)))
    return tuple(steps)


def needs_class(steps: tuple[TorchStep, ...]) -> bool:
    """Sequential cannot unpack recurrent outputs, call attention, or move axes."""
    return any(s.layer.kind in CLASS_ONLY or s.move_in for s in steps)


def render_pytorch(model: Model, var: str = "model", header: bool = True) -> str:
    """PyTorch code defining `var`; raises UnsupportedError for what PyTorch cannot express."""
    steps = torch_plan(model)
    head = HEADER + "\n" if header else ""
    shape = ", ".join("?" if d is None else str(d) for d in torch_input_shape(model))
    dtype = " (token ids, torch.long)" if model.takes_token_ids else ""
    comment = f"# input: (batch, {shape}){dtype}\n"
    if needs_class(steps):
        return head + "\n" + _module_class(steps, var) + comment + f"{var} = {_class(var)}()\n"
    modules = [m for step in steps for m in step.modules]
    body = "".join(f"    {m},\n" for m in modules)
    return head + comment + f"{var} = nn.Sequential(\n{body})\n"


def _class(var: str) -> str:
    return "".join(part.capitalize() for part in var.split("_"))


def _module_class(steps: tuple[TorchStep, ...], var: str) -> str:
    init = []
    forward = []
    for step in steps:
        module = step.modules[0] if len(step.modules) == 1 else (
            "nn.Sequential(" + ", ".join(step.modules) + ")"
        )
        init.append(f"        self.{step.name} = {module}")
        if step.move_in:
            forward.append(f"        x = {step.move_in}")
        layer = step.layer
        if layer.kind == "MultiHeadAttention":
            forward.append(f"        x, _ = self.{step.name}(x, x, x)")
        elif layer.kind in CLASS_ONLY and isinstance(
            layer, layers.Recurrent | layers.Bidirectional
        ):
            forward.append(f"        x, _ = self.{step.name}(x)")
            if isinstance(layer, layers.Bidirectional) and not layer.return_sequences:
                # The backward direction ends at the first time step.
                units = layer.layer.units
                forward.append(
                    f"        x = torch.cat((x[:, -1, :{units}], x[:, 0, {units}:]), dim=-1)"
                )
            elif not layer.return_sequences:
                forward.append("        x = x[:, -1, :]")
        else:
            forward.append(f"        x = self.{step.name}(x)")
    return (
        f"class {_class(var)}(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        + "\n".join(init)
        + "\n\n    def forward(self, x):\n"
        + "\n".join(forward)
        + "\n        return x\n\n\n"
    )
